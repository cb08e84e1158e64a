"""The event store on PostgreSQL: building the TaskApplication and looking up event positions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg import sql
from psycopg.rows import tuple_row

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


CREATE_LOCK_KEY = 7_365_240_118_402_552_063
"""Advisory lock held while an application creates its types, tables and functions:
processes starting together on a new schema (API workers, projector, worker) would
otherwise race on ``CREATE TYPE`` ("relation ... already exists", "duplicate key value
violates unique constraint pg_type_typname_nsp_index") and ``CREATE OR REPLACE
FUNCTION``."""


class TasklogApplicationRecorder(PostgresApplicationRecorder):
    """eventsourcing's recorder, inserting a command's events in one round trip.

    eventsourcing 9.5.6 writes events in a pipelined transaction: BEGIN, ``SET LOCAL
    lock_timeout``, ``LOCK TABLE ... IN EXCLUSIVE MODE``, ``NOTIFY``, the INSERT of a
    composite-type array, a pipeline sync, COMMIT: six statements and three syncs, about
    a fifth of an API process's CPU on writes. ``insert_events`` here runs the same
    statements, in the same order and the same transaction, inside one PL/pgSQL function
    called by one prepared statement (autocommit: the statement is the transaction). So
    the table lock still makes commit order equal notification-id order, a duplicate
    (originator_id, originator_version) still raises IntegrityError, and the stored rows
    are the same. Processes still running eventsourcing's own insert take the same lock.
    """

    def __init__(
        self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"
    ) -> None:
        """Add the insert function to the statements ``create_table`` runs."""
        super().__init__(datastore, events_table_name=events_table_name)
        schema = sql.Identifier(datastore.schema)
        self.insert_function_name = f"{events_table_name}_insert"
        self.check_identifier_length(self.insert_function_name)
        function = sql.Identifier(datastore.schema, self.insert_function_name)
        id_type = sql.SQL(datastore.originator_id_type)
        self.sql_create_statements.append(
            sql.SQL(
                "CREATE OR REPLACE FUNCTION {function}("
                "ids {id_type}[], versions bigint[], topics text[], states bytea[]) "
                "RETURNS SETOF bigint LANGUAGE plpgsql AS $BODY$ "
                "BEGIN "
                "SET LOCAL lock_timeout = '{lock_timeout}s'; "
                "LOCK TABLE {schema}.{table} IN EXCLUSIVE MODE; "
                "NOTIFY {channel}; "
                "RETURN QUERY INSERT INTO {schema}.{table} "
                "(originator_id, originator_version, topic, state) "
                "SELECT * FROM unnest(ids, versions, topics, states) "
                "RETURNING notification_id; "
                "END; $BODY$"
            ).format(
                function=function,
                id_type=id_type,
                lock_timeout=datastore.lock_timeout,
                schema=schema,
                table=sql.Identifier(self.events_table_name),
                channel=sql.Identifier(self.channel_name),
            )
        )
        # Statements as bytes: psycopg converts a bytes query once (cached), a Composed
        # one on every execution.
        self._select_statements: dict[tuple[bool, bool, bool, bool], bytes] = {}
        self._insert_call = (
            sql.SQL(
                "SELECT * FROM {function}(%s::{id_type}[], %s::bigint[], %s::text[], %s::bytea[])"
            )
            .format(function=function, id_type=id_type)
            .as_bytes(None)
        )

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        """eventsourcing's ``select_events`` with each statement shape composed once.

        eventsourcing builds the statement with ``psycopg.sql`` on every call (a command's
        aggregate load makes one: the events after the cached version).
        """
        shape = (gt is not None, lte is not None, desc, limit is not None)
        statement = self._select_statements.get(shape)
        if statement is None:
            statement = self._select_statements[shape] = self._select_statement(*shape)
        params: list[Any] = [originator_id]
        params += [value for value in (gt, lte, limit) if value is not None]
        with (
            self.datastore.get_connection() as connection,
            connection.cursor(row_factory=tuple_row) as cursor,
        ):
            cursor.execute(statement, params, prepare=True)
            return [
                StoredEvent(
                    originator_id=row[0],
                    originator_version=row[1],
                    topic=row[2],
                    state=bytes(row[3]),
                )
                for row in cursor.fetchall()
            ]

    def _select_statement(self, gt: bool, lte: bool, desc: bool, limit: bool) -> bytes:
        return (
            sql.SQL(
                "SELECT originator_id, originator_version, topic, state FROM {table} "
                "WHERE originator_id = %s{gt}{lte} ORDER BY originator_version {order}{limit}"
            )
            .format(
                table=sql.Identifier(self.datastore.schema, self.events_table_name),
                gt=sql.SQL(" AND originator_version > %s" if gt else ""),
                lte=sql.SQL(" AND originator_version <= %s" if lte else ""),
                order=sql.SQL("DESC" if desc else "ASC"),
                limit=sql.SQL(" LIMIT %s" if limit else ""),
            )
            .as_bytes(None)
        )

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """Insert the events; their notification ids (global positions), in order."""
        if any(value is not None for value in kwargs.values()) or (
            self.datastore.enable_db_functions
        ):
            # A tracking record (a process application) and the like: eventsourcing's way.
            # Application.save passes ``tracking=None`` for a plain command.
            inserted: Sequence[int] | None = super().insert_events(stored_events, **kwargs)
            return inserted
        if not stored_events:
            # A command that changed nothing still saves: eventsourcing would run an
            # empty transaction (BEGIN, COMMIT) for it. It inserts and notifies nothing.
            return None
        params = (
            [event.originator_id for event in stored_events],
            [event.originator_version for event in stored_events],
            [event.topic for event in stored_events],
            [event.state for event in stored_events],
        )
        with (
            self.datastore.get_connection() as connection,
            connection.cursor(row_factory=tuple_row) as cursor,
        ):
            cursor.execute(self._insert_call, params, prepare=True)
            positions: list[int] = [row[0] for row in cursor.fetchall()]
            return positions


RECORDER_TOPIC = f"{__name__}:{TasklogApplicationRecorder.__qualname__}"


class PostgresEventPositions:
    """Reads the global positions (``notification_id``) of a task's stored events."""

    def __init__(self, datastore: PostgresDatastore, events_table: str) -> None:
        self._datastore = datastore
        table = sql.Identifier(datastore.schema or "public", events_table)
        # Composed once (as bytes, which psycopg converts once); each is a single
        # statement, run in autocommit (no BEGIN/ROLLBACK round trips) and prepared.
        self._positions = (
            sql.SQL("SELECT originator_version, notification_id FROM {} WHERE originator_id = %s")
            .format(table)
            .as_bytes(None)
        )
        self._latest = (
            sql.SQL(
                "SELECT notification_id FROM {} WHERE originator_id = %s "
                "ORDER BY originator_version DESC LIMIT 1"
            )
            .format(table)
            .as_bytes(None)
        )

    # Retried like eventsourcing's own recorder methods: the pool does not pre-ping, so a
    # connection that died while idle fails once and is replaced.
    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def positions(self, task_id: UUID) -> dict[int, int]:
        """Map each stored version of the task to its global position."""
        with (
            self._datastore.get_connection() as connection,
            connection.cursor(row_factory=tuple_row) as cursor,
        ):
            cursor.execute(self._positions, (task_id,), prepare=True)
            return {version: position for version, position in cursor.fetchall()}

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def latest(self, task_id: UUID) -> int:
        """The newest event's position (0 when the task has none)."""
        with (
            self._datastore.get_connection() as connection,
            connection.cursor(row_factory=tuple_row) as cursor,
        ):
            cursor.execute(self._latest, (task_id,), prepare=True)
            row = cursor.fetchone()
            return int(row[0]) if row else 0


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
    env["APPLICATION_RECORDER_TOPIC"] = RECORDER_TOPIC  # one round trip per insert
    if aggregate_cache_size > 0:
        env["AGGREGATE_CACHE_MAXSIZE"] = str(aggregate_cache_size)
        env["AGGREGATE_CACHE_FASTFORWARD"] = "y"  # catch up with other processes' writes
        env["AGGREGATE_CACHE_FASTFORWARD_SKIPPING"] = "n"  # wait for a concurrent load
    with psycopg.connect(database_url, autocommit=True) as connection:
        # Released when the connection closes.
        connection.execute("SELECT pg_advisory_lock(%s)", (CREATE_LOCK_KEY,))
        app = TaskApplication(env=env)
    recorder = app.recorder
    if not isinstance(recorder, PostgresApplicationRecorder):
        raise TypeError("the event store is not on PostgreSQL")
    app._positions = PostgresEventPositions(recorder.datastore, recorder.events_table_name)
    return app
