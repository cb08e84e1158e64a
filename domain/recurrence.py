"""Recurrence rules and the arithmetic of the next occurrence, on dateutil's rrule."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal

from dateutil import rrule

from domain.due import Due, parse_date, zone

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
INTERVAL_MAX = 365
COUNT_MAX = 1000


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
    """A validated recurrence rule (api.md section 2, ``recurrence``)."""

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


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _positive_int(value: object, name: str, upper: int) -> int:
    if not _is_int(value) or not 1 <= value <= upper:  # type: ignore[operator]
        raise ValueError(f"{name} must be an integer from 1 to {upper}")
    return value  # type: ignore[return-value]


def _weekdays(value: object, frequency: Frequency) -> tuple[str, ...] | None:
    if value is None:
        return None
    if frequency is not Frequency.WEEKLY:
        raise ValueError("by_weekday is allowed only with frequency weekly")
    if not isinstance(value, Sequence) or isinstance(value, str) or not value:
        raise ValueError("by_weekday must be a non-empty list of MO TU WE TH FR SA SU")
    days = {str(d).upper() for d in value}
    if not days <= set(WEEKDAYS):
        raise ValueError("by_weekday must be a subset of MO TU WE TH FR SA SU")
    return tuple(d for d in WEEKDAYS if d in days)


def _month_days(value: object, frequency: Frequency) -> tuple[int, ...] | None:
    if value is None:
        return None
    if frequency is not Frequency.MONTHLY:
        raise ValueError("by_month_day is allowed only with frequency monthly")
    if not isinstance(value, Sequence) or isinstance(value, str) or not value:
        raise ValueError("by_month_day must be a non-empty list of 1-31 or -1")
    if not all(_is_int(d) and (1 <= d <= 31 or d == -1) for d in value):
        raise ValueError("by_month_day must hold days 1-31 or -1 for the last day")
    return tuple(sorted(set(value), key=lambda d: 32 if d == -1 else d))


def parse_recurrence(raw: Mapping[str, Any]) -> Recurrence:
    """Validate a recurrence object from input (or from a stored event).

    Raises:
        ValueError: naming the sub-field that breaks a rule.
    """
    known = {"frequency", "interval", "by_weekday", "by_month_day", "count", "until", "mode"}
    unknown = set(raw) - known - {"rrule"}
    if unknown:
        raise ValueError(f"unknown field(s): {', '.join(sorted(unknown))}")
    try:
        frequency = Frequency(str(raw.get("frequency", "")).lower())
    except ValueError:
        raise ValueError("frequency must be one of daily, weekly, monthly, yearly") from None
    interval = _positive_int(raw.get("interval", 1), "interval", INTERVAL_MAX)
    count_raw, until_raw = raw.get("count"), raw.get("until")
    if count_raw is not None and until_raw is not None:
        raise ValueError("give at most one of count and until")
    count = None if count_raw is None else _positive_int(count_raw, "count", COUNT_MAX)
    if until_raw is not None and not isinstance(until_raw, str):
        raise ValueError("until must be a date YYYY-MM-DD")
    until = None if until_raw is None else parse_date(until_raw)
    try:
        mode = Mode(str(raw.get("mode") or Mode.SCHEDULE.value).lower())
    except ValueError:
        raise ValueError("mode must be schedule or completion") from None
    return Recurrence(
        frequency=frequency,
        interval=interval,
        by_weekday=_weekdays(raw.get("by_weekday"), frequency),
        by_month_day=_month_days(raw.get("by_month_day"), frequency),
        count=count,
        until=until,
        mode=mode,
    )
