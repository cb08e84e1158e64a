"""The Task aggregate: a user's task, its rules, and the events that record its life."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.chain import GENESIS, event_data, event_hash
from domain.draft import TaskDraft
from domain.due import Due
from domain.errors import TaskIsDeleted
from domain.recurrence import Recurrence
from domain.task_state import TaskState

SYSTEM_ACTOR_PREFIX = "system:"
"""Actors of the service's own jobs (``system:recurrence``, ``system:reminder``) start with
this; no user may take such a name, so history always tells a job's event from a user's."""


@dataclass(frozen=True)
class EventMeta:
    """Who caused an event and under which request; carried by every event."""

    actor: str
    correlation_id: str


def _due_fields(due: Due | None, timezone: str) -> dict[str, Any]:
    return {
        "due_date": due.date.isoformat() if due else None,
        "due_time": due.time_text if due else None,
        "timezone": timezone,
    }


def _recurrence_data(recurrence: Recurrence | None) -> dict[str, Any] | None:
    if recurrence is None:
        return None
    data = recurrence.to_dict()
    data.pop("rrule")
    return data


class Task(TaskState, Aggregate):
    """A task owned by one user.

    Commands validate, compare with the present state and emit only the events
    that change something: a command that changes nothing records nothing. A
    deleted task accepts no command.
    """

    class Event(Aggregate.Event):
        """Every task event says who caused it, under which request, and chains its hash."""

        actor: str
        correlation_id: str
        prev_hash: str
        hash: str

        def apply(self, aggregate: Aggregate) -> None:
            task = cast(Task, aggregate)
            self.apply_to(task)
            task.chain_head = self.hash

        def apply_to(self, task: Task) -> None:
            """Change the task's state; the default changes nothing but the clock."""
            task.updated_at = self.timestamp

    class Created(Event, Aggregate.Created):
        owner: str
        title: str
        description: str | None
        priority: str
        tags: list[str]
        due_date: str | None
        due_time: str | None
        timezone: str
        recurrence: dict[str, Any] | None
        series_id: UUID | None
        occurrence: int | None
        reminder_at: datetime | None
        reminder_minutes_before: int | None

        def apply_to(self, task: Task) -> None:
            task.owner = self.owner
            task.title = self.title
            task.description = self.description
            task.priority_name = self.priority
            task.tag_list = list(self.tags)
            task.set_due(self.due_date, self.due_time, self.timezone)
            task.recurrence_data = self.recurrence
            task.series_id = self.series_id
            task.occurrence = self.occurrence
            task.reminder_at = self.reminder_at
            task.reminder_minutes_before = self.reminder_minutes_before
            task.created_at = self.timestamp
            task.updated_at = self.timestamp

    class TitleChanged(Event):
        title: str

        def apply_to(self, task: Task) -> None:
            task.title = self.title
            task.updated_at = self.timestamp

    class DescriptionChanged(Event):
        description: str | None

        def apply_to(self, task: Task) -> None:
            task.description = self.description
            task.updated_at = self.timestamp

    class PriorityChanged(Event):
        priority: str

        def apply_to(self, task: Task) -> None:
            task.priority_name = self.priority
            task.updated_at = self.timestamp

    class TagsChanged(Event):
        tags: list[str]

        def apply_to(self, task: Task) -> None:
            task.tag_list = list(self.tags)
            task.updated_at = self.timestamp

    class DueChanged(Event):
        due_date: str | None
        due_time: str | None
        timezone: str

        def apply_to(self, task: Task) -> None:
            task.set_due(self.due_date, self.due_time, self.timezone)
            task.updated_at = self.timestamp

    class RecurrenceChanged(Event):
        recurrence: dict[str, Any] | None
        series_id: UUID | None
        occurrence: int | None

        def apply_to(self, task: Task) -> None:
            task.recurrence_data = self.recurrence
            task.series_id = self.series_id
            task.occurrence = self.occurrence
            task.updated_at = self.timestamp

    class ReminderChanged(Event):
        reminder_at: datetime | None
        reminder_minutes_before: int | None

        def apply_to(self, task: Task) -> None:
            task.reminder_at = self.reminder_at
            task.reminder_minutes_before = self.reminder_minutes_before
            task.updated_at = self.timestamp

    class Completed(Event):
        def apply_to(self, task: Task) -> None:
            task.completed_at = self.timestamp
            task.updated_at = self.timestamp

    class Reopened(Event):
        def apply_to(self, task: Task) -> None:
            task.completed_at = None
            task.updated_at = self.timestamp

    class Deleted(Event):
        def apply_to(self, task: Task) -> None:
            task.deleted = True
            task.updated_at = self.timestamp

    class ReminderFired(Event):
        reminder_at: datetime

        def apply_to(self, task: Task) -> None:
            task.last_reminder_fired = self.reminder_at

    def __init__(self) -> None:
        """Start empty (``TaskState``); the ``Created`` event fills the state in (see
        ``Created.apply_to``)."""
        super().__init__()

    # -- creation -------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        *,
        task_id: UUID,
        owner: str,
        draft: TaskDraft,
        meta: EventMeta,
        now: datetime,
        series_id: UUID | None = None,
        occurrence: int | None = None,
    ) -> Task:
        """Create a task from a validated draft.

        A recurring task without an explicit series starts its own (its id, number 1);
        the recurrence job passes the series and number of the next occurrence.
        """
        if draft.recurrence is not None and series_id is None:
            series_id, occurrence = task_id, 1
        data: dict[str, Any] = {
            "owner": owner,
            "title": draft.title,
            "description": draft.description,
            "priority": draft.priority.value,
            "tags": list(draft.tags),
            **_due_fields(draft.due, draft.timezone),
            "recurrence": _recurrence_data(draft.recurrence),
            "series_id": series_id,
            "occurrence": occurrence,
            "reminder_at": draft.reminder_at,
            "reminder_minutes_before": draft.reminder_minutes_before,
        }
        digest = event_hash(
            event_type="Created",
            task_id=task_id,
            version=cls.INITIAL_VERSION,
            timestamp=now,
            actor=meta.actor,
            data=data,
            prev_hash=GENESIS,
        )
        return cls._create(
            cls.Created,
            id=task_id,
            timestamp=now,
            actor=meta.actor,
            correlation_id=meta.correlation_id,
            prev_hash=GENESIS,
            hash=digest,
            **data,
        )

    # -- recording ----------------------------------------------------------------------

    def _record(
        self, event_class: type[Task.Event], meta: EventMeta, now: datetime, **data: Any
    ) -> None:
        """Trigger an event with its envelope and chained hash."""
        if self.deleted:
            raise TaskIsDeleted()
        digest = event_hash(
            event_type=event_class.__name__,
            task_id=self.id,
            version=self.version + 1,
            timestamp=now,
            actor=meta.actor,
            data=event_data(data),
            prev_hash=self.chain_head,
        )
        self.trigger_event(
            event_class,
            timestamp=now,
            actor=meta.actor,
            correlation_id=meta.correlation_id,
            prev_hash=self.chain_head,
            hash=digest,
            **data,
        )

    def _ensure_live(self) -> None:
        if self.deleted:
            raise TaskIsDeleted()

    # -- commands -------------------------------------------------------------------------

    def change(self, draft: TaskDraft, *, meta: EventMeta, now: datetime) -> None:
        """Move the task to ``draft``, emitting one event per aspect that differs."""
        self._ensure_live()
        if draft.title != self.title:
            self._record(Task.TitleChanged, meta, now, title=draft.title)
        if draft.description != self.description:
            self._record(Task.DescriptionChanged, meta, now, description=draft.description)
        if draft.priority != self.priority:
            self._record(Task.PriorityChanged, meta, now, priority=draft.priority.value)
        if draft.tags != self.tags:
            self._record(Task.TagsChanged, meta, now, tags=list(draft.tags))
        if draft.due != self.due or draft.timezone != self.timezone:
            self._record(Task.DueChanged, meta, now, **_due_fields(draft.due, draft.timezone))
        if draft.recurrence != self.recurrence:
            series_id, occurrence = self.series_id, self.occurrence
            if self.recurrence is None and draft.recurrence is not None:
                series_id, occurrence = self.id, 1
            self._record(
                Task.RecurrenceChanged,
                meta,
                now,
                recurrence=_recurrence_data(draft.recurrence),
                series_id=series_id,
                occurrence=occurrence,
            )
        if (draft.reminder_at, draft.reminder_minutes_before) != (
            self.reminder_at,
            self.reminder_minutes_before,
        ):
            self._record(
                Task.ReminderChanged,
                meta,
                now,
                reminder_at=draft.reminder_at,
                reminder_minutes_before=draft.reminder_minutes_before,
            )

    def complete(self, *, meta: EventMeta, now: datetime) -> None:
        """Mark the task done; already done changes nothing."""
        self._ensure_live()
        if not self.completed:
            self._record(Task.Completed, meta, now)

    def reopen(self, *, meta: EventMeta, now: datetime) -> None:
        """Mark the task open again; already open changes nothing."""
        self._ensure_live()
        if self.completed:
            self._record(Task.Reopened, meta, now)

    def toggle(self, *, meta: EventMeta, now: datetime) -> None:
        """Flip completion (the original backend's ``PATCH .../complete``)."""
        if self.completed:
            self.reopen(meta=meta, now=now)
        else:
            self.complete(meta=meta, now=now)

    def set_completed(self, completed: bool, *, meta: EventMeta, now: datetime) -> None:
        """Complete or reopen as asked (the ``completed`` field of ``PUT``)."""
        if completed:
            self.complete(meta=meta, now=now)
        else:
            self.reopen(meta=meta, now=now)

    def delete(self, *, meta: EventMeta, now: datetime) -> None:
        """Delete the task: it leaves every list; its history stays."""
        self._ensure_live()
        self._record(Task.Deleted, meta, now)

    def fire_reminder(self, reminder_at: datetime, *, meta: EventMeta, now: datetime) -> bool:
        """Record that the reminder for ``reminder_at`` fired; ``False`` when it should not."""
        if not self.wants_reminder_at(reminder_at):
            return False
        self._record(Task.ReminderFired, meta, now, reminder_at=reminder_at)
        return True
