"""Blue/green rebuilds: a new version of a read model built beside the serving one, then swapped.

A rebuild folds the whole log into a version of its own while the serving one keeps
answering: in bulk where the read model can (``bulk_load``), else in batches
(``folding``), without secondary indexes until the backlog is in. It then builds the
indexes, catches up what arrived meanwhile, and folds the last events and makes the new
version serve in one transaction. An advisory lock lets one process build at a time; the
new version's own tracking table lets any of them resume an interrupted build.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore

from infrastructure.pools import Connect
from projections import catalog
from projections.base import ReadModelProjection, ReadModelView, VersionSwapped
from projections.fold import PositionedEvent
from projections.naming import advisory_key
from projections.runner.bulk_load import BulkLoad
from projections.runner.config import RunnerConfig
from projections.runner.event_source import EventSource
from projections.runner.folding import BatchFolder
from projections.runner.indexes import build_indexes
from projections.runner.locks import holder_name, try_lock

log = logging.getLogger(__name__)


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
            folder = BatchFolder(
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
            position = self._swap(view, position)
            if progress is not None:
                progress(position, position)
            self._drop(wanted.version)
            return True

    def _load(self, folder: BatchFolder, progress: ProgressCallback | None) -> int:
        """Fold the backlog into the new version: in bulk where the read model can, then
        whatever is left in batches.

        A chunk the bulk fold could not fold is folded carefully (``BatchFolder``: the event
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
        self, folder: BatchFolder, progress: ProgressCallback | None, until: int | None = None
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
            position = folder.fold(notifications)
        return position

    def _swap(self, view: ReadModelView, position: int) -> int:
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
                events = [PositionedEvent(self.source.decode(n), n.id) for n in notifications]
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
