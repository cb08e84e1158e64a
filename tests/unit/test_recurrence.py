"""Recurrence arithmetic: examples for each rule shape, and properties over many rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from dateutil import rrule
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from domain.due import Due, zone
from domain.recurrence import WEEKDAYS, Mode, Recurrence, parse_recurrence

DONE = datetime(2026, 1, 1, tzinfo=UTC)


def rule(**fields: Any) -> Recurrence:
    return parse_recurrence(fields)


def following(recurrence: Recurrence, start: Due, n: int) -> list[Due]:
    """Complete each occurrence right when it is due, n times."""
    dues, current = [], start
    for occurrence in range(2, n + 2):
        nxt = recurrence.next_due(current, completed_at=current.at, next_occurrence=occurrence)
        if nxt is None:
            break
        dues.append(nxt)
        current = nxt
    return dues


def dates(dues: list[Due]) -> list[date]:
    return [d.date for d in dues]


def test_daily() -> None:
    start = Due(date(2026, 12, 30), None, "UTC")
    assert dates(following(rule(frequency="daily"), start, 3)) == [
        date(2026, 12, 31),
        date(2027, 1, 1),
        date(2027, 1, 2),
    ]


def test_interval() -> None:
    start = Due(date(2026, 12, 1), None, "UTC")
    assert dates(following(rule(frequency="daily", interval=3), start, 2)) == [
        date(2026, 12, 4),
        date(2026, 12, 7),
    ]


def test_weekly_on_chosen_weekdays() -> None:
    start = Due(date(2026, 11, 30), None, "UTC")  # a Monday
    recurrence = rule(frequency="weekly", by_weekday=["MO", "TH"])
    assert dates(following(recurrence, start, 4)) == [
        date(2026, 12, 3),
        date(2026, 12, 7),
        date(2026, 12, 10),
        date(2026, 12, 14),
    ]


def test_monthly_on_the_31st_skips_short_months() -> None:
    start = Due(date(2027, 1, 31), None, "UTC")
    recurrence = rule(frequency="monthly", by_month_day=[31])
    assert dates(following(recurrence, start, 3)) == [
        date(2027, 3, 31),
        date(2027, 5, 31),
        date(2027, 7, 31),
    ]


def test_monthly_on_minus_one_is_always_the_last_day() -> None:
    start = Due(date(2027, 1, 31), None, "UTC")
    recurrence = rule(frequency="monthly", by_month_day=[-1])
    assert dates(following(recurrence, start, 3)) == [
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
    ]


def test_yearly_on_29_february_skips_common_years() -> None:
    start = Due(date(2028, 2, 29), None, "UTC")
    assert dates(following(rule(frequency="yearly"), start, 2)) == [
        date(2032, 2, 29),
        date(2036, 2, 29),
    ]


def test_count_ends_the_series() -> None:
    start = Due(date(2026, 12, 1), None, "UTC")
    assert len(following(rule(frequency="daily", count=3), start, 10)) == 2


def test_until_ends_the_series() -> None:
    start = Due(date(2026, 12, 1), None, "UTC")
    dues = following(rule(frequency="daily", until="2026-12-04"), start, 10)
    assert dates(dues) == [date(2026, 12, 2), date(2026, 12, 3), date(2026, 12, 4)]


def test_completion_mode_counts_from_the_completion_day() -> None:
    due = Due(date(2026, 12, 1), time(9, 0), "UTC")
    recurrence = rule(frequency="daily", interval=3, mode="completion")
    completed_late = datetime(2026, 12, 10, 15, 0, tzinfo=UTC)
    nxt = recurrence.next_due(due, completed_at=completed_late, next_occurrence=2)
    assert nxt == Due(date(2026, 12, 13), time(9, 0), "UTC")


def test_schedule_mode_counts_from_the_previous_due_date() -> None:
    due = Due(date(2026, 12, 1), time(9, 0), "UTC")
    completed_late = datetime(2026, 12, 10, 15, 0, tzinfo=UTC)
    nxt = rule(frequency="daily", interval=3).next_due(
        due, completed_at=completed_late, next_occurrence=2
    )
    assert nxt == Due(date(2026, 12, 4), time(9, 0), "UTC")


def test_completion_mode_uses_the_tasks_timezone_for_the_completion_day() -> None:
    due = Due(date(2026, 12, 1), time(9, 0), "Asia/Tokyo")
    completed = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)  # already 2 December in Tokyo
    nxt = rule(frequency="daily", mode="completion").next_due(
        due, completed_at=completed, next_occurrence=2
    )
    assert nxt is not None
    assert nxt.date == date(2026, 12, 3)


def test_weekly_09_00_berlin_stays_09_00_local_across_the_october_dst_change() -> None:
    start = Due(date(2026, 10, 19), time(9, 0), "Europe/Berlin")
    dues = following(rule(frequency="weekly"), start, 2)
    assert [d.local.time() for d in dues] == [time(9, 0), time(9, 0)]
    assert dues[0].at == datetime(2026, 10, 26, 8, 0, tzinfo=UTC)  # CET, UTC+1
    assert start.at == datetime(2026, 10, 19, 7, 0, tzinfo=UTC)  # CEST, UTC+2


def test_rrule_text_is_rfc_5545() -> None:
    recurrence = rule(frequency="weekly", by_weekday=["MO"], count=5)
    assert recurrence.rrule_text == "FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;COUNT=5"
    assert rule(frequency="monthly", by_month_day=[-1], until="2027-06-30").rrule_text == (
        "FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=-1;UNTIL=20270630"
    )


def test_rrule_text_is_understood_by_dateutil() -> None:
    recurrence = rule(frequency="weekly", interval=2, by_weekday=["TU", "FR"])
    parsed = rrule.rrulestr(recurrence.rrule_text, dtstart=datetime(2026, 12, 1))
    assert isinstance(parsed, rrule.rrule)


# -- properties ---------------------------------------------------------------------------

ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]

recurrences = st.builds(
    lambda frequency, interval, weekdays, month_days, mode: parse_recurrence(
        {
            "frequency": frequency,
            "interval": interval,
            "by_weekday": weekdays if frequency == "weekly" else None,
            "by_month_day": month_days if frequency == "monthly" else None,
            "mode": mode,
        }
    ),
    st.sampled_from(["daily", "weekly", "monthly", "yearly"]),
    st.integers(1, 30),
    st.none() | st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True),
    st.none()
    | st.lists(st.integers(-1, 31).filter(lambda d: d != 0), min_size=1, max_size=4, unique=True),
    st.sampled_from(["schedule", "completion"]),
)
dues = st.builds(
    Due,
    st.dates(date(2000, 1, 1), date(2090, 12, 31)),
    st.none() | st.times().map(lambda t: time(t.hour, t.minute)),
    st.sampled_from(ZONES),
)


@settings(max_examples=300, deadline=None)
@given(recurrence=recurrences, start=dues, lateness=st.integers(0, 60 * 24 * 40))
def test_next_due_is_strictly_later_and_keeps_wall_time(
    recurrence: Recurrence, start: Due, lateness: int
) -> None:
    completed = start.at + timedelta(minutes=lateness)
    nxt = recurrence.next_due(start, completed_at=completed, next_occurrence=2)
    assume(nxt is not None)  # e.g. every 12 months on the 31st from February never occurs
    assert nxt is not None
    assert nxt.local.time() == start.local.time()
    assert nxt.timezone == start.timezone
    if recurrence.mode is Mode.SCHEDULE:
        assert nxt.date > start.date
    else:
        assert nxt.date > completed.astimezone(zone(start.timezone)).date()


@settings(max_examples=200, deadline=None)
@given(recurrence=recurrences, start=dues)
def test_schedule_mode_dates_match_the_rule(recurrence: Recurrence, start: Due) -> None:
    if recurrence.mode is not Mode.SCHEDULE:
        return
    nxt = recurrence.next_due(start, completed_at=start.at, next_occurrence=2)
    assume(nxt is not None)
    assert nxt is not None
    if recurrence.by_weekday:
        assert WEEKDAYS[nxt.date.weekday()] in recurrence.by_weekday
    if recurrence.by_month_day:
        last_day = (nxt.date.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        wanted = {last_day.day if d == -1 else d for d in recurrence.by_month_day}
        assert nxt.date.day in wanted
    if recurrence.frequency.value == "yearly":
        assert (nxt.date.month, nxt.date.day) == (start.date.month, start.date.day)


@settings(max_examples=100, deadline=None)
@given(start=dues, count=st.integers(1, 12))
def test_count_is_respected(start: Due, count: int) -> None:
    recurrence = parse_recurrence({"frequency": "daily", "count": count})
    assert len(following(recurrence, start, 50)) == count - 1


@settings(max_examples=100, deadline=None)
@given(start=dues, days=st.integers(0, 40))
def test_until_is_respected(start: Due, days: int) -> None:
    until = start.date + timedelta(days=days)
    recurrence = parse_recurrence({"frequency": "daily", "until": until.isoformat()})
    produced = following(recurrence, start, 100)
    assert all(d.date <= until for d in produced)
    assert len(produced) == days


@pytest.mark.parametrize("zone_name", ZONES)
def test_a_year_of_weekly_occurrences_keeps_local_time(zone_name: str) -> None:
    start = Due(date(2026, 1, 5), time(9, 0), zone_name)
    produced = following(parse_recurrence({"frequency": "weekly"}), start, 52)
    assert len(produced) == 52
    assert {d.at.astimezone(zone(zone_name)).time() for d in produced} == {time(9, 0)}
