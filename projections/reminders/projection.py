"""The ``reminders`` read model: one row per task whose reminder is still to fire.

A task has a row while the domain says it wants its reminder (``Task.wants_reminder_at``
of its effective reminder instant): the row goes when the reminder fires, moves when the
reminder or the due date it is relative to changes, and goes when the task is completed
or deleted. The reminder job (``fire_reminder``) acts on the rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from uuid import UUID

from psycopg import Cursor, sql
from psycopg.rows import DictRow

from domain.task import Task
from projections.base import Delivered, ReadModelProjection, Tables, json_rows, uuid_array
from projections.task_states import fold_states, state_table_ddl

PENDING = "reminders"
TASKS = "reminders_tasks"


def pending_reminder(task: Task) -> datetime | None:
    """The instant ``task``'s reminder is still to fire at, if any."""
    instant = task.effective_reminder_at
    if instant is None or not task.wants_reminder_at(instant):
        return None
    return instant


class RemindersProjection(ReadModelProjection):
    """Pending reminders, for the reminder job."""

    name = "reminders"
    revision = 2
    read_waited = False
    tables = (PENDING, TASKS)

    @classmethod
    def ddl(cls, tables: Tables, extension_schemas: Mapping[str, str]) -> list[sql.Composed]:
        """The pending table (by task) and the task states."""
        return [
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} ("
                "task_id uuid PRIMARY KEY, "
                "owner text NOT NULL, "
                "reminder_at timestamptz NOT NULL, "
                "position bigint NOT NULL)"
            ).format(tables[PENDING]),
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

    def fold(self, curs: Cursor[DictRow], events: Sequence[Delivered], tables: Tables) -> bool:
        """Keep one row per task whose reminder is still wanted, at its instant.

        Returns whether a pending row became new work (the NOTIFY the worker waits for).
        """
        folded = fold_states(curs, tables, TASKS, events)
        if not folded.tasks:
            return False
        wanted: dict[UUID, datetime] = {}
        for task_id, task in folded.tasks.items():
            instant = pending_reminder(task)
            if instant is not None:
                wanted[task_id] = instant
        gone = [task_id for task_id in folded.tasks if task_id not in wanted]
        if gone:
            curs.execute(tables.sql(_DELETE, PENDING), (uuid_array(gone),))
        if not wanted:
            return False
        rows = [
            {
                "task_id": task_id,
                "owner": folded.tasks[task_id].owner,
                "reminder_at": instant,
                "position": folded.positions[task_id],
            }
            for task_id, instant in wanted.items()
        ]
        # A row is new work if the batch moved its position (so to the batch's first
        # event or later); one that kept its instant keeps its position.
        curs.execute(tables.sql(_UPSERT, PENDING), (json_rows(rows), events[0].position))
        row = curs.fetchone()
        return bool(row and row["new"])


_DELETE = "DELETE FROM {} WHERE task_id = ANY(%s::uuid[])"
_UPSERT = (
    "WITH u AS (INSERT INTO {} AS r (task_id, owner, reminder_at, position) "
    "SELECT task_id, owner, reminder_at, position FROM json_to_recordset(%s::json) "
    "AS j(task_id uuid, owner text, reminder_at timestamptz, position bigint) "
    "ON CONFLICT (task_id) DO UPDATE SET "
    "owner = EXCLUDED.owner, reminder_at = EXCLUDED.reminder_at, "
    "position = CASE WHEN r.reminder_at = EXCLUDED.reminder_at "
    "THEN r.position ELSE EXCLUDED.position END "
    "RETURNING r.position) "
    "SELECT coalesce(bool_or(position >= %s), false) AS new FROM u"
)
