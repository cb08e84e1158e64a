"""What a task's events build: plain data, and the values the rules read from it.

The state is kept in plain data (strings, lists, dicts) so that snapshots round-trip
through JSON unchanged; value objects are built on access.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from domain.chain import GENESIS
from domain.draft import TaskDraft, reminder_instant
from domain.due import Due, stored_due
from domain.fields import Priority
from domain.recurrence import Recurrence, parse_recurrence


class TaskState:
    """A task's state and what it reads as; only the ``Task`` aggregate's events change it."""

    def __init__(self) -> None:
        """Start empty: the ``Created`` event fills the state in."""
        self.owner: str = ""
        self.title: str = ""
        self.description: str | None = None
        self.priority_name: str = Priority.MEDIUM.value
        self.tag_list: list[str] = []
        self.timezone: str = "UTC"
        self.due_date: str | None = None
        self.due_time: str | None = None
        self.recurrence_data: dict[str, Any] | None = None
        self.series_id: UUID | None = None
        self.occurrence: int | None = None
        self.reminder_at: datetime | None = None
        self.reminder_minutes_before: int | None = None
        self.created_at: datetime | None = None
        self.updated_at: datetime | None = None
        self.completed_at: datetime | None = None
        self.deleted: bool = False
        self.last_reminder_fired: datetime | None = None
        self.chain_head: str = GENESIS

    def set_due(self, due_date: str | None, due_time: str | None, timezone: str) -> None:
        """Take the due fields of an event."""
        self.due_date, self.due_time, self.timezone = due_date, due_time, timezone

    @property
    def due(self) -> Due | None:
        """When the task is due, if ever."""
        if self.due_date is None:
            return None
        return stored_due(self.due_date, self.due_time, self.timezone)

    @property
    def priority(self) -> Priority:
        """The task's priority."""
        return Priority(self.priority_name)

    @property
    def tags(self) -> tuple[str, ...]:
        """The task's tags, first spelling kept, in input order."""
        return tuple(self.tag_list)

    @property
    def recurrence(self) -> Recurrence | None:
        """The recurrence rule, if the task recurs."""
        return parse_recurrence(self.recurrence_data) if self.recurrence_data else None

    @property
    def completed(self) -> bool:
        """Whether the task is done."""
        return self.completed_at is not None

    @property
    def draft(self) -> TaskDraft:
        """The client-settable state, as input resolution needs it."""
        return TaskDraft(
            title=self.title,
            description=self.description,
            priority=self.priority,
            tags=self.tags,
            timezone=self.timezone,
            due=self.due,
            recurrence=self.recurrence,
            reminder_at=self.reminder_at,
            reminder_minutes_before=self.reminder_minutes_before,
        )

    @property
    def effective_reminder_at(self) -> datetime | None:
        """When this task's reminder fires, if it has one (the draft's rule, without
        building a draft: every rendering of a task asks)."""
        minutes = self.reminder_minutes_before
        due = self.due if minutes is not None else None
        return reminder_instant(due, self.reminder_at, minutes)

    def wants_reminder_at(self, reminder_at: datetime) -> bool:
        """Whether a reminder for ``reminder_at`` should still fire now.

        It should not when the task is completed or deleted, its reminder moved,
        or that reminder already fired (jobs run at least once, so this is what
        makes firing idempotent).
        """
        return (
            not self.deleted
            and not self.completed
            and self.effective_reminder_at == reminder_at
            and self.last_reminder_fired != reminder_at
        )

    def next_occurrence_due(self) -> Due | None:
        """The due date of the occurrence after this one, or ``None`` when the series ends."""
        if self.recurrence is None or self.due is None or self.completed_at is None:
            return None
        return self.recurrence.next_due(
            self.due,
            completed_at=self.completed_at,
            next_occurrence=(self.occurrence or 1) + 1,
        )
