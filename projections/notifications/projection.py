"""The ``notifications`` read model: every reminder that fired, per user, newest first.

A ``ReminderFired`` event adds a row that records the task's title and due instant as
they were when it fired. A deleted task's notifications leave the list with it (its
history keeps the events).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

import msgspec
from psycopg import Cursor, sql
from psycopg.rows import DictRow

from application.views import rfc3339
from domain.task import Task
from projections.base import ReadModelProjection
from projections.columns import column_names, create_table, recordset
from projections.fold import ANY_CHANGE, Changed, PositionedEvent
from projections.tables import Tables, json_rows, uuid_array
from projections.task_states import fold_states, state_table_ddl

NOTIFICATIONS = "notifications"
TASKS = "notifications_tasks"


def notification_id(task_id: UUID, version: int) -> UUID:
    """A notification's id: stable across rebuilds, one per ``ReminderFired`` event."""
    return uuid5(task_id, f"notification:{version}")


def notification_doc(
    notification: UUID, task: Task, fired_at: datetime, reminder_at: datetime
) -> dict[str, Any]:
    """The notification as the API serves it."""
    due = task.due
    return {
        "id": str(notification),
        "task_id": str(task.id),
        "title": task.title,
        "due_at": rfc3339(due.at) if due is not None else None,
        "fired_at": rfc3339(fired_at),
        "reminder_at": rfc3339(reminder_at),
    }


class NotificationRow(msgspec.Struct, frozen=True):
    """A ``notifications`` row: one fired reminder, its resource pre-rendered as JSON text."""

    id: UUID
    owner: str
    task_id: UUID
    fired_at: datetime
    doc: str


def notification_row(task: Task, fired: Task.ReminderFired) -> NotificationRow:
    """The row a ``ReminderFired`` event adds, ``task`` as that event left it."""
    notification = notification_id(task.id, fired.originator_version)
    doc = notification_doc(notification, task, fired.timestamp, fired.reminder_at)
    text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
    return NotificationRow(notification, task.owner, task.id, fired.timestamp, text)


_INSERT = (
    f"INSERT INTO {{}} ({', '.join(column_names(NotificationRow))}) "
    f"SELECT * FROM json_to_recordset(%s::json) AS u({recordset(NotificationRow)}) "
    "ON CONFLICT (id) DO NOTHING"
)
_DELETE = "DELETE FROM {} WHERE task_id = ANY(%s::uuid[])"


class NotificationsProjection(ReadModelProjection):
    """Fired reminders, for ``GET /api/v1/notifications``."""

    name = "notifications"
    revision = 2
    rendering = "bb6fe68e908a371b18b658af5515f2b3405220b0d319aba9f82ec2e4ad951118"
    folds_on_demand = True  # reads seldom wait on it: no fold per event (see the base)
    tables = (NOTIFICATIONS, TASKS)

    @classmethod
    def ddl(cls, tables: Tables, extension_schemas: Mapping[str, str]) -> list[sql.Composed]:
        """Notification rows (by id, by task for deletions) and the task states."""
        return [
            create_table(tables[NOTIFICATIONS], NotificationRow, primary_key=["id"]),
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (task_id)").format(
                sql.Identifier(f"{tables.names[NOTIFICATIONS]}_task"), tables[NOTIFICATIONS]
            ),
            state_table_ddl(tables[TASKS]),
        ]

    @classmethod
    def index_ddl(cls, tables: Tables, extension_schemas: Mapping[str, str]) -> list[sql.Composed]:
        """A user's notifications newest first, for the API (the fold does not need it)."""
        return [
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (owner, fired_at, id)").format(
                sql.Identifier(f"{tables.names[NOTIFICATIONS]}_owner"), tables[NOTIFICATIONS]
            )
        ]

    def fold(
        self, curs: Cursor[DictRow], events: Sequence[PositionedEvent], tables: Tables
    ) -> Changed:
        """Add a row per fired reminder; drop the rows of deleted tasks."""
        rows: list[NotificationRow] = []

        def collect(item: PositionedEvent, task: Task) -> None:
            if isinstance(item.event, Task.ReminderFired):
                rows.append(notification_row(task, item.event))

        folded = fold_states(curs, tables, TASKS, events, collect)
        deleted = {task_id for task_id, task in folded.tasks.items() if task.deleted}
        rows = [row for row in rows if row.task_id not in deleted]
        if rows:
            curs.execute(tables.sql(_INSERT, NOTIFICATIONS), (json_rows(rows),))
        if deleted:
            curs.execute(tables.sql(_DELETE, NOTIFICATIONS), (uuid_array(deleted),))
        return ANY_CHANGE
