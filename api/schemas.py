"""Request and response bodies of the task endpoints, as msgspec Structs (api.md section 2).

The request Structs check shapes and the constraints that hold for the raw input, so they
show in the OpenAPI document; the domain's ``resolve`` then applies every rule (trimming,
de-duplication, cross-field rules) and reports each offending field. Fields default to
``UNSET``, so a PATCH carries exactly the fields the client sent and ``null`` still means
"clear it".
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from msgspec import UNSET, Meta, Struct, UnsetType


def _any_case(*words: str) -> str:
    """A regex matching any of ``words`` in any letter case (JSON Schema has no ``(?i)``)."""
    alternatives = (
        "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word) for word in words
    )
    return "^(" + "|".join(alternatives) + ")$"


Title = Annotated[
    str,
    Meta(min_length=1, description="1-200 characters after trimming; no control characters"),
]
Description = Annotated[str, Meta(max_length=2000, description="At most 2,000 characters")]
PriorityIn = Annotated[
    str,
    Meta(pattern=_any_case("low", "medium", "high"), description="low, medium or high, any case"),
]
Tag = Annotated[str, Meta(min_length=1, description="1-50 characters after trimming")]
Tags = Annotated[
    list[Tag],
    Meta(description="At most 10 tags after trimming and case-insensitive de-duplication"),
]
DateText = Annotated[
    str,
    Meta(pattern=r"^\d{4}-\d{2}-\d{2}$", extra_json_schema={"format": "date"}),
]
TimeText = Annotated[str, Meta(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="HH:MM")]
TimeZone = Annotated[
    str, Meta(min_length=1, max_length=64, description="IANA time zone name, default UTC")
]
InstantText = Annotated[
    str,
    Meta(extra_json_schema={"format": "date-time"}, description="RFC 3339 with an offset"),
]
ReminderMinutes = Annotated[int, Meta(ge=0, le=10_080)]
FrequencyIn = Annotated[str, Meta(pattern=_any_case("daily", "weekly", "monthly", "yearly"))]
WeekdayIn = Annotated[str, Meta(pattern=_any_case("MO", "TU", "WE", "TH", "FR", "SA", "SU"))]
MonthDay = Annotated[int, Meta(ge=-1, le=31, description="1-31, or -1 for the last day")]
ModeIn = Annotated[str, Meta(pattern=_any_case("schedule", "completion"))]


class RecurrenceIn(Struct, forbid_unknown_fields=True, kw_only=True):
    """A recurrence rule on input."""

    frequency: FrequencyIn
    interval: Annotated[int, Meta(ge=1, le=365)] | UnsetType = UNSET
    by_weekday: list[WeekdayIn] | UnsetType | None = UNSET
    by_month_day: list[MonthDay] | UnsetType | None = UNSET
    count: Annotated[int, Meta(ge=1, le=1000)] | UnsetType | None = UNSET
    until: DateText | UnsetType | None = UNSET
    mode: ModeIn | UnsetType | None = UNSET
    rrule: str | UnsetType | None = UNSET
    """Output only; accepted (and ignored) so a task read can be sent back."""


class TaskChanges(Struct, forbid_unknown_fields=True, kw_only=True):
    """PATCH and PUT body: any input field; ``null`` clears an optional one."""

    title: Title | UnsetType = UNSET
    description: Description | UnsetType | None = UNSET
    priority: PriorityIn | UnsetType = UNSET
    tags: Tags | UnsetType = UNSET
    due_date: DateText | UnsetType | None = UNSET
    due_time: TimeText | UnsetType | None = UNSET
    timezone: TimeZone | UnsetType = UNSET
    recurrence: RecurrenceIn | UnsetType | None = UNSET
    recurring: FrequencyIn | UnsetType | None = UNSET
    reminder_at: InstantText | UnsetType | None = UNSET
    reminder_minutes_before: ReminderMinutes | UnsetType | None = UNSET
    completed: bool | UnsetType = UNSET


class NewTask(TaskChanges, kw_only=True):
    """POST body: ``title`` is required, every other field optional."""

    title: Title


class RecurrenceOut(Struct, kw_only=True):
    """A recurrence rule as stored, with its RFC 5545 form."""

    frequency: Literal["daily", "weekly", "monthly", "yearly"]
    interval: int
    by_weekday: list[str] | None
    by_month_day: list[int] | None
    count: int | None
    until: date | None
    mode: Literal["schedule", "completion"]
    rrule: str


class TaskResource(Struct, kw_only=True):
    """The task resource (api.md section 2); rendered by ``application.views.task_view``."""

    id: UUID
    title: str
    description: str | None
    priority: Literal["High", "Medium", "Low"]
    tags: list[str]
    due_date: date | None
    due_time: str | None
    timezone: str
    due_at: datetime | None
    recurrence: RecurrenceOut | None
    recurring: Literal["daily", "weekly", "monthly", "yearly"] | None
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


class HistoryItem(Struct, kw_only=True):
    """One stored event of a task (api.md section 5), with its hash chain links."""

    position: int
    version: int
    type: str
    at: datetime
    actor: str
    correlation_id: str
    data: dict[str, Any]
    hash: str
    prev_hash: str
