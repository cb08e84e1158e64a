"""The task resource of docs/api.md section 2, rendered from a Task's state.

One rendering serves the write side (command responses) and the read side (the
``task_list`` projection stores it), so both always show the same shape. The spelling of
stored values is the domain's (events keep ``"high"``); what clients see is decided here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, cast
from uuid import UUID

import msgspec

from domain.fields import PRIORITY_NAMES, Priority
from domain.recurrence import Frequency, Mode
from domain.task import Task


def rfc3339(instant: datetime | None) -> str | None:
    """``2026-12-01T09:00:00Z`` form (UTC, ``Z``, no microseconds beyond what is set)."""
    if instant is None:
        return None
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")


# Built from the domain's names, so mypy cannot list the members; the document can.
PriorityLabel = StrEnum(  # type: ignore[misc]
    "PriorityLabel", {name.upper(): name for name in PRIORITY_NAMES}
)
"""A priority as the API writes it (``High``, ``Medium``, ``Low``)."""
_LABELS = {priority.value: cast(PriorityLabel, priority.label) for priority in Priority}
"""Each stored priority's label, looked up without building the enum member."""


class RecurrenceOut(msgspec.Struct, kw_only=True):
    """A recurrence rule as stored, with its RFC 5545 form."""

    frequency: Frequency
    interval: int
    by_weekday: list[str] | None
    by_month_day: list[int] | None
    count: int | None
    until: date | None
    mode: Mode
    rrule: str


class TaskResource(msgspec.Struct, kw_only=True):
    """The task resource (docs/api.md section 2): what clients read, and what the OpenAPI
    document declares. Instants are in UTC (encoded with ``Z``)."""

    id: UUID
    title: str
    description: str | None
    priority: PriorityLabel
    tags: list[str]
    due_date: date | None
    due_time: str | None
    timezone: str
    due_at: datetime | None
    recurrence: RecurrenceOut | None
    recurring: Frequency | None
    series_id: UUID | None
    occurrence: int | None
    reminder_at: datetime | None
    reminder_minutes_before: int | None
    completed: bool
    completed_at: datetime | None
    created_at: datetime
    updated_at: datetime
    user_id: str
    """The owner's ``sub``."""
    version: int


def _utc(instant: datetime | None) -> datetime | None:
    return instant.astimezone(UTC) if instant is not None else None


def task_resource(task: Task) -> TaskResource:
    """The task resource of ``task``'s state."""
    due = task.due
    recurrence = task.recurrence
    if task.created_at is None or task.updated_at is None:
        raise ValueError(f"task {task.id} has no creation time")
    return TaskResource(
        id=task.id,
        title=task.title,
        description=task.description,
        priority=_LABELS[task.priority_name],
        tags=list(task.tag_list),
        due_date=date.fromisoformat(task.due_date) if task.due_date is not None else None,
        due_time=task.due_time,
        timezone=task.timezone,
        due_at=_utc(due.at) if due is not None else None,
        recurrence=(
            msgspec.convert(recurrence.to_dict(), RecurrenceOut) if recurrence is not None else None
        ),
        recurring=recurrence.frequency if recurrence is not None else None,
        series_id=task.series_id,
        occurrence=task.occurrence,
        reminder_at=_utc(task.effective_reminder_at),
        reminder_minutes_before=task.reminder_minutes_before,
        completed=task.completed,
        completed_at=_utc(task.completed_at),
        created_at=task.created_at.astimezone(UTC),
        updated_at=task.updated_at.astimezone(UTC),
        user_id=task.owner,
        version=task.version,
    )


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
