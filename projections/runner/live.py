"""The live worker of one read model: folds new events into its serving version.

The worker owns no connection of its own. The projector's ``Coordinator`` holds the read
model's advisory lock and the process's one LISTEN connection: it activates the worker
while it holds the lock, wakes it on the event store's NOTIFY (``wake``) and on a read's
demand for this read model (``ask``), and refreshes its heartbeat. The worker reads and
folds on the projector's pool, and writes its state (running, caught up, failed) with
its folds or when the state changes.

Live folds are paced: a fold costs about ten statements whatever its size, so after one
the worker does not read again until ``RunnerConfig.fold_interval`` has passed since that
fold started. A lone event after a quiet spell is folded at once; under a steady stream
each fold takes everything that arrived meanwhile, so the fixed cost is shared by many
events instead of being paid for each one.
"""

from __future__ import annotations

import logging
import math
import threading
import time

from eventsourcing.postgres import PostgresDatastore
from psycopg import Cursor
from psycopg.rows import DictRow

from projections import catalog
from projections.base import ReadModelProjection, ReadModelView, VersionSwapped
from projections.naming import advisory_key
from projections.runner.config import RunnerConfig
from projections.runner.event_source import EventSource
from projections.runner.folding import BatchFolder, FoldHeartbeat
from projections.runner.locks import holder_name
from projections.runner.supervision import Supervised

log = logging.getLogger(__name__)

DEMAND_POLL_S = 0.025
"""How often a paced wait looks for a read's demand: what a demanded fold may wait."""


class LiveWorker(Supervised):
    """Keeps the serving version of one read model up to date while it is active."""

    def __init__(
        self,
        projection_class: type[ReadModelProjection],
        *,
        datastore: PostgresDatastore,
        source: EventSource,
        config: RunnerConfig,
        stop: threading.Event,
    ) -> None:
        super().__init__(f"projection-{projection_class.name}", config, stop)
        self.projection_class = projection_class
        self.datastore = datastore
        self.source = source
        self.schema = datastore.schema
        self.holder = holder_name(self.name)
        self.ready = threading.Event()
        """Set while the worker waits to be activated or works (not while it backs off)."""
        self.active = threading.Event()
        """Set while the coordinator holds this read model's lock for the worker."""
        self.alive_at = -math.inf
        """When (monotonic) the worker last went round its loop while active."""
        self._woken = threading.Event()
        self._asked = threading.Event()
        self.position = 0
        self.paced = 0
        """Wake-ups that waited for the fold interval before reading."""
        self.demanded = 0
        """Paced waits cut short because a read asked for this read model."""
        self._folder: BatchFolder | None = None

    @property
    def lock_key(self) -> int:
        """The advisory lock that makes this worker the active one."""
        return advisory_key(self.schema, "live", self.projection_class.name)

    # -- told by the coordinator ------------------------------------------------------------

    def activate(self) -> None:
        """The coordinator took the lock: work."""
        self.active.set()
        self._woken.set()

    def deactivate(self) -> None:
        """The lock is gone (released, or its connection lost): stop folding."""
        self.active.clear()
        self._woken.set()

    def wake(self) -> None:
        """Events were stored."""
        self._woken.set()

    def ask(self) -> None:
        """A read waits on this read model: fold now rather than after the pacing."""
        self._asked.set()
        self._woken.set()

    def beating(self, stall_s: float) -> bool:
        """Whether the coordinator should refresh the heartbeat: active and not stalled."""
        return self.active.is_set() and time.monotonic() - self.alive_at < stall_s

    # -- the work ---------------------------------------------------------------------------

    def run_once(self) -> None:
        self.ready.set()
        try:
            while not self.stop_event.is_set():
                if self.active.wait(self.config.standby_poll_s):
                    self._follow()
        finally:
            self.ready.clear()

    def _serving_folder(self) -> BatchFolder | None:
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
        folder = BatchFolder(
            self.projection_class,
            view,
            self.source,
            serving=True,
            max_attempts=self.config.max_attempts,
        )
        if self._folder is not None and self._folder.view.version == version:
            folder.failures = self._folder.failures  # keep counting across restarts
        self._folder = folder
        return folder

    def _working(self) -> bool:
        """Still meant to fold (active, not stopped); notes that the loop is alive."""
        self.alive_at = time.monotonic()
        return self.active.is_set() and not self.stop_event.is_set()

    def _follow(self) -> None:
        """Fold new events until deactivated or stopped."""
        self._woken.clear()  # the position is read next: every event stored so far counts
        folder = self._wait_for_own_revision()
        if folder is None:
            return
        self.position = folder.view.position(self.source.application_name)
        interval = self.config.fold_interval(self.projection_class)
        caught_up = False
        reported: bool | None = None  # what the last recorded state said
        last_beat = 0.0
        last_fold = -math.inf  # when the previous fold started (monotonic)
        while self._working():
            if caught_up != reported:
                self._beat("running", caught_up=caught_up)
                reported, last_beat = caught_up, time.monotonic()
            if caught_up:
                woken = self._await_events(last_fold + interval)
                if woken is None:
                    return
                if not woken:
                    continue  # nothing was stored: the coordinator's LISTEN would have said
            notifications = self.source.read(self.position, self.config.batch_size)
            if not notifications:
                caught_up = True
                continue
            # A short batch reached the end of the log as it was when read: whatever was
            # stored since has sent (or will send) a NOTIFY, and the coordinator wakes
            # the worker for it, so it waits for that instead of reading to find nothing.
            short = len(notifications) < self.config.batch_size
            started = time.monotonic()
            beating = short != reported or started - last_beat >= self.config.fold_heartbeat_s
            beat = self._fold_beat(notifications[-1].id if short else None) if beating else None
            try:
                self.position = folder.fold(notifications, beat)
            except VersionSwapped:
                log.info("%s: serving version changed; switching", self.name)
                switched = self._wait_for_own_revision()
                if switched is None:
                    return
                folder = switched
                self.position = folder.view.position(self.source.application_name)
                caught_up = False
                continue
            last_fold = started
            self.made_progress()
            caught_up = short
            if beating:
                reported, last_beat = caught_up, started

    def _fold_beat(self, caught_up_at: int | None) -> FoldHeartbeat:
        """The heartbeat of a fold, written in the fold's own transaction.

        So it costs no commit of its own, and under load the heartbeat's ``caught_up_at``
        (which the lag in seconds is measured from) stays fresh to ``fold_heartbeat_s``
        without a transaction per wake-up. The fold that reaches ``caught_up_at`` leaves
        the worker caught up.
        """

        def beat(curs: Cursor[DictRow], position: int) -> None:
            self._heartbeat(curs, "running", position, caught_up=position == caught_up_at)

        return beat

    def _await_events(self, not_before: float) -> bool | None:
        """Wait for a wake-up, then until ``not_before``; ``None`` if no longer working.

        ``False`` after ``idle_wait_s`` without one: nothing was stored (the coordinator
        hears every NOTIFY while it holds the lock, and wakes every worker when it takes
        the lock), so the caller reads nothing and a projector at rest does not touch its
        pool. A wake-up within the fold interval waits for the rest of it, so the next read
        takes everything stored meanwhile, unless a read asks for this read model: then it
        folds at once. The wake-ups taken meanwhile are consumed: the read that follows
        sees every event they announce (each is sent after its event committed).
        """
        if not self._woken.wait(self.config.idle_wait_s):
            return False if self._working() else None
        if not self._asked.is_set() and time.monotonic() < not_before:
            self.paced += 1
            if not self._pause(not_before):
                return None
        self._woken.clear()  # before the read: a wake-up after this is for a later event
        self._asked.clear()
        return True if self._working() else None

    def _pause(self, until: float) -> bool:
        """Sleep until ``until`` (monotonic) unless a read asks first; ``False`` if stopped.

        Looks for a demand every ``DEMAND_POLL_S`` rather than waking at each NOTIFY:
        under load events arrive far more often than that, and the pause is what keeps
        this worker from waking for each.
        """
        while (remaining := until - time.monotonic()) > 0:
            if self.stop_event.wait(min(remaining, DEMAND_POLL_S)):
                return False
            if self._asked.is_set():
                self.demanded += 1
                return True
        return self._working()

    def _wait_for_own_revision(self) -> BatchFolder | None:
        """The serving folder, once tables of this code's revision serve (None if stopped)."""
        waiting = False
        while self._working():
            folder = self._serving_folder()
            if folder is not None:
                return folder
            if not waiting:
                self._beat("waiting for rebuild", caught_up=False)
                waiting = True
            self._woken.wait(self.config.idle_wait_s)
            self._woken.clear()
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
            holder=self.holder,
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
