"""The projector process: every read model in its own supervised thread, plus rebuilds.

Connections: one pool (the event store's, shared by every thread: reads of the event
log, folds, heartbeats of state changes, rebuilds), which keeps
``TASKLOG_POOL_MIN_SIZE`` connections when idle and grows to ``TASKLOG_PROJECTOR_POOL_SIZE``;
the coordinator's one dedicated connection (locks, LISTEN, heartbeats); and, while it
runs, one connection holding a rebuild's lock.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore

from application.tasks import TaskApplication
from infrastructure.eventstore import build_task_application
from infrastructure.pools import PROJECTOR, connector, listen_name
from infrastructure.settings import Settings
from projections import catalog
from projections.base import ReadModelProjection
from projections.install import install
from projections.registry import PROJECTIONS
from projections.runner.config import RunnerConfig
from projections.runner.coordination import Coordinator
from projections.runner.event_source import EventSource
from projections.runner.live import LiveWorker
from projections.runner.rebuild import Rebuild
from projections.runner.rebuild_watcher import RebuildWatcher
from projections.task_list.cursor import CURSOR_SECRET_NAME

log = logging.getLogger(__name__)


def require_database_url(settings: Settings) -> str:
    """The configured database URL (the embedded one is resolved before this is called)."""
    if settings.database_url is None:
        raise ValueError("TASKLOG_DATABASE_URL is not set")
    return settings.database_url


def cursor_secret(datastore: PostgresDatastore) -> bytes:
    """The deployment's list-cursor key (created on first use)."""
    with datastore.transaction(commit=True) as curs:
        return catalog.secret(curs, datastore.schema, CURSOR_SECRET_NAME)


class Projector:
    """Runs every read model (live worker and rebuild watcher threads) until stopped."""

    def __init__(
        self,
        app: TaskApplication,
        datastore: PostgresDatastore,
        database_url: str,
        *,
        projections: Iterable[type[ReadModelProjection]] = PROJECTIONS,
        config: RunnerConfig | None = None,
        application_name: str = PROJECTOR,
    ) -> None:
        self.app = app
        self.datastore = datastore
        self.connect = connector(database_url, application_name)
        self.listen = connector(database_url, listen_name(application_name))
        self.projections = tuple(projections)
        self.config = config or RunnerConfig()
        self.stop_event = threading.Event()
        self.source = EventSource(app)
        self.workers: dict[str, LiveWorker] = {}
        self.watchers: dict[str, RebuildWatcher] = {}
        self.coordinator: Coordinator | None = None

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        config: RunnerConfig | None = None,
        *,
        application_name: str = PROJECTOR,
    ) -> Projector:
        """Wire a projector to the configured database and schema.

        Without ``config``, the runner's defaults with the fold intervals of ``settings``.
        ``application_name`` names its connections (``tasklog-cli`` for a CLI's rebuild).
        """
        url = require_database_url(settings)
        if config is None:
            config = RunnerConfig(
                fold_interval_s=settings.projector_fold_interval_ms / 1000,
                job_fold_interval_s=settings.projector_job_fold_interval_ms / 1000,
            )
        # One pool for the event log and the read models: the threads share it, and it
        # grows only on demand (the projector is one of many clients). No limit on idle
        # transactions: a rebuild's swap folds in Python inside its transaction.
        app = build_task_application(
            url,
            settings.database_schema,
            settings.projector_pool_size,
            min_size=settings.pool_min_size,
            max_idle_s=settings.pool_max_idle_s,
            application_name=application_name,
            idle_in_transaction_timeout_s=0,
        )
        recorder = app.recorder
        if not isinstance(recorder, PostgresApplicationRecorder):
            raise TypeError("the projector needs the PostgreSQL event store")
        datastore = recorder.datastore
        return cls(
            app,
            datastore,
            url,
            config=config,
            application_name=application_name,
        )

    def rebuild(self, projection: type[ReadModelProjection]) -> Rebuild:
        """The rebuild machinery of one read model, bound to this projector's stop event."""
        return Rebuild(
            projection,
            datastore=self.datastore,
            source=self.source,
            connect=self.connect,
            config=self.config,
            stop=self.stop_event,
        )

    def start(self) -> None:
        """Install the read models, start a live worker and a rebuild watcher each, and the
        coordinator."""
        install(self.datastore, self.connect, self.projections, rebuild_changed=True)
        for projection in self.projections:
            worker = LiveWorker(
                projection,
                datastore=self.datastore,
                source=self.source,
                config=self.config,
                stop=self.stop_event,
            )
            watcher = RebuildWatcher(self.rebuild(projection), self.config, self.stop_event)
            self.workers[projection.name] = worker
            self.watchers[projection.name] = watcher
            worker.start()
            watcher.start()
        self.coordinator = Coordinator(
            schema=self.datastore.schema,
            events_channel=self.source.channel,
            workers=list(self.workers.values()),
            watchers=self.watchers,
            connect=self.listen,
            config=self.config,
            stop=self.stop_event,
        )
        self.coordinator.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop every thread and close the connections."""
        self.stop_event.set()
        for watcher in self.watchers.values():
            watcher.stop()
        threads: list[threading.Thread] = [*self.workers.values(), *self.watchers.values()]
        if self.coordinator is not None:
            threads.append(self.coordinator)
        for thread in threads:
            thread.join(timeout)
        self.datastore.close()
        self.app.close()

    def __enter__(self) -> Projector:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def run_forever(self) -> None:
        """Block until ``stop`` is called (signal handlers call it)."""
        self.stop_event.wait()


async def run_in_process(settings: Settings) -> None:
    """Run the projector's threads until cancelled (``tasklog dev``'s in-process projector)."""
    import asyncio

    projector = await asyncio.to_thread(Projector.from_settings, settings)
    await asyncio.to_thread(projector.start)
    try:
        await asyncio.Event().wait()
    finally:
        await asyncio.to_thread(projector.stop)
