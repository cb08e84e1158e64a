"""The task resource as rendered (``task_resource``): what clients read and OpenAPI declares."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import msgspec
import pytest

from application.views import TaskResource, event_data_view, task_resource
from domain.draft import resolve
from domain.task import EventMeta, Task


def _task(**fields: object) -> Task:
    now = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    draft = resolve(None, {"title": "Water the plants", **fields}, now=now)
    return Task.create(
        task_id=uuid4(), owner="u_123", draft=draft, meta=EventMeta("u_123", "req"), now=now
    )


@pytest.mark.parametrize(
    ("given", "shown"), [("high", "High"), ("Medium", "Medium"), ("LOW", "Low")]
)
def test_priority_is_rendered_in_title_case(given: str, shown: str) -> None:
    assert task_resource(_task(priority=given)).priority == shown


def test_the_resource_names_its_owner() -> None:
    assert task_resource(_task()).user_id == "u_123"


def test_the_json_sent_decodes_strictly_as_the_declared_resource() -> None:
    view = task_resource(_task(priority="high", recurring="weekly", due_date="2030-01-07"))
    sent = msgspec.json.encode(view)
    assert msgspec.json.decode(sent, type=TaskResource, strict=True) == view
    decoded = msgspec.json.decode(sent)
    assert decoded["due_at"].endswith("Z")
    assert decoded["recurrence"]["rrule"] == "FREQ=WEEKLY;INTERVAL=1"


def test_event_data_shows_the_label_and_leaves_other_data_alone() -> None:
    assert event_data_view({"priority": "medium", "title": "t"}) == {
        "priority": "Medium",
        "title": "t",
    }
    assert event_data_view({"title": "t"}) == {"title": "t"}
    assert event_data_view({"priority": "urgent"}) == {"priority": "urgent"}
