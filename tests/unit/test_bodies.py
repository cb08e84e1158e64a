"""Strict decoding of task bodies: every offending field listed, each in words."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import msgspec
import pytest

from api.bodies import body_field_errors, decode_task_body, sent_fields
from api.schemas import NewTask, TaskChanges
from domain.errors import InvalidTaskInput
from domain.fields import DESCRIPTION_MAX
from tests.words import assert_in_words

_TOMORROW = datetime.now().replace(microsecond=0) + timedelta(days=1)
"""Inputs are written from the current day, so no test depends on the day it runs."""
_TOMORROW_NO_OFFSET = _TOMORROW.isoformat()


def errors_of(body: Any, struct_type: type[msgspec.Struct] = NewTask) -> dict[str, str]:
    raw = body if isinstance(body, bytes) else msgspec.json.encode(body)
    return {error.field: error.message for error in body_field_errors(raw, struct_type)}


def test_a_body_with_every_kind_of_mistake_lists_each_field_in_words() -> None:
    errors = errors_of(
        {
            "title": "Water the plants",
            "colour": "red",
            "priority": "urgent",
            "tags": 3,
            "due_time": "25:00",
            "recurrence": {"frequency": "hourly", "interval": 0, "size": 1},
            "reminder_minutes_before": 10_081,
            "timezone": "Mars/Olympus",
            "completed": "yes",
        }
    )

    assert errors == {
        "colour": "is not a known field",
        "priority": "must be High, Medium or Low",
        "tags": (
            "must be a list of at most 10 tags, each 1 to 50 characters after trimming"
            " and without control characters"
        ),
        "due_time": "must be a time HH:MM from 00:00 to 23:59",
        "recurrence.frequency": "must be daily, weekly, monthly or yearly",
        "recurrence.interval": "must be an integer from 1 to 365",
        "recurrence.size": "is not a known field",
        "reminder_minutes_before": "must be an integer from 0 to 10,080",
        "timezone": "must be an IANA time zone name such as Europe/Berlin",
        "completed": "must be true or false",
    }
    assert_in_words(errors.values())


def test_a_shape_error_does_not_hide_the_domain_rules_of_other_fields() -> None:
    no_such_day = f"{_TOMORROW.year + 1}-02-30"
    errors = errors_of({"title": "   ", "recurrence": "daily", "due_date": no_such_day})

    assert errors == {
        "title": "must not be empty",
        "recurrence": "must be an object with a frequency (daily, weekly, monthly or yearly)",
        "due_date": "must be a date YYYY-MM-DD that exists in the calendar",
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", 5, "must be a string of 1 to 200 characters after trimming"),
        ("title", None, "must be a string of 1 to 200 characters after trimming"),
        ("description", 5, f"must be a string of at most {DESCRIPTION_MAX} characters"),
        ("description", "x" * (DESCRIPTION_MAX + 1), "must be a string of at most"),
        ("tags", ["a", 5], "must be a list of at most 10 tags"),
        ("tags", "home", "must be a list of at most 10 tags"),
        ("due_date", int(_TOMORROW.strftime("%Y%m%d")), "must be a date YYYY-MM-DD"),
        ("due_date", _TOMORROW.strftime("%d.%m.%Y"), "must be a date YYYY-MM-DD"),
        ("recurring", "sometimes", "must be daily, weekly, monthly or yearly"),
        ("reminder_at", 5, "must be an RFC 3339 date-time with an offset"),
        ("reminder_at", _TOMORROW_NO_OFFSET, "must be an RFC 3339 date-time with an offset"),
        ("reminder_minutes_before", "5", "must be an integer from 0 to 10,080"),
        ("priority", ["High"], "must be High, Medium or Low"),
    ],
)
def test_each_field_says_what_it_must_be(field: str, value: Any, message: str) -> None:
    errors = errors_of({"title": "t", field: value} if field != "title" else {field: value})

    assert errors[field].startswith(message)
    assert_in_words(errors.values())


@pytest.mark.parametrize(
    ("recurrence", "field", "message"),
    [
        ({"frequency": "weekly", "by_weekday": ["XX"]}, "by_weekday", "must be a non-empty list"),
        ({"frequency": "weekly", "by_weekday": []}, "by_weekday", "must be a non-empty list"),
        ({"frequency": "monthly", "by_month_day": [40]}, "by_month_day", "must be a non-empty"),
        ({"frequency": "daily", "count": 0}, "count", "must be an integer from 1 to 1,000"),
        ({"frequency": "daily", "until": 5}, "until", "must be a date YYYY-MM-DD"),
        ({"frequency": "daily", "mode": "never"}, "mode", "must be schedule or completion"),
        ({"interval": 2}, "frequency", "is required"),
        ({"frequency": "daily", "by_weekday": ["MO"]}, "by_weekday", "is allowed only with"),
    ],
)
def test_each_recurrence_field_is_named_and_worded(
    recurrence: dict[str, Any], field: str, message: str
) -> None:
    errors = errors_of({"title": "t", "recurrence": recurrence})

    assert errors[f"recurrence.{field}"].startswith(message)
    assert_in_words(errors.values())


def test_errors_follow_the_order_of_the_body() -> None:
    raw = b'{"tags": 1, "title": 2, "colour": 3, "priority": 4}'

    assert list(errors_of(raw)) == ["tags", "title", "colour", "priority"]


def test_a_missing_title_is_required_on_create_only() -> None:
    assert errors_of({"priority": "urgent"}) == {
        "priority": "must be High, Medium or Low",
        "title": "is required",
    }
    assert errors_of({"priority": "urgent"}, TaskChanges) == {
        "priority": "must be High, Medium or Low"
    }


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{bad", "must be a valid JSON document"),
        (b"[1, 2]", "must be a JSON object"),
        (b'"title"', "must be a JSON object"),
    ],
)
def test_a_body_that_is_not_an_object_is_named_body(raw: bytes, message: str) -> None:
    assert errors_of(raw) == {"body": message}


def test_decoding_refuses_with_every_error_and_accepts_a_good_body() -> None:
    with pytest.raises(InvalidTaskInput) as error:
        decode_task_body(b'{"title": 5, "completed": "true"}', NewTask)

    assert {e.field for e in error.value.errors} == {"title", "completed"}
    assert "title must be a string" in str(error.value)
    good = decode_task_body(b'{"title": "t", "recurrence": {"frequency": "Weekly"}}', NewTask)
    assert sent_fields(good) == {"title": "t", "recurrence": {"frequency": "Weekly"}}
