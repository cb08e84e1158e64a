"""The event store's log as projections read it: in position order, decoded on request."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg.conninfo import make_conninfo

from projections.bulk import standalone_mapper


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
