"""The docs UI at /schema works offline, and only operations that need a token show a lock."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from infrastructure.settings import Settings
from tests.api.helpers import TASKS, Client

ABSOLUTE_URL = re.compile(r"(?:https?:)?//[A-Za-z0-9.-]+")
ASSET_REFERENCE = re.compile(r"""(?:src|href)=["']([^"']+)["']""")
CONTENT_TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}
PUBLIC = ("/health/live", "/health/ready", "/metrics")
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}


@pytest.fixture
async def full_client(
    app_factory: Callable[..., Litestar], api_settings: Settings
) -> AsyncIterator[Client]:
    """The app as ``tasklog serve`` builds it."""
    app = app_factory()
    async with AsyncTestClient(app) as test_client:
        yield test_client


def operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method.upper(), path): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    }


async def test_the_ui_page_names_no_external_host(client: Client) -> None:
    response = await client.get("/schema")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert ABSOLUTE_URL.findall(response.text) == []


async def test_the_ui_assets_are_served_by_the_api(client: Client) -> None:
    page = (await client.get("/schema")).text
    assets = ASSET_REFERENCE.findall(page)

    assert {asset.rsplit(".", 1)[-1] for asset in assets} >= {"js", "css", "png"}
    for asset in assets:
        assert asset.startswith("/schema/static/")
        response = await client.get(asset)
        assert response.status_code == 200, asset
        expected = CONTENT_TYPES["." + asset.rsplit(".", 1)[-1]]
        assert response.headers["content-type"].startswith(expected), asset
        assert len(response.content) > 0


async def test_the_ui_assets_need_no_token(client: Client) -> None:
    response = await client.get("/schema/static/swagger-ui-bundle.js")

    assert response.status_code == 200
    assert b"SwaggerUIBundle" in response.content


async def test_operations_that_need_a_token_declare_the_bearer_scheme(full_client: Client) -> None:
    document = (await full_client.get("/schema/openapi.json")).json()
    found = operations(document)

    assert "security" not in document
    assert document["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    secured = {key for key, operation in found.items() if operation.get("security")}
    assert {key for key in found if key[1].startswith("/api/v1/")} == secured
    for key in secured:
        assert found[key]["security"] == [{"BearerToken": []}], key
    assert ("POST", TASKS) in secured
    assert ("GET", "/api/v1/ops/projections") in secured


async def test_public_endpoints_declare_no_security(full_client: Client) -> None:
    document = (await full_client.get("/schema/openapi.json")).json()
    found = operations(document)

    for path in PUBLIC:
        assert found[("GET", path)].get("security", []) == [], path
        answer = await full_client.get(path)
        assert answer.status_code in {200, 503}, path
