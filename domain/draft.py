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
from functools import partial
from typing import Any

from domain.due import (
    DATE_RULE,
    TIME_RULE,
    TIMEZONE_RULE,
    Due,
    parse_date,
    parse_time,
    parse_timezone,
    today_in,
)
from domain.errors import UNKNOWN_FIELD, FieldError, InvalidTaskInput
from domain.fields import (
    DESCRIPTION_RULE,
    PRIORITY_RULE,
    TAGS_RULE,
    TITLE_RULE,
    Priority,
    normalize_description,
    normalize_tags,
    normalize_title,
    parse_priority,
)
from domain.recurrence import (
    FREQUENCY_RULE,
    RECURRENCE_RULE,
    Frequency,
    Recurrence,
    parse_recurrence,
)
from domain.wording import integer_from

REMINDER_MINUTES_MAX = 10_080


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
        return reminder_instant(self.due, self.reminder_at, self.reminder_minutes_before)


def reminder_instant(
    due: Due | None, reminder_at: datetime | None, minutes_before: int | None
) -> datetime | None:
    """When a reminder fires: ``minutes_before`` the due instant, else ``reminder_at``."""
    if minutes_before is not None and due is not None:
        return due.at - timedelta(minutes=minutes_before)
    return reminder_at


class _Collector:
    """Runs field parsers and remembers every failure under its field name."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def run(self, field: str, parse: Callable[[], Any]) -> Any:
        try:
            return parse()
        except (ValueError, TypeError) as error:
            self.errors.append(FieldError(field, str(error)))
        except InvalidTaskInput as error:  # a nested object names its own sub-fields
            self.errors.extend(error.errors)
        return _FAILED

    def fail(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))


_FAILED: Any = object()

INSTANT_RULE = "an RFC 3339 date-time with an offset, such as 2026-12-01T09:00:00Z"
REMINDER_MINUTES_RULE = integer_from(0, REMINDER_MINUTES_MAX)
COMPLETED_RULE = "true or false"


def _expect(kind: type | tuple[type, ...], value: Any, rule: str) -> Any:
    if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
        raise TypeError(f"must be {rule}")
    return value


def _or_null(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``parse`` for a field whose ``null`` means "clear it"."""
    return lambda value: None if value is None else parse(value)


def _parse_instant(value: Any) -> datetime:
    text = _expect(str, value, INSTANT_RULE)
    try:
        instant = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        raise ValueError(f"must be {INSTANT_RULE}")
    return instant.astimezone(UTC)


def _parse_tags(value: Any) -> tuple[str, ...]:
    tags = _expect(list, value, TAGS_RULE)
    if not all(isinstance(tag, str) for tag in tags):
        raise TypeError(f"must be {TAGS_RULE}")
    return tuple(normalize_tags(tags))


def _parse_minutes(value: Any) -> int:
    minutes = _expect(int, value, REMINDER_MINUTES_RULE)
    if not 0 <= minutes <= REMINDER_MINUTES_MAX:
        raise ValueError(f"must be {REMINDER_MINUTES_RULE}")
    return int(minutes)


def _parse_shorthand(value: Any) -> Recurrence:
    text = _expect(str, value, FREQUENCY_RULE)
    try:
        return Recurrence(frequency=Frequency(text.lower()))
    except ValueError:
        raise ValueError(f"must be {FREQUENCY_RULE}") from None


def _parse_recurrence_object(value: Any) -> Recurrence:
    return parse_recurrence(_expect(Mapping, value, RECURRENCE_RULE))


_PARSERS: dict[str, Callable[[Any], Any]] = {
    "title": lambda v: normalize_title(_expect(str, v, TITLE_RULE)),
    "description": _or_null(lambda v: normalize_description(_expect(str, v, DESCRIPTION_RULE))),
    "priority": lambda v: parse_priority(_expect(str, v, PRIORITY_RULE)),
    "tags": _parse_tags,
    "timezone": lambda v: parse_timezone(_expect(str, v, TIMEZONE_RULE)),
    "due_date": _or_null(lambda v: parse_date(_expect(str, v, DATE_RULE))),
    "due_time": _or_null(lambda v: parse_time(_expect(str, v, TIME_RULE))),
    "recurrence": _or_null(_parse_recurrence_object),
    "recurring": _or_null(_parse_shorthand),
    "reminder_at": _or_null(_parse_instant),
    "reminder_minutes_before": _or_null(_parse_minutes),
    "completed": lambda v: _expect(bool, v, COMPLETED_RULE),
}
"""Each input field's own check, independent of the task's state and of other fields."""

INPUT_FIELDS = frozenset(_PARSERS)


def field_errors(provided: Mapping[str, Any]) -> list[FieldError]:
    """What is wrong with each of ``provided`` on its own (unknown fields included).

    The rules between fields (a due time needs a due date) are left to ``resolve``,
    which knows the task's state.
    """
    errors = _Collector()
    for unknown in sorted(set(provided) - INPUT_FIELDS, key=str):
        errors.fail(unknown, UNKNOWN_FIELD)
    for field, value in provided.items():
        if field in _PARSERS:
            errors.run(field, partial(_PARSERS[field], value))
    return errors.errors


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
    for unknown in sorted(set(provided) - INPUT_FIELDS, key=str):
        errors.fail(unknown, UNKNOWN_FIELD)
    creating = current is None
    if creating and "title" not in provided:
        errors.fail("title", "is required")
    base = current or TaskDraft(title="")
    changes: dict[str, Any] = {}
    for field in _PARSERS:
        if field in provided:
            value = errors.run(field, partial(_PARSERS[field], provided[field]))
            if value is not _FAILED:
                changes["recurrence" if field == "recurring" else field] = value
    if "recurrence" in provided and "recurring" in provided:
        errors.fail("recurring", "must not be given together with recurrence")

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

    # A field that failed its own check is already reported: rules that involve it stay
    # silent rather than report a consequence of the same mistake.
    failed = {field for field in provided if field not in changes} - {"recurring"}
    if "recurring" in provided and "recurrence" not in changes:
        failed.add("recurrence")
    if recurrence is not None and due_date is None and "due_date" not in failed:
        if "due_date" in provided:
            errors.fail("due_date", "must not be null while the task recurs")
        else:
            due_date = today_in(timezone, now)
    if due_time is not None and due_date is None and "due_date" not in failed:
        errors.fail("due_time", "is allowed only with due_date")
    due = None if due_date is None else Due(due_date, due_time, timezone)
    until = recurrence.until if recurrence is not None else None
    if until is not None and due is not None and until < due.date:
        errors.fail("recurrence.until", "must not be before due_date")

    reminder_at, minutes = base.reminder_at, base.reminder_minutes_before
    if (
        provided.get("reminder_at") is not None
        and provided.get("reminder_minutes_before") is not None
    ):
        errors.fail("reminder_at", "must not be given together with reminder_minutes_before")
    if "reminder_at" in changes:
        reminder_at = changes["reminder_at"]
        minutes = None if reminder_at is not None else changes.get("reminder_minutes_before")
    if "reminder_minutes_before" in changes and changes["reminder_minutes_before"] is not None:
        minutes, reminder_at = changes["reminder_minutes_before"], None
    elif "reminder_minutes_before" in changes and "reminder_at" not in changes:
        minutes = None
    if minutes is not None and due is None and "due_date" not in failed:
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
