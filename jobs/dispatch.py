"""Turning the job views' rows into arq jobs: a fast path on NOTIFY, and the minute sweep.

The ``recurrence`` and ``reminders`` read models say what is owed; this module enqueues
it, under deterministic job ids, so enqueueing a row twice (two workers, the fast path
and the sweep, a retry) queues it once. Nothing here decides: a job checks the write
model again when it runs.

- Fast path: one ``LISTEN`` connection per worker process on the job views' channel
  (``jobs_notify_channel``; the projector NOTIFYs there only when a batch made a pending
  row new work). A NOTIFY from ``recurrence`` or ``reminders`` makes the dispatcher read that view's
  rows changed since the last position it dispatched and enqueue them, milliseconds
  after the projector committed. A reminder not yet due is enqueued deferred to its
  instant. After (re)connecting it catches up from the last position it dispatched
  (from 0 in a new process, which enqueues everything pending).
- Sweep (cron, every minute): enqueues every pending spawn and every reminder due by
  the next sweep, whatever Redis lost in between (a flush, a failover, a job whose
  failure result has expired). Redis trouble delays work; it never loses it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterable, Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

import psycopg
from arq.connections import ArqRedis
from psycopg import sql
from psycopg_pool import AsyncConnectionPool

from application.tasks import utc_now
from jobs.names import (
    FIRE_REMINDER,
    SPAWN_NEXT_OCCURRENCE,
    queue_name,
    reminder_job_id,
    spawn_job_id,
)
from projections.naming import jobs_notify_channel
from projections.recurrence.projection import RecurrenceProjection
from projections.recurrence.queries import PendingSpawn, pending_spawns
from projections.reminders.projection import RemindersProjection
from projections.reminders.queries import PendingReminder, reminders_changed, reminders_due

log = logging.getLogger(__name__)

RECURRENCE = RecurrenceProjection.name
REMINDERS = RemindersProjection.name
FEEDS = (RECURRENCE, REMINDERS)

SWEEP_HORIZON = timedelta(seconds=70)
"""The sweep also enqueues reminders due before the next sweep (deferred), so they fire on time."""

ENQUEUE_CONCURRENCY = 64
IDLE_CHECK_S = 30.0
"""How long the LISTEN connection may sit idle before it is checked to be alive."""
BACKOFF_INITIAL_S = 0.5
BACKOFF_MAX_S = 30.0

Row = TypeVar("Row", PendingSpawn, PendingReminder)


@dataclass
class Dispatched:
    """How many rows a dispatch enqueued (``queued``) and how many were already queued."""

    rows: int = 0
    queued: int = 0

    def add(self, other: Dispatched) -> None:
        """Count ``other`` in too."""
        self.rows += other.rows
        self.queued += other.queued


class Dispatcher:
    """Enqueues what the job views owe, for one deployment (one schema, one queue)."""

    def __init__(
        self,
        pool: AsyncConnectionPool[Any],
        redis: ArqRedis,
        schema: str,
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        """Create a dispatcher.

        Args:
            pool: Connections whose search path need not matter (queries name the schema).
            redis: arq's pool, with the msgspec serializer (the worker's own).
            schema: The deployment's schema; also names its queue and job ids.
            clock: The present instant (tests move it).
        """
        self.pool = pool
        self.redis = redis
        self.schema = schema
        self.queue = queue_name(schema)
        self.clock = clock
        self.seen: dict[str, int] = dict.fromkeys(FEEDS, 0)
        """Per view, the highest row position already enqueued by the fast path."""
        self.listening = asyncio.Event()
        """Set while the fast path's LISTEN connection is up and caught up."""

    # -- the sweep ------------------------------------------------------------------------

    async def sweep(self) -> Dispatched:
        """Enqueue every pending spawn and every reminder due before the next sweep."""
        now = self.clock()
        total = Dispatched()
        async with self.pool.connection() as connection:
            total.add(await self._enqueue(pending_spawns(connection, self.schema), self._spawn))
            due = reminders_due(connection, self.schema, until=now + SWEEP_HORIZON)
            total.add(await self._enqueue(due, self._reminder))
        if total.queued:
            log.info("sweep queued %s of %s pending jobs", total.queued, total.rows)
        return total

    # -- the fast path --------------------------------------------------------------------

    async def dispatch_changed(self, feeds: Iterable[str] = FEEDS) -> Dispatched:
        """Enqueue the rows of ``feeds`` that changed since they were last dispatched."""
        total = Dispatched()
        async with self.pool.connection() as connection:
            for feed in feeds:
                after = self.seen[feed]
                if feed == RECURRENCE:
                    spawns = pending_spawns(connection, self.schema, after_position=after)
                    done, last = await self._enqueue_tracked(spawns, self._spawn)
                else:
                    changed = reminders_changed(connection, self.schema, after_position=after)
                    done, last = await self._enqueue_tracked(changed, self._reminder)
                self.seen[feed] = max(after, last)
                total.add(done)
        return total

    async def follow(self, database_url: str) -> None:
        """Dispatch on every NOTIFY of a job view, until cancelled; reconnect on failure."""
        backoff = BACKOFF_INITIAL_S
        listen = sql.SQL("LISTEN {}").format(sql.Identifier(jobs_notify_channel(self.schema)))
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    database_url, autocommit=True
                ) as connection:
                    await connection.execute(listen)
                    await self.dispatch_changed()
                    self.listening.set()
                    backoff = BACKOFF_INITIAL_S
                    while True:
                        async for notify in connection.notifies(timeout=IDLE_CHECK_S):
                            feed = notify.payload.partition(":")[0]
                            if feed in self.seen:
                                await self.dispatch_changed((feed,))
                        await connection.execute("SELECT 1")
            except Exception as error:
                self.listening.clear()
                log.warning("job dispatch interrupted (%r); retrying in %.1fs", error, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, BACKOFF_MAX_S)

    # -- enqueueing -----------------------------------------------------------------------

    async def _spawn(self, row: PendingSpawn) -> bool:
        job = await self.redis.enqueue_job(
            SPAWN_NEXT_OCCURRENCE,
            str(row.task_id),
            _job_id=spawn_job_id(self.schema, row.task_id, row.completed_version),
            _queue_name=self.queue,
        )
        return job is not None

    async def _reminder(self, row: PendingReminder) -> bool:
        due = row.reminder_at
        job = await self.redis.enqueue_job(
            FIRE_REMINDER,
            str(row.task_id),
            due.isoformat(),
            _job_id=reminder_job_id(self.schema, row.task_id, due),
            _queue_name=self.queue,
            _defer_until=due if due > self.clock() else None,
        )
        return job is not None

    async def _enqueue(
        self, rows: AsyncIterable[Row], enqueue: Callable[[Row], Awaitable[bool]]
    ) -> Dispatched:
        done, _ = await self._enqueue_tracked(rows, enqueue)
        return done

    async def _enqueue_tracked(
        self, rows: AsyncIterable[Row], enqueue: Callable[[Row], Awaitable[bool]]
    ) -> tuple[Dispatched, int]:
        """Enqueue ``rows`` in concurrent chunks; return the counts and the last position."""
        done = Dispatched()
        last = 0
        chunk: list[Row] = []

        async def flush() -> None:
            results = await asyncio.gather(*(enqueue(row) for row in chunk))
            done.rows += len(results)
            done.queued += sum(results)
            chunk.clear()

        async for row in rows:
            chunk.append(row)
            last = max(last, row.position)
            if len(chunk) >= ENQUEUE_CONCURRENCY:
                await flush()
        if chunk:
            await flush()
        return done, last
