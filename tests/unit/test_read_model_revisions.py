"""What a read model stores is pinned to its revision.

The rows a read model stores are served as they are, so a change to what they hold
must come with a new ``revision`` (the projector then rebuilds the read model blue/green
at start-up, and the old rows keep serving until the swap). Each read model renders the
rows of a fixed history here; a digest of those rows (with their column names), its
tables and its DDL (derived from its row Structs: names, SQL types, nullability,
collations) must equal the ``rendering`` pinned beside its ``revision``. A change to any
of them fails here until the revision is bumped and the new digest pinned with it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import msgspec
import pytest

from domain.draft import resolve
from domain.task import EventMeta, Task
from projections.base import ReadModelProjection
from projections.notifications.projection import notification_row
from projections.recurrence.projection import next_occurrence_id, pending_spawn
from projections.registry import PROJECTIONS
from projections.reminders.projection import pending_reminder
from projections.tables import Tables
from projections.task_list.rows import task_row

_NOW = datetime(2030, 3, 1, 9, 30, tzinfo=UTC)
_META = EventMeta("u_123", "req-1")
_RICH_FIELDS = {
    "title": "Pay rent",
    "description": "Before the 5th",
    "priority": "low",
    "due_date": "2030-04-01",
    "due_time": "09:00",
    "timezone": "Europe/Berlin",
    "recurrence": {"frequency": "monthly", "by_month_day": [1]},
    "reminder_minutes_before": 30,
}


def _plain() -> Task:
    fields = {"title": "Water", "priority": "high", "tags": ["Home"]}
    return Task.create(
        task_id=UUID(int=1),
        owner="u_123",
        draft=resolve(None, fields, now=_NOW),
        meta=_META,
        now=_NOW,
    )


def _rich() -> Task:
    """A recurring task with a reminder, still open."""
    return Task.create(
        task_id=UUID(int=2),
        owner="u_456",
        draft=resolve(None, _RICH_FIELDS, now=_NOW),
        meta=_META,
        now=_NOW,
    )


def _completed_rich() -> Task:
    rich = _rich()
    rich.complete(meta=_META, now=_NOW + timedelta(hours=1))
    return rich


def _fired_rich() -> tuple[Task, Task.ReminderFired]:
    rich = _rich()
    instant = rich.effective_reminder_at
    assert instant is not None
    assert rich.fire_reminder(instant, meta=_META, now=instant + timedelta(seconds=5))
    (fired,) = [e for e in rich.collect_events() if isinstance(e, Task.ReminderFired)]
    return rich, fired


def _task_list_rows() -> list[Any]:
    return [task_row(task) for task in (_plain(), _completed_rich())]


def _recurrence_rows() -> list[Any]:
    task = _completed_rich()
    next_id = next_occurrence_id(task)
    assert next_id is not None
    return [pending_spawn(task, next_id, 7)]


def _reminders_rows() -> list[Any]:
    return [pending_reminder(_plain(), 3), pending_reminder(_rich(), 5)]


def _notifications_rows() -> list[Any]:
    return [notification_row(*_fired_rich())]


SAMPLE_ROWS: dict[str, Callable[[], list[Any]]] = {
    "task_list": _task_list_rows,
    "recurrence": _recurrence_rows,
    "reminders": _reminders_rows,
    "notifications": _notifications_rows,
}
"""The rows each read model renders for the fixed history above (``None``: no row)."""


def _ddl(projection: type[ReadModelProjection]) -> list[str]:
    tables = Tables("s", {name: f"{name}_v1" for name in projection.tables})
    statements = [*projection.ddl(tables, {}), *projection.index_ddl(tables, {})]
    return [statement.as_string(None) for statement in statements]


def rendering_digest(projection: type[ReadModelProjection]) -> str:
    """The digest of what ``projection`` stores: its tables, their DDL, its sample rows."""
    rows = [msgspec.to_builtins(row) for row in SAMPLE_ROWS[projection.name]()]
    stored = {"tables": projection.tables, "ddl": _ddl(projection), "rows": rows}
    text = json.dumps(stored, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def test_every_read_model_renders_sample_rows_here() -> None:
    assert sorted(SAMPLE_ROWS) == sorted(projection.name for projection in PROJECTIONS)


@pytest.mark.parametrize("projection", PROJECTIONS, ids=lambda projection: projection.name)
def test_what_a_read_model_stores_is_pinned_to_its_revision(
    projection: type[ReadModelProjection],
) -> None:
    digest = rendering_digest(projection)
    assert projection.rendering, (
        f"{projection.name} has no rendering pinned: in {projection.__module__}, "
        f"set rendering = {digest!r}"
    )
    assert projection.rendering == digest, (
        f"{projection.name} stores something else than its revision {projection.revision} "
        f"did: in {projection.__module__}, set revision = {projection.revision + 1} and "
        f"rendering = {digest!r}"
    )
