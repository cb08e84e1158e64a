"""The event store on PostgreSQL: building the TaskApplication and looking up event positions."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg import sql

from application.tasks import TaskApplication
from infrastructure.database import ensure_schema, eventsourcing_env

AGGREGATE_CACHE_SIZE = 10_000
"""Tasks kept per process by eventsourcing's aggregate cache (LRU), each fast-forwarded on
load: a command then reads only the events stored after the cached version (one small
query, usually empty) instead of the newest snapshot and the events after it. Safe with
several processes: every load asks the store for newer events, whoever wrote them, and a
concurrent writer still loses on the store's unique (task, version) key and retries."""

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


def build_task_application(
    database_url: str,
    schema: str,
    pool_size: int,
    *,
    aggregate_cache_size: int = AGGREGATE_CACHE_SIZE,
) -> TaskApplication:
    """Wire the TaskApplication to PostgreSQL, creating the schema and tables if needed.

    ``aggregate_cache_size`` tasks are cached and fast-forwarded (``AGGREGATE_CACHE_SIZE``;
    0 turns the cache off).
    """
    ensure_schema(database_url, schema)
    env = eventsourcing_env(database_url, schema, pool_size)
    if aggregate_cache_size > 0:
        env["AGGREGATE_CACHE_MAXSIZE"] = str(aggregate_cache_size)
        env["AGGREGATE_CACHE_FASTFORWARD"] = "y"  # catch up with other processes' writes
        env["AGGREGATE_CACHE_FASTFORWARD_SKIPPING"] = "n"  # wait for a concurrent load
    app = TaskApplication(env=env)
    recorder = app.recorder
    if not isinstance(recorder, PostgresApplicationRecorder):
        raise TypeError("the event store is not on PostgreSQL")
    app._positions = PostgresEventPositions(recorder.datastore, recorder.events_table_name)
    return app
