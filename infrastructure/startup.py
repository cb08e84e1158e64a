"""Start-up that waits for PostgreSQL instead of giving up on the first refusal.

A process opens its resources once, at start-up. If PostgreSQL refuses it then (a restart
or a failover under way, every connection slot taken, a database not accepting
connections), exiting does more harm than waiting: under ``tasklog serve --workers N``
uvicorn takes a worker that fails to start for a broken application and stops the whole
server, the healthy workers with it; a projector that exits leaves every read model
standing still until something restarts it. So a start-up step is tried again, from
scratch, until PostgreSQL answers or ``DATABASE_WAIT_S`` has passed; only then does
start-up fail, with the last error.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import TypeVar

import psycopg
from eventsourcing import persistence

log = logging.getLogger(__name__)

T = TypeVar("T")

DATABASE_WAIT_S = 60.0
"""How long start-up keeps trying while PostgreSQL refuses (longer than a failover)."""

RETRY_PAUSES_S = (0.5, 1.0, 2.0, 5.0)
"""Pauses between tries, the last repeated."""

UNREACHABLE = (psycopg.OperationalError, persistence.OperationalError)
"""PostgreSQL refused or dropped the connection (a pool that got none included)."""


class _Tries:
    """The pauses and the deadline of one start-up step's tries."""

    def __init__(self, wait_s: float) -> None:
        self.deadline = time.monotonic() + wait_s
        self.count = 0

    def pause_after(self, error: Exception) -> float | None:
        """How long to pause before the next try; ``None``: no time left, give up."""
        pause = RETRY_PAUSES_S[min(self.count, len(RETRY_PAUSES_S) - 1)]
        self.count += 1
        if time.monotonic() + pause > self.deadline:
            return None
        log.warning("PostgreSQL refused start-up (%s); trying again in %.1f s", error, pause)
        return pause


def when_refused_retry(step: Callable[[], T], *, wait_s: float = DATABASE_WAIT_S) -> T:
    """``step()``, again while PostgreSQL refuses it (blocking; see the module).

    ``step`` must be safe to repeat after it failed that way (it opened nothing that
    stays open, or what it opened is found again).
    """
    tries = _Tries(wait_s)
    while True:
        try:
            return step()
        except UNREACHABLE as error:
            pause = tries.pause_after(error)
            if pause is None:
                raise
            time.sleep(pause)


@contextlib.asynccontextmanager
async def when_database_answers(
    open_resource: Callable[[], AbstractAsyncContextManager[T]],
    *,
    wait_s: float = DATABASE_WAIT_S,
) -> AsyncIterator[T]:
    """Enter ``open_resource()``, again from the start while PostgreSQL refuses.

    A resource that fails to open has closed what it opened (it is an async context
    manager), so each try starts clean.
    """
    tries = _Tries(wait_s)
    async with contextlib.AsyncExitStack() as stack:
        while True:
            try:
                resource = await stack.enter_async_context(open_resource())
                break
            except UNREACHABLE as error:
                pause = tries.pause_after(error)
                if pause is None:
                    raise
                await asyncio.sleep(pause)
        yield resource
