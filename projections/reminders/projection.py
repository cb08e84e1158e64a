"""The ``reminders`` read model: one row per task whose reminder is still to fire.

A task has a row while the domain says it wants its reminder (``Task.wants_reminder_at``
of its effective reminder instant): the row goes when the reminder fires, moves when the
reminder or the due date it is relative to changes, and goes when the task is completed
or deleted. The reminder job (``fire_reminder``) acts on the rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from psycopg import Cursor, sql
from psycopg.rows import DictRow

from domain.task import Task
from projections.base import ReadModelProjection
from projections.columns import Column, column_names, create_table, recordset
from projections.fold import ANY_CHANGE, NOTHING_NEW, Changed, PositionedEvent
from projections.tables import Tables, json_rows, uuid_array
from projections.task_states import fold_states, state_table_ddl

PENDING = "reminders"
TASKS = "reminders_tasks"


class PendingReminder(msgspec.Struct, frozen=True):
    """A ``reminders`` row: a task whose reminder is still to fire, and when."""

    task_id: UUID
    owner: str
    reminder_at: datetime
    position: Annotated[int, Column("bigint")]
    """Of the event that set the instant: the dispatcher's order."""


def pending_reminder(task: Task, position: int) -> PendingReminder | None:
    """The row of ``task`` as the event at ``position`` left it: ``None`` unless the domain
    still wants its reminder to fire."""
    instant = task.effective_reminder_at
    if instant is None or not task.wants_reminder_at(instant):
        return None
    return PendingReminder(task.id, task.owner, instant, position)


class RemindersProjection(ReadModelProjection):
    """Pending reminders, for the reminder job."""

    name = "reminders"
    revision = 2
    rendering = "b1f7910615a1b6743a23abb53075400c1217e75356681d291e3edc477b8742f2"
    read_waited = False
    tables = (PENDING, TASKS)

    @classmethod
    def ddl(cls, tables: Tables, extension_schemas: Mapping[str, str]) -> list[sql.Composed]:
        """The pending table (by task) and the task states."""
        return [
            create_table(tables[PENDING], PendingReminder, primary_key=["task_id"]),
            state_table_ddl(tables[TASKS]),
        ]

    @classmethod
    def index_ddl(cls, tables: Tables, extension_schemas: Mapping[str, str]) -> list[sql.Composed]:
        """Pending rows by instant (the sweep) and by position (the fast path)."""
        pending = tables[PENDING]
        base = tables.names[PENDING]
        return [
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (reminder_at, task_id)").format(
                sql.Identifier(f"{base}_due"), pending
            ),
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (position, task_id)").format(
                sql.Identifier(f"{base}_position"), pending
            ),
        ]

    def fold(
        self, curs: Cursor[DictRow], events: Sequence[PositionedEvent], tables: Tables
    ) -> Changed:
        """Keep one row per task whose reminder is still wanted, at its instant.

        NOTIFYs only when a pending row became new work (what the job worker waits for).
        """
        folded = fold_states(curs, tables, TASKS, events)
        if not folded.tasks:
            return NOTHING_NEW
        rows: list[PendingReminder] = []
        gone: list[UUID] = []
        for task_id, task in folded.tasks.items():
            row = pending_reminder(task, folded.positions[task_id])
            if row is None:
                gone.append(task_id)
            else:
                rows.append(row)
        if gone:
            curs.execute(tables.sql(_DELETE, PENDING), (uuid_array(gone),))
        if not rows:
            return NOTHING_NEW
        # A row is new work if the batch moved its position (so to the batch's first
        # event or later); one that kept its instant keeps its position.
        curs.execute(tables.sql(_UPSERT, PENDING), (json_rows(rows), events[0].position))
        new = curs.fetchone()
        return ANY_CHANGE if new and new["new"] else NOTHING_NEW


_DELETE = "DELETE FROM {} WHERE task_id = ANY(%s::uuid[])"
_UPSERT = (
    f"WITH u AS (INSERT INTO {{}} AS r ({', '.join(column_names(PendingReminder))}) "
    f"SELECT * FROM json_to_recordset(%s::json) AS j({recordset(PendingReminder)}) "
    "ON CONFLICT (task_id) DO UPDATE SET "
    "owner = EXCLUDED.owner, reminder_at = EXCLUDED.reminder_at, "
    "position = CASE WHEN r.reminder_at = EXCLUDED.reminder_at "
    "THEN r.position ELSE EXCLUDED.position END "
    "RETURNING r.position) "
    "SELECT coalesce(bool_or(position >= %s), false) AS new FROM u"
)
