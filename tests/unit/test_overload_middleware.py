"""The in-flight bound on plain ASGI calls: who is served, who waits, who is refused."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from litestar.types import Receive, Scope, Send

from api.middleware.overload import InFlightLimitMiddleware


class HeldApp:
    """An ASGI app whose requests stay in it until released; records the order served."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.served: list[str] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.served.append(scope["path"])
        if scope["path"].startswith("/hold"):
            await self.release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"", "more_body": False})


async def call(app: Any, path: str) -> tuple[int, float]:
    """The status ``app`` answers ``GET path`` with, and the seconds it took."""
    statuses: list[int] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    started = time.perf_counter()
    await app({"type": "http", "path": path, "method": "GET"}, None, send)
    return statuses[0], time.perf_counter() - started


@asynccontextmanager
async def holding(limit: int, queue_wait_s: float) -> AsyncIterator[tuple[Any, HeldApp]]:
    """The bounded app with its one turn taken by a held request, released on leaving."""
    inner = HeldApp()
    app = InFlightLimitMiddleware(inner, limit=limit, queue_wait_s=queue_wait_s)
    holder = asyncio.create_task(call(app, "/hold"))
    await asyncio.sleep(0.01)
    try:
        yield app, inner
    finally:
        inner.release.set()
        assert (await holder)[0] == 200


async def test_a_request_past_the_bound_is_served_when_a_turn_frees_within_the_wait() -> None:
    async with holding(limit=1, queue_wait_s=5) as (app, inner):
        waiting = [asyncio.create_task(call(app, f"/next/{number}")) for number in range(3)]
        await asyncio.sleep(0.05)
        assert inner.served == ["/hold"]  # the others wait for its turn
    assert [(await task)[0] for task in waiting] == [200, 200, 200]
    assert inner.served == ["/hold", "/next/0", "/next/1", "/next/2"]  # in arrival order


async def test_a_request_still_waiting_after_the_wait_gets_503() -> None:
    async with holding(limit=1, queue_wait_s=0.1) as (app, inner):
        status, seconds = await call(app, "/next")
        assert status == 503
        assert seconds >= 0.1
        assert inner.served == ["/hold"]  # refused, never passed on
    assert (await call(app, "/after"))[0] == 200  # the refused one took no turn


async def test_with_no_wait_a_request_past_the_bound_is_refused_while_the_turn_is_held() -> None:
    async with holding(limit=1, queue_wait_s=0) as (app, inner):
        assert (await call(app, "/next"))[0] == 503
        assert inner.served == ["/hold"]


async def test_health_and_metrics_are_neither_held_nor_refused() -> None:
    async with holding(limit=1, queue_wait_s=0) as (app, _):
        assert (await call(app, "/health/live"))[0] == 200
        assert (await call(app, "/metrics"))[0] == 200
