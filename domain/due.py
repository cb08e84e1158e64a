"""When a task is due: a local date and optional wall-clock time anchored in an IANA zone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo, available_timezones

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
"""The shape of a date (whether it exists in the calendar is checked after)."""
TIME_PATTERN = r"^([01]\d|2[0-3]):([0-5]\d)$"
_TIME = re.compile(TIME_PATTERN)
END_OF_DAY = time(23, 59, 59)

DATE_RULE = "a date YYYY-MM-DD"
TIME_RULE = "a time HH:MM from 00:00 to 23:59"
TIMEZONE_RULE = "an IANA time zone name such as Europe/Berlin"


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones()) | {"UTC"}


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """Return the ZoneInfo for a validated IANA name (cached: zones are immutable)."""
    return ZoneInfo(name)


def parse_timezone(value: str) -> str:
    """Accept only IANA zone names known to this machine's tz database."""
    if value not in _known_zones():
        raise ValueError(f"must be {TIMEZONE_RULE}")
    return value


@lru_cache(maxsize=4096)
def parse_date(value: str) -> date:
    """Read a ``YYYY-MM-DD`` date strictly.

    Cached (dates are immutable, and a task's due date is parsed whenever it is rendered:
    a rebuild or a verification renders every task).
    """
    if not re.fullmatch(DATE_PATTERN, value):
        raise ValueError(f"must be {DATE_RULE}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"must be {DATE_RULE} that exists in the calendar") from None


def parse_time(value: str) -> time:
    """Read an ``HH:MM`` wall-clock time strictly."""
    match = _TIME.fullmatch(value)
    if match is None:
        raise ValueError(f"must be {TIME_RULE}")
    return time(int(match.group(1)), int(match.group(2)))


@dataclass(frozen=True)
class Due:
    """A due date with optional time, in a time zone.

    The zone anchors the wall-clock time: a task due 09:00 Europe/Berlin stays at
    09:00 local whatever daylight saving does, so ``at`` (UTC) moves with it.
    """

    date: date
    time: time | None
    timezone: str

    @property
    def local(self) -> datetime:
        """The due moment as a naive local wall-clock datetime (end of day without a time)."""
        return datetime.combine(self.date, self.time or END_OF_DAY)

    @cached_property
    def at(self) -> datetime:
        """The UTC instant the task is due (computed once: ``stored_due`` shares instances)."""
        return self.local.replace(tzinfo=zone(self.timezone)).astimezone(UTC)

    @property
    def time_text(self) -> str | None:
        """``HH:MM`` or ``None``."""
        return None if self.time is None else self.time.strftime("%H:%M")


@lru_cache(maxsize=4096)
def stored_due(due_date: str, due_time: str | None, timezone: str) -> Due:
    """The ``Due`` of a task's stored due fields (``due_time`` may be empty).

    Cached, and a ``Due`` is immutable: every rendering of a task asks for its due instant
    (a rebuild or a verification renders every task), and many tasks share a due date.
    """
    time = parse_time(due_time) if due_time else None
    return Due(parse_date(due_date), time, timezone)


def today_in(timezone: str, now: datetime) -> date:
    """The calendar date it is in ``timezone`` at the instant ``now``."""
    return now.astimezone(zone(timezone)).date()
