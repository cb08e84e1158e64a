"""Jobs do their work exactly once: run twice, on two workers, or after Redis lost them.

Real PostgreSQL, Redis, projector and arq workers (in burst mode: they stop when the
queue is empty). The crash test, with worker processes, is in ``test_jobs_crash.py``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import Any
from uuid import UUID

import msgspec
import pytest
from arq.connections import ArqRedis
from arq.worker import Worker

from application.tasks import TaskApplication, occurrence_id
from domain.task import Task
from infrastructure.settings import Settings
from jobs import build_worker, worker_settings
from jobs.names import (
    FIRE_REMINDER,
    SPAWN_NEXT_OCCURRENCE,
    queue_name,
    sweep_name,
)
from projections.projector import Projector
from projections.runner.config import RunnerConfig
from tests.integration.jobs_support import (
    arq_pool,
    dispatcher_for,
    events_of,
    firings,
    forget_deployment,
    occurrences,
    recurring_completed,
    reminder_due_now,
    running_worker,
    wait_for_position,
)
from tests.polling import wait_until_async
from tests.service_urls import database_url_of

OWNER = "alice"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Small pools: the projector and several workers share the server with other tests."""
    return replace(settings, eventstore_pool_size=2)


@pytest.fixture
def projector(settings: Settings) -> Iterator[Projector]:
    with Projector.from_settings(settings, RunnerConfig(batch_size=50)) as running:
        yield running


@pytest.fixture
def app(projector: Projector) -> TaskApplication:
    return projector.app


@pytest.fixture
async def redis(settings: Settings) -> AsyncIterator[ArqRedis]:
    pool = await arq_pool(settings)
    yield pool
    await forget_deployment(pool, settings.database_schema)
    await pool.aclose()


def folded(settings: Settings, view: str, position: int) -> None:
    wait_for_position(database_url_of(settings), settings.database_schema, view, position)


async def run_burst(*workers: Worker) -> int:
    """Run workers side by side until the queue is empty; the number of jobs they completed."""
    try:
        done = await asyncio.gather(*(worker.run_check() for worker in workers))
    finally:
        for worker in workers:
            await worker.close()
    return sum(done)


def burst_worker(settings: Settings) -> Worker:
    return build_worker(settings, burst=True, handle_signals=False)


async def enqueue_spawn(redis: ArqRedis, task: Task, job_id: str) -> None:
    assert await redis.enqueue_job(SPAWN_NEXT_OCCURRENCE, str(task.id), _job_id=job_id)


async def enqueue_reminder(redis: ArqRedis, task: Task, job_id: str) -> None:
    instant = task.effective_reminder_at
    assert instant is not None
    assert await redis.enqueue_job(FIRE_REMINDER, str(task.id), instant.isoformat(), _job_id=job_id)


async def test_a_spawn_run_twice_creates_one_occurrence(
    app: TaskApplication, settings: Settings, redis: ArqRedis
) -> None:
    task, position = recurring_completed(app, OWNER)
    folded(settings, "recurrence", position)
    async with dispatcher_for(settings) as dispatcher:
        assert (await dispatcher.sweep()).queued == 1

    await run_burst(burst_worker(settings))
    await enqueue_spawn(redis, task, f"again:{task.id}")
    await run_burst(burst_worker(settings))

    series = occurrences(app, task.id)
    assert [t.occurrence for t in series] == [1, 2]
    assert series[1].series_id == task.id


async def test_a_reminder_run_twice_fires_once(
    app: TaskApplication, settings: Settings, redis: ArqRedis
) -> None:
    task, position = reminder_due_now(app, OWNER)
    folded(settings, "reminders", position)
    async with dispatcher_for(settings) as dispatcher:
        assert (await dispatcher.sweep()).queued == 1

    await run_burst(burst_worker(settings))
    await enqueue_reminder(redis, task, f"again:{task.id}")
    await run_burst(burst_worker(settings))

    assert len(firings(app, task.id)) == 1


async def test_the_same_work_is_queued_once_while_it_waits(
    app: TaskApplication, settings: Settings, redis: ArqRedis
) -> None:
    _, position = recurring_completed(app, OWNER)
    folded(settings, "recurrence", position)
    async with dispatcher_for(settings) as dispatcher:
        first, second = await dispatcher.sweep(), await dispatcher.sweep()

    assert (first.rows, first.queued) == (1, 1)
    assert (second.rows, second.queued) == (1, 0)


async def test_two_workers_do_each_piece_of_work_once(
    app: TaskApplication, settings: Settings, redis: ArqRedis
) -> None:
    series = [recurring_completed(app, OWNER)[0] for _ in range(8)]
    reminded = [reminder_due_now(app, OWNER) for _ in range(8)]
    folded(settings, "reminders", reminded[-1][1])
    for task in series:  # each piece of work queued twice, as a re-enqueue after expiry would
        await enqueue_spawn(redis, task, f"one:{task.id}")
        await enqueue_spawn(redis, task, f"two:{task.id}")
    for task, _ in reminded:
        await enqueue_reminder(redis, task, f"one:{task.id}")
        await enqueue_reminder(redis, task, f"two:{task.id}")

    await run_burst(burst_worker(settings), burst_worker(settings))

    assert all(len(occurrences(app, task.id)) == 2 for task in series)
    assert all(len(firings(app, task.id)) == 1 for task, _ in reminded)


async def test_the_sweep_recovers_work_redis_lost(
    app: TaskApplication, settings: Settings, redis: ArqRedis
) -> None:
    queue = queue_name(settings.database_schema)
    async with running_worker(settings) as worker:
        worker.allow_pick_jobs = False  # the jobs wait in Redis...
        task, _ = recurring_completed(app, OWNER)
        reminder_task, _ = reminder_due_now(app, OWNER)
        await wait_until_async(
            lambda: _queued(redis, queue, "spawn", "remind"),
            timeout_s=10,
            message="not both jobs were queued",
        )

        # ...and Redis loses them. (FLUSHDB would also wipe other tests' keys on the shared
        # server; deleting every key of this deployment is the same loss for it.)
        await forget_deployment(redis, settings.database_schema)
        assert await redis.zcard(queue) == 0
        # The fast path has dispatched these rows already; only the sweep brings them back.
        await redis.enqueue_job(sweep_name(settings.database_schema))  # as the cron does
        worker.allow_pick_jobs = True

        await both_jobs_done(app, task, reminder_task)

    assert len(occurrences(app, task.id)) == 2
    assert len(firings(app, reminder_task.id)) == 1


async def both_jobs_done(app: TaskApplication, recurring: Task, reminded: Task) -> None:
    """Wait until ``recurring``'s next occurrence exists and ``reminded``'s reminder fired."""
    await wait_until_async(
        lambda: occurrence_id(recurring.id, 2) in app.repository,
        timeout_s=10,
        message="the next occurrence was never created",
    )
    await wait_until_async(
        lambda: len(firings(app, reminded.id)) == 1,
        timeout_s=10,
        message="the reminder did not fire once",
    )


async def _queued(redis: ArqRedis, queue: str, *kinds: str) -> bool:
    """Whether a job of each kind (``spawn``, ``remind``) waits in ``queue``."""
    waiting = [job_id.decode() for job_id in await redis.zrange(queue, 0, -1)]
    return all(any(f":{kind}:" in job_id for job_id in waiting) for kind in kinds)


async def test_jobs_write_as_the_system_with_the_job_id_as_correlation(
    app: TaskApplication, settings: Settings, redis: ArqRedis
) -> None:
    task, _ = recurring_completed(app, OWNER)
    reminder_task, position = reminder_due_now(app, OWNER)
    folded(settings, "recurrence", position)
    folded(settings, "reminders", position)
    async with dispatcher_for(settings) as dispatcher:
        await dispatcher.sweep()

    await run_burst(burst_worker(settings))

    [created] = events_of(app, occurrence_id(task.id, 2), Task.Created)
    [fired] = firings(app, reminder_task.id)
    assert (created.actor, fired.actor) == ("system:recurrence", "system:reminder")
    assert created.correlation_id == f"tasklog:{settings.database_schema}:spawn:{task.id}:2"
    assert fired.correlation_id.startswith(
        f"tasklog:{settings.database_schema}:remind:{reminder_task.id}:"
    )


async def test_a_running_worker_spawns_the_next_occurrence_from_the_notify(
    app: TaskApplication, settings: Settings, redis: ArqRedis
) -> None:
    async with running_worker(settings):
        task, _ = recurring_completed(app, OWNER)
        reminder_task, _ = reminder_due_now(app, OWNER)

        await both_jobs_done(app, task, reminder_task)


async def test_jobs_are_stored_as_msgpack_not_pickle(
    app: TaskApplication, settings: Settings, redis: ArqRedis
) -> None:
    task, position = recurring_completed(app, OWNER)
    folded(settings, "recurrence", position)
    async with dispatcher_for(settings) as dispatcher:
        await dispatcher.sweep()

    [job_id] = await redis.zrange(dispatcher.queue, 0, -1)
    stored = await redis.get(b"arq:job:" + job_id)
    job: dict[str, Any] = msgspec.msgpack.decode(stored)
    assert (job["f"], job["a"]) == (SPAWN_NEXT_OCCURRENCE, [str(task.id)])
    assert UUID(job["a"][0]) == task.id


def test_the_sweeper_runs_every_minute(settings: Settings) -> None:
    [sweeper] = worker_settings(settings)["cron_jobs"]

    assert sweeper.name == sweep_name(settings.database_schema)
    assert (sweeper.minute, sweeper.second, sweeper.unique) == (None, 0, True)
