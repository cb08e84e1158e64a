"""The arq worker of a deployment: its settings, and the start-up and shutdown of its runtime.

``worker_settings(settings)`` is the whole configuration (``Worker(**...)``); the worker's
``on_startup`` builds the write model, a small async pool for the job views, and the
dispatcher's fast path (a background task on a ``LISTEN`` connection).

Timing: a job is one event-store write, so ``job_timeout`` is short; arq keeps a job's
in-progress mark for its timeout plus 10 s, which is how long a job whose worker was
killed waits before another worker runs it again. Results are kept briefly: a kept
result blocks enqueueing the same job id, and a job that failed should be retried by
the next sweep, not a day later.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import anyio
import psycopg
from arq.connections import RedisSettings
from arq.cron import cron
from arq.worker import Worker, func
from eventsourcing.persistence import PersistenceError
from psycopg_pool import AsyncConnectionPool

from infrastructure.database import conninfo_with_search_path
from infrastructure.datastore import build_datastore
from infrastructure.eventstore import build_task_application
from infrastructure.opsmetrics import job_outcomes_key, observed_job
from infrastructure.pools import WORKER, async_pool, connector, listen_name, named, sizing
from infrastructure.services import with_database_and_redis
from infrastructure.settings import Settings
from jobs.dispatch import Dispatcher
from jobs.functions import (
    RUNTIME_KEY,
    JobRuntime,
    fire_reminder,
    spawn_next_occurrence,
    sweep,
)
from jobs.names import (
    FIRE_REMINDER,
    SPAWN_NEXT_OCCURRENCE,
    queue_name,
    sweep_name,
)
from jobs.serializer import deserialize, serialize
from projections.install import install
from projections.recurrence.projection import RecurrenceProjection
from projections.reminders.projection import RemindersProjection

JOB_TIMEOUT_S = 10.0
"""Longest a spawn or reminder job may run (it is one write)."""
KEEP_RESULT_S = 10.0
"""How long a finished job's result (and so its id) is kept."""
MAX_TRIES = 5
"""Runs of one job id before arq gives up (the sweep enqueues it again later)."""
HEALTH_CHECK_INTERVAL_S = 5.0
POLL_DELAY_S = 0.05
"""How often the worker looks for due jobs; the fast path's latency hangs on it."""
DISPATCH_POOL_SIZE = 2
STARTUP_ATTEMPTS = 8
STARTUP_BACKOFF_S = 0.2
STARTUP_BACKOFF_MAX_S = 5.0
POOL_OPEN_TIMEOUT_S = 10.0

FEEDING_VIEWS = (RecurrenceProjection, RemindersProjection)

log = logging.getLogger(__name__)
T = TypeVar("T")


def with_services(settings: Settings) -> Settings:
    """``settings`` with embedded PostgreSQL and Redis started for what dev/test leave unset.

    Raises:
        MissingSettings: In production without a database or Redis URL.
    """
    return with_database_and_redis(settings)


def worker_settings(
    settings: Settings,
    *,
    job_timeout_s: float = JOB_TIMEOUT_S,
    handle_signals: bool = True,
    burst: bool = False,
) -> dict[str, Any]:
    """Keyword arguments for ``arq.worker.Worker`` serving the deployment of ``settings``.

    Args:
        settings: Settings whose database and Redis URLs are set (see ``with_services``).
        job_timeout_s: Longest a job may run; the sweep may take twice as long.
        handle_signals: Stop on SIGINT/SIGTERM (False when running inside another app).
        burst: Stop once the queue is empty (tests, one-off runs).

    Raises:
        ValueError: The database or Redis URL is not set.
    """
    if settings.database_url is None or settings.redis_url is None:
        raise ValueError("the worker needs TASKLOG_DATABASE_URL and TASKLOG_REDIS_URL resolved")
    schema = settings.database_schema
    job = partial(func, timeout=job_timeout_s, keep_result=KEEP_RESULT_S, max_tries=MAX_TRIES)
    observed = partial(observed_job, outcomes_key=job_outcomes_key(schema))  # log line + count
    return {
        "functions": [
            job(observed(spawn_next_occurrence), name=SPAWN_NEXT_OCCURRENCE),
            job(observed(fire_reminder), name=FIRE_REMINDER),
        ],
        "cron_jobs": [
            cron(
                observed(sweep),
                name=sweep_name(schema),
                second=0,
                timeout=2 * job_timeout_s,
                max_tries=1,
            )
        ],
        "queue_name": queue_name(schema),
        "redis_settings": RedisSettings.from_dsn(settings.redis_url),
        "job_serializer": serialize,
        "job_deserializer": deserialize,
        "on_startup": partial(start_runtime, settings),
        "on_shutdown": stop_runtime,
        "max_jobs": settings.eventstore_pool_size,
        "job_timeout": job_timeout_s,
        "keep_result": KEEP_RESULT_S,
        "max_tries": MAX_TRIES,
        "health_check_interval": HEALTH_CHECK_INTERVAL_S,
        "poll_delay": POLL_DELAY_S,
        "handle_signals": handle_signals,
        "burst": burst,
    }


def build_worker(settings: Settings, **options: Any) -> Worker:
    """An arq ``Worker`` for ``settings`` (options as for ``worker_settings``)."""
    return Worker(**worker_settings(settings, **options))


async def run_in_process(settings: Settings) -> None:
    """Run a worker on the running event loop until cancelled (``tasklog dev``)."""
    worker = build_worker(settings, handle_signals=False)
    try:
        await worker.async_run()
    finally:
        await stop_worker(worker)


async def stop_worker(worker: Worker, grace_s: float = JOB_TIMEOUT_S) -> None:
    """Stop a worker built with ``handle_signals=False``: let running jobs end, then close.

    arq's ``close`` cancels running jobs (they would run again elsewhere, being
    idempotent) and then raises ``CancelledError`` from gathering them, before it runs
    ``on_shutdown``. Taking no new job and waiting for the running ones avoids both.
    """
    worker.allow_pick_jobs = False
    running = [task for task in worker.tasks.values() if not task.done()]
    if running:
        await asyncio.wait(running, timeout=grace_s)
    await worker.close()


def install_feeding_views(database_url: str, schema: str) -> None:
    """Make sure the job views exist before the dispatcher reads them (idempotent)."""
    datastore = build_datastore(database_url, schema, 1, application_name=WORKER)
    try:
        install(datastore, connector(database_url, WORKER), FEEDING_VIEWS)
    finally:
        datastore.close()


async def start_runtime(settings: Settings, ctx: dict[str, Any]) -> None:
    """arq ``on_startup``: build the write model, the views' pool and the dispatcher."""
    database_url = settings.database_url
    if database_url is None:
        raise ValueError("the worker needs TASKLOG_DATABASE_URL resolved")
    schema = settings.database_schema
    application = await _retrying(
        partial(
            build_task_application,
            database_url,
            schema,
            settings.eventstore_pool_size,
            min_size=settings.pool_min_size,
            max_idle_s=settings.pool_max_idle_s,
            application_name=WORKER,
        )
    )
    await _retrying(partial(install_feeding_views, database_url, schema))
    pool: AsyncConnectionPool[Any] = async_pool(
        conninfo_with_search_path(database_url, schema),
        sizing(settings, DISPATCH_POOL_SIZE),
        WORKER,
    )
    await pool.open(wait=True, timeout=POOL_OPEN_TIMEOUT_S)
    dispatcher = Dispatcher(pool, ctx["redis"], schema)
    follower = asyncio.create_task(
        dispatcher.follow(named(database_url, listen_name(WORKER))), name="tasklog-job-dispatch"
    )
    ctx[RUNTIME_KEY] = JobRuntime(
        application=application,
        pool=pool,
        dispatcher=dispatcher,
        limiter=anyio.CapacityLimiter(settings.eventstore_pool_size),
        follower=follower,
    )


async def _retrying(step: Callable[[], T]) -> T:
    """Run a blocking start-up step in a thread, again when it loses a race.

    Processes that start together (workers, projector, API) create the same tables at
    once; PostgreSQL's ``IF NOT EXISTS`` DDL is not safe against that and one of them
    fails ("tuple concurrently updated", a duplicate type). A moment later the
    tables exist and the step passes. A server out of connections gets some 20 s too.
    """
    for attempt in range(1, STARTUP_ATTEMPTS + 1):
        try:
            return await anyio.to_thread.run_sync(step)
        except (PersistenceError, psycopg.Error) as error:
            if attempt == STARTUP_ATTEMPTS:
                raise
            log.warning("worker start-up step failed (%r); trying again", error)
            await asyncio.sleep(min(STARTUP_BACKOFF_S * 2**attempt, STARTUP_BACKOFF_MAX_S))
    raise AssertionError("unreachable")


async def stop_runtime(ctx: dict[str, Any]) -> None:
    """arq ``on_shutdown``: stop the fast path, close the pool and the write model."""
    runtime = ctx.pop(RUNTIME_KEY, None)
    if not isinstance(runtime, JobRuntime):
        return  # start-up failed before the runtime existed
    runtime.follower.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await runtime.follower
    await runtime.pool.close()
    runtime.application.close()
