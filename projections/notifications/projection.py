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

from psycopg import Cursor, sql
from psycopg.rows import DictRow

from application.views import rfc3339
from domain.task import Task
from projections.base import Delivered, ReadModelProjection, Tables, json_rows, uuid_array
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


_INSERT = (
    "INSERT INTO {} (id, owner, task_id, fired_at, doc) "
    "SELECT id, owner, task_id, fired_at, doc FROM json_to_recordset(%s::json) "
    "AS u(id uuid, owner text, task_id uuid, fired_at timestamptz, doc text) "
    "ON CONFLICT (id) DO NOTHING"
)
_DELETE = "DELETE FROM {} WHERE task_id = ANY(%s::uuid[])"


class NotificationsProjection(ReadModelProjection):
    """Fired reminders, for ``GET /api/v1/notifications``."""

    name = "notifications"
    revision = 2
    folds_on_demand = True  # reads seldom wait on it: no fold per event (see the base)
    tables = (NOTIFICATIONS, TASKS)

    @classmethod
    def ddl(cls, tables: Tables, extension_schemas: Mapping[str, str]) -> list[sql.Composed]:
        """Notification rows (by id, by task for deletions) and the task states."""
        notifications = tables[NOTIFICATIONS]
        return [
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} ("
                "id uuid PRIMARY KEY, "
                "owner text NOT NULL, "
                "task_id uuid NOT NULL, "
                "fired_at timestamptz NOT NULL, "
                "doc text NOT NULL)"
            ).format(notifications),
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (task_id)").format(
                sql.Identifier(f"{tables.names[NOTIFICATIONS]}_task"), notifications
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

    def fold(self, curs: Cursor[DictRow], events: Sequence[Delivered], tables: Tables) -> None:
        """Add a row per fired reminder; drop the rows of deleted tasks."""
        rows: list[dict[str, Any]] = []

        def collect(item: Delivered, task: Task) -> None:
            event = item.event
            if isinstance(event, Task.ReminderFired):
                notification = notification_id(task.id, event.originator_version)
                doc = notification_doc(notification, task, event.timestamp, event.reminder_at)
                rows.append(
                    {
                        "id": notification,
                        "owner": task.owner,
                        "task_id": task.id,
                        "fired_at": event.timestamp,
                        "doc": json.dumps(doc, separators=(",", ":"), ensure_ascii=False),
                    }
                )

        folded = fold_states(curs, tables, TASKS, events, collect)
        deleted = {task_id for task_id, task in folded.tasks.items() if task.deleted}
        rows = [row for row in rows if row["task_id"] not in deleted]
        if rows:
            curs.execute(tables.sql(_INSERT, NOTIFICATIONS), (json_rows(rows),))
        if deleted:
            curs.execute(tables.sql(_DELETE, NOTIFICATIONS), (uuid_array(deleted),))
