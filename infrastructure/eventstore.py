"""The event store on PostgreSQL: building the TaskApplication and looking up event positions."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg import sql

from application.tasks import TaskApplication
from infrastructure.database import ensure_schema, eventsourcing_env

EVENTS_TABLE = "tasklog_events"
"""eventsourcing names the table after the application (``TaskApplication.name``)."""


class PostgresEventPositions:
    """Reads the global positions (``notification_id``) of a task's stored events."""

    def __init__(self, datastore: PostgresDatastore, events_table: str) -> None:
        self._datastore = datastore
        self._table = sql.Identifier(datastore.schema or "public", events_table)

    # Retried like eventsourcing's own recorder methods: the pool does not pre-ping, so a
    # connection that died while idle fails once and is replaced.
    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def positions(self, task_id: UUID) -> dict[int, int]:
        """Map each stored version of the task to its global position."""
        query = sql.SQL(
            "SELECT originator_version, notification_id FROM {} WHERE originator_id = %s"
        ).format(self._table)
        with self._datastore.transaction(commit=False) as cursor:
            cursor.execute(query, (task_id,))
            return {row["originator_version"]: row["notification_id"] for row in cursor.fetchall()}

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def latest(self, task_id: UUID) -> int:
        """The newest event's position (0 when the task has none)."""
        query = sql.SQL(
            "SELECT notification_id FROM {} WHERE originator_id = %s "
            "ORDER BY originator_version DESC LIMIT 1"
        ).format(self._table)
        with self._datastore.transaction(commit=False) as cursor:
            cursor.execute(query, (task_id,))
            row = cursor.fetchone()
            return int(row["notification_id"]) if row else 0


def build_task_application(database_url: str, schema: str, pool_size: int) -> TaskApplication:
    """Wire the TaskApplication to PostgreSQL, creating the schema and tables if needed."""
    ensure_schema(database_url, schema)
    app = TaskApplication(env=eventsourcing_env(database_url, schema, pool_size))
    recorder = app.recorder
    if not isinstance(recorder, PostgresApplicationRecorder):
        raise TypeError("the event store is not on PostgreSQL")
    app._positions = PostgresEventPositions(recorder.datastore, recorder.events_table_name)
    return app
