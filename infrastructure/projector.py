"""The projector process: every read model in its own supervised thread, plus rebuilds."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Any

import psycopg
import redis
from eventsourcing.postgres import PostgresDatastore
from psycopg.conninfo import conninfo_to_dict

from application.tasks import TaskApplication
from infrastructure.eventstore import build_task_application
from infrastructure.page_warmer import PageWarmer
from infrastructure.settings import Settings
from projections import catalog
from projections.base import ReadModelProjection
from projections.install import install
from projections.registry import PROJECTIONS
from projections.runner import (
    EventSource,
    LiveWorker,
    Rebuild,
    RebuildWatcher,
    RunnerConfig,
)
from projections.task_list.cursor import CURSOR_SECRET_NAME
from projections.task_list.params import LIST_MAX
from projections.task_list.projection import TaskListProjection

log = logging.getLogger(__name__)


def require_database_url(settings: Settings) -> str:
    """The configured database URL (the embedded one is resolved before this is called)."""
    if settings.database_url is None:
        raise ValueError("TASKLOG_DATABASE_URL is not set")
    return settings.database_url


def build_datastore(database_url: str, schema: str, pool_size: int) -> PostgresDatastore:
    """An eventsourcing datastore for read-model writes in ``schema``."""
    params = {key: str(value) for key, value in conninfo_to_dict(database_url).items()}
    return PostgresDatastore(
        dbname=params["dbname"],
        host=params.get("host", "localhost"),
        port=params.get("port", "5432"),
        user=params.get("user", ""),
        password=params.get("password", ""),
        schema=schema,
        pool_size=pool_size,
        max_overflow=pool_size,
        pre_ping=False,  # no SELECT 1 per checkout: the supervisor restarts on a dead connection
    )


def cursor_secret(datastore: PostgresDatastore) -> bytes:
    """The deployment's list-cursor key (created on first use); it also names the shared
    list pages of the deployment (``projections.task_list.shared_pages.namespace``)."""
    with datastore.transaction(commit=True) as curs:
        return catalog.secret(curs, datastore.schema, CURSOR_SECRET_NAME)


def connector(database_url: str) -> Any:
    """A factory of dedicated autocommit connections (for advisory locks and LISTEN)."""

    def connect() -> AbstractContextManager[psycopg.Connection[Any]]:
        return psycopg.connect(database_url, autocommit=True, connect_timeout=5)

    return connect


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
        redis_url: str | None = None,
        list_max: int = LIST_MAX,
    ) -> None:
        self.app = app
        self.datastore = datastore
        self.connect = connector(database_url)
        self.projections = tuple(projections)
        self.config = config or RunnerConfig()
        self.stop_event = threading.Event()
        self.source = EventSource(app)
        self.workers: dict[str, LiveWorker] = {}
        self.watchers: dict[str, RebuildWatcher] = {}
        self.redis = redis.Redis.from_url(redis_url) if redis_url is not None else None
        self.list_max = list_max
        """``TASKLOG_LIST_MAX``: the warmed page is a list without ``limit``."""
        self.warmer = self._page_warmer() if self.redis is not None else None

    def _page_warmer(self) -> PageWarmer | None:
        """Renders changed owners' first list page for the API processes (needs Redis)."""
        if TaskListProjection not in self.projections:
            return None
        return PageWarmer(
            connect=self.connect,
            schema=self.datastore.schema,
            secret=lambda: cursor_secret(self.datastore),
            redis=self.redis,
            stop=self.stop_event,
            list_max=self.list_max,
        )

    @classmethod
    def from_settings(cls, settings: Settings, config: RunnerConfig | None = None) -> Projector:
        """Wire a projector to the configured database and schema.

        Without ``config``, the runner's defaults with the fold intervals of ``settings``.
        """
        url = require_database_url(settings)
        if config is None:
            config = RunnerConfig(
                fold_interval_s=settings.projector_fold_interval_ms / 1000,
                job_fold_interval_s=settings.projector_job_fold_interval_ms / 1000,
            )
        # Few connections: one reader and one writer per projection thread at most, and
        # pools that grow only on demand (the projector is one of many clients).
        size = min(settings.eventstore_pool_size, len(PROJECTIONS))
        app = build_task_application(url, settings.database_schema, size)
        datastore = build_datastore(url, settings.database_schema, size)
        # The shared list pages are the page cache's second tier: off with it.
        redis_url = settings.redis_url if settings.list_cache_mb > 0 else None
        return cls(
            app, datastore, url, config=config, redis_url=redis_url, list_max=settings.list_max
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
        """Install the read models and start one live worker and rebuild watcher each."""
        install(self.datastore, self.connect, self.projections, rebuild_changed=True)
        if self.warmer is not None:
            self.warmer.start()
        for projection in self.projections:
            worker = LiveWorker(
                projection,
                datastore=self.datastore,
                source=self.source,
                connect=self.connect,
                config=self.config,
                stop=self.stop_event,
                on_commit=(
                    self.warmer.committed
                    if self.warmer is not None and projection is TaskListProjection
                    else None
                ),
            )
            watcher = RebuildWatcher(self.rebuild(projection), self.config, self.stop_event)
            self.workers[projection.name] = worker
            self.watchers[projection.name] = watcher
            worker.start()
            watcher.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop every thread and close the connections."""
        self.stop_event.set()
        threads: list[threading.Thread] = [*self.workers.values(), *self.watchers.values()]
        if self.warmer is not None and self.warmer.is_alive():
            self.warmer.stop()
            threads.append(self.warmer)
        for thread in threads:
            thread.join(timeout)
        self.datastore.close()
        self.app.close()
        if self.redis is not None:
            self.redis.close()

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
