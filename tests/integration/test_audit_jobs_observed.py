"""Every job run writes one structured log line and counts its outcome in Redis."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
import redis.asyncio as aioredis

from infrastructure.logging import JOBS_LOGGER
from infrastructure.opsmetrics import observed_job
from tests.polling import wait_until_async


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Any]:
    client = aioredis.Redis.from_url(redis_url)
    yield client
    await client.aclose()


async def spawn_next_occurrence(ctx: dict[str, Any], task_id: str) -> str:
    if task_id == "boom":
        raise RuntimeError("database away")
    if task_id == "slow":
        await asyncio.sleep(10)
    return f"written: task {task_id}"


def _ctx(redis: Any, job_id: str, job_try: int = 1) -> dict[str, Any]:
    return {"redis": redis, "job_id": job_id, "job_try": job_try}


async def _counts(redis: Any, key: str) -> dict[str, int]:
    return {k.decode(): int(v) for k, v in (await redis.hgetall(key)).items()}


async def test_a_run_logs_one_line_and_counts_its_outcome(
    redis: Any, redis_prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=JOBS_LOGGER)
    key = f"{redis_prefix}outcomes"
    job = observed_job(spawn_next_occurrence, outcomes_key=key)

    assert await job(_ctx(redis, "job-1"), "t1") == "written: task t1"
    with pytest.raises(RuntimeError):
        await job(_ctx(redis, "job-2", job_try=3), "boom")

    assert await _counts(redis, key) == {
        "spawn_next_occurrence:ok": 1,
        "spawn_next_occurrence:failed": 1,
    }
    ok, failed = [r for r in caplog.records if r.name == JOBS_LOGGER]
    assert {
        "kind": "job",
        "job": "spawn_next_occurrence",
        "job_id": "job-1",
        "correlation_id": "job-1",
        "attempt": 1,
        "outcome": "ok",
        "result": "written: task t1",
    }.items() <= ok.__dict__.items()
    assert failed.levelno == logging.WARNING
    assert {"outcome": "failed", "attempt": 3, "error": "RuntimeError: database away"}.items() <= (
        failed.__dict__.items()
    )
    await redis.delete(key)


async def test_a_timed_out_run_is_counted_as_cancelled(redis: Any, redis_prefix: str) -> None:
    key = f"{redis_prefix}outcomes"
    job = observed_job(spawn_next_occurrence, outcomes_key=key)
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(job(_ctx(redis, "job-3"), "slow"), timeout=0.05)
    counts = await wait_until_async(
        lambda: _counts(redis, key), timeout_s=5, interval_s=0.01, message="no outcome was counted"
    )
    assert counts == {"spawn_next_occurrence:cancelled": 1}
    await redis.delete(key)


async def test_a_job_runs_without_redis_in_its_context() -> None:
    job = observed_job(spawn_next_occurrence, outcomes_key="unused")
    assert await job({"job_id": "job-4"}, "t4") == "written: task t4"
