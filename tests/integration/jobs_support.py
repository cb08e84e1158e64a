"""Helpers for job tests: the projector, arq pools, counting what jobs wrote, forgetting Redis."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from arq.connections import ArqRedis, RedisSettings, create_pool
from arq.worker import Worker
from psycopg_pool import AsyncConnectionPool

from application.tasks import TaskApplication, occurrence_id
from domain.task import Task
from infrastructure.database import conninfo_with_search_path
from infrastructure.settings import Settings
from jobs import build_worker, stop_worker
from jobs.dispatch import Dispatcher
from jobs.functions import RUNTIME_KEY, JobRuntime
from jobs.names import queue_name
from jobs.serializer import deserialize, serialize
from tests.integration.projection_support import meta, wait_for_position
from tests.polling import wait_until_async
from tests.service_urls import database_url_of, redis_url_of

__all__ = ["meta", "wait_for_position"]

WEEKLY = {"frequency": "weekly", "interval": 1}


async def arq_pool(settings: Settings) -> ArqRedis:
    """An arq pool on the test's queue, with the jobs' msgspec serializer."""
    return await create_pool(
        RedisSettings.from_dsn(redis_url_of(settings)),
        job_serializer=serialize,
        job_deserializer=deserialize,
        default_queue_name=queue_name(settings.database_schema),
    )


async def forget_deployment(redis: ArqRedis, schema: str) -> int:
    """Delete every key arq holds for this deployment: as if its Redis had been flushed."""
    keys = [key async for key in redis.scan_iter(match=f"arq:*tasklog:{schema}:*")]
    keys.append(queue_name(schema).encode())
    return int(await redis.delete(*keys))


def occurrences(app: TaskApplication, series_id: UUID, upto: int = 10) -> list[Task]:
    """The stored occurrences of a series (deleted ones too), by number."""
    found: list[Task] = []
    for number in range(1, upto + 1):
        task_id = series_id if number == 1 else occurrence_id(series_id, number)
        if task_id in app.repository:
            found.append(app.repository.get(task_id))
    return found


def events_of(app: TaskApplication, task_id: UUID, kind: type[Any]) -> list[Any]:
    """The stored events of ``kind`` of a task."""
    return [e for e in app.repository.event_store.get(task_id) if isinstance(e, kind)]


def firings(app: TaskApplication, task_id: UUID) -> list[Task.ReminderFired]:
    """Every ``ReminderFired`` event of a task."""
    return events_of(app, task_id, Task.ReminderFired)


def recurring_completed(app: TaskApplication, owner: str, **fields: Any) -> tuple[Task, int]:
    """Create a weekly task due tomorrow and complete it; return it and the last position."""
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    body = {"title": "Water the plants", "due_date": tomorrow, "recurrence": WEEKLY, **fields}
    task = app.create_task(owner=owner, fields=body, meta=meta(owner)).task
    done = app.complete_task(task.id, user_id=owner, meta=meta(owner))
    return done.task, done.position


def reminder_due_now(app: TaskApplication, owner: str) -> tuple[Task, int]:
    """Create a task whose reminder is already due (moved into the past by an update)."""
    soon = datetime.now(UTC) + timedelta(hours=1)
    task = app.create_task(
        owner=owner, fields={"title": "Call mom", "reminder_at": soon.isoformat()}, meta=meta(owner)
    ).task
    past = datetime.now(UTC) - timedelta(seconds=1)
    result = app.update_task(
        task.id, user_id=owner, fields={"reminder_at": past.isoformat()}, meta=meta(owner)
    )
    return result.task, result.position


@asynccontextmanager
async def dispatcher_for(settings: Settings) -> AsyncIterator[Dispatcher]:
    """A dispatcher of the test's deployment, as a worker would have it."""
    redis = await arq_pool(settings)
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(
        conninfo_with_search_path(database_url_of(settings), settings.database_schema),
        min_size=1,
        max_size=2,
        kwargs={"autocommit": True},
        open=False,
    )
    await pool.open(wait=True)
    try:
        yield Dispatcher(pool, redis, settings.database_schema)
    finally:
        await pool.close()
        await redis.aclose()


def listening(worker: Worker) -> bool:
    """Whether the worker has started and its dispatcher's fast path is up."""
    runtime = worker.ctx.get(RUNTIME_KEY)
    return isinstance(runtime, JobRuntime) and runtime.dispatcher.listening.is_set()


@asynccontextmanager
async def running_worker(settings: Settings) -> AsyncIterator[Worker]:
    """A worker on this event loop (as ``tasklog dev`` runs it), listening when entered."""
    worker = build_worker(settings, handle_signals=False)
    running = asyncio.create_task(worker.async_run())
    try:
        await wait_until_async(
            lambda: listening(worker) or running.done(), message="the worker never listened"
        )
        if running.done():
            running.result()  # start-up failed: raise why
        yield worker
    finally:
        await stop_worker(worker)
        with contextlib.suppress(asyncio.CancelledError):
            await running
