"""Turn the fields a client sent into the complete, valid state a task should have next.

Creating and changing a task go through the same resolution: start from the
current state (or the defaults), apply the provided fields, then check the rules
that tie fields together (a due time needs a due date, a recurring task needs a
due date, ``until`` is not before the due date, a relative reminder needs a due
date). Every offending field is collected, so the client hears of all at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.due import Due, parse_date, parse_time, parse_timezone, today_in
from domain.errors import FieldError, InvalidTaskInput
from domain.fields import (
    Priority,
    normalize_description,
    normalize_tags,
    normalize_title,
    parse_priority,
)
from domain.recurrence import Frequency, Recurrence, parse_recurrence

REMINDER_MINUTES_MAX = 10_080

INPUT_FIELDS = frozenset(
    {
        "title",
        "description",
        "priority",
        "tags",
        "due_date",
        "due_time",
        "timezone",
        "recurrence",
        "recurring",
        "reminder_at",
        "reminder_minutes_before",
        "completed",
    }
)


@dataclass(frozen=True)
class TaskDraft:
    """Every client-settable field of a task, validated and normalised."""

    title: str
    description: str | None = None
    priority: Priority = Priority.MEDIUM
    tags: tuple[str, ...] = ()
    timezone: str = "UTC"
    due: Due | None = None
    recurrence: Recurrence | None = None
    reminder_at: datetime | None = None
    reminder_minutes_before: int | None = None

    @property
    def effective_reminder_at(self) -> datetime | None:
        """When the reminder fires: the fixed instant, or the offset before ``due.at``."""
        if self.reminder_minutes_before is not None and self.due is not None:
            return self.due.at - timedelta(minutes=self.reminder_minutes_before)
        return self.reminder_at


class _Collector:
    """Runs field parsers and remembers every failure under its field name."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def run(self, field: str, parse: Callable[[], Any]) -> Any:
        try:
            return parse()
        except (ValueError, TypeError) as error:
            self.errors.append(FieldError(field, str(error)))
            return _FAILED

    def fail(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))


_FAILED: Any = object()


def _expect(kind: type | tuple[type, ...], value: Any, what: str) -> Any:
    if isinstance(value, bool) and kind is not bool:
        raise TypeError(f"must be {what}")
    if not isinstance(value, kind):
        raise TypeError(f"must be {what}")
    return value


def _parse_instant(value: Any) -> datetime:
    if isinstance(value, datetime):
        instant = value
    else:
        text = _expect(str, value, "an RFC 3339 date-time with offset")
        try:
            instant = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            raise ValueError("must be an RFC 3339 date-time with offset") from None
    if instant.tzinfo is None:
        raise ValueError("must carry a UTC offset")
    return instant.astimezone(UTC)


def _parse_tags(value: Any) -> tuple[str, ...]:
    tags = _expect(list, value, "a list of strings")
    if not all(isinstance(tag, str) for tag in tags):
        raise TypeError("must be a list of strings")
    return tuple(normalize_tags(tags))


def _parse_minutes(value: Any) -> int:
    minutes = _expect(int, value, "an integer")
    if not 0 <= minutes <= REMINDER_MINUTES_MAX:
        raise ValueError(f"must be from 0 to {REMINDER_MINUTES_MAX}")
    return int(minutes)


def _parse_shorthand(value: Any) -> Recurrence | None:
    if value is None:
        return None
    text = _expect(str, value, "one of daily, weekly, monthly, yearly or null")
    try:
        return Recurrence(frequency=Frequency(text.lower()))
    except ValueError:
        raise ValueError("must be one of daily, weekly, monthly, yearly or null") from None


def _parse_recurrence_object(value: Any) -> Recurrence | None:
    if value is None:
        return None
    return parse_recurrence(_expect(Mapping, value, "an object or null"))


def resolve(current: TaskDraft | None, provided: Mapping[str, Any], *, now: datetime) -> TaskDraft:
    """Apply ``provided`` fields to ``current`` (``None`` when creating) and validate.

    Args:
        current: the task's present state, or ``None`` for a new task.
        provided: only the fields the client sent; ``None`` clears an optional field.
        now: the present instant (for "today" and reminder checks).

    Raises:
        InvalidTaskInput: listing every offending field.
    """
    errors = _Collector()
    for unknown in sorted(set(provided) - INPUT_FIELDS):
        errors.fail(unknown, "unknown field")
    creating = current is None
    if creating and "title" not in provided:
        errors.fail("title", "is required")
    base = current or TaskDraft(title="")
    changes: dict[str, Any] = {}

    def take(field: str, parse: Callable[[Any], Any], target: str | None = None) -> None:
        if field in provided:
            value = errors.run(field, lambda: parse(provided[field]))
            if value is not _FAILED:
                changes[target or field] = value

    take("title", lambda v: normalize_title(_expect(str, v, "a string")))
    take(
        "description",
        lambda v: normalize_description(None if v is None else _expect(str, v, "a string")),
    )
    take("priority", lambda v: parse_priority(_expect(str, v, "low, medium or high")))
    take("tags", _parse_tags)
    take("timezone", lambda v: parse_timezone(_expect(str, v, "an IANA time zone name")))
    take("due_date", lambda v: None if v is None else parse_date(_expect(str, v, "a date")))
    take("due_time", lambda v: None if v is None else parse_time(_expect(str, v, "HH:MM")))
    if "recurrence" in provided and "recurring" in provided:
        errors.fail("recurring", "give either recurrence or recurring, not both")
    take("recurrence", _parse_recurrence_object)
    take("recurring", _parse_shorthand, target="recurrence")
    take("reminder_at", lambda v: None if v is None else _parse_instant(v))
    take("reminder_minutes_before", lambda v: None if v is None else _parse_minutes(v))

    draft = _combine(base, changes, provided, errors, now=now)
    if errors.errors:
        raise InvalidTaskInput(errors.errors)
    if creating:
        reminder = draft.effective_reminder_at
        if reminder is not None and reminder < now:
            raise InvalidTaskInput([FieldError(_reminder_field(provided), "is in the past")])
    return draft


def _reminder_field(provided: Mapping[str, Any]) -> str:
    return "reminder_minutes_before" if "reminder_minutes_before" in provided else "reminder_at"


def _combine(
    base: TaskDraft,
    changes: dict[str, Any],
    provided: Mapping[str, Any],
    errors: _Collector,
    *,
    now: datetime,
) -> TaskDraft:
    """Merge parsed changes into ``base`` and check the rules that span fields."""
    timezone = changes.get("timezone", base.timezone)
    due_date = changes.get("due_date", base.due.date if base.due else None)
    if "due_time" in changes:
        due_time = changes["due_time"]
    elif "due_date" in changes and changes["due_date"] is None:
        due_time = None
    else:
        due_time = base.due.time if base.due else None
    recurrence = changes.get("recurrence", base.recurrence)

    if recurrence is not None and due_date is None:
        if "due_date" in provided:
            errors.fail("due_date", "a recurring task needs a due date")
        else:
            due_date = today_in(timezone, now)
    if due_time is not None and due_date is None:
        errors.fail("due_time", "is allowed only with due_date")
    due = None if due_date in (None, _FAILED) else Due(due_date, due_time, timezone)
    until = recurrence.until if recurrence is not None else None
    if until is not None and due is not None and until < due.date:
        errors.fail("recurrence", "until must not be before due_date")

    reminder_at, minutes = base.reminder_at, base.reminder_minutes_before
    if (
        provided.get("reminder_at") is not None
        and provided.get("reminder_minutes_before") is not None
    ):
        errors.fail("reminder_at", "give either reminder_at or reminder_minutes_before")
    if "reminder_at" in changes:
        reminder_at = changes["reminder_at"]
        minutes = None if reminder_at is not None else changes.get("reminder_minutes_before")
    if "reminder_minutes_before" in changes and changes["reminder_minutes_before"] is not None:
        minutes, reminder_at = changes["reminder_minutes_before"], None
    elif "reminder_minutes_before" in changes and "reminder_at" not in changes:
        minutes = None
    if minutes is not None and due is None:
        errors.fail("reminder_minutes_before", "needs a due date")

    return replace(
        base,
        title=changes.get("title", base.title),
        description=changes.get("description", base.description),
        priority=changes.get("priority", base.priority),
        tags=changes.get("tags", base.tags),
        timezone=timezone,
        due=due,
        recurrence=recurrence,
        reminder_at=reminder_at,
        reminder_minutes_before=minutes,
    )
