"""The CORS layer on its own, around a small ASGI app: what passes through, what it adds."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.middleware.cors import ALLOWED_REQUEST_HEADERS, EXPOSED_HEADERS, CorsMiddleware

ORIGIN = "http://localhost:3000"
ROOT = Path(__file__).resolve().parents[2]
_TASKLOG_HEADER = re.compile(r"""["'](Tasklog-[A-Za-z-]+)["']""")


class Recorder:
    """An ASGI app answering 200 with the headers it is given; records what reached it."""

    def __init__(self, headers: list[tuple[bytes, bytes]] | None = None) -> None:
        self.headers = headers or []
        self.methods: list[str] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.methods.append(scope["method"])
        await send({"type": "http.response.start", "status": 200, "headers": self.headers})
        await send({"type": "http.response.body", "body": b"ok"})


async def call(app: Any, method: str, headers: dict[str, str]) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
        return await client.request(method, "/api/v1/tasks", headers=headers)


async def test_an_options_without_a_requested_method_is_no_preflight() -> None:
    inner = Recorder()

    response = await call(CorsMiddleware(inner, [ORIGIN]), "OPTIONS", {"Origin": ORIGIN})

    assert inner.methods == ["OPTIONS"]
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN


async def test_a_preflight_never_reaches_the_app() -> None:
    inner = Recorder()
    headers = {"Origin": ORIGIN, "Access-Control-Request-Method": "DELETE"}

    response = await call(CorsMiddleware(inner, [ORIGIN]), "OPTIONS", headers)

    assert inner.methods == []
    assert response.status_code == 204


@pytest.mark.parametrize(
    ("existing", "expected"),
    [
        ([(b"vary", b"Accept")], ["Accept", "Origin"]),
        ([(b"Vary", b"accept, origin")], ["accept, origin"]),
        ([(b"vary", b"*")], ["*"]),
        ([], ["Origin"]),
    ],
)
async def test_vary_is_added_to_never_replaced(
    existing: list[tuple[bytes, bytes]], expected: list[str]
) -> None:
    app = CorsMiddleware(Recorder(existing), [ORIGIN])

    for origin in (ORIGIN, "http://other.example"):
        response = await call(app, "GET", {"Origin": origin})

        assert response.headers.get_list("Vary") == expected


async def test_a_request_without_origin_gets_no_cors_headers() -> None:
    response = await call(CorsMiddleware(Recorder(), [ORIGIN]), "GET", {})

    assert not [name for name in response.headers if name.lower().startswith("access-control-")]
    assert response.headers["Vary"] == "Origin"


def test_every_tasklog_response_header_in_the_code_is_exposed() -> None:
    sent = {
        name
        for package in ("api", "audit", "jobs", "infrastructure", "projections", "application")
        for path in (ROOT / package).rglob("*.py")
        for name in _TASKLOG_HEADER.findall(path.read_text())
    }
    requested = {name.lower() for name in ALLOWED_REQUEST_HEADERS}
    exposed = {name.lower() for name in EXPOSED_HEADERS}

    assert {"Tasklog-Position", "Tasklog-Projection-Position"} <= sent
    assert {name for name in sent if name.lower() not in requested | exposed} == set()
