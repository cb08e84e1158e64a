"""CORS (docs/api.md section 1): preflights before authentication, headers on every answer to an
allowed origin (errors included), nothing for other origins, nothing when unconfigured."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from typing import Any

import httpx
import pytest
from litestar import Litestar, get
from litestar.testing import AsyncTestClient

from infrastructure.settings import Settings
from tests.api.conftest import JwksStub
from tests.api.helpers import TASKS, Auth, Client, assert_problem

ORIGIN = "http://localhost:3000"
OTHER_ORIGIN = "http://evil.example"
CONTRACT_EXPOSED = ("ETag", "Location", "Link", "Retry-After", "X-Request-ID")
MISSING_TASK = f"{TASKS}/00000000-0000-0000-0000-000000000000"


@get("/api/v1/test/boom", sync_to_thread=False)
def boom() -> None:
    raise RuntimeError("a bug")


@pytest.fixture
def cors_settings(api_settings: Settings) -> Settings:
    return replace(api_settings, cors_origins=(ORIGIN, "http://127.0.0.1:3000"))


@pytest.fixture
async def cors_client(
    app_factory: Callable[..., Litestar], cors_settings: Settings
) -> AsyncIterator[Client]:
    app = app_factory(cors_settings, extra_route_handlers=[boom])
    async with AsyncTestClient(app) as test_client:
        yield test_client


def cors_headers(response: httpx.Response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k.lower().startswith("access-control-")}


def listed(value: str) -> set[str]:
    return {item.strip().lower() for item in value.split(",") if item.strip()}


def assert_readable_by(response: httpx.Response, origin: str) -> None:
    """The answer carries what a page on ``origin`` needs to read it and its headers."""
    assert response.headers["Access-Control-Allow-Origin"] == origin
    assert "origin" in listed(response.headers["Vary"])
    exposed = listed(response.headers["Access-Control-Expose-Headers"])
    assert {name.lower() for name in CONTRACT_EXPOSED} <= exposed


def preflight(method: str, headers: str, origin: str = ORIGIN) -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": headers,
    }


async def test_a_preflight_from_an_allowed_origin_is_204_without_a_token(
    cors_client: Client,
) -> None:
    response = await cors_client.options(
        f"{TASKS}/abc/complete", headers=preflight("PATCH", "authorization,if-match")
    )

    assert response.status_code == 204, response.text
    assert response.content == b""
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert listed(response.headers["Access-Control-Allow-Methods"]) >= {
        "get",
        "post",
        "put",
        "patch",
        "delete",
    }
    assert listed(response.headers["Access-Control-Allow-Headers"]) == {
        "authorization",
        "content-type",
        "idempotency-key",
        "if-match",
        "tasklog-min-position",
        "x-request-id",
    }
    assert int(response.headers["Access-Control-Max-Age"]) > 0
    assert "origin" in listed(response.headers["Vary"])
    assert "WWW-Authenticate" not in response.headers
    assert response.headers["X-Request-ID"]


async def test_a_preflight_from_another_origin_gets_no_cors_headers(cors_client: Client) -> None:
    response = await cors_client.options(
        TASKS, headers=preflight("POST", "authorization", origin=OTHER_ORIGIN)
    )

    assert response.status_code != 204
    assert cors_headers(response) == {}


async def test_an_origin_differing_only_in_port_is_another_origin(cors_client: Client) -> None:
    response = await cors_client.get(MISSING_TASK, headers={"Origin": "http://localhost:3001"})

    assert_problem(response, 401)
    assert cors_headers(response) == {}


async def test_another_origin_gets_no_cors_headers_on_a_success(
    cors_client: Client, auth: Auth, user: str
) -> None:
    response = await cors_client.post(
        TASKS, json={"title": "Elsewhere"}, headers=auth(user) | {"Origin": OTHER_ORIGIN}
    )

    assert response.status_code == 201
    assert cors_headers(response) == {}
    assert "origin" in listed(response.headers["Vary"])


async def test_an_allowed_origins_401_carries_the_cors_headers(cors_client: Client) -> None:
    response = await cors_client.get(MISSING_TASK, headers={"Origin": ORIGIN})

    assert_problem(response, 401)
    assert_readable_by(response, ORIGIN)
    assert "www-authenticate" in listed(response.headers["Access-Control-Expose-Headers"])


async def test_a_command_answer_exposes_etag_location_and_position(
    cors_client: Client, auth: Auth, user: str
) -> None:
    response = await cors_client.post(
        TASKS, json={"title": "From the browser"}, headers=auth(user) | {"Origin": ORIGIN}
    )

    assert response.status_code == 201, response.text
    assert_readable_by(response, ORIGIN)
    exposed = listed(response.headers["Access-Control-Expose-Headers"])
    for name in ("ETag", "Location", "Tasklog-Position", "X-Request-ID"):
        assert name in response.headers
        assert name.lower() in exposed


async def test_an_unknown_path_404_carries_the_cors_headers(
    cors_client: Client, auth: Auth, user: str
) -> None:
    response = await cors_client.get("/no/such/path", headers=auth(user) | {"Origin": ORIGIN})

    assert response.status_code == 404
    assert_readable_by(response, ORIGIN)


async def test_a_task_404_carries_the_cors_headers(
    cors_client: Client, auth: Auth, user: str
) -> None:
    response = await cors_client.get(MISSING_TASK, headers=auth(user) | {"Origin": ORIGIN})

    assert_problem(response, 404)
    assert_readable_by(response, ORIGIN)


async def test_a_413_carries_the_cors_headers(cors_client: Client, auth: Auth, user: str) -> None:
    body = b'{"title": "' + b"x" * (65 * 1024) + b'"}'
    response = await cors_client.post(
        TASKS,
        content=body,
        headers=auth(user) | {"Origin": ORIGIN, "Content-Type": "application/json"},
    )

    assert_problem(response, 413)
    assert_readable_by(response, ORIGIN)


async def test_a_400_carries_the_cors_headers(cors_client: Client, auth: Auth, user: str) -> None:
    response = await cors_client.post(
        TASKS, json={"title": ""}, headers=auth(user) | {"Origin": ORIGIN}
    )

    assert_problem(response, 400)
    assert_readable_by(response, ORIGIN)


async def test_a_500_carries_the_cors_headers(cors_client: Client, auth: Auth, user: str) -> None:
    response = await cors_client.get("/api/v1/test/boom", headers=auth(user) | {"Origin": ORIGIN})

    assert_problem(response, 500)
    assert_readable_by(response, ORIGIN)


async def test_a_503_carries_the_cors_headers_and_exposes_retry_after(
    cors_client: Client, jwks: JwksStub, auth: Auth, user: str
) -> None:
    jwks.failing = True

    response = await cors_client.get(MISSING_TASK, headers=auth(user) | {"Origin": ORIGIN})

    assert_problem(response, 503)
    assert_readable_by(response, ORIGIN)
    assert response.headers["Retry-After"]


async def test_a_429_carries_the_cors_headers(
    app_factory: Callable[..., Litestar], cors_settings: Settings, auth: Auth, user: str
) -> None:
    settings = replace(cors_settings, rate_limit="1/hour", redis_url=None)
    async with AsyncTestClient(app_factory(settings)) as client:
        answers = [
            await client.get(MISSING_TASK, headers=auth(user) | {"Origin": ORIGIN})
            for _ in range(2)
        ]

    assert_problem(answers[1], 429)
    assert_readable_by(answers[1], ORIGIN)


async def test_public_endpoints_carry_the_cors_headers(cors_client: Client) -> None:
    response = await cors_client.get("/health/live", headers={"Origin": ORIGIN})

    assert response.status_code == 200
    assert_readable_by(response, ORIGIN)


async def test_without_configured_origins_nothing_is_cors(client: Client, auth: Auth) -> None:
    answers: list[Any] = [
        await client.options(TASKS, headers=preflight("POST", "authorization")),
        await client.get(MISSING_TASK, headers={"Origin": ORIGIN}),
        await client.post(TASKS, json={"title": "t"}, headers=auth("someone") | {"Origin": ORIGIN}),
    ]

    assert answers[0].status_code == 401
    assert answers[1].status_code == 401
    assert answers[2].status_code == 201
    for response in answers:
        assert cors_headers(response) == {}
        assert "Vary" not in response.headers
