"""``tasklog audit verify``: every task's hash chain, and its replay against the read model.

One pass over the event store in task id order, merged with a pass over ``task_list``
(``audit.range_pass``): memory holds one task at a time, whatever the store's size. Both
passes run in one ``REPEATABLE READ`` read-only transaction, so they see the same moment
even while commands and the projector keep writing; each task is replayed only up to the
read model's tracking position in that moment, so a read model that is merely behind is
not reported. A large store is verified by several worker processes, each over one range
of task ids, all in this transaction's snapshot (``audit.verify_ranges``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import psycopg
from eventsourcing.persistence import Mapper
from psycopg import IsolationLevel, sql

from audit.findings import Problem, Progress, Report, Summary
from audit.owners import EventTables
from audit.range_pass import RangePass
from audit.readmodel import READ_MODEL, TRACKING_VIEW
from audit.verify_ranges import RangeSpec, verify_ranges
from projections.decoding import fast_mapper

BATCH = 2_000
"""Rows fetched per round trip from each server-side cursor."""

PARALLEL_FROM = 50_000
"""Least number of events for which worker processes are started (starting one costs
about a second: a fresh interpreter imports the code)."""


def verify_workers() -> int:
    """Two worker processes per core, at most eight.

    A worker waits for PostgreSQL between its batches of rows; with two per core the
    other keeps the core busy meanwhile (the bench store on 2 cores: 22,700 events/s with
    two workers, 26,900 with four).
    """
    return max(1, min(2 * (os.cpu_count() or 1), 8))


class StoreVerifier:
    """Verifies one deployment's event store (and optionally its ``task_list``)."""

    def __init__(
        self,
        database_url: str,
        tables: EventTables,
        mapper: Mapper[Any],
        *,
        application_name: str,
        check_read_model: bool = True,
        batch: int = BATCH,
        workers: int | None = None,
    ) -> None:
        """Create the verifier.

        Args:
            database_url: libpq URL of the database.
            tables: The schema and the event store's table.
            mapper: The application's mapper, to decode stored events.
            application_name: Name the read model's tracking rows carry (``Tasklog``).
            check_read_model: Also compare every task with its ``task_list`` row.
            batch: Rows fetched per round trip.
            workers: Worker processes, each verifying a range of task ids; ``1``: all in
                this process; ``None``: ``verify_workers()`` for a store of
                ``PARALLEL_FROM`` events or more, else this process.
        """
        self._url = database_url
        self._tables = tables
        self._mapper = fast_mapper(mapper)
        self._application_name = application_name
        self._check_read_model = check_read_model
        self._batch = batch
        self._workers = workers

    def run(
        self,
        report: Report,
        *,
        on_total: Callable[[int], None] | None = None,
        on_progress: Progress | None = None,
    ) -> Summary:
        """Verify everything; call ``report`` for each finding as soon as it is known.

        Args:
            report: Receives each finding.
            on_total: Receives the number of events to check, before the pass starts.
            on_progress: Receives the number of events checked since its last call.
        """
        summary = Summary()
        with psycopg.connect(self._url) as connection:
            connection.isolation_level = IsolationLevel.REPEATABLE_READ
            connection.read_only = True
            try:
                position = self._read_model_position(connection) if self._check_read_model else None
                if self._check_read_model and position is None:
                    summary.problems += 1
                    report(Problem(None, f"the {READ_MODEL} read model is not installed"))
                summary.read_model_position = position
                total = None
                if on_total is not None or self._workers is None:
                    total = self._count_events(connection)
                if on_total is not None and total is not None:
                    on_total(total)
                workers = self._workers_for(total)
                if workers == 1:
                    RangePass(connection, self._tables, self._mapper, position, self._batch).run(
                        summary, report, on_progress
                    )
                else:
                    snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()
                    if snapshot is None:
                        raise RuntimeError("PostgreSQL exported no snapshot")
                    spec = RangeSpec(
                        self._url, self._tables, snapshot[0], position, self._batch, None, None
                    )
                    verify_ranges(spec, workers, summary, report, on_progress)
            finally:
                connection.rollback()
        return summary

    def _workers_for(self, total: int | None) -> int:
        if self._workers is not None:
            return max(1, self._workers)
        if total is None or total < PARALLEL_FROM:
            return 1
        return verify_workers()

    def _read_model_position(self, connection: psycopg.Connection[Any]) -> int | None:
        exists = connection.execute(
            "SELECT 1 FROM pg_views WHERE schemaname = %s AND viewname IN (%s, %s) "
            "HAVING count(*) = 2",
            (self._tables.schema, READ_MODEL, TRACKING_VIEW),
        ).fetchone()
        if exists is None:
            return None
        row = connection.execute(
            sql.SQL("SELECT max(notification_id) FROM {} WHERE application_name = %s").format(
                sql.Identifier(self._tables.schema, TRACKING_VIEW)
            ),
            (self._application_name,),
        ).fetchone()
        return int(row[0]) if row is not None and row[0] is not None else 0

    def _count_events(self, connection: psycopg.Connection[Any]) -> int:
        row = connection.execute(
            sql.SQL("SELECT count(*) FROM {}").format(self._tables.events_table())
        ).fetchone()
        return int(row[0]) if row is not None else 0
