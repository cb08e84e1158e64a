"""PostgreSQL pools: small until used, named for operators, checked after a lost connection.

Every pool starts with ``min_size`` connections and grows on demand up to ``max_size``;
psycopg_pool closes a connection above the minimum after it sat unused for ``max_idle``
seconds (one per interval), so an idle deployment holds few connections.

Each process kind names its connections (``application_name``): ``tasklog-api``,
``tasklog-projector``, ``tasklog-worker``, ``tasklog-cli``, and ``<kind>-listen`` for a
process's one LISTEN connection, so ``pg_stat_activity`` shows who holds what.

Connections are not tested before each use (a round trip per checkout). When one comes
back broken (the server restarted, a failover, ``pg_terminate_backend``), the pool tests
the idle ones at once and replaces the dead, so the next checkout gets a live one; a read
that failed on the broken connection runs once more (``retry_read``).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import math
import threading
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Generic, ParamSpec, TypeVar

import psycopg
from eventsourcing.postgres import ConnectionPool as EventsourcingConnectionPool
from psycopg.conninfo import make_conninfo
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from infrastructure.settings import Settings

log = logging.getLogger(__name__)

API = "tasklog-api"
PROJECTOR = "tasklog-projector"
WORKER = "tasklog-worker"
CLI = "tasklog-cli"

LOST_CONNECTION_STATES = frozenset({"57P01", "57P02", "57P03"})
"""admin_shutdown (``pg_terminate_backend``, a fast shutdown), crash_shutdown,
cannot_connect_now (starting up or shutting down); class 08 is every connection error."""

T = TypeVar("T")
P = ParamSpec("P")
CT = TypeVar("CT", bound=psycopg.Connection[Any])
ACT = TypeVar("ACT", bound=psycopg.AsyncConnection[Any])

Connect = Callable[[], AbstractContextManager[psycopg.Connection[Any]]]
"""Opens a dedicated autocommit connection (advisory locks and LISTEN live on it)."""


def listen_name(kind: str) -> str:
    """The ``application_name`` of a process kind's LISTEN connection."""
    return f"{kind}-listen"


@dataclass(frozen=True)
class PoolSizing:
    """How many connections a pool keeps and may open."""

    min_size: int
    """Kept open even when idle (at most ``max_size``)."""
    max_size: int
    """Open at most, under load."""
    max_idle_s: float
    """A connection above ``min_size`` unused this long is closed (one per interval)."""

    def __post_init__(self) -> None:
        if self.max_size < 1:
            raise ValueError("a pool needs max_size >= 1")
        object.__setattr__(self, "min_size", max(0, min(self.min_size, self.max_size)))


def sizing(settings: Settings, max_size: int) -> PoolSizing:
    """A pool of at most ``max_size`` connections, kept small when idle as ``settings`` say."""
    return PoolSizing(settings.pool_min_size, max_size, settings.pool_max_idle_s)


def named(conninfo: str, application_name: str) -> str:
    """``conninfo`` whose sessions carry ``application_name``."""
    return make_conninfo(conninfo, application_name=application_name)


def connector(database_url: str, application_name: str = CLI) -> Connect:
    """A factory of dedicated autocommit connections (for advisory locks and LISTEN)."""
    conninfo = named(database_url, application_name)

    def connect() -> AbstractContextManager[psycopg.Connection[Any]]:
        return psycopg.connect(conninfo, autocommit=True, connect_timeout=5)

    return connect


def connection_lost(error: BaseException) -> bool:
    """Whether ``error`` (or what it wraps) says the connection to PostgreSQL is gone.

    Not a timeout waiting for a pooled connection (``PoolTimeout``): trying again would
    only wait again. Errors eventsourcing wraps are judged by their cause.
    """
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, PoolTimeout):
            return False
        if isinstance(seen, psycopg.OperationalError):
            state = seen.sqlstate
            return state is None or state.startswith("08") or state in LOST_CONNECTION_STATES
        if isinstance(seen, psycopg.InterfaceError):
            return True
        seen = seen.__cause__
    return False


class CheckedConnectionPool(EventsourcingConnectionPool[CT], Generic[CT]):
    """eventsourcing's (synchronous) pool, testing its idle connections after a lost one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._checking = threading.Lock()
        self._checked_at = -math.inf

    def putconn(self, conn: CT) -> None:
        """Return ``conn``; if it broke, test the idle connections before going on.

        Threads that lost theirs at once test the pool once: a thread that finds a test
        begun after its loss waits for it, and its next checkout gets a tested connection.
        """
        broken = conn.broken
        lost_at = time.monotonic()
        super().putconn(conn)
        if not broken or self.closed:
            return
        with self._checking:
            if self._checked_at < lost_at:
                self._checked_at = time.monotonic()
                log.warning("pool %s lost a connection; checking the idle ones", self.name)
                self.check()


class CheckedAsyncConnectionPool(AsyncConnectionPool[ACT], Generic[ACT]):
    """psycopg's async pool, testing its idle connections after a lost one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._checking = asyncio.Lock()
        self._checked_at = -math.inf

    async def putconn(self, conn: ACT) -> None:
        """Return ``conn``; if it broke, test the idle connections before going on.

        As ``CheckedConnectionPool.putconn``. The test is shielded: a request cancelled
        meanwhile must not leave the connections under test out of the pool.
        """
        broken = conn.broken
        lost_at = time.monotonic()
        await super().putconn(conn)
        if not broken or self.closed:
            return
        async with self._checking:
            if self._checked_at < lost_at:
                self._checked_at = time.monotonic()
                log.warning("pool %s lost a connection; checking the idle ones", self.name)
                await asyncio.shield(self.check())


def async_pool(
    conninfo: str, sizing: PoolSizing, application_name: str
) -> CheckedAsyncConnectionPool[psycopg.AsyncConnection[Any]]:
    """An autocommit async pool named ``application_name`` (not opened yet)."""
    return CheckedAsyncConnectionPool(
        named(conninfo, application_name),
        min_size=sizing.min_size,
        max_size=sizing.max_size,
        max_idle=sizing.max_idle_s,
        kwargs={"autocommit": True},
        open=False,
        name=application_name,
    )


async def retry_read(pool: AsyncConnectionPool[Any], read: Callable[[Any], Awaitable[T]]) -> T:
    """``read(connection)`` on a pooled connection; once more on a fresh one if it was lost.

    Only for reads (and writes that are safe to repeat): the first attempt may have
    reached the server before the connection went. The pool has replaced its dead idle
    connections by the time the second attempt takes one.
    """
    try:
        async with pool.connection() as connection:
            return await read(connection)
    except (psycopg.OperationalError, psycopg.InterfaceError) as error:
        if not connection_lost(error):
            raise
        log.info("connection lost during a read (%s); reading again", error)
    async with pool.connection() as connection:
        return await read(connection)


def retry_lost(
    attempts: int = 3, wait_s: float = 0.05
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Run a blocking read again (up to ``attempts`` in all) while its connection is lost.

    For reads only, as ``retry_read``. Other errors, and a pool that gives no connection
    in time, are raised at once: waiting for the pool again would only double the wait.
    """

    def decorate(function: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(function)
        def retrying(*args: P.args, **kwargs: P.kwargs) -> T:
            for attempt in range(1, attempts + 1):
                try:
                    return function(*args, **kwargs)
                except Exception as error:
                    if attempt == attempts or not connection_lost(error):
                        raise
                    log.info("connection lost during a read (%s); reading again", error)
                    time.sleep(wait_s)
            raise AssertionError("unreachable")

        return retrying

    return decorate
