"""The NDJSON audit stream of 100,000 events keeps the API process's memory flat.

The events are seeded directly (valid stored events from the app's own mapper, one
COPY), then the app is driven over raw ASGI with a ``send`` that counts and drops each
chunk, as a server writing to a socket does; Litestar's test client would keep the whole
body in memory and so measure itself. ``tracemalloc`` records the peak of every Python
allocation in the process while the stream runs.
"""

from __future__ import annotations

import asyncio
import tracemalloc
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from infrastructure.eventstore import build_task_application
from infrastructure.settings import Settings
from tests.api.helpers import Auth, Client
from tests.audit_support import seed_events
from tests.service_urls import database_url_of

EVENTS = "/api/v1/audit/events"
TASKS = 10_000
EVENTS_PER_TASK = 10
TOTAL = TASKS * EVENTS_PER_TASK


@pytest.fixture
def seeded(api_settings: Settings) -> int:
    url = database_url_of(api_settings)
    app = build_task_application(url, api_settings.database_schema, 2)
    try:
        seed_events(
            app,
            url,
            api_settings.database_schema,
            tasks=TASKS,
            events_per_task=EVENTS_PER_TASK,
        )
    finally:
        app.close()
    return TOTAL


@pytest.fixture
async def client(app_factory: Callable[..., Litestar], seeded: int) -> AsyncIterator[Client]:
    async with AsyncTestClient(app_factory()) as test_client:
        yield test_client


@dataclass
class Drain:
    """What a dropping ASGI ``send`` saw."""

    status: int = 0
    headers: dict[str, str] | None = None
    chunks: int = 0
    bytes: int = 0
    lines: int = 0
    largest_chunk: int = 0


async def stream_through_asgi(app: Litestar, headers: dict[str, str], query: str = "") -> Drain:
    """Run one streaming request through the whole app, dropping the body as it comes."""
    drain = Drain()
    done = asyncio.Event()
    requested = False

    async def receive() -> dict[str, Any]:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            drain.status = message["status"]
            drain.headers = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            body = message.get("body", b"")
            drain.chunks += 1
            drain.bytes += len(body)
            drain.lines += body.count(b"\n")
            drain.largest_chunk = max(drain.largest_chunk, len(body))
            if not message.get("more_body", False):
                done.set()

    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": EVENTS,
        "raw_path": EVENTS.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": [
            (b"host", b"testserver"),
            (b"accept", b"application/x-ndjson"),
            *[(k.lower().encode(), v.encode()) for k, v in headers.items()],
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    await app(scope, receive, send)  # type: ignore[arg-type]
    done.set()
    return drain


async def _peak_while(run: Callable[[], Any]) -> tuple[Any, int]:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base, _ = tracemalloc.get_traced_memory()
        result = await run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak - base


@pytest.mark.slow
async def test_streaming_100000_events_keeps_memory_flat(client: Client, auth: Auth) -> None:
    headers = auth("auditor-1", ("auditor",))
    warm = await client.get(f"{EVENTS}?limit=1", headers=headers)  # owner lookup caught up
    assert warm.status_code == 200

    short, short_peak = await _peak_while(
        lambda: stream_through_asgi(client.app, headers, "limit=1000")
    )
    full, full_peak = await _peak_while(lambda: stream_through_asgi(client.app, headers))

    assert short.lines == 1_000
    assert full.status == 200
    assert full.lines == TOTAL
    assert full.chunks >= TOTAL // 1_000
    # The body is ~100 times the short stream's, memory is not: one batch at a time.
    print(
        f"\nNDJSON: {full.bytes / 1e6:.1f} MB in {full.chunks} chunks; tracemalloc peak "
        f"{full_peak / 1e6:.2f} MB (1,000 events: {short_peak / 1e6:.2f} MB)"
    )
    assert full.bytes > 30_000_000
    assert full_peak < 16_000_000
    assert full_peak < 2 * short_peak + 4_000_000
