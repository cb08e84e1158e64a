"""``tasklog audit verify``: every task's hash chain, and its replay against the read model.

One pass over the event store in ``(originator_id, originator_version)`` order (its
primary key) through a server-side cursor, merged with a pass over ``task_list`` in id
order through a second one: memory holds one task at a time, whatever the store's size.
Both passes run in one ``REPEATABLE READ`` read-only transaction, so they see the same
moment even while commands and the projector keep writing; each task is replayed only up
to the read model's tracking position in that moment, so a read model that is merely
behind is not reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import Mapper, StoredEvent
from psycopg import IsolationLevel, sql
from psycopg.rows import dict_row, tuple_row

from domain.task import Task
from infrastructure.audit.chain import BrokenLink, TaskChain
from infrastructure.audit.owners import EventTables
from infrastructure.audit.readmodel import READ_MODEL, TRACKING_VIEW, Difference, compare
from projections.task_list.rows import COLUMNS

BATCH = 2_000
"""Rows fetched per round trip from each server-side cursor."""


@dataclass(frozen=True)
class Problem:
    """Something verify found that is not a chain break or a row difference."""

    task_id: UUID | None
    message: str

    def __str__(self) -> str:
        return f"task {self.task_id}: {self.message}" if self.task_id else self.message


Finding = BrokenLink | Difference | Problem
"""Anything ``verify_store`` reports."""


@dataclass
class Summary:
    """What a verification covered and found."""

    events: int = 0
    tasks: int = 0
    read_model_position: int | None = None
    broken_tasks: int = 0
    differing_tasks: int = 0
    problems: int = 0
    damaged: list[UUID] = field(default_factory=list)
    """Tasks with a broken chain, up to ``MAX_LISTED`` of them (the rest are counted)."""

    @property
    def ok(self) -> bool:
        """Whether nothing at all was found."""
        return not (self.broken_tasks or self.differing_tasks or self.problems)


MAX_LISTED = 1_000


@dataclass
class _TaskReplay:
    """One task under verification: its chain, and its state folded up to the position."""

    task_id: UUID
    chain: TaskChain
    task: Task | None = None
    replay_error: str | None = None


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
    ) -> None:
        """Create the verifier.

        Args:
            database_url: libpq URL of the database.
            tables: The schema and the event store's table.
            mapper: The application's mapper, to decode stored events.
            application_name: Name the read model's tracking rows carry (``Tasklog``).
            check_read_model: Also compare every task with its ``task_list`` row.
            batch: Rows fetched per round trip.
        """
        self._url = database_url
        self._tables = tables
        self._mapper = mapper
        self._application_name = application_name
        self._check_read_model = check_read_model
        self._batch = batch

    def run(
        self,
        report: Callable[[Finding], None],
        *,
        on_total: Callable[[int], None] | None = None,
        on_progress: Callable[[int], None] | None = None,
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
                if on_total is not None:
                    on_total(self._count_events(connection))

                def orphan(row: dict[str, Any]) -> None:
                    summary.differing_tasks += 1
                    report(Difference(row["id"], "row", "no events (no row)", "a row"))

                rows = self._rows(connection) if position is not None else iter(())
                merger = _RowMerger(rows, orphan)
                for replay in self._replays(connection, position, summary, on_progress):
                    self._finish(replay, merger.take(replay.task_id), position, summary, report)
                merger.finish()
            finally:
                connection.rollback()
        return summary

    # -- the passes -----------------------------------------------------------------------

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

    def _rows(self, connection: psycopg.Connection[Any]) -> Iterator[dict[str, Any]]:
        cursor = connection.cursor(name="audit_verify_rows", row_factory=dict_row)
        cursor.itersize = self._batch
        cursor.execute(
            sql.SQL("SELECT {} FROM {} ORDER BY id").format(
                sql.SQL(", ").join(map(sql.Identifier, COLUMNS)),
                sql.Identifier(self._tables.schema, READ_MODEL),
            )
        )
        yield from cursor

    def _replays(
        self,
        connection: psycopg.Connection[Any],
        position: int | None,
        summary: Summary,
        on_progress: Callable[[int], None] | None,
    ) -> Iterator[_TaskReplay]:
        """Every task's chain checked and state folded, one task at a time, in id order."""
        cursor = connection.cursor(name="audit_verify_events", row_factory=tuple_row)
        cursor.itersize = self._batch
        cursor.execute(
            sql.SQL(
                "SELECT originator_id, originator_version, notification_id, topic, state "
                "FROM {} ORDER BY originator_id, originator_version"
            ).format(self._tables.events_table())
        )
        current: _TaskReplay | None = None
        unreported = 0
        for task_id, version, notification_id, topic, state in cursor:
            if current is None or current.task_id != task_id:
                if current is not None:
                    yield current
                current = _TaskReplay(task_id, TaskChain(task_id))
                summary.tasks += 1
            self._step(current, version, notification_id, topic, state, position)
            summary.events += 1
            unreported += 1
            if on_progress is not None and unreported >= self._batch:
                on_progress(unreported)
                unreported = 0
        if current is not None:
            yield current
        if on_progress is not None and unreported:
            on_progress(unreported)

    def _step(
        self,
        replay: _TaskReplay,
        version: int,
        notification_id: int,
        topic: str,
        state: bytes,
        position: int | None,
    ) -> None:
        stored = StoredEvent(replay.task_id, version, topic, bytes(state))
        event: object
        try:
            event = self._mapper.to_domain_event(stored)
        except Exception as error:  # a damaged event is a finding, not a crash
            event = error
        if replay.chain.feed(version, notification_id, event) is not None:
            return
        if replay.chain.broken is not None or replay.replay_error is not None:
            return
        if position is None or notification_id > position:
            return
        try:
            if isinstance(event, Task.Created):
                replay.task = event.mutate(None)
            elif isinstance(event, Task.Event) and replay.task is not None:
                event.mutate(replay.task)
            else:
                replay.replay_error = f"version {version} has no task to apply to"
        except Exception as error:  # reported with the task, the pass goes on
            replay.replay_error = f"version {version} cannot be applied: {error}"

    def _finish(
        self,
        replay: _TaskReplay,
        row: dict[str, Any] | None,
        position: int | None,
        summary: Summary,
        report: Callable[[Finding], None],
    ) -> None:
        if replay.chain.broken is not None:
            summary.broken_tasks += 1
            if len(summary.damaged) < MAX_LISTED:
                summary.damaged.append(replay.task_id)
            report(replay.chain.broken)
            return
        if replay.replay_error is not None:
            summary.problems += 1
            report(Problem(replay.task_id, replay.replay_error))
            return
        if position is None:
            return
        differences = compare(replay.task_id, replay.task, row)
        if differences:
            summary.differing_tasks += 1
            for difference in differences:
                report(difference)


class _RowMerger:
    """Walks the read model's rows in id order alongside the tasks (a merge join)."""

    def __init__(
        self, rows: Iterator[dict[str, Any]], orphan: Callable[[dict[str, Any]], None]
    ) -> None:
        self._rows = rows
        self._orphan = orphan
        self._next: dict[str, Any] | None = next(rows, None)

    def take(self, task_id: UUID) -> dict[str, Any] | None:
        """The row of ``task_id`` if there is one; rows before it have no events."""
        while self._next is not None and self._next["id"] < task_id:
            self._orphan(self._next)
            self._next = next(self._rows, None)
        if self._next is not None and self._next["id"] == task_id:
            row, self._next = self._next, next(self._rows, None)
            return row
        return None

    def finish(self) -> None:
        """Report the rows after the last task's."""
        while self._next is not None:
            self._orphan(self._next)
            self._next = next(self._rows, None)
