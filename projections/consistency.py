"""Read-your-writes: wait until a projection reaches a position, woken by NOTIFY.

One ``PositionWatch`` per API process keeps one ``LISTEN`` connection on the projections'
channel. Every projector commit NOTIFYs ``name:position`` (and the owners whose rows
changed, see ``projections.notify.notify_payload``); the watch records the highest position
seen per read model and wakes the waiters whose target it reached (a heap per read model,
so a notification costs O(woken)). A waiter checks the database once before sleeping, so
nothing is missed between its read and the notification. ``ChangeListener``s (the list
page cache) hear every change, and hear when the connection was lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
from collections.abc import Awaitable, Callable, Collection
from typing import Any, Protocol

import psycopg
from psycopg import sql

from projections.naming import notify_channel
from projections.notify import parse_notify_payload

log = logging.getLogger(__name__)

_RECONNECT_S = (0.1, 0.5, 1.0, 2.0, 5.0)


class ConsistencyTimeout(Exception):
    """The projection did not reach the wanted position in time (answered 503)."""

    def __init__(self, name: str, wanted: int, reached: int) -> None:
        super().__init__(f"{name} reached {reached}, not {wanted}, in time")
        self.name = name
        self.wanted = wanted
        self.reached = reached


class ChangeListener(Protocol):
    """Told of every committed change of the read models, and of notifications missed."""

    def changed(self, name: str, position: int, owners: frozenset[str] | None) -> None:
        """``name`` reached ``position``; ``owners`` changed (``None``: anyone may have)."""

    def connected(self, connected: bool) -> None:
        """LISTEN is up (``True``) or lost (``False``): changes may have gone unheard."""


Demand = Callable[[str], Awaitable[None]]
"""Asks the projector to fold a read model now: a NOTIFY of its name on ``demand_channel``
(see ``RunnerConfig.fold_interval``)."""


class PositionWatch:
    """Tracks projection positions from NOTIFY and lets coroutines wait for one."""

    def __init__(
        self,
        conninfo: str,
        schema: str,
        *,
        demand: Demand | None = None,
        on_demand: Collection[str] = (),
    ) -> None:
        """Watch ``schema``'s read models; a wait on one named in ``on_demand`` asks for its
        fold with ``demand`` (the others fold often enough not to be asked)."""
        self._conninfo = conninfo
        self._demand = demand
        self._on_demand = frozenset(on_demand)
        self._asking: dict[str, asyncio.Future[None]] = {}
        self._channel = notify_channel(schema)
        self._known: dict[str, int] = {}
        self._waiters: dict[str, list[tuple[int, int, asyncio.Future[None]]]] = {}
        self._counter = itertools.count()
        self._task: asyncio.Task[None] | None = None
        self._listeners: list[ChangeListener] = []
        self.connected = asyncio.Event()

    def add_listener(self, listener: ChangeListener) -> None:
        """Tell ``listener`` of every change from now on (and of the connection's state)."""
        self._listeners.append(listener)
        listener.connected(self.connected.is_set())

    def known(self, name: str) -> int:
        """The highest position of ``name`` announced since the watch started."""
        return self._known.get(name, 0)

    async def start(self) -> None:
        """Start listening (in the background; reconnects on its own)."""
        self._task = asyncio.create_task(self._listen(), name="projection-position-watch")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.connected.wait(), timeout=5)

    async def stop(self) -> None:
        """Stop listening and release every waiter."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self.connected.clear()
        self._tell_connected(False)
        self._wake_all()

    async def _listen(self) -> None:
        attempt = 0
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    self._conninfo, autocommit=True
                ) as connection:
                    await connection.execute(
                        sql.SQL("LISTEN {}").format(sql.Identifier(self._channel))
                    )
                    self.connected.set()
                    self._tell_connected(True)
                    attempt = 0
                    self._wake_all()  # anything missed while away: let waiters re-check
                    async for notification in connection.notifies():
                        self._announce(notification.payload)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                self.connected.clear()
                self._tell_connected(False)
                delay = _RECONNECT_S[min(attempt, len(_RECONNECT_S) - 1)]
                attempt += 1
                log.warning("projection LISTEN connection lost (%s); retry in %ss", error, delay)
                self._wake_all()
                await asyncio.sleep(delay)

    def _tell_connected(self, connected: bool) -> None:
        for listener in self._listeners:
            listener.connected(connected)

    def _announce(self, payload: str) -> None:
        parsed = parse_notify_payload(payload)
        if parsed is None:
            return
        name, position, owners = parsed
        for listener in self._listeners:
            listener.changed(name, position, owners)
        if position > self._known.get(name, 0):
            self._known[name] = position
        heap = self._waiters.get(name)
        while heap and heap[0][0] <= position:
            _, _, future = heapq.heappop(heap)
            if not future.done():
                future.set_result(None)

    def _wake_all(self) -> None:
        for heap in self._waiters.values():
            for _, _, future in heap:
                if not future.done():
                    future.set_result(None)
            heap.clear()

    async def _sleep_until(self, name: str, position: int, wait_s: float) -> None:
        if self.known(name) >= position:
            await asyncio.sleep(0.005)  # announced but not yet visible here: do not spin
            return
        if not self.connected.is_set():
            wait_s = min(wait_s, 0.1)  # no LISTEN right now: fall back to re-reading
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters.setdefault(name, []), (position, next(self._counter), future))
        try:
            await asyncio.wait_for(future, wait_s)
        except TimeoutError:
            pass
        finally:
            if not future.done():
                future.cancel()
                heap = self._waiters.get(name, [])
                with contextlib.suppress(ValueError):
                    heap.remove(next(entry for entry in heap if entry[2] is future))
                    heapq.heapify(heap)

    async def read_at_least(
        self,
        name: str,
        position: int | None,
        timeout_s: float,
        read: Callable[[], Awaitable[Any]],
    ) -> Any:
        """Run ``read`` until its ``.position`` is at least ``position``.

        ``read`` returns anything with a ``position`` attribute (the position its rows
        reflect). Without a wanted position it runs once.

        Raises:
            ConsistencyTimeout: ``position`` was not reached within ``timeout_s``.
        """
        result = await read()
        if position is None or result.position >= position:
            return result
        await self._ask(name)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise ConsistencyTimeout(name, position, result.position)
            await self._sleep_until(name, position, remaining)
            result = await read()
            if result.position >= position:
                return result

    async def _ask(self, name: str) -> None:
        """Ask for a fold of ``name`` now; waiters arriving while a request is out share it.

        A read model paced to fold only every so often (``folds_on_demand``) would make a
        read-your-writes wait sit out the pacing; the demand ends it. Failing to ask only
        loses that: the wait goes on, bounded by the pacing and the caller's timeout.
        """
        if self._demand is None or name not in self._on_demand:
            return
        pending = self._asking.get(name)
        if pending is None:
            pending = asyncio.ensure_future(self._demand(name))
            self._asking[name] = pending
            pending.add_done_callback(lambda _: self._asking.pop(name, None))
        try:
            await asyncio.shield(pending)
        except Exception as error:  # (a cancelled waiter's CancelledError passes)
            log.debug("could not ask for a fold of %s: %r", name, error)
