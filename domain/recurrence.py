"""Recurrence rules and the arithmetic of the next occurrence, on dateutil's rrule."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal, TypeVar, cast

from dateutil import rrule

from domain.due import DATE_RULE, Due, parse_date, zone
from domain.errors import FieldError, InvalidTaskInput
from domain.wording import integer_from, one_of

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
INTERVAL_MAX = 365
COUNT_MAX = 1000
MONTH_DAY_MAX = 31
LAST_DAY_OF_MONTH = -1
"""``by_month_day`` takes days 1 to ``MONTH_DAY_MAX`` and this one, the last day."""

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)


class Frequency(StrEnum):
    """How often a task recurs."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    YEARLY = "yearly"


class Mode(StrEnum):
    """Where the next due date is counted from."""

    SCHEDULE = "schedule"
    """From the previous due date: the task keeps its calendar rhythm."""
    COMPLETION = "completion"
    """From the moment it was completed: "water every 3 days after I last did"."""


_RRULE_FREQ: dict[Frequency, Literal[0, 1, 2, 3, 4, 5, 6]] = {
    Frequency.DAILY: rrule.DAILY,
    Frequency.WEEKLY: rrule.WEEKLY,
    Frequency.MONTHLY: rrule.MONTHLY,
    Frequency.YEARLY: rrule.YEARLY,
}
_RRULE_WEEKDAY = dict(zip(WEEKDAYS, rrule.weekdays, strict=True))


@dataclass(frozen=True)
class Recurrence:
    """A validated recurrence rule (docs/api.md section 2, ``recurrence``)."""

    frequency: Frequency
    interval: int = 1
    by_weekday: tuple[str, ...] | None = None
    by_month_day: tuple[int, ...] | None = None
    count: int | None = None
    until: date | None = None
    mode: Mode = Mode.SCHEDULE

    def to_dict(self) -> dict[str, Any]:
        """Plain data for events and responses (``rrule`` included, output only)."""
        return {
            "frequency": self.frequency.value,
            "interval": self.interval,
            "by_weekday": list(self.by_weekday) if self.by_weekday is not None else None,
            "by_month_day": list(self.by_month_day) if self.by_month_day is not None else None,
            "count": self.count,
            "until": self.until.isoformat() if self.until is not None else None,
            "mode": self.mode.value,
            "rrule": self.rrule_text,
        }

    @property
    def rrule_text(self) -> str:
        """The RFC 5545 RRULE value, e.g. ``FREQ=WEEKLY;INTERVAL=1;BYDAY=MO``."""
        parts = [f"FREQ={self.frequency.value.upper()}", f"INTERVAL={self.interval}"]
        if self.by_weekday:
            parts.append("BYDAY=" + ",".join(self.by_weekday))
        if self.by_month_day:
            parts.append("BYMONTHDAY=" + ",".join(str(d) for d in self.by_month_day))
        if self.count is not None:
            parts.append(f"COUNT={self.count}")
        if self.until is not None:
            parts.append(f"UNTIL={self.until.strftime('%Y%m%d')}")
        return ";".join(parts)

    def _rule(self, start: datetime) -> rrule.rrule:
        return rrule.rrule(
            _RRULE_FREQ[self.frequency],
            dtstart=start,
            interval=self.interval,
            byweekday=[_RRULE_WEEKDAY[d] for d in self.by_weekday] if self.by_weekday else None,
            bymonthday=list(self.by_month_day) if self.by_month_day else None,
        )

    def next_due(
        self, previous: Due, *, completed_at: datetime, next_occurrence: int
    ) -> Due | None:
        """The due date of occurrence ``next_occurrence``, or ``None`` when the series ends.

        Counting happens on naive local wall-clock datetimes, so 09:00 stays 09:00
        local across daylight-saving changes. Days a month lacks (the 31st,
        29 February) are skipped as RFC 5545 does; ``-1`` is always the last day.

        Args:
            previous: the due date of the occurrence just completed.
            completed_at: when it was completed (an aware instant).
            next_occurrence: the number the next occurrence would carry (first is 1).
        """
        if self.count is not None and next_occurrence > self.count:
            return None
        if self.mode is Mode.SCHEDULE:
            start = previous.local
            candidate = self._rule(start).after(start, inc=False)
        else:
            done_local = completed_at.astimezone(zone(previous.timezone))
            start = datetime.combine(done_local.date(), previous.local.time())
            candidate = self._rule(start).after(start, inc=False)
        if candidate is None:
            return None
        if self.until is not None and candidate.date() > self.until:
            return None
        return Due(date=candidate.date(), time=previous.time, timezone=previous.timezone)


FREQUENCY_RULE = one_of(f.value for f in Frequency)
INTERVAL_RULE = integer_from(1, INTERVAL_MAX)
COUNT_RULE = integer_from(1, COUNT_MAX)
WEEKDAYS_RULE = f"a non-empty list of {one_of(WEEKDAYS)}"
MONTH_DAYS_RULE = (
    f"a non-empty list of days 1 to {MONTH_DAY_MAX}, or {LAST_DAY_OF_MONTH} for the last day"
)
MODE_RULE = one_of(m.value for m in Mode)
RECURRENCE_RULE = f"an object with a frequency ({FREQUENCY_RULE})"

_FIELD = "recurrence"
_KEYS = frozenset({"frequency", "interval", "by_weekday", "by_month_day", "count", "until", "mode"})
_OUTPUT_ONLY = frozenset({"rrule"})
"""Accepted and ignored on input, so a task as read can be sent back."""


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _bounded(value: object, upper: int) -> int:
    if not _is_int(value) or not 1 <= value <= upper:  # type: ignore[operator]
        raise ValueError(f"must be {integer_from(1, upper)}")
    return value  # type: ignore[return-value]


def _word(value: object, kind: type[E], rule: str) -> E:
    """``value`` as a member of ``kind``, read case-insensitively."""
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return kind(value.lower())
    raise ValueError(f"must be {rule}")


def _frequency(value: object) -> Frequency:
    if value is None:
        raise ValueError("is required")
    return _word(value, Frequency, FREQUENCY_RULE)


def _weekdays(value: object, frequency: Frequency | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if frequency not in (None, Frequency.WEEKLY):
        raise ValueError("is allowed only with frequency weekly")
    if (
        not isinstance(value, Sequence)
        or isinstance(value, str)
        or not value
        or not all(isinstance(d, str) and d.upper() in WEEKDAYS for d in value)
    ):
        raise ValueError(f"must be {WEEKDAYS_RULE}")
    days = {d.upper() for d in value}
    return tuple(d for d in WEEKDAYS if d in days)


def _month_days(value: object, frequency: Frequency | None) -> tuple[int, ...] | None:
    if value is None:
        return None
    if frequency not in (None, Frequency.MONTHLY):
        raise ValueError("is allowed only with frequency monthly")
    if (
        not isinstance(value, Sequence)
        or isinstance(value, str)
        or not value
        or not all(
            _is_int(d) and (1 <= d <= MONTH_DAY_MAX or d == LAST_DAY_OF_MONTH) for d in value
        )
    ):
        raise ValueError(f"must be {MONTH_DAYS_RULE}")
    return tuple(
        sorted(set(value), key=lambda d: MONTH_DAY_MAX + 1 if d == LAST_DAY_OF_MONTH else d)
    )


def _until(value: object) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"must be {DATE_RULE}")
    return parse_date(value)


def parse_recurrence(raw: Mapping[str, Any]) -> Recurrence:
    """Validate a recurrence object from input (or from a stored event).

    Raises:
        InvalidTaskInput: listing every offending sub-field as ``recurrence.<name>``.
    """
    errors: list[FieldError] = [
        FieldError(f"{_FIELD}.{name}", "is not a known field")
        for name in sorted(set(raw) - _KEYS - _OUTPUT_ONLY, key=str)
    ]

    def check(name: str, parse: Callable[[], T]) -> T | None:
        try:
            return parse()
        except ValueError as error:
            errors.append(FieldError(f"{_FIELD}.{name}", str(error)))
            return None

    frequency = check("frequency", lambda: _frequency(raw.get("frequency")))
    interval = check("interval", lambda: _bounded(raw.get("interval", 1), INTERVAL_MAX))
    count = check("count", lambda: _optional(raw.get("count"), COUNT_MAX))
    until = check("until", lambda: _until(raw.get("until")))
    if raw.get("count") is not None and raw.get("until") is not None:
        errors.append(FieldError(f"{_FIELD}.until", "must not be given together with count"))
    mode = check("mode", lambda: _word(raw.get("mode") or Mode.SCHEDULE.value, Mode, MODE_RULE))
    by_weekday = check("by_weekday", lambda: _weekdays(raw.get("by_weekday"), frequency))
    by_month_day = check("by_month_day", lambda: _month_days(raw.get("by_month_day"), frequency))
    if errors:
        raise InvalidTaskInput(errors)
    return Recurrence(
        frequency=cast(Frequency, frequency),
        interval=cast(int, interval),
        by_weekday=by_weekday,
        by_month_day=by_month_day,
        count=count,
        until=until,
        mode=cast(Mode, mode),
    )


def _optional(value: object, upper: int) -> int | None:
    return None if value is None else _bounded(value, upper)
