"""Resolution of client input into a task's next state: cross-field rules and error lists."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest

from domain.draft import TaskDraft, field_errors, resolve
from domain.errors import InvalidTaskInput
from domain.fields import Priority
from domain.recurrence import Frequency

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
"""The pinned clock every draft here is resolved at; every date below is written from it."""
DUE_DAY = NOW.date() + timedelta(days=10)
"""A due date ten days after ``NOW``, in December (Berlin is then at UTC+1)."""
DUE = DUE_DAY.isoformat()


def create(**fields: Any) -> TaskDraft:
    return resolve(None, fields, now=NOW)


def error_fields(error: pytest.ExceptionInfo[InvalidTaskInput]) -> set[str]:
    return {e.field for e in error.value.errors}


def test_defaults_on_create() -> None:
    draft = create(title="t")
    assert draft.priority is Priority.MEDIUM
    assert draft.timezone == "UTC"
    assert draft.tags == ()
    assert draft.due is None
    assert draft.recurrence is None


def test_title_is_required_on_create() -> None:
    with pytest.raises(InvalidTaskInput) as error:
        create(description="no title")
    assert error_fields(error) == {"title"}


def test_every_offending_field_is_listed() -> None:
    with pytest.raises(InvalidTaskInput) as error:
        create(
            title="",
            priority="urgent",
            tags="home",
            due_date=f"{NOW.year}-13-01",
            timezone="Mars/Base",
        )
    assert error_fields(error) == {"title", "priority", "tags", "due_date", "timezone"}


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(InvalidTaskInput) as error:
        create(title="t", colour="red")
    assert error_fields(error) == {"colour"}


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", 5), ("priority", 1), ("tags", [1, 2]), ("tags", "home"), ("due_date", 20261201)],
)
def test_wrong_types_are_rejected(field: str, value: Any) -> None:
    fields: dict[str, Any] = {"title": "t", field: value}
    with pytest.raises(InvalidTaskInput) as error:
        create(**fields)
    assert field in error_fields(error)


def test_due_at_is_end_of_day_without_a_time() -> None:
    draft = create(title="t", due_date=DUE)
    assert draft.due is not None
    assert draft.due.at == datetime.combine(DUE_DAY, time(23, 59, 59), UTC)


def test_due_at_is_the_utc_instant_of_local_time_in_the_timezone() -> None:
    draft = create(title="t", due_date=DUE, due_time="09:00", timezone="Europe/Berlin")
    assert draft.due is not None
    assert draft.due.at == datetime.combine(DUE_DAY, time(8, 0), UTC)


def test_due_time_needs_a_due_date() -> None:
    with pytest.raises(InvalidTaskInput) as error:
        create(title="t", due_time="09:00")
    assert error_fields(error) == {"due_time"}


@pytest.mark.parametrize("value", ["9:00", "24:00", "09:60", "09:00:00", "noon"])
def test_due_time_must_be_hh_mm(value: str) -> None:
    with pytest.raises(InvalidTaskInput) as error:
        create(title="t", due_date=DUE, due_time=value)
    assert error_fields(error) == {"due_time"}


@pytest.mark.parametrize(
    "value",
    [
        f"{NOW.year}-02-30",
        DUE_DAY.strftime("%d.%m.%Y"),
        f"{DUE_DAY.year}-{DUE_DAY.month}-{DUE_DAY.day}",  # the day has one digit
    ],
)
def test_due_date_must_be_a_real_yyyy_mm_dd_date(value: str) -> None:
    with pytest.raises(InvalidTaskInput) as error:
        create(title="t", due_date=value)
    assert error_fields(error) == {"due_date"}


def test_timezone_must_be_an_iana_name() -> None:
    with pytest.raises(InvalidTaskInput) as error:
        create(title="t", timezone="CEST")
    assert error_fields(error) == {"timezone"}


def test_recurring_task_without_due_date_is_due_today_in_its_timezone() -> None:
    late_evening_utc = NOW.replace(hour=23, minute=30)
    draft = resolve(
        None, {"title": "t", "recurring": "daily", "timezone": "Asia/Tokyo"}, now=late_evening_utc
    )
    assert draft.due is not None
    assert draft.due.date == NOW.date() + timedelta(days=1)  # already tomorrow in Tokyo


def test_recurring_shorthand_means_interval_one() -> None:
    draft = create(title="t", recurring="Weekly")
    assert draft.recurrence is not None
    assert draft.recurrence.frequency is Frequency.WEEKLY
    assert draft.recurrence.interval == 1


def test_recurrence_and_recurring_together_are_rejected() -> None:
    with pytest.raises(InvalidTaskInput) as error:
        create(title="t", recurring="daily", recurrence={"frequency": "daily"})
    assert error_fields(error) == {"recurring"}


def test_null_recurring_clears_recurrence() -> None:
    current = create(title="t", recurring="daily")
    assert resolve(current, {"recurring": None}, now=NOW).recurrence is None


def test_clearing_the_due_date_of_a_recurring_task_is_rejected() -> None:
    current = create(title="t", recurring="daily")
    with pytest.raises(InvalidTaskInput) as error:
        resolve(current, {"due_date": None}, now=NOW)
    assert error_fields(error) == {"due_date"}


def test_clearing_the_due_date_clears_the_due_time() -> None:
    current = create(title="t", due_date=DUE, due_time="09:00")
    assert resolve(current, {"due_date": None}, now=NOW).due is None


def test_until_before_due_date_is_rejected() -> None:
    with pytest.raises(InvalidTaskInput) as error:
        create(
            title="t",
            due_date=DUE,
            recurrence={"frequency": "daily", "until": (DUE_DAY - timedelta(days=1)).isoformat()},
        )
    assert error_fields(error) == {"recurrence.until"}


def test_reminder_minutes_before_is_relative_to_due_at() -> None:
    draft = create(title="t", due_date=DUE, due_time="09:00", reminder_minutes_before=15)
    assert draft.effective_reminder_at == datetime.combine(DUE_DAY, time(8, 45), UTC)


@pytest.mark.parametrize("minutes", [-1, 10_081])
def test_reminder_minutes_before_is_0_to_10080(minutes: int) -> None:
    with pytest.raises(InvalidTaskInput) as error:
        create(title="t", due_date=DUE, reminder_minutes_before=minutes)
    assert error_fields(error) == {"reminder_minutes_before"}


def test_reminder_minutes_before_needs_a_due_date() -> None:
    with pytest.raises(InvalidTaskInput) as error:
        create(title="t", reminder_minutes_before=10)
    assert error_fields(error) == {"reminder_minutes_before"}


def test_reminder_in_the_past_is_rejected_on_create() -> None:
    with pytest.raises(InvalidTaskInput) as error:
        create(title="t", reminder_at=(NOW - timedelta(minutes=1)).isoformat())
    assert error_fields(error) == {"reminder_at"}


def test_reminder_at_must_carry_an_offset() -> None:
    with pytest.raises(InvalidTaskInput) as error:
        create(title="t", reminder_at=f"{DUE}T09:00:00")
    assert error_fields(error) == {"reminder_at"}


def test_reminder_at_accepts_z_suffix() -> None:
    draft = create(title="t", reminder_at=f"{DUE}T09:00:00Z")
    assert draft.reminder_at == datetime.combine(DUE_DAY, time(9, 0), UTC)


def test_reminder_at_and_minutes_before_together_are_rejected() -> None:
    with pytest.raises(InvalidTaskInput) as error:
        create(
            title="t",
            due_date=DUE,
            reminder_at=f"{DUE}T09:00:00Z",
            reminder_minutes_before=5,
        )
    assert "reminder_at" in error_fields(error)


def test_setting_minutes_before_replaces_a_fixed_reminder() -> None:
    current = create(title="t", due_date=DUE, reminder_at=f"{DUE}T09:00:00Z")
    draft = resolve(current, {"reminder_minutes_before": 30}, now=NOW)
    assert draft.reminder_at is None
    assert draft.reminder_minutes_before == 30


def test_null_clears_optional_fields() -> None:
    current = create(title="t", description="d", due_date=DUE, reminder_at=f"{DUE}T09:00:00Z")
    draft = resolve(current, {"description": None, "reminder_at": None}, now=NOW)
    assert draft.description is None
    assert draft.effective_reminder_at is None


def test_partial_update_keeps_other_fields() -> None:
    current = create(title="t", priority="high", tags=["a"], due_date=DUE, due_time="08:30")
    draft = resolve(current, {"title": "new"}, now=NOW)
    assert (draft.title, draft.priority, draft.tags) == ("new", Priority.HIGH, ("a",))
    assert draft.due is not None
    assert draft.due.time == time(8, 30)


@pytest.mark.parametrize(
    ("recurrence", "field"),
    [
        ({"frequency": "hourly"}, "frequency"),
        ({"interval": 2}, "frequency"),
        ({"frequency": "daily", "interval": 0}, "interval"),
        ({"frequency": "daily", "interval": 366}, "interval"),
        ({"frequency": "daily", "by_weekday": ["MO"]}, "by_weekday"),
        ({"frequency": "weekly", "by_weekday": ["XX"]}, "by_weekday"),
        ({"frequency": "weekly", "by_month_day": [1]}, "by_month_day"),
        ({"frequency": "monthly", "by_month_day": [0]}, "by_month_day"),
        ({"frequency": "monthly", "by_month_day": [32]}, "by_month_day"),
        ({"frequency": "monthly", "by_month_day": [-2]}, "by_month_day"),
        ({"frequency": "daily", "count": 0}, "count"),
        ({"frequency": "daily", "count": 1001}, "count"),
        (
            {"frequency": "daily", "count": 3, "until": (DUE_DAY + timedelta(days=30)).isoformat()},
            "until",
        ),
        ({"frequency": "daily", "mode": "sometimes"}, "mode"),
        ({"frequency": "daily", "colour": "red"}, "colour"),
    ],
)
def test_invalid_recurrence_shapes_name_the_sub_field(
    recurrence: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidTaskInput) as error:
        create(title="t", due_date=DUE, recurrence=recurrence)
    assert error_fields(error) == {f"recurrence.{field}"}


def test_every_bad_sub_field_of_a_recurrence_is_listed() -> None:
    with pytest.raises(InvalidTaskInput) as error:
        create(
            title="t",
            recurrence={"frequency": "hourly", "interval": 0, "mode": "never", "colour": "red"},
        )
    messages = {e.field: e.message for e in error.value.errors}
    assert messages == {
        "recurrence.frequency": "must be daily, weekly, monthly or yearly",
        "recurrence.interval": "must be an integer from 1 to 365",
        "recurrence.mode": "must be schedule or completion",
        "recurrence.colour": "is not a known field",
    }


def test_messages_say_in_words_what_is_allowed() -> None:
    with pytest.raises(InvalidTaskInput) as error:
        create(
            title="t",
            priority="urgent",
            due_date=DUE,
            due_time="25:00",
            tags=3,
            reminder_minutes_before="5",
            completed="yes",
        )
    messages = {e.field: e.message for e in error.value.errors}
    assert messages == {
        "priority": "must be High, Medium or Low",
        "due_time": "must be a time HH:MM from 00:00 to 23:59",
        "tags": (
            "must be a list of at most 10 tags, each 1 to 50 characters after trimming"
            " and without control characters"
        ),
        "reminder_minutes_before": "must be an integer from 0 to 10,080",
        "completed": "must be true or false",
    }


def test_a_failed_due_date_does_not_also_fail_the_rules_that_need_it() -> None:
    with pytest.raises(InvalidTaskInput) as error:
        create(title="t", due_date=f"{NOW.year}-02-30", due_time="09:00", reminder_minutes_before=5)
    assert error_fields(error) == {"due_date"}


def test_field_errors_checks_each_field_on_its_own() -> None:
    errors = field_errors({"due_time": "09:00", "timezone": "Mars/Base", "colour": "red"})
    assert {(e.field, e.message) for e in errors} == {
        ("timezone", "must be an IANA time zone name such as Europe/Berlin"),
        ("colour", "is not a known field"),
    }
