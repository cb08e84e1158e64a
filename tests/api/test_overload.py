"""Past ``TASKLOG_MAX_IN_FLIGHT`` requests, a real ``tasklog serve`` makes a request wait
at most ``TASKLOG_QUEUE_WAIT_MS`` for its turn, then answers 503 with ``Retry-After``
instead of letting the queue grow; health checks still answer at once."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import pytest

from tests.api.helpers import TASKS, assert_problem
from tests.api.processes import serving

MAX_IN_FLIGHT = 4
HOLD_MS = 2000
"""How long each of the requests that fill the process stays in it."""
QUEUE_WAIT_MS = 300
"""How long a request past the bound waits for a turn (well under ``HOLD_MS``)."""


async def timed_get(
    client: httpx.AsyncClient, url: str, headers: dict[str, str]
) -> tuple[httpx.Response, float]:
    started = time.perf_counter()
    response = await client.get(url, headers=headers)
    return response, time.perf_counter() - started


@pytest.mark.slow
@pytest.mark.timeout(120)
async def test_requests_past_the_bound_wait_briefly_then_get_503_and_health_still_answers(
    database_url: str, schema: str, tmp_path: Path
) -> None:
    with serving(
        tmp_path,
        database_url,
        schema,
        TASKLOG_MAX_IN_FLIGHT=str(MAX_IN_FLIGHT),
        TASKLOG_CONSISTENCY_TIMEOUT_MS=str(HOLD_MS),
        TASKLOG_QUEUE_WAIT_MS=str(QUEUE_WAIT_MS),
    ) as server:
        auth = server.auth("busy-user")
        limits = httpx.Limits(max_connections=100)
        async with httpx.AsyncClient(base_url=server.base_url, timeout=30, limits=limits) as client:
            # Reads waiting for a projection position no projector will reach: each
            # occupies the process for HOLD_MS, the way slow requests do under load.
            holding = [
                asyncio.create_task(
                    timed_get(client, TASKS, auth | {"Tasklog-Min-Position": "1000000000"})
                )
                for _ in range(MAX_IN_FLIGHT)
            ]
            await asyncio.sleep(0.5)
            excess = await asyncio.gather(*(timed_get(client, TASKS, auth) for _ in range(20)))
            live, ready = await asyncio.gather(
                client.get("/health/live"), client.get("/health/ready")
            )
            held = await asyncio.gather(*holding)
            after = await client.get(TASKS, headers=auth)

    for response, seconds in excess:
        assert_problem(response, 503)
        assert response.headers["Retry-After"] == "1"
        assert QUEUE_WAIT_MS / 1000 <= seconds < HOLD_MS / 1000, seconds
    assert live.status_code == 200
    assert ready.status_code == 200
    for _, seconds in held:
        assert seconds >= HOLD_MS / 1000
    assert after.status_code == 200, after.text
