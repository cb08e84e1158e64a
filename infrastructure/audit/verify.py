"""``tasklog audit verify``: every task's hash chain, and its replay against the read model.

One pass over the event store in ``(originator_id, originator_version)`` order (its
primary key) through a server-side cursor, merged with a pass over ``task_list`` in id
order through a second one: memory holds one task at a time, whatever the store's size.
Both passes run in one ``REPEATABLE READ`` read-only transaction, so they see the same
moment even while commands and the projector keep writing; each task is replayed only up
to the read model's tracking position in that moment, so a read model that is merely
behind is not reported.

Decoding, hashing and replaying every event is Python work, one core's worth per
interpreter. A large store is therefore verified by several worker processes, each over
one range of task ids (the same pass, bounded), all in the very snapshot of this process's
transaction (``pg_export_snapshot``), so together they see one moment as a single pass
would. Their findings are reported here as they come, in id order within each range.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import Mapper, StoredEvent
from psycopg import IsolationLevel, sql

from application.tasks import TaskApplication
from domain.task import Task
from infrastructure.audit.chain import BrokenLink, TaskChain
from infrastructure.audit.owners import EventTables
from infrastructure.audit.readmodel import (
    READ_MODEL,
    TRACKING_VIEW,
    Difference,
    compare_values,
)
from projections.bulk import default_workers, standalone_mapper
from projections.bulk_workers import settle_worker_heap
from projections.decoding import fast_mapper
from projections.task_list.rows import COLUMNS

BATCH = 2_000
"""Rows fetched per round trip from each server-side cursor."""

PARALLEL_FROM = 50_000
"""Least number of events for which worker processes are started (starting one costs
about a second: a fresh interpreter imports the code)."""


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

    def add(self, other: Summary) -> None:
        """Count ``other`` (a range's pass) in this summary."""
        self.events += other.events
        self.tasks += other.tasks
        self.broken_tasks += other.broken_tasks
        self.differing_tasks += other.differing_tasks
        self.problems += other.problems
        self.damaged += other.damaged[: MAX_LISTED - len(self.damaged)]


MAX_LISTED = 1_000

Report = Callable[[Finding], None]
Progress = Callable[[int], None]


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
                this process; ``None``: one per core (at most four) for a store of
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
                    _RangePass(connection, self._tables, self._mapper, position, self._batch).run(
                        summary, report, on_progress
                    )
                else:
                    snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()
                    if snapshot is None:
                        raise RuntimeError("PostgreSQL exported no snapshot")
                    self._run_ranges(snapshot[0], position, workers, summary, report, on_progress)
            finally:
                connection.rollback()
        return summary

    def _workers_for(self, total: int | None) -> int:
        if self._workers is not None:
            return max(1, self._workers)
        if total is None or total < PARALLEL_FROM:
            return 1
        return default_workers()

    def _run_ranges(
        self,
        snapshot: str,
        position: int | None,
        workers: int,
        summary: Summary,
        report: Report,
        on_progress: Progress | None,
    ) -> None:
        """Verify each id range in a worker process sharing ``snapshot``; merge as they come.

        This process's transaction (which exported the snapshot) stays open until every
        worker is done, so the snapshot stays importable.
        """
        context = multiprocessing.get_context("spawn")  # never fork a threaded process
        pipes: list[Connection] = []
        processes = []
        try:
            for lower, upper in id_ranges(workers):
                spec = _RangeSpec(
                    self._url,
                    self._tables,
                    snapshot,
                    position,
                    self._batch,
                    lower,
                    upper,
                )
                parent, child = context.Pipe(duplex=False)
                process = context.Process(
                    target=_verify_range, args=(child, spec), name="verify-range", daemon=True
                )
                process.start()
                child.close()
                pipes.append(parent)
                processes.append(process)
            pending = set(pipes)
            while pending:
                for ready in wait(list(pending)):
                    assert isinstance(ready, Connection)
                    try:
                        kind, value = ready.recv()
                    except (EOFError, OSError):
                        raise RuntimeError("a verification worker died") from None
                    if kind == "finding":
                        report(value)
                    elif kind == "progress":
                        if on_progress is not None:
                            on_progress(value)
                    elif kind == "done":
                        summary.add(value)
                        pending.discard(ready)
                    else:
                        raise RuntimeError(f"a verification worker failed: {value}")
        finally:
            for pipe in pipes:
                pipe.close()
            for process in processes:
                process.join(5)
                if process.is_alive():
                    process.terminate()
                    process.join(5)

    # -- the pass -------------------------------------------------------------------------

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


def id_ranges(count: int) -> list[tuple[UUID | None, UUID | None]]:
    """``count`` ranges of task ids, ``[lower, upper)``, that cover every id together.

    Equal slices of the id space: ids are random (version 4) or hashes (version 5), so
    each range holds about as many tasks. ``None`` is unbounded.
    """
    bounds: list[UUID | None] = [UUID(int=(number << 128) // count) for number in range(count)]
    bounds[0] = None
    return [
        (bounds[number], bounds[number + 1] if number + 1 < count else None)
        for number in range(count)
    ]


@dataclass
class _TaskReplay:
    """One task under verification: its chain, and its state folded up to the position."""

    task_id: UUID
    chain: TaskChain
    task: Task | None = None
    replay_error: str | None = None


class _RangePass:
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
        merger = _RowMerger(rows, orphan)
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

    def _replays(self, summary: Summary, on_progress: Progress | None) -> Iterator[_TaskReplay]:
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
        current: _TaskReplay | None = None
        unreported = 0
        for task_id, version, notification_id, topic, state in cursor:
            if current is None or current.task_id != task_id:
                if current is not None:
                    yield current
                current = _TaskReplay(task_id, TaskChain(task_id))
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
        replay: _TaskReplay,
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
        replay: _TaskReplay,
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


class _RowMerger:
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


@dataclass(frozen=True)
class _RangeSpec:
    """What a worker process verifies (picklable)."""

    url: str
    tables: EventTables
    snapshot: str
    position: int | None
    batch: int
    lower: UUID | None
    upper: UUID | None


def _verify_range(pipe: Connection, spec: _RangeSpec) -> None:
    """A worker process: one range's pass in the exported snapshot, reported through
    ``pipe``; it stops when the verifier is gone (its pipe closed)."""
    try:
        mapper = standalone_mapper(TaskApplication)
        settle_worker_heap()
        with psycopg.connect(spec.url) as connection:
            connection.isolation_level = IsolationLevel.REPEATABLE_READ
            connection.read_only = True
            connection.execute(
                sql.SQL("SET TRANSACTION SNAPSHOT {}").format(sql.Literal(spec.snapshot))
            )
            summary = Summary()
            _RangePass(
                connection, spec.tables, mapper, spec.position, spec.batch, spec.lower, spec.upper
            ).run(
                summary,
                lambda finding: pipe.send(("finding", finding)),
                lambda done: pipe.send(("progress", done)),
            )
            connection.rollback()
        pipe.send(("done", summary))
    except (BrokenPipeError, EOFError):
        return  # the verifier is gone
    except Exception as error:
        try:
            pipe.send(("error", f"{type(error).__name__}: {error}"))
        except (BrokenPipeError, EOFError, OSError):
            return
