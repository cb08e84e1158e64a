"""One structured log line per request, and the operations metrics on ``/metrics``."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import AsyncIterator, Callable

import pytest
import redis.asyncio as aioredis
from litestar import Litestar
from litestar.testing import AsyncTestClient

from infrastructure.logging import ACCESS_LOGGER, JsonFormatter
from infrastructure.opsmetrics import job_outcomes_key
from infrastructure.settings import Settings
from tests.api.helpers import TASKS, Auth, Client, create_task
from tests.polling import wait_until_async
from tests.service_urls import redis_url_of


@pytest.fixture
async def client(app_factory: Callable[..., Litestar]) -> AsyncIterator[Client]:
    async with AsyncTestClient(app_factory(ops_metrics_refresh_s=0.05)) as test_client:
        yield test_client


async def metrics_with(client: Client, *lines: str, timeout_s: float = 10.0) -> str:
    """``/metrics`` once it shows every one of ``lines`` (gauges refresh in the background)."""

    async def showing_all() -> str | None:
        text = (await client.get("/metrics")).text
        return text if all(line in text for line in lines) else None

    return await wait_until_async(
        showing_all, timeout_s=timeout_s, message=f"/metrics never showed all of {lines}"
    )


async def test_each_request_writes_one_line_with_user_status_and_correlation_id(
    client: Client, auth: Auth, user: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=ACCESS_LOGGER)
    await client.post(
        TASKS, json={"title": "t"}, headers={**auth(user), "X-Request-ID": "req-log-1"}
    )
    await client.get(TASKS)  # no token: 401, no user

    lines = [r for r in caplog.records if r.name == ACCESS_LOGGER]
    assert len(lines) == 2
    created, refused = lines
    assert {
        "kind": "request",
        "method": "POST",
        "path": TASKS,
        "route": TASKS,
        "status": 201,
        "user": user,
        "correlation_id": "req-log-1",
    }.items() <= created.__dict__.items()
    assert created.duration_ms > 0  # type: ignore[attr-defined]
    assert refused.status == 401  # type: ignore[attr-defined]
    assert refused.user is None  # type: ignore[attr-defined]
    assert len(refused.correlation_id) == 32  # type: ignore[attr-defined]


def test_a_record_becomes_one_json_line_with_its_fields() -> None:
    record = logging.LogRecord("tasklog.access", logging.INFO, "x.py", 1, "GET %s", ("/a",), None)
    record.__dict__.update({"status": 200, "user": "alice", "correlation_id": "c-1"})
    line = JsonFormatter().format(record)
    assert "\n" not in line
    document = json.loads(line)
    assert document["message"] == "GET /a"
    assert document["level"] == "INFO"
    assert document["logger"] == "tasklog.access"
    assert document["ts"].endswith("Z")
    assert {"status": 200, "user": "alice", "correlation_id": "c-1"}.items() <= document.items()


def test_an_exception_is_kept_in_the_json_line() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, "x.py", 1, "failed", (), None)
        record.exc_info = sys.exc_info()
    document = json.loads(JsonFormatter().format(record))
    assert "ValueError: boom" in document["exc"]


async def test_event_store_writes_are_timed_by_outcome(
    client: Client, auth: Auth, user: str
) -> None:
    await create_task(client, auth(user))
    text = (await client.get("/metrics")).text
    assert 'tasklog_eventstore_write_duration_seconds_count{outcome="ok"} 1.0' in text
    assert 'tasklog_eventstore_write_duration_seconds_bucket{le="0.1",outcome="ok"}' in text


async def test_projection_lag_and_dead_letters_are_exposed(
    client: Client, auth: Auth, user: str
) -> None:
    await create_task(client, auth(user))
    text = await metrics_with(client, "tasklog_eventstore_head_position 1.0")
    assert 'tasklog_projection_lag_events{projection="task_list"}' in text
    assert 'tasklog_projection_lag_seconds{projection="task_list"}' in text
    assert 'tasklog_projection_dead_letters{projection="task_list"} 0.0' in text
    assert 'tasklog_projection_position{projection="task_list"}' in text
    assert "tasklog_eventstore_head_position 1.0" in text
    assert 'tasklog_projection_status{projection="task_list",status="failed"} 0.0' in text


async def test_job_outcomes_counted_by_workers_are_exposed(
    client: Client, api_settings: Settings
) -> None:
    redis = aioredis.Redis.from_url(redis_url_of(api_settings))
    key = job_outcomes_key(api_settings.database_schema)
    try:
        await redis.hincrby(key, "fire_reminder:ok", 3)
        await redis.hincrby(key, "spawn_next_occurrence:failed", 1)
        text = await metrics_with(client, 'job="spawn_next_occurrence"')
    finally:
        await redis.delete(key)
        await redis.aclose()
    assert 'tasklog_job_runs{job="fire_reminder",outcome="ok"} 3.0' in text
    assert 'tasklog_job_runs{job="spawn_next_occurrence",outcome="failed"} 1.0' in text
