"""The Task aggregate: a user's task, its rules, and the events that record its life."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.chain import GENESIS, event_data, event_hash
from domain.draft import TaskDraft, reminder_instant
from domain.due import Due, stored_due
from domain.errors import TaskIsDeleted
from domain.fields import Priority
from domain.recurrence import Recurrence, parse_recurrence

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


class Task(Aggregate):
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
        """Declare the state; the ``Created`` event fills it in (see ``Created.apply_to``)."""
        self.owner: str = ""
        self.title: str = ""
        self.description: str | None = None
        # State is kept in plain data (strings, lists, dicts) so that snapshots
        # round-trip through JSON unchanged; value objects are built on access.
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

    # -- state helpers --------------------------------------------------------------------

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

    def fire_reminder(self, reminder_at: datetime, *, meta: EventMeta, now: datetime) -> bool:
        """Record that the reminder for ``reminder_at`` fired; ``False`` when it should not."""
        if not self.wants_reminder_at(reminder_at):
            return False
        self._record(Task.ReminderFired, meta, now, reminder_at=reminder_at)
        return True

    def next_occurrence_due(self) -> Due | None:
        """The due date of the occurrence after this one, or ``None`` when the series ends."""
        if self.recurrence is None or self.due is None or self.completed_at is None:
            return None
        return self.recurrence.next_due(
            self.due,
            completed_at=self.completed_at,
            next_occurrence=(self.occurrence or 1) + 1,
        )
