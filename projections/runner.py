"""Running read models: the shared parts, dead letters, and blue/green rebuilds.

A projector runs, per read model, a ``LiveWorker`` (``projections.live``) that folds new
events into the serving version, and a ``RebuildWatcher`` that builds a requested new
version beside it (``Rebuild``). Its ``Coordinator`` (``projections.coordination``) holds
the process's one dedicated connection: the read models' advisory locks (of several
projector processes one is active per read model, the others stand by and take over
within ``standby_poll_s`` when it dies), the LISTEN for the event store's NOTIFY, and the
heartbeats. Workers read events in batches after their tracking position and fold each
batch in one transaction with the tracking record (exactly once), on the projector's
pool. Errors restart a thread with exponential backoff; an event that fails
``max_attempts`` times is parked in the dead-letter table and skipped.

eventsourcing's own ``ProjectionRunner`` folds one event per transaction, stops on the
first error and waits by polling; this runner keeps its ``Projection``/view contract but
batches, supervises and fails over.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import socket
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

import psycopg
from eventsourcing.application import Application
from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    Notification,
    OperationalError,
    Tracking,
)
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg import Cursor
from psycopg.conninfo import make_conninfo
from psycopg.rows import DictRow

from projections import catalog
from projections.base import (
    Delivered,
    ReadModelProjection,
    ReadModelView,
    VersionSwapped,
)
from projections.bulk import BulkConfig, BulkLoad, build_indexes, standalone_mapper
from projections.naming import advisory_key

log = logging.getLogger(__name__)

Connect = Callable[[], AbstractContextManager[psycopg.Connection[Any]]]
"""Opens a dedicated autocommit connection (advisory locks and LISTEN live on it)."""

AlsoWrite = Callable[[Cursor[DictRow], int], None]
"""More writes for a fold's transaction, given the position the fold reaches."""

TRANSIENT = (
    OperationalError,
    InterfaceError,
    IntegrityError,
    VersionSwapped,
    psycopg.OperationalError,
)
"""Failures that are not an event's fault: they never count towards parking it."""


@dataclass(frozen=True)
class RunnerConfig:
    """Tuning of the projection workers."""

    batch_size: int = 500
    rebuild_batch_size: int = 2000
    max_attempts: int = 5
    backoff_initial_s: float = 0.5
    backoff_max_s: float = 30.0
    standby_poll_s: float = 1.0
    """How often a standby tries to take a read model's lock (and so how soon it takes
    over from a projector that died)."""
    heartbeat_s: float = 1.0
    """How often the coordinator refreshes its active workers' heartbeats (and a rebuild
    its own); ``projections.status`` takes a heartbeat older than three of these for a
    stopped worker."""
    idle_wait_s: float = 1.0
    """Longest a caught-up live worker sleeps without a wake-up before it looks whether it
    should stop (it reads only when woken)."""
    rebuild_poll_s: float = 1.0
    """How often the coordinator looks for requested rebuilds."""
    fold_interval_s: float = 0.025
    """Least time from the start of one live fold to the next read, for the read models
    API reads wait on (``read_waited``: task_list). It bounds what pacing adds to a
    read-your-writes wait, and only while events arrive faster than this."""
    job_fold_interval_s: float = 0.25
    """The same for the job views (recurrence, reminders): only the job worker waits on
    them, and it dispatches what they hold within arq's polling anyway. Also for the read
    models that fold on demand (``folds_on_demand``: notifications): a read waiting on
    one asks for a fold at once (``naming.demand_channel``)."""
    fold_intervals: Mapping[str, float] = field(default_factory=dict)
    """Per read model overrides of the two above: name -> seconds (0 folds at every wake)."""
    fold_heartbeat_s: float = 0.25
    """Least time between the heartbeats a live worker writes with its folds (in the fold's
    transaction): how stale, under load, the ``caught_up_at`` that lag in seconds is
    measured from may be."""
    bulk: BulkConfig = field(default_factory=BulkConfig)
    """How a rebuild folds the backlog of a read model that has a bulk fold (task_list)."""

    def fold_interval(self, projection_class: type[ReadModelProjection]) -> float:
        """The pacing of ``projection_class``'s live folds, in seconds."""
        interval = self.fold_intervals.get(projection_class.name)
        if interval is not None:
            return interval
        if projection_class.read_waited and not projection_class.folds_on_demand:
            return self.fold_interval_s
        return self.job_fold_interval_s


class EventSource:
    """The application's event log, read in position order."""

    def __init__(self, app: Application[Any]) -> None:
        recorder = app.recorder
        if not isinstance(recorder, PostgresApplicationRecorder):
            raise TypeError("projections need the PostgreSQL event store")
        self.recorder = recorder
        self.mapper = app.mapper
        self.mapper_factory = functools.partial(standalone_mapper, type(app))
        """Builds the same mapper in another process (a rebuild's workers)."""
        self.application_name = app.name
        self.channel = recorder.channel_name
        self.events_table = (recorder.datastore.schema, recorder.events_table_name)
        env = app.env
        pool_kwargs = getattr(recorder.datastore.pool, "kwargs", None) or {}
        self.conninfo = make_conninfo(
            dbname=env.get("POSTGRES_DBNAME") or "",
            host=env.get("POSTGRES_HOST") or "",
            port=env.get("POSTGRES_PORT") or "5432",
            user=env.get("POSTGRES_USER") or "",
            password=env.get("POSTGRES_PASSWORD") or "",
            application_name=f"{pool_kwargs.get('application_name') or 'tasklog'}-rebuild",
        )
        """Where the event store is (eventsourcing's own settings): a rebuild's workers
        connect there, named after the process's pool (``tasklog-projector-rebuild``)."""

    def read(self, after: int, limit: int) -> Sequence[Notification]:
        """Up to ``limit`` stored events after position ``after``."""
        notifications: Sequence[Notification] = self.recorder.select_notifications(
            after, limit, inclusive_of_start=False
        )
        return notifications

    def head(self) -> int:
        """The position of the newest stored event (0 when there is none)."""
        return self.recorder.max_notification_id() or 0

    def decode(self, notification: Notification) -> Any:
        """The domain event of a stored event."""
        return self.mapper.to_domain_event(notification)


class Folder:
    """Folds batches into one version of a read model; isolates and parks poison events."""

    def __init__(
        self,
        projection_class: type[ReadModelProjection],
        view: ReadModelView,
        source: EventSource,
        *,
        serving: bool,
        max_attempts: int,
    ) -> None:
        self.projection = projection_class(view=view)
        self.view = view
        self.source = source
        self.serving = serving
        self.max_attempts = max_attempts
        self.failures: dict[int, int] = {}

    def apply(self, notifications: Sequence[Notification], also: AlsoWrite | None = None) -> int:
        """Fold ``notifications`` (consecutive, in order); return the position reached.

        A failing batch is retried one event at a time, so only the event at fault is
        counted; it is parked once it has failed ``max_attempts`` times. ``also`` writes
        more in each fold's transaction (given the position that fold reaches).
        """
        try:
            self._fold(notifications, also)
        except TRANSIENT:
            raise
        except Exception as error:
            if len(notifications) > 1:
                for notification in notifications:
                    self.apply([notification], also)
                return notifications[-1].id
            self._count_failure(notifications[0], error)
        return notifications[-1].id

    def _fold(self, notifications: Sequence[Notification], also: AlsoWrite | None) -> None:
        events = [Delivered(self.source.decode(n), n.id) for n in notifications]
        tracking = Tracking(self.source.application_name, notifications[-1].id)

        def write(curs: Cursor[DictRow]) -> Any:
            changed = self.projection.fold(curs, events, self.view.tables)
            if also is not None:
                also(curs, tracking.notification_id)
            return changed

        self.view.record(write, tracking, serving=self.serving)

    def _count_failure(self, notification: Notification, error: Exception) -> None:
        attempts = self.failures.get(notification.id, 0) + 1
        self.failures[notification.id] = attempts
        if attempts < self.max_attempts:
            raise error
        log.error(
            "parking event %s of %s after %s failures: %r",
            notification.id,
            self.view.projection_name,
            attempts,
            error,
        )
        with self.view.datastore.transaction(commit=True) as curs:
            self.view.check_version(curs, serving=self.serving)
            catalog.park(
                curs,
                self.view.schema,
                name=self.view.projection_name,
                version=self.view.version,
                position=notification.id,
                originator_id=str(notification.originator_id),
                topic=notification.topic,
                error=f"{type(error).__name__}: {error}"[:2000],
                attempts=attempts,
            )
            self.view._insert_tracking(
                curs, Tracking(self.source.application_name, notification.id)
            )
            self.view.notify(curs, notification.id)
        del self.failures[notification.id]


def try_lock(connection: psycopg.Connection[Any], key: int) -> bool:
    """Take the session advisory lock ``key`` if it is free."""
    row = connection.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
    return bool(row and row[0])


def holder_name(thread: str | None = None) -> str:
    """Who holds a lock, for operators: host, process and thread (the current one's)."""
    name = thread or threading.current_thread().name
    return f"{socket.gethostname()}:{os.getpid()}:{name}"


class Supervised(threading.Thread):
    """A daemon thread that reruns ``run_once`` with exponential backoff when it fails."""

    def __init__(self, name: str, config: RunnerConfig, stop: threading.Event) -> None:
        super().__init__(name=name, daemon=True)
        self.config = config
        self.stop_event = stop
        self.backoff = config.backoff_initial_s
        self.backoff_max_s = config.backoff_max_s
        self.last_error: str | None = None
        self.restarts = 0

    def run(self) -> None:
        while not self.stop_event.is_set():
            try:
                self.run_once()
            except Exception as error:
                self.restarts += 1
                self.last_error = f"{type(error).__name__}: {error}"
                log.warning("%s failed (%s); restarting in %.1fs", self.name, error, self.backoff)
                self.on_failure(self.last_error)
                self.stop_event.wait(self.backoff)
                self.backoff = min(self.backoff * 2, self.backoff_max_s)

    def made_progress(self) -> None:
        """Reset the backoff after work succeeded."""
        self.backoff = self.config.backoff_initial_s

    def run_once(self) -> None:
        """Do the work until stopped; raise to be restarted."""
        raise NotImplementedError

    def on_failure(self, error: str) -> None:
        """Report a failure (best effort)."""


ProgressCallback = Callable[[int, int], None]
"""Called with (position, head) as a rebuild advances."""


class Rebuild:
    """Builds the requested new version of a read model beside the serving one and swaps.

    Runs wherever it is started (a projector's watcher thread or the CLI); an advisory
    lock lets only one process build at a time, and the new version's own tracking table
    lets any of them resume an interrupted build where it stopped.
    """

    def __init__(
        self,
        projection_class: type[ReadModelProjection],
        *,
        datastore: PostgresDatastore,
        source: EventSource,
        connect: Connect,
        config: RunnerConfig,
        stop: threading.Event,
    ) -> None:
        self.projection_class = projection_class
        self.name = projection_class.name
        self.datastore = datastore
        self.schema = datastore.schema
        self.source = source
        self.connect = connect
        self.config = config
        self.stop = stop
        self._failures: dict[int, int] = {}
        self._failures_of = 0
        """The version ``_failures`` counts for."""

    @property
    def lock_key(self) -> int:
        """The advisory lock a builder of this read model holds."""
        return advisory_key(self.schema, "rebuild", self.name)

    def pending(self) -> catalog.CatalogEntry | None:
        """The catalog entry if a rebuild is requested, else ``None``."""
        with self.datastore.transaction(commit=False) as curs:
            current = catalog.entry(curs, self.schema, self.name)
        return current if current.rebuild_version is not None else None

    def run(self, progress: ProgressCallback | None = None) -> bool:
        """Build and swap the requested version; ``False`` if another process holds the lock.

        Returns ``True`` also when there was nothing to do or ``stop`` was set.
        """
        with self.connect() as connection:
            if not try_lock(connection, self.lock_key):
                return False
            wanted = self.pending()
            if wanted is None or wanted.rebuild_version is None:
                return True
            view = ReadModelView(
                self.datastore, projection=self.projection_class, version=wanted.rebuild_version
            )
            view.create_table(with_indexes=False)  # bulk-load first, index once at the end
            folder = Folder(
                self.projection_class,
                view,
                self.source,
                serving=False,
                max_attempts=self.config.max_attempts,
            )
            if self._failures_of != view.version:
                self._failures, self._failures_of = {}, view.version
            folder.failures = self._failures  # counted across restarts, so a poison event parks
            started = time.monotonic()
            resumed_from = view.position(self.source.application_name)
            position = self._load(folder, progress)
            if self.stop.is_set():
                return True
            folded = time.monotonic()
            log.info(
                "%s v%s: folded events %s-%s in %.1f s",
                self.name,
                view.version,
                resumed_from + 1,
                position,
                folded - started,
            )
            bulk = self.config.bulk
            build_indexes(view, self.connect, parallel=bulk.workers, memory=bulk.index_memory)
            log.info(
                "%s v%s: indexes built in %.1f s",
                self.name,
                view.version,
                time.monotonic() - folded,
            )
            position = self._catch_up(folder, progress)  # what arrived while indexing
            if self.stop.is_set():
                return True
            position = self._swap(view, wanted.version, position)
            if progress is not None:
                progress(position, position)
            self._drop(wanted.version)
            return True

    def _load(self, folder: Folder, progress: ProgressCallback | None) -> int:
        """Fold the backlog into the new version: in bulk where the read model can, then
        whatever is left in batches.

        A chunk the bulk fold could not fold is folded carefully (``Folder``: the event
        at fault is retried, then parked), and the bulk fold goes on after it.
        """
        fold_class = self.projection_class.bulk_fold()
        if fold_class is not None:
            bulk = BulkLoad(
                fold_class, folder.view, self.source, config=self.config.bulk, stop=self.stop
            )
            beat = self._beater()
            while not self.stop.is_set():
                outcome = bulk.run(progress, beat)
                if outcome.failed_through is None:
                    break
                log.warning(
                    "%s: could not fold events %s-%s in bulk (%s); folding them one batch "
                    "at a time",
                    self.name,
                    outcome.position + 1,
                    outcome.failed_through,
                    outcome.error,
                )
                self._catch_up(folder, progress, until=outcome.failed_through)
        return self._catch_up(folder, progress)

    def _beater(self) -> Callable[[int], None]:
        """A heartbeat callback that writes at most every ``heartbeat_s``."""
        last = -math.inf

        def beat(position: int) -> None:
            nonlocal last
            if time.monotonic() - last >= self.config.heartbeat_s:
                self._beat(position)
                last = time.monotonic()

        return beat

    def _catch_up(
        self, folder: Folder, progress: ProgressCallback | None, until: int | None = None
    ) -> int:
        """Fold batches into the new version until the event log has no more (or stop),
        or until position ``until``."""
        position = folder.view.position(self.source.application_name)
        beat = self._beater()
        while not self.stop.is_set() and (until is None or position < until):
            head = self.source.head()
            if progress is not None:
                progress(position, head)
            beat(position)
            notifications = self.source.read(position, self.config.rebuild_batch_size)
            if until is not None:
                notifications = [n for n in notifications if n.id <= until]
            if not notifications:
                break
            position = folder.apply(notifications)
        return position

    def _swap(self, view: ReadModelView, old_version: int, position: int) -> int:
        """Catch up the last events and make the new version serve, in one transaction."""
        projection = self.projection_class(view=view)
        start = position
        with self.datastore.transaction(commit=True) as curs:
            current = catalog.entry(curs, self.schema, self.name, lock="FOR UPDATE")
            if current.rebuild_version != view.version:
                raise VersionSwapped(f"rebuild of {self.name} v{view.version} was cancelled")
            while True:
                notifications = self.source.read(position, self.config.rebuild_batch_size)
                if not notifications:
                    break
                events = [Delivered(self.source.decode(n), n.id) for n in notifications]
                projection.fold(curs, events, view.tables)
                position = notifications[-1].id
            if position > start:
                view._insert_tracking(curs, Tracking(self.source.application_name, position))
            catalog.complete_swap(
                curs,
                self.schema,
                self.name,
                view.version,
                current.rebuild_revision or self.projection_class.revision,
            )
            catalog.point_views(
                curs, self.schema, self.name, self.projection_class.tables, view.version
            )
            view.notify(curs, position)
        log.info("%s: version %s serves from position %s", self.name, view.version, position)
        return position

    def _drop(self, version: int) -> None:
        old = ReadModelView(self.datastore, projection=self.projection_class, version=version)
        old.drop_tables()

    def _beat(self, position: int) -> None:
        with self.datastore.transaction(commit=True) as curs:
            catalog.heartbeat(
                curs,
                self.schema,
                name=self.name,
                role="rebuild",
                holder=holder_name(),
                state="rebuilding",
                position=position,
                caught_up=False,
            )


class RebuildWatcher(Supervised):
    """Runs requested rebuilds of one read model in the projector process.

    Idle, it waits for the coordinator to see a request in the catalog (``request``), so
    a projector at rest does not ask the database for each read model.
    """

    def __init__(self, rebuild: Rebuild, config: RunnerConfig, stop: threading.Event) -> None:
        super().__init__(f"rebuild-{rebuild.name}", config, stop)
        self.rebuild = rebuild
        self._requested = threading.Event()

    def request(self) -> None:
        """A rebuild of this read model is requested (the coordinator saw it)."""
        self._requested.set()

    def stop(self) -> None:
        """Wake the thread so that it sees the stop event."""
        self._requested.set()

    def run_once(self) -> None:
        while not self.stop_event.is_set():
            self._requested.wait()
            self._requested.clear()
            stopping = self.stop_event.is_set()
            if not stopping and self.rebuild.pending() is not None and self.rebuild.run():
                self.made_progress()
