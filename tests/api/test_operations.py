"""Health, readiness, metrics, the OpenAPI document and errors outside the handlers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from litestar import Litestar
from litestar.testing import AsyncTestClient

from infrastructure.settings import Settings
from tests.api.helpers import TASKS, Auth, Client, assert_problem, create_task


async def test_live_answers_without_a_token(client: Client) -> None:
    response = await client.get("/health/live")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {}}


async def test_ready_checks_postgres_and_redis(client: Client) -> None:
    response = await client.get("/health/ready")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"postgres": "ok", "redis": "ok"}}


async def test_ready_is_503_naming_a_failed_dependency(
    app_factory: Callable[..., Litestar], api_settings: Settings
) -> None:
    broken = replace(api_settings, redis_url="redis://127.0.0.1:1/0")
    async with AsyncTestClient(app_factory(broken)) as client:
        response = await client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["checks"] == {"postgres": "ok", "redis": "failed"}
    assert response.headers["Retry-After"]


async def test_metrics_count_requests_by_route_and_status_and_writes(
    client: Client, auth: Auth, user: str
) -> None:
    await create_task(client, auth(user))
    await client.get(f"{TASKS}/00000000-0000-0000-0000-000000000000", headers=auth(user))

    response = await client.get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert (
        'tasklog_http_requests_total{method="POST",route="/api/v1/tasks",status="201"} 1.0' in text
    )
    assert 'route="/api/v1/tasks/{task_id}",status="404"' in text
    assert "tasklog_http_request_duration_seconds_bucket" in text
    assert 'tasklog_eventstore_writes_total{command="create"} 1.0' in text


async def test_the_openapi_document_is_3_1_and_lists_the_endpoints(client: Client) -> None:
    response = await client.get("/schema/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    paths = document["paths"]
    assert {"post"} <= set(paths["/api/v1/tasks"])
    assert {"get", "patch", "put", "delete"} <= set(paths["/api/v1/tasks/{task_id}"])
    assert {"post", "patch"} <= set(paths["/api/v1/tasks/{task_id}/complete"])
    assert "/api/v1/tasks/{task_id}/history" in paths
    assert {"/health/live", "/health/ready", "/metrics"} <= set(paths)
    title = document["components"]["schemas"]["NewTask"]["properties"]["title"]
    assert title["minLength"] == 1


async def test_the_interactive_ui_is_served_at_schema(client: Client) -> None:
    response = await client.get("/schema")

    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]


async def test_an_unknown_path_is_a_problem_404_with_a_request_id(client: Client) -> None:
    response = await client.get("/nowhere", headers={"X-Request-ID": "abc"})

    assert_problem(response, 404)
    assert response.headers["X-Request-ID"] == "abc"


async def test_an_unsupported_method_is_a_problem_405(
    client: Client, auth: Auth, user: str
) -> None:
    response = await client.request("TRACE", TASKS, headers=auth(user))

    assert response.status_code in {404, 405}
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_a_401_carries_the_request_id(client: Client) -> None:
    response = await client.post(TASKS, json={"title": "x"}, headers={"X-Request-ID": "r-1"})

    assert_problem(response, 401)
    assert response.headers["X-Request-ID"] == "r-1"
