"""The projector's one dedicated connection: read-model locks, LISTEN, heartbeats, rebuilds.

The read models' advisory locks go with this connection, so one thread alone uses it:
when the process dies or the connection is lost, a standby projector takes over
(docs/projections.md, "The projector"). Heartbeats commit with ``synchronous_commit`` off:
a heartbeat lost in a crash is worth nothing.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

import psycopg
from psycopg import sql

from infrastructure.pools import Connect
from projections.naming import CATALOG_TABLE, WORKERS_TABLE, demand_channel, qualified
from projections.runner.config import RunnerConfig
from projections.runner.live import LiveWorker
from projections.runner.locks import try_lock
from projections.runner.rebuild_watcher import RebuildWatcher
from projections.runner.supervision import Supervised

log = logging.getLogger(__name__)

RECONNECT_MAX_S = 5.0
"""Longest pause between two attempts to reconnect: every read model waits on it."""

STALLED_AFTER_S = 10.0
"""A worker whose loop has not gone round for this long gets no heartbeat (it shows as
stopped): it is stuck, though its process lives."""


class Coordinator(Supervised):
    """Holds the projector's dedicated connection; see the module."""

    def __init__(
        self,
        *,
        schema: str,
        events_channel: str,
        workers: Sequence[LiveWorker],
        watchers: Mapping[str, RebuildWatcher],
        connect: Connect,
        config: RunnerConfig,
        stop: threading.Event,
    ) -> None:
        super().__init__("projection-coordinator", config, stop)
        self.backoff_max_s = min(config.backoff_max_s, RECONNECT_MAX_S)
        self.workers = tuple(workers)
        self.watchers = dict(watchers)
        self.connect = connect
        self.events_channel = events_channel
        self.demand_channel = demand_channel(schema)
        self._by_name = {worker.projection_class.name: worker for worker in self.workers}
        self._touch = sql.SQL(
            "UPDATE {} AS w SET heartbeat_at = now() "
            "FROM unnest(%s::text[], %s::text[]) AS h(name, holder) "
            "WHERE w.role = 'live' AND w.name = h.name AND w.holder = h.holder"
        ).format(qualified(schema, WORKERS_TABLE))
        self._requested = sql.SQL("SELECT name FROM {} WHERE rebuild_version IS NOT NULL").format(
            qualified(schema, CATALOG_TABLE)
        )

    def run_once(self) -> None:
        with self.connect() as connection:
            try:
                connection.execute("SET synchronous_commit = off")
                for channel in (self.events_channel, self.demand_channel):
                    connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
                self.made_progress()
                self._coordinate(connection)
            finally:
                for worker in self.workers:  # the locks go with this connection
                    worker.deactivate()

    def _coordinate(self, connection: psycopg.Connection[Any]) -> None:
        next_lock = next_beat = next_look = 0.0
        while not self.stop_event.is_set():
            self._release_failed(connection)
            now = time.monotonic()
            if now >= next_lock:
                self._take_locks(connection)
                next_lock = now + self.config.standby_poll_s
            if now >= next_beat:
                self._beat(connection)
                next_beat = now + self.config.heartbeat_s
            if now >= next_look:
                self._look_for_rebuilds(connection)
                next_look = now + self.config.rebuild_poll_s
            wait = max(0.0, min(next_lock, next_beat, next_look) - time.monotonic())
            for note in connection.notifies(timeout=wait):
                self._dispatch(note)

    def _take_locks(self, connection: psycopg.Connection[Any]) -> None:
        for worker in self.workers:
            idle = worker.ready.is_set() and not worker.active.is_set()
            if idle and try_lock(connection, worker.lock_key):
                log.info("%s is active", worker.name)
                worker.activate()

    def _release_failed(self, connection: psycopg.Connection[Any]) -> None:
        """Give up the lock of a worker that failed (it backs off, a standby may take it)."""
        for worker in self.workers:
            if worker.active.is_set() and not worker.ready.is_set():
                worker.deactivate()
                connection.execute("SELECT pg_advisory_unlock(%s)", (worker.lock_key,))

    def _beat(self, connection: psycopg.Connection[Any]) -> None:
        beating = [worker for worker in self.workers if worker.beating(STALLED_AFTER_S)]
        if beating:
            names = [worker.projection_class.name for worker in beating]
            connection.execute(self._touch, (names, [worker.holder for worker in beating]))

    def _look_for_rebuilds(self, connection: psycopg.Connection[Any]) -> None:
        for (name,) in connection.execute(self._requested).fetchall():
            watcher = self.watchers.get(name)
            if watcher is not None:
                watcher.request()

    def _dispatch(self, note: psycopg.Notify) -> None:
        if note.channel == self.demand_channel:
            worker = self._by_name.get(note.payload)
            if worker is not None:
                worker.ask()
            return
        for worker in self.workers:
            if worker.active.is_set():
                worker.wake()
