"""Start-up that waits for PostgreSQL instead of giving up on the first refusal.

An API process opens its resources once, at start-up. If PostgreSQL refuses it then (a
restart or a failover under way, every connection slot taken, a database not accepting
connections), failing start-up does more than stop this process: under ``tasklog serve
--workers N`` uvicorn takes a worker that fails to start for a broken application and
stops the whole server, the healthy workers with it. So each resource is opened again,
from scratch, until PostgreSQL answers or ``DATABASE_WAIT_S`` has passed; only then does
start-up fail (with the last error).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
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
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait_s
    tries = 0
    async with contextlib.AsyncExitStack() as stack:
        while True:
            try:
                resource = await stack.enter_async_context(open_resource())
                break
            except UNREACHABLE as error:
                pause = RETRY_PAUSES_S[min(tries, len(RETRY_PAUSES_S) - 1)]
                tries += 1
                if loop.time() + pause > deadline:
                    raise
                log.warning(
                    "PostgreSQL refused start-up (%s); trying again in %.1f s", error, pause
                )
                await asyncio.sleep(pause)
        yield resource
