"""The event store on PostgreSQL: building the TaskApplication and looking up event positions."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg import sql
from psycopg.rows import tuple_row

from application.tasks import TaskApplication
from infrastructure.database import ensure_schema
from infrastructure.datastore import DEFAULT_MAX_IDLE_S, tasklog_env
from infrastructure.idempotency import PENDING_KEY, PendingKey
from infrastructure.keyed_insert import create_keyed_function, key_taken, keyed_args, keyed_call
from infrastructure.pools import CLI, PoolSizing, connection_lost, named, retry_lost

log = logging.getLogger(__name__)

AGGREGATE_CACHE_SIZE = 10_000
"""Tasks kept per process by eventsourcing's aggregate cache (LRU), each fast-forwarded on
load: a command then reads only the events stored after the cached version (one small
query, usually empty) instead of the newest snapshot and the events after it. Safe with
several processes: every load asks the store for newer events, whoever wrote them, and a
concurrent writer still loses on the store's unique (task, version) key and retries."""

EVENTS_TABLE = "tasklog_events"
"""eventsourcing names the table after the application (``TaskApplication.name``)."""

INSERT_ATTEMPTS = 3
"""Inserts of one command's events when the connection is lost and they did not commit."""

OUTCOME_ATTEMPTS = 5
OUTCOME_WAIT_S = 0.2
"""Looks at the store (and the pause between them) to learn whether an insert whose
connection was lost committed; after that the outcome is unknown (answered 503)."""


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
    A keyed command (``PENDING_KEY``) calls ``infrastructure.keyed_insert``'s wrapper of it.
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
        keyed_name = f"{self.insert_function_name}_keyed"
        self.check_identifier_length(keyed_name)
        self.sql_create_statements.append(
            create_keyed_function(datastore.schema, keyed_name, function, id_type)
        )
        self._keyed_insert_call = keyed_call(datastore.schema, keyed_name, id_type)
        self._outcome_query = (
            sql.SQL(
                "SELECT e.originator_id, e.originator_version, e.notification_id, e.state "
                "FROM {table} e JOIN unnest(%s::{id_type}[], %s::bigint[]) AS k(id, version) "
                "ON e.originator_id = k.id AND e.originator_version = k.version"
            )
            .format(table=sql.Identifier(datastore.schema, self.events_table_name), id_type=id_type)
            .as_bytes(None)
        )
        self._outcome_lock = (
            sql.SQL("LOCK TABLE {} IN SHARE MODE")
            .format(sql.Identifier(datastore.schema, self.events_table_name))
            .as_bytes(None)
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

    @retry_lost()
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

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """Insert the events; their notification ids (global positions), in order.

        When the connection is lost, the insert may or may not have committed: the store
        is asked (``committed_positions``), and the insert is repeated only when it did not.

        Raises:
            IntegrityError: Another writer stored one of these versions first.
            OperationalError: The store cannot be reached, or cannot say whether the
                events were stored.
        """
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
        pending = PENDING_KEY.get()
        if pending is not None and pending.recorded:
            pending = None  # a second save in one command: the key is already recorded
        positions = self._insert_retrying_lost(stored_events, params, pending)
        if pending is not None:
            pending.recorded = True
        return positions

    def _insert_retrying_lost(
        self,
        stored_events: Sequence[StoredEvent],
        params: tuple[list[Any], ...],
        pending: PendingKey | None,
    ) -> list[int]:
        for attempt in range(1, INSERT_ATTEMPTS + 1):
            try:
                return self._insert(params, pending)
            except Exception as error:
                if attempt == INSERT_ATTEMPTS or not connection_lost(error):
                    raise
                log.warning("connection lost while inserting events (%s)", error)
                committed = self.committed_positions(stored_events)
                if committed is not None:
                    return committed
        raise AssertionError("unreachable")

    def _insert(self, params: tuple[list[Any], ...], pending: PendingKey | None) -> list[int]:
        """One call of the insert function (the keyed one when ``pending``); raises
        ``IdempotencyKeyTaken`` when another request holds the key."""
        statement, args = self._insert_call, params
        if pending is not None:
            statement, args = self._keyed_insert_call, keyed_args(params, pending)
        with (
            self.datastore.get_connection() as connection,
            connection.cursor(row_factory=tuple_row) as cursor,
        ):
            try:
                cursor.execute(statement, args, prepare=True)
            except psycopg.Error as error:
                taken = key_taken(error, pending) if pending is not None else None
                if taken is None:
                    raise
                raise taken from error
            return [row[0] for row in cursor.fetchall()]

    def committed_positions(self, stored_events: Sequence[StoredEvent]) -> list[int] | None:
        """After a lost connection: the events' positions if their insert committed, else
        ``None``.

        The insert holds the table's EXCLUSIVE lock until it commits or aborts; the look
        takes a SHARE lock first, so no insert is in flight while it looks, and what it
        finds is final. The events' states are compared too: the same versions stored
        with other states were another writer's.

        Raises:
            IntegrityError: Another writer stored some of these versions.
            OperationalError: The store could not be asked (the outcome is unknown).
        """
        keys = (
            [event.originator_id for event in stored_events],
            [event.originator_version for event in stored_events],
        )
        for attempt in range(1, OUTCOME_ATTEMPTS + 1):
            try:
                with self.datastore.transaction(commit=False) as curs:
                    curs.execute("SET LOCAL lock_timeout = '5s'")
                    curs.execute(self._outcome_lock)
                    curs.execute(self._outcome_query, keys)
                    rows = curs.fetchall()
                break
            except Exception as error:
                if attempt == OUTCOME_ATTEMPTS or not connection_lost(error):
                    raise
                time.sleep(OUTCOME_WAIT_S)
        if not rows:
            return None
        stored = {(str(row["originator_id"]), row["originator_version"]): row for row in rows}
        positions = []
        for event in stored_events:
            row = stored.get((str(event.originator_id), event.originator_version))
            if row is None or bytes(row["state"]) != event.state:
                raise IntegrityError("another writer stored these versions first")
            positions.append(int(row["notification_id"]))
        log.info("the events were stored before the connection was lost")
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

    # The pool does not test a connection before each use, so one that died while idle
    # fails once (and the pool replaces its dead ones): read again.
    @retry_lost()
    def positions(self, task_id: UUID) -> dict[int, int]:
        """Map each stored version of the task to its global position."""
        with (
            self._datastore.get_connection() as connection,
            connection.cursor(row_factory=tuple_row) as cursor,
        ):
            cursor.execute(self._positions, (task_id,), prepare=True)
            return {version: position for version, position in cursor.fetchall()}

    @retry_lost()
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
    min_size: int = 1,
    max_idle_s: float = DEFAULT_MAX_IDLE_S,
    application_name: str = CLI,
    idle_in_transaction_timeout_s: int | None = None,
) -> TaskApplication:
    """Wire the TaskApplication to PostgreSQL, creating the schema and tables if needed.

    Args:
        database_url: libpq URL.
        schema: Schema of the event store.
        pool_size: Most connections the event store's pool opens (one per worker thread).
        aggregate_cache_size: Tasks cached and fast-forwarded (``AGGREGATE_CACHE_SIZE``;
            0 turns the cache off).
        min_size: Connections the pool keeps when idle.
        max_idle_s: Seconds an unused connection above ``min_size`` is kept.
        application_name: Who the connections are, in ``pg_stat_activity``.
        idle_in_transaction_timeout_s: PostgreSQL's limit on a transaction left idle
            (eventsourcing's default, 5 s, when None; 0: none).
    """
    conninfo = named(database_url, application_name)
    ensure_schema(conninfo, schema)
    sizing = PoolSizing(min_size, pool_size, max_idle_s)
    env = tasklog_env(database_url, schema, sizing, application_name)
    env["APPLICATION_RECORDER_TOPIC"] = RECORDER_TOPIC  # one round trip per insert
    if idle_in_transaction_timeout_s is not None:
        env["POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT"] = str(idle_in_transaction_timeout_s)
    if aggregate_cache_size > 0:
        env["AGGREGATE_CACHE_MAXSIZE"] = str(aggregate_cache_size)
        env["AGGREGATE_CACHE_FASTFORWARD"] = "y"  # catch up with other processes' writes
        env["AGGREGATE_CACHE_FASTFORWARD_SKIPPING"] = "n"  # wait for a concurrent load
    with psycopg.connect(conninfo, autocommit=True) as connection:
        # Released when the connection closes.
        connection.execute("SELECT pg_advisory_lock(%s)", (CREATE_LOCK_KEY,))
        app = TaskApplication(env=env)
    recorder = app.recorder
    if not isinstance(recorder, PostgresApplicationRecorder):
        raise TypeError("the event store is not on PostgreSQL")
    app._positions = PostgresEventPositions(recorder.datastore, recorder.events_table_name)
    return app
