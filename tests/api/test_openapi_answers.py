"""Every operation in the OpenAPI document lists the answers the middleware can give it:
the request-head limits (414, 431), the in-flight bound (503 with Retry-After), a body
too large (413) and, with a token, 401 and 429."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.middleware.limits import MAX_TARGET_BYTES
from tests.api.helpers import TASKS, Auth, Client, assert_problem

HTTP_METHODS = {"get", "put", "post", "delete", "patch"}
EXEMPT_FROM_OVERLOAD = ("/health/", "/metrics")


@pytest.fixture
async def full_client(
    app_factory: Callable[..., Litestar],
) -> AsyncIterator[Client]:
    """The app as ``tasklog serve`` builds it: every controller and middleware."""
    app = app_factory()
    async with AsyncTestClient(app) as test_client:
        yield test_client


@pytest.fixture
async def operations(full_client: Client) -> list[tuple[str, str, dict[str, Any]]]:
    response = await full_client.get("/schema/openapi.json")
    assert response.status_code == 200
    document = response.json()
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


async def test_every_operation_lists_the_request_head_limits(
    operations: list[tuple[str, str, dict[str, Any]]],
) -> None:
    missing = [
        (method, path)
        for method, path, operation in operations
        if not {"414", "431"} <= set(operation["responses"])
    ]
    assert operations
    assert not missing


async def test_every_operation_but_health_and_metrics_lists_the_overload_503(
    operations: list[tuple[str, str, dict[str, Any]]],
) -> None:
    for method, path, operation in operations:
        if path.startswith(EXEMPT_FROM_OVERLOAD):
            continue
        answer = operation["responses"].get("503")
        assert answer is not None, (method, path)
        assert "Retry-After" in answer.get("headers", {}), (method, path)
        assert "application/problem+json" in answer["content"], (method, path)


async def test_every_write_lists_413_and_every_secured_operation_401_and_429(
    operations: list[tuple[str, str, dict[str, Any]]],
) -> None:
    for method, path, operation in operations:
        statuses = set(operation["responses"])
        if method in {"post", "put", "patch", "delete"}:
            assert "413" in statuses, (method, path)
        if operation.get("security"):
            assert {"401", "429"} <= statuses, (method, path)
            assert "Retry-After" in operation["responses"]["429"]["headers"], (method, path)


async def test_a_request_target_over_the_limit_gets_the_documented_414(
    client: Client, auth: Auth, user: str
) -> None:
    answer = await client.get(f"{TASKS}?q={'x' * MAX_TARGET_BYTES}", headers=auth(user))

    assert_problem(answer, 414)
