"""Running read models: supervised live workers, standby via advisory locks, dead letters.

Each read model gets a ``LiveWorker`` thread. The worker takes a PostgreSQL advisory lock
for its read model on a connection of its own, so of several projector processes one is
active and the others stand by; the lock goes with the connection when a process dies,
and a standby takes over within ``standby_poll_s``. The active worker reads events in
batches after its tracking position and folds each batch in one transaction with the
tracking record (exactly once), and sleeps on ``LISTEN`` for the event store's NOTIFY
when it has caught up. Errors restart it with exponential backoff; an event that fails
``max_attempts`` times is parked in the dead-letter table and skipped.

Live folds are paced: a fold costs about ten statements whatever its size, so after one
the worker does not read again until ``RunnerConfig.fold_interval`` has passed since that
fold started. A lone event after a quiet spell is folded at once; under a steady stream
each fold takes everything that arrived meanwhile, so the fixed cost is shared by many
events instead of being paid for each one.

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
from psycopg import Cursor, sql
from psycopg.conninfo import make_conninfo
from psycopg.rows import DictRow

from projections import catalog
from projections.base import (
    Delivered,
    FoldResult,
    ReadModelProjection,
    ReadModelView,
    VersionSwapped,
)
from projections.bulk import BulkConfig, BulkLoad, build_indexes, standalone_mapper
from projections.naming import advisory_key, demand_channel

log = logging.getLogger(__name__)

Connect = Callable[[], AbstractContextManager[psycopg.Connection[Any]]]
"""Opens a dedicated autocommit connection (advisory locks and LISTEN live on it)."""

AlsoWrite = Callable[[Cursor[DictRow], int], None]
"""More writes for a fold's transaction, given the position the fold reaches."""

CommitHook = Callable[[int, FoldResult], None]
"""Told after each live fold of a read model committed: the position reached and what the
fold changed (``projections.base.FoldResult``). It runs on the worker's thread: hand the
work to another thread rather than delay the next fold."""

DEMAND_POLL_S = 0.025
"""How often a paced wait looks for a read's demand: what a demanded fold may wait."""

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
    heartbeat_s: float = 2.0
    idle_wait_s: float = 1.0
    rebuild_poll_s: float = 1.0
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
        self.conninfo = make_conninfo(
            dbname=env.get("POSTGRES_DBNAME") or "",
            host=env.get("POSTGRES_HOST") or "",
            port=env.get("POSTGRES_PORT") or "5432",
            user=env.get("POSTGRES_USER") or "",
            password=env.get("POSTGRES_PASSWORD") or "",
        )
        """Where the event store is (eventsourcing's own settings): a rebuild's workers
        connect there."""

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
        on_commit: CommitHook | None = None,
    ) -> None:
        self.projection = projection_class(view=view)
        self.view = view
        self.source = source
        self.serving = serving
        self.max_attempts = max_attempts
        self.on_commit = on_commit
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

        changed = self.view.record(write, tracking, serving=self.serving)
        if self.on_commit is not None:
            try:
                self.on_commit(tracking.notification_id, changed)
            except Exception:  # committed already: a hook's failure is not the fold's
                log.exception("commit hook of %s failed", self.view.projection_name)

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


def holder_name() -> str:
    """Who holds a lock, for operators: host, process and thread."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"


class Supervised(threading.Thread):
    """A daemon thread that reruns ``run_once`` with exponential backoff when it fails."""

    def __init__(self, name: str, config: RunnerConfig, stop: threading.Event) -> None:
        super().__init__(name=name, daemon=True)
        self.config = config
        self.stop_event = stop
        self.backoff = config.backoff_initial_s
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
                self.backoff = min(self.backoff * 2, self.config.backoff_max_s)

    def made_progress(self) -> None:
        """Reset the backoff after work succeeded."""
        self.backoff = self.config.backoff_initial_s

    def run_once(self) -> None:
        """Do the work until stopped; raise to be restarted."""
        raise NotImplementedError

    def on_failure(self, error: str) -> None:
        """Report a failure (best effort)."""


class LiveWorker(Supervised):
    """Keeps the serving version of one read model up to date, while holding its lock."""

    def __init__(
        self,
        projection_class: type[ReadModelProjection],
        *,
        datastore: PostgresDatastore,
        source: EventSource,
        connect: Connect,
        config: RunnerConfig,
        stop: threading.Event,
        on_commit: CommitHook | None = None,
    ) -> None:
        super().__init__(f"projection-{projection_class.name}", config, stop)
        self.on_commit = on_commit
        self.projection_class = projection_class
        self.datastore = datastore
        self.source = source
        self.connect = connect
        self.schema = datastore.schema
        self.active = threading.Event()
        self.position = 0
        self.folds = 0
        """Batches folded so far (live)."""
        self.paced = 0
        """Wake-ups that waited for the fold interval before reading."""
        self.demanded = 0
        """Paced waits cut short because a read asked for this read model."""
        self.demand_channel = demand_channel(self.schema)
        self._folder: Folder | None = None

    @property
    def lock_key(self) -> int:
        """The advisory lock that makes this worker the active one."""
        return advisory_key(self.schema, "live", self.projection_class.name)

    def run_once(self) -> None:
        with self.connect() as connection:
            while not try_lock(connection, self.lock_key):
                self.active.clear()
                if self.stop_event.wait(self.config.standby_poll_s):
                    return
            self.active.set()
            try:
                for channel in (self.source.channel, self.demand_channel):
                    connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
                self._follow(connection)
            finally:
                self.active.clear()

    def _serving_folder(self) -> Folder | None:
        """A folder for the serving version; ``None`` while other code's tables serve.

        Tables built by another revision of the projection's code may lack what this
        code writes: the worker folds nothing into them and waits for the rebuild (which
        the projector requested at start-up) to swap in tables of its own revision.
        Reads keep answering, from the old tables, meanwhile.
        """
        with self.datastore.transaction(commit=False) as curs:
            entry = catalog.entry(curs, self.schema, self.projection_class.name)
        if entry.revision != self.projection_class.revision:
            return None
        version = entry.version
        view = ReadModelView(self.datastore, projection=self.projection_class, version=version)
        folder = Folder(
            self.projection_class,
            view,
            self.source,
            serving=True,
            max_attempts=self.config.max_attempts,
            on_commit=self.on_commit,
        )
        if self._folder is not None and self._folder.view.version == version:
            folder.failures = self._folder.failures  # keep counting across restarts
        self._folder = folder
        return folder

    def _follow(self, connection: psycopg.Connection[Any]) -> None:
        folder = self._wait_for_own_revision(connection)
        if folder is None:
            return
        self.position = folder.view.position(self.source.application_name)
        interval = self.config.fold_interval(self.projection_class)
        caught_up = False
        reported: bool | None = None  # what the last heartbeat said
        last_beat = 0.0
        last_fold = -math.inf  # when the previous fold started (monotonic)
        while not self.stop_event.is_set():
            if caught_up != reported or time.monotonic() - last_beat >= self.config.heartbeat_s:
                self._beat("running", caught_up=caught_up)
                reported, last_beat = caught_up, time.monotonic()
            if caught_up and not self._await_events(connection, last_fold + interval):
                return
            notifications = self.source.read(self.position, self.config.batch_size)
            if not notifications:
                caught_up = True
                continue
            # A short batch reached the end of the log as it was when read: whatever was
            # stored since has sent (or will send) a NOTIFY on the LISTEN connection, so
            # the worker waits for that instead of reading again to find nothing.
            short = len(notifications) < self.config.batch_size
            started = time.monotonic()
            beating = short != reported or started - last_beat >= self.config.fold_heartbeat_s
            beat = self._fold_beat(notifications[-1].id if short else None) if beating else None
            try:
                self.position = folder.apply(notifications, beat)
            except VersionSwapped:
                log.info("%s: serving version changed; switching", self.name)
                switched = self._wait_for_own_revision(connection)
                if switched is None:
                    return
                folder = switched
                self.position = folder.view.position(self.source.application_name)
                caught_up = False
                continue
            last_fold = started
            self.folds += 1
            self.made_progress()
            caught_up = short
            if beating:
                reported, last_beat = caught_up, started

    def _fold_beat(self, caught_up_at: int | None) -> AlsoWrite:
        """The heartbeat of a fold, written in the fold's own transaction.

        So it costs no commit of its own, and under load the heartbeat's ``caught_up_at``
        (which the lag in seconds is measured from) stays fresh to ``fold_heartbeat_s``
        without a transaction per wake-up. The fold that reaches ``caught_up_at`` leaves
        the worker caught up.
        """

        def beat(curs: Cursor[DictRow], position: int) -> None:
            self._heartbeat(curs, "running", position, caught_up=position == caught_up_at)

        return beat

    def _await_events(self, connection: psycopg.Connection[Any], not_before: float) -> bool:
        """Wait for the event store's NOTIFY, then until ``not_before``; ``False`` if stopped.

        Returns after ``idle_wait_s`` without a NOTIFY too (the caller then reads anyway,
        in case one was missed), and that poll is not paced. A NOTIFY within the fold
        interval waits for the rest of it, so the next read takes everything stored
        meanwhile, unless a read asks for this read model (``demand_channel``): then it
        folds at once. Pending NOTIFYs are then drained: the read that follows sees every
        event they announce (each is sent after its event committed), and left queued
        each would wake the worker for a read that finds nothing.
        """
        woken = list(connection.notifies(timeout=self.config.idle_wait_s, stop_after=1))
        if woken and not self._asked_for(woken[0]) and time.monotonic() < not_before:
            self.paced += 1
            if not self._pause(connection, not_before):
                return False
        for _ in connection.notifies(timeout=0):
            pass
        return not self.stop_event.is_set()

    def _pause(self, connection: psycopg.Connection[Any], until: float) -> bool:
        """Sleep until ``until`` (monotonic) unless a read asks first; ``False`` if stopped.

        Looks for a demand every ``DEMAND_POLL_S`` rather than waking at each NOTIFY:
        under load events arrive far more often than that, and the pause is what keeps
        this worker from waking for each. The NOTIFYs taken meanwhile are consumed (the
        read after the pause takes every event they announce).
        """
        while (remaining := until - time.monotonic()) > 0:
            if self.stop_event.wait(min(remaining, DEMAND_POLL_S)):
                return False
            heard = list(connection.notifies(timeout=0))  # all of them: none left queued
            if any(self._asked_for(note) for note in heard):
                self.demanded += 1
                return True
        return not self.stop_event.is_set()

    def _asked_for(self, note: psycopg.Notify) -> bool:
        """Whether ``note`` is a read's demand for this read model."""
        return note.channel == self.demand_channel and note.payload == self.projection_class.name

    def _wait_for_own_revision(self, connection: psycopg.Connection[Any]) -> Folder | None:
        """The serving folder, once tables of this code's revision serve (None if stopped)."""
        while not self.stop_event.is_set():
            folder = self._serving_folder()
            if folder is not None:
                return folder
            self._beat("waiting for rebuild", caught_up=False)
            for _ in connection.notifies(timeout=self.config.idle_wait_s, stop_after=1):
                pass
        return None

    def _beat(self, state: str, *, caught_up: bool, error: str | None = None) -> None:
        with self.datastore.transaction(commit=True) as curs:
            self._heartbeat(curs, state, self.position, caught_up=caught_up, error=error)

    def _heartbeat(
        self,
        curs: Cursor[DictRow],
        state: str,
        position: int,
        *,
        caught_up: bool,
        error: str | None = None,
    ) -> None:
        catalog.heartbeat(
            curs,
            self.schema,
            name=self.projection_class.name,
            role="live",
            holder=holder_name(),
            state=state,
            position=position,
            caught_up=caught_up,
            error=error,
        )

    def on_failure(self, error: str) -> None:
        if not self.active.is_set():
            return
        try:
            self._beat("failed", caught_up=False, error=error)
        except Exception:
            log.debug("could not record the failure of %s", self.name, exc_info=True)


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
    """Runs requested rebuilds of one read model in the projector process."""

    def __init__(self, rebuild: Rebuild, config: RunnerConfig, stop: threading.Event) -> None:
        super().__init__(f"rebuild-{rebuild.name}", config, stop)
        self.rebuild = rebuild

    def run_once(self) -> None:
        while not self.stop_event.is_set():
            if self.rebuild.pending() is not None and self.rebuild.run():
                self.made_progress()
                continue
            self.stop_event.wait(self.config.rebuild_poll_s)
