"""The ``recurrence`` read model: one row per completed occurrence still waiting for its next.

A row appears when an occurrence of a recurring task is completed and the domain says
the series goes on (``Task.next_occurrence_due``), and goes when the next occurrence's
``Created`` arrives, or the series ends: the occurrence is deleted or reopened, or its
rule changed so that it has no next. The spawn job (``spawn_next_occurrence``) acts on
the rows; the fold itself has no side effects.

An occurrence whose next one already exists (even deleted) gets no row: reopening and
completing it again does not spawn again, and reopening does not remove the next one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from psycopg import Cursor, sql
from psycopg.rows import DictRow

from application.tasks import occurrence_id
from domain.task import Task
from projections.base import ReadModelProjection
from projections.columns import Column, column_names, create_table, recordset
from projections.fold import ANY_CHANGE, NOTHING_NEW, Changed, PositionedEvent
from projections.tables import Tables, json_rows, uuid_array
from projections.task_states import fold_states, state_table_ddl

PENDING = "recurrence"
TASKS = "recurrence_tasks"


def next_occurrence_id(task: Task) -> UUID | None:
    """The id the next occurrence of ``task`` gets, if the task is owed one now.

    Mirrors ``TaskApplication.spawn_next_occurrence``: a live, completed occurrence of
    a series whose rule yields a next due date.
    """
    if task.deleted or task.series_id is None or task.next_occurrence_due() is None:
        return None
    return occurrence_id(task.series_id, (task.occurrence or 1) + 1)


class PendingSpawn(msgspec.Struct, frozen=True):
    """A ``recurrence`` row: a completed occurrence whose next one is still to be created."""

    task_id: UUID
    owner: str
    series_id: UUID
    occurrence: int
    next_id: UUID
    completed_version: int
    completed_at: datetime
    position: Annotated[int, Column("bigint")]
    """Of the event that completed it: the dispatcher's order."""


def pending_spawn(task: Task, next_id: UUID, position: int) -> PendingSpawn:
    """The row of ``task``, owed the occurrence ``next_id`` since the event at ``position``."""
    if task.series_id is None or task.completed_at is None:
        raise ValueError(f"task {task.id} is not a completed occurrence")
    return PendingSpawn(
        task.id,
        task.owner,
        task.series_id,
        task.occurrence or 1,
        next_id,
        task.version,
        task.completed_at,
        position,
    )


class RecurrenceProjection(ReadModelProjection):
    """Pending spawns of next occurrences, for the recurrence job."""

    name = "recurrence"
    revision = 2
    rendering = "d8eb498043ffc3a2570c7b4f31e30cc443ec68a0e9454996ad34dc6d19cbfd45"
    read_waited = False
    tables = (PENDING, TASKS)

    @classmethod
    def ddl(cls, tables: Tables, extension_schemas: Mapping[str, str]) -> list[sql.Composed]:
        """The pending table (by task, by expected next id) and the task states."""
        return [
            create_table(tables[PENDING], PendingSpawn, primary_key=["task_id"]),
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (next_id)").format(
                sql.Identifier(f"{tables.names[PENDING]}_next"), tables[PENDING]
            ),
            state_table_ddl(tables[TASKS]),
        ]

    @classmethod
    def index_ddl(cls, tables: Tables, extension_schemas: Mapping[str, str]) -> list[sql.Composed]:
        """Pending rows by position, for the dispatcher (the fold does not need it)."""
        return [
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (position, task_id)").format(
                sql.Identifier(f"{tables.names[PENDING]}_position"), tables[PENDING]
            )
        ]

    def fold(
        self, curs: Cursor[DictRow], events: Sequence[PositionedEvent], tables: Tables
    ) -> Changed:
        """Keep one row per completed occurrence whose next occurrence does not exist yet.

        NOTIFYs only when a pending row became new work (what the job worker waits for).
        """
        folded = fold_states(curs, tables, TASKS, events)
        if not folded.tasks:
            return NOTHING_NEW
        owed = {
            task_id: next_id
            for task_id, task in folded.tasks.items()
            if (next_id := next_occurrence_id(task)) is not None
        }
        existing: set[UUID] = set()
        if owed:
            curs.execute(tables.sql(_EXISTING, TASKS), (uuid_array(owed.values()),))
            existing = {row["id"] for row in curs.fetchall()}
        wanted = {task_id: next_id for task_id, next_id in owed.items() if next_id not in existing}
        gone = [task_id for task_id in folded.tasks if task_id not in wanted]
        if folded.created or gone:
            # Rows whose next occurrence this batch created, and rows no longer owed.
            curs.execute(
                tables.sql(_DELETE, PENDING), (uuid_array(folded.created), uuid_array(gone))
            )
        if not wanted:
            return NOTHING_NEW
        rows = [
            pending_spawn(folded.tasks[task_id], next_id, folded.positions[task_id])
            for task_id, next_id in wanted.items()
        ]
        # A row is new work if the batch put it there: at the batch's first event or later.
        curs.execute(tables.sql(_UPSERT, PENDING), (json_rows(rows), events[0].position))
        row = curs.fetchone()
        return ANY_CHANGE if row and row["new"] else NOTHING_NEW


_EXISTING = "SELECT id FROM {} WHERE id = ANY(%s::uuid[])"
_DELETE = "DELETE FROM {} WHERE next_id = ANY(%s::uuid[]) OR task_id = ANY(%s::uuid[])"
_UPSERT = (
    # A row keeps its version and position until a new completion (a new completed_at)
    # makes it a new piece of work.
    f"WITH u AS (INSERT INTO {{}} AS r ({', '.join(column_names(PendingSpawn))}) "
    f"SELECT * FROM json_to_recordset(%s::json) AS j({recordset(PendingSpawn)}) "
    "ON CONFLICT (task_id) DO UPDATE SET owner = EXCLUDED.owner, "
    "series_id = EXCLUDED.series_id, occurrence = EXCLUDED.occurrence, "
    "next_id = EXCLUDED.next_id, completed_at = EXCLUDED.completed_at, "
    "completed_version = CASE WHEN r.completed_at = EXCLUDED.completed_at "
    "THEN r.completed_version ELSE EXCLUDED.completed_version END, "
    "position = CASE WHEN r.completed_at = EXCLUDED.completed_at "
    "THEN r.position ELSE EXCLUDED.position END "
    "RETURNING r.position) "
    "SELECT coalesce(bool_or(position >= %s), false) AS new FROM u"
)
