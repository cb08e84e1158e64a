"""One pass over a range of task ids: each task's chain checked and its state replayed,
merged with the read model's rows in id order and compared with each.

The events come through a server-side cursor in ``(originator_id, originator_version)``
order (the event table's primary key), the rows through a second one in id order, so
memory holds one task at a time, whatever the store's size. A task is replayed only up to
the read model's tracking position, so a read model that is merely behind is not
reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import Mapper, StoredEvent
from psycopg import sql

from audit.chain import TaskChain
from audit.findings import MAX_LISTED, Problem, Progress, Report, Summary
from audit.owners import EventTables
from audit.readmodel import READ_MODEL, Difference, compare_values
from domain.task import Task
from projections.task_list.rows import COLUMNS


@dataclass
class TaskReplay:
    """One task under verification: its chain, and its state folded up to the position."""

    task_id: UUID
    chain: TaskChain
    task: Task | None = None
    replay_error: str | None = None


class RangePass:
    """The pass over one range of task ids (all of them by default), in the given
    connection's transaction."""

    def __init__(
        self,
        connection: psycopg.Connection[Any],
        tables: EventTables,
        mapper: Mapper[Any],
        position: int | None,
        batch: int,
        lower: UUID | None = None,
        upper: UUID | None = None,
    ) -> None:
        self._connection = connection
        self._tables = tables
        self._mapper = mapper
        self._position = position
        self._batch = batch
        self._lower = lower
        self._upper = upper

    def run(self, summary: Summary, report: Report, on_progress: Progress | None) -> None:
        def orphan(row: tuple[Any, ...]) -> None:
            summary.differing_tasks += 1
            report(Difference(row[0], "row", "no events (no row)", "a row"))

        rows = self._rows() if self._position is not None else iter(())
        merger = RowMerger(rows, orphan)
        for replay in self._replays(summary, on_progress):
            self._finish(replay, merger.take(replay.task_id), summary, report)
        merger.finish()

    def _bounded(self, column: str) -> tuple[sql.Composable, list[UUID]]:
        """``WHERE`` on ``column`` for this range, and its parameters."""
        clauses: list[sql.Composable] = []
        params: list[UUID] = []
        if self._lower is not None:
            clauses.append(sql.SQL("{} >= %s").format(sql.Identifier(column)))
            params.append(self._lower)
        if self._upper is not None:
            clauses.append(sql.SQL("{} < %s").format(sql.Identifier(column)))
            params.append(self._upper)
        if not clauses:
            return sql.SQL(""), params
        return sql.SQL(" WHERE ") + sql.SQL(" AND ").join(clauses), params

    def _rows(self) -> Iterator[tuple[Any, ...]]:
        where, params = self._bounded("id")
        cursor = self._connection.cursor(name="audit_verify_rows", binary=True)
        cursor.itersize = self._batch
        cursor.execute(
            sql.SQL("SELECT {} FROM {}{} ORDER BY id").format(
                sql.SQL(", ").join(map(sql.Identifier, COLUMNS)),
                sql.Identifier(self._tables.schema, READ_MODEL),
                where,
            ),
            params,
        )
        yield from cursor

    def _replays(self, summary: Summary, on_progress: Progress | None) -> Iterator[TaskReplay]:
        """Every task's chain checked and state folded, one task at a time, in id order."""
        where, params = self._bounded("originator_id")
        cursor = self._connection.cursor(name="audit_verify_events", binary=True)
        cursor.itersize = self._batch
        cursor.execute(
            sql.SQL(
                "SELECT originator_id, originator_version, notification_id, topic, state "
                "FROM {}{} ORDER BY originator_id, originator_version"
            ).format(self._tables.events_table(), where),
            params,
        )
        current: TaskReplay | None = None
        unreported = 0
        for task_id, version, notification_id, topic, state in cursor:
            if current is None or current.task_id != task_id:
                if current is not None:
                    yield current
                current = TaskReplay(task_id, TaskChain(task_id))
                summary.tasks += 1
            self._step(current, version, notification_id, topic, state)
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
        replay: TaskReplay,
        version: int,
        notification_id: int,
        topic: str,
        state: bytes,
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
        if self._position is None or notification_id > self._position:
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
        replay: TaskReplay,
        row: tuple[Any, ...] | None,
        summary: Summary,
        report: Report,
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
        if self._position is None:
            return
        differences = compare_values(replay.task_id, replay.task, row)
        if differences:
            summary.differing_tasks += 1
            for difference in differences:
                report(difference)


class RowMerger:
    """Walks the read model's rows in id order alongside the tasks (a merge join)."""

    def __init__(
        self, rows: Iterator[tuple[Any, ...]], orphan: Callable[[tuple[Any, ...]], None]
    ) -> None:
        self._rows = rows
        self._orphan = orphan
        self._next: tuple[Any, ...] | None = next(rows, None)

    def take(self, task_id: UUID) -> tuple[Any, ...] | None:
        """The row of ``task_id`` if there is one; rows before it have no events."""
        while self._next is not None and self._next[0] < task_id:
            self._orphan(self._next)
            self._next = next(self._rows, None)
        if self._next is not None and self._next[0] == task_id:
            row, self._next = self._next, next(self._rows, None)
            return row
        return None

    def finish(self) -> None:
        """Report the rows after the last task's."""
        while self._next is not None:
            self._orphan(self._next)
            self._next = next(self._rows, None)
