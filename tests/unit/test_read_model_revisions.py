"""A read model's stored rendering is pinned to its revision.

The rows a read model stores are served as they are, so a change to what they hold
must come with a new ``revision`` (the projector then rebuilds the read model blue/green
at start-up, and the old rows keep serving until the swap). Each test renders fixed
tasks and compares a digest of everything stored with the digest pinned for the code's
revision: changing the rendering without bumping the revision fails here. After a
deliberate change, bump the revision and pin the new digest under it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from domain.draft import resolve
from domain.task import EventMeta, Task
from projections.base import Tables
from projections.notifications.projection import NotificationsProjection, notification_doc
from projections.task_list.projection import TAGS, TASKS, TaskListProjection
from projections.task_list.rows import task_row

TASK_LIST_DIGESTS = {
    4: "16e3ace6f17fd1b4ea83c54a785340b7958e5d28fc2678bb1ec52d7487914283",
    5: "08cf7069444022851dd7966ea496af3e7cf9886def0bf021c37406f43e0d3cf6",
}
NOTIFICATIONS_DIGESTS = {
    1: "fba663892cded94dcb243874e7bb01f244a6dad7c316eec646aace2baffd3d69",
    2: "fba663892cded94dcb243874e7bb01f244a6dad7c316eec646aace2baffd3d69",
}

_NOW = datetime(2030, 3, 1, 9, 30, tzinfo=UTC)
_META = EventMeta("u_123", "req-1")


def _tasks() -> list[Task]:
    plain = Task.create(
        task_id=UUID(int=1),
        owner="u_123",
        draft=resolve(None, {"title": "Water", "priority": "high", "tags": ["Home"]}, now=_NOW),
        meta=_META,
        now=_NOW,
    )
    rich_fields = {
        "title": "Pay rent",
        "description": "Before the 5th",
        "priority": "low",
        "due_date": "2030-04-01",
        "due_time": "09:00",
        "timezone": "Europe/Berlin",
        "recurrence": {"frequency": "monthly", "by_month_day": [1]},
        "reminder_minutes_before": 30,
    }
    rich = Task.create(
        task_id=UUID(int=2),
        owner="u_456",
        draft=resolve(None, rich_fields, now=_NOW),
        meta=_META,
        now=_NOW,
    )
    rich.complete(meta=_META, now=_NOW + timedelta(hours=1))
    return [plain, rich]


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _ddl(projection: type[TaskListProjection] | type[NotificationsProjection]) -> list[str]:
    tables = Tables("s", {name: f"{name}_v1" for name in projection.tables})
    statements = [*projection.ddl(tables, {}), *projection.index_ddl(tables, {})]
    return [statement.as_string(None) for statement in statements]


def test_task_list_rows_match_the_pinned_rendering_of_its_revision() -> None:
    rows = [task_row(task).values() for task in _tasks()]
    digest = _digest({"rows": rows, "ddl": _ddl(TaskListProjection), "tables": [TASKS, TAGS]})
    assert TASK_LIST_DIGESTS.get(TaskListProjection.revision) == digest, (
        "task_list stores something else now: bump TaskListProjection.revision "
        f"and pin {digest!r} under it"
    )


def test_notification_documents_match_the_pinned_rendering_of_their_revision() -> None:
    task = _tasks()[1]
    doc = notification_doc(UUID(int=9), task, _NOW, _NOW - timedelta(minutes=30))
    digest = _digest({"doc": doc, "ddl": _ddl(NotificationsProjection)})
    assert NOTIFICATIONS_DIGESTS.get(NotificationsProjection.revision) == digest, (
        "notifications stores something else now: bump NotificationsProjection.revision "
        f"and pin {digest!r} under it"
    )
