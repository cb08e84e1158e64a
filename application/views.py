"""The task resource of docs/api.md section 2, rendered from a Task's state.

One rendering serves the write side (command responses) and the read side (the
``task_list`` projection stores it), so both always show the same shape. The spelling of
stored values is the domain's (events keep ``"high"``); what clients see is decided here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from domain.fields import Priority
from domain.task import Task


def rfc3339(instant: datetime | None) -> str | None:
    """``2026-12-01T09:00:00Z`` form (UTC, ``Z``, no microseconds beyond what is set)."""
    if instant is None:
        return None
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")


def task_view(task: Task) -> dict[str, Any]:
    """The task resource as plain JSON-ready data."""
    due = task.due
    recurrence = task.recurrence
    return {
        "id": str(task.id),
        "title": task.title,
        "description": task.description,
        "priority": task.priority.label,
        "tags": list(task.tag_list),
        "due_date": task.due_date,
        "due_time": task.due_time,
        "timezone": task.timezone,
        "due_at": rfc3339(due.at) if due is not None else None,
        "recurrence": recurrence.to_dict() if recurrence is not None else None,
        "recurring": recurrence.frequency.value if recurrence is not None else None,
        "series_id": str(task.series_id) if task.series_id is not None else None,
        "occurrence": task.occurrence,
        "reminder_at": rfc3339(task.effective_reminder_at),
        "reminder_minutes_before": task.reminder_minutes_before,
        "completed": task.completed,
        "completed_at": rfc3339(task.completed_at),
        "created_at": rfc3339(task.created_at),
        "updated_at": rfc3339(task.updated_at),
        "user_id": task.owner,
        "version": task.version,
    }


def event_data_view(data: dict[str, Any]) -> dict[str, Any]:
    """An event's data as history and audit items show it: ``priority`` as the API spells it.

    The stored event is left as it is (its hash covers the stored spelling); a stored
    value that is not a priority is shown unchanged, as an audit log must.
    """
    stored = data.get("priority")
    if not isinstance(stored, str):
        return data
    try:
        label = Priority(stored).label
    except ValueError:
        return data
    return {**data, "priority": label}
