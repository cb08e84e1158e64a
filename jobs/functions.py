"""The arq job functions and what they run on: the write model, in bounded worker threads.

Every job is idempotent, because arq runs a job again when its worker died mid-way and
the dispatcher may enqueue the same work under a new id once an old result expired:

- ``spawn_next_occurrence`` creates the next occurrence under an id derived from the
  series and its number; a second run finds it there and writes nothing.
- ``fire_reminder`` records ``ReminderFired`` only while the task still wants that
  reminder (not fired yet, not moved, completed or deleted).

Events are written as ``system:recurrence`` / ``system:reminder`` with the job id as
correlation id, so a task's history shows which job wrote what.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, TypeVar
from uuid import UUID

import anyio
from psycopg_pool import AsyncConnectionPool

from application.tasks import CommandResult, TaskApplication
from domain.task import SYSTEM_ACTOR_PREFIX, EventMeta
from jobs.dispatch import Dispatcher

RECURRENCE_ACTOR = f"{SYSTEM_ACTOR_PREFIX}recurrence"
REMINDER_ACTOR = f"{SYSTEM_ACTOR_PREFIX}reminder"
RUNTIME_KEY = "tasklog"
"""Where the worker's ``on_startup`` puts the ``JobRuntime`` in arq's ``ctx``."""

T = TypeVar("T")


@dataclass
class JobRuntime:
    """What the jobs of one worker process share, built by ``on_startup``."""

    application: TaskApplication
    pool: AsyncConnectionPool[Any]
    dispatcher: Dispatcher
    limiter: anyio.CapacityLimiter
    """Bounds the threads calling the write model (sized to its connection pool)."""
    follower: asyncio.Task[None]
    """The dispatcher's fast path (``Dispatcher.follow``), running in the background."""

    async def call(self, function: Callable[[], T]) -> T:
        """Run a blocking write-model call in a worker thread, never on the event loop."""
        return await anyio.to_thread.run_sync(function, limiter=self.limiter)


def runtime_of(ctx: dict[str, Any]) -> JobRuntime:
    """The worker's runtime from arq's job context."""
    runtime = ctx.get(RUNTIME_KEY)
    if not isinstance(runtime, JobRuntime):
        raise RuntimeError("the worker's on_startup has not built the job runtime")
    return runtime


def _outcome(result: CommandResult | None, nothing: str) -> str:
    if result is None:
        return nothing
    return f"{'written' if result.written else 'already done'}: task {result.task.id}"


async def spawn_next_occurrence(ctx: dict[str, Any], task_id: str) -> str:
    """Create the occurrence after the completed occurrence ``task_id`` (once).

    Returns:
        What happened, for arq's log and result.
    """
    runtime = runtime_of(ctx)
    meta = EventMeta(actor=RECURRENCE_ACTOR, correlation_id=ctx["job_id"])
    call = partial(runtime.application.spawn_next_occurrence, UUID(task_id), meta=meta)
    return _outcome(await runtime.call(call), "no next occurrence is owed")


async def fire_reminder(ctx: dict[str, Any], task_id: str, reminder_at: str) -> str:
    """Record that the reminder of ``task_id`` for ``reminder_at`` fired (once).

    Returns:
        What happened, for arq's log and result.
    """
    runtime = runtime_of(ctx)
    meta = EventMeta(actor=REMINDER_ACTOR, correlation_id=ctx["job_id"])
    instant = datetime.fromisoformat(reminder_at)
    call = partial(runtime.application.fire_reminder, UUID(task_id), instant, meta=meta)
    return _outcome(await runtime.call(call), "the task no longer wants this reminder")


async def sweep(ctx: dict[str, Any]) -> str:
    """The minute cron: enqueue whatever the job views say is owed.

    Returns:
        How many pending rows were seen and how many of them were queued anew.
    """
    done = await runtime_of(ctx).dispatcher.sweep()
    return f"{done.queued} queued of {done.rows} pending"
