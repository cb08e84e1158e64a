"""The OpenAPI document states the domain's limits, patterns and choices, not copies."""

from __future__ import annotations

from typing import Any

import pytest

from api.app import create_app
from domain.draft import REMINDER_MINUTES_MAX
from domain.due import DATE_PATTERN, TIME_PATTERN
from domain.fields import DESCRIPTION_MAX, PRIORITY_NAMES
from domain.recurrence import COUNT_MAX, INTERVAL_MAX, Frequency, Mode
from infrastructure.settings import Settings


@pytest.fixture(scope="module")
def schemas() -> dict[str, Any]:
    app = create_app(Settings.from_env({"TASKLOG_ENV": "test"}))
    document: dict[str, Any] = app.openapi_schema.to_schema()
    found: dict[str, Any] = document["components"]["schemas"]
    return found


def test_request_limits_are_the_domains(schemas: dict[str, Any]) -> None:
    task = schemas["NewTask"]["properties"]
    recurrence = schemas["RecurrenceIn"]["properties"]

    assert task["description"]["maxLength"] == DESCRIPTION_MAX
    assert task["reminder_minutes_before"]["maximum"] == REMINDER_MINUTES_MAX
    assert task["due_time"]["pattern"] == TIME_PATTERN
    assert task["due_date"]["pattern"] == DATE_PATTERN
    assert recurrence["interval"]["maximum"] == INTERVAL_MAX
    assert recurrence["count"]["maximum"] == COUNT_MAX


def test_response_choices_are_the_domains(schemas: dict[str, Any]) -> None:
    assert schemas["PriorityLabel"]["enum"] == list(PRIORITY_NAMES)
    assert schemas["Frequency"]["enum"] == [frequency.value for frequency in Frequency]
    assert schemas["Mode"]["enum"] == [mode.value for mode in Mode]
