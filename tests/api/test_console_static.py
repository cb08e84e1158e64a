"""``/console`` is served from the installed package without a token, locked to this origin."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.console import STATIC_DIR
from tests.api.helpers import Client

PAGES = ["index.html", "console.css", *(f"js/{p.name}" for p in (STATIC_DIR / "js").glob("*.js"))]


@pytest.fixture
async def client(app_factory: Callable[..., Litestar]) -> AsyncIterator[Client]:
    async with AsyncTestClient(app_factory()) as test_client:
        yield test_client


async def test_the_console_page_loads_without_a_token_and_may_call_only_this_origin(
    client: Client,
) -> None:
    response = await client.get("/console")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "connect-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert response.headers["referrer-policy"] == "no-referrer"
    assert '<script type="module" src="/console/js/main.js">' in response.text


@pytest.mark.parametrize("name", PAGES)
async def test_every_file_the_page_uses_is_served_with_its_type(client: Client, name: str) -> None:
    response = await client.get(f"/console/{name}")

    assert response.status_code == 200
    expected = {"html": "text/html", "css": "text/css", "js": "text/javascript"}
    assert response.headers["content-type"].startswith(expected[name.rpartition(".")[2]])


async def test_the_pages_name_no_other_host(client: Client) -> None:
    for name in PAGES:
        text = (await client.get(f"/console/{name}")).text
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in text
        assert "//cdn" not in text


async def test_the_api_behind_the_console_still_needs_a_token(client: Client) -> None:
    response = await client.get("/api/v1/tasks/00000000-0000-0000-0000-000000000000/history")

    assert response.status_code == 401
