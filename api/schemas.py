"""Request and response bodies of the task endpoints, as msgspec Structs (docs/api.md section 2).

The request Structs check shapes and the constraints that hold for the raw input, so they
show in the OpenAPI document; every limit, pattern and choice is the domain's constant, and
every description the domain's rule (``domain/fields.py``, ``due.py``, ``recurrence.py``,
``draft.py``), so a rule is stated once; the domain's ``resolve`` then applies every rule (trimming,
de-duplication, cross-field rules) and reports each offending field. Fields default to
``UNSET``, so a PATCH carries exactly the fields the client sent and ``null`` still means
"clear it".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Any

from msgspec import UNSET, Meta, Struct, UnsetType

from domain.draft import COMPLETED_RULE, INSTANT_RULE, REMINDER_MINUTES_MAX, REMINDER_MINUTES_RULE
from domain.due import DATE_PATTERN, DATE_RULE, TIME_PATTERN, TIME_RULE, TIMEZONE_RULE
from domain.fields import (
    DESCRIPTION_MAX,
    DESCRIPTION_RULE,
    PRIORITY_NAMES,
    PRIORITY_RULE,
    TAG_RULE,
    TAGS_RULE,
    TITLE_RULE,
)
from domain.recurrence import (
    COUNT_MAX,
    COUNT_RULE,
    FREQUENCY_RULE,
    INTERVAL_MAX,
    INTERVAL_RULE,
    LAST_DAY_OF_MONTH,
    MODE_RULE,
    MONTH_DAY_MAX,
    MONTH_DAYS_RULE,
    RECURRENCE_RULE,
    WEEKDAYS,
    WEEKDAYS_RULE,
    Frequency,
    Mode,
)


def _any_case(words: Iterable[str]) -> str:
    """A regex matching any of ``words`` in any letter case (JSON Schema has no ``(?i)``)."""
    alternatives = (
        "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word) for word in words
    )
    return "^(" + "|".join(alternatives) + ")$"


# Each description is the domain's rule for the field: it documents the field in the
# OpenAPI document and completes "<field> must be ..." when a value is refused.
Title = Annotated[str, Meta(min_length=1, description=TITLE_RULE)]
Description = Annotated[str, Meta(max_length=DESCRIPTION_MAX, description=DESCRIPTION_RULE)]
PriorityIn = Annotated[str, Meta(pattern=_any_case(PRIORITY_NAMES), description=PRIORITY_RULE)]
Tag = Annotated[str, Meta(min_length=1, description=TAG_RULE)]
Tags = Annotated[list[Tag], Meta(description=TAGS_RULE)]
DateText = Annotated[
    str,
    Meta(pattern=DATE_PATTERN, description=DATE_RULE, extra_json_schema={"format": "date"}),
]
TimeText = Annotated[str, Meta(pattern=TIME_PATTERN, description=TIME_RULE)]
TimeZone = Annotated[str, Meta(description=TIMEZONE_RULE)]
InstantText = Annotated[
    str, Meta(description=INSTANT_RULE, extra_json_schema={"format": "date-time"})
]
ReminderMinutes = Annotated[
    int, Meta(ge=0, le=REMINDER_MINUTES_MAX, description=REMINDER_MINUTES_RULE)
]
Completed = Annotated[bool, Meta(description=COMPLETED_RULE)]
FrequencyIn = Annotated[
    str, Meta(pattern=_any_case(f.value for f in Frequency), description=FREQUENCY_RULE)
]
Interval = Annotated[int, Meta(ge=1, le=INTERVAL_MAX, description=INTERVAL_RULE)]
Count = Annotated[int, Meta(ge=1, le=COUNT_MAX, description=COUNT_RULE)]
WeekdayIn = Annotated[str, Meta(pattern=_any_case(WEEKDAYS))]
Weekdays = Annotated[list[WeekdayIn], Meta(min_length=1, description=WEEKDAYS_RULE)]
MonthDay = Annotated[int, Meta(ge=LAST_DAY_OF_MONTH, le=MONTH_DAY_MAX)]
MonthDays = Annotated[list[MonthDay], Meta(min_length=1, description=MONTH_DAYS_RULE)]
ModeIn = Annotated[str, Meta(pattern=_any_case(m.value for m in Mode), description=MODE_RULE)]


class RecurrenceIn(Struct, forbid_unknown_fields=True, kw_only=True):
    """A recurrence rule on input."""

    frequency: FrequencyIn
    interval: Interval | UnsetType = UNSET
    by_weekday: Weekdays | UnsetType | None = UNSET
    by_month_day: MonthDays | UnsetType | None = UNSET
    count: Count | UnsetType | None = UNSET
    until: DateText | UnsetType | None = UNSET
    mode: ModeIn | UnsetType | None = UNSET
    rrule: str | UnsetType | None = UNSET
    """Output only; accepted (and ignored) so a task read can be sent back."""


RecurrenceRule = Annotated[RecurrenceIn, Meta(description=RECURRENCE_RULE)]


class TaskChanges(Struct, forbid_unknown_fields=True, kw_only=True):
    """PATCH and PUT body: any input field; ``null`` clears an optional one."""

    title: Title | UnsetType = UNSET
    description: Description | UnsetType | None = UNSET
    priority: PriorityIn | UnsetType = UNSET
    tags: Tags | UnsetType = UNSET
    due_date: DateText | UnsetType | None = UNSET
    due_time: TimeText | UnsetType | None = UNSET
    timezone: TimeZone | UnsetType = UNSET
    recurrence: RecurrenceRule | UnsetType | None = UNSET
    recurring: FrequencyIn | UnsetType | None = UNSET
    reminder_at: InstantText | UnsetType | None = UNSET
    reminder_minutes_before: ReminderMinutes | UnsetType | None = UNSET
    completed: Completed | UnsetType = UNSET


class NewTask(TaskChanges, kw_only=True):
    """POST body: ``title`` is required, every other field optional."""

    title: Title


class HistoryItem(Struct, kw_only=True):
    """One stored event of a task (docs/api.md section 5), with its hash chain links."""

    position: int
    version: int
    type: str
    at: datetime
    actor: str
    correlation_id: str
    data: dict[str, Any]
    hash: str
    prev_hash: str
