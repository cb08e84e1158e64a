"""Version conflicts: a command retries against fresh state until a deadline, then gives up.

``Contended`` lets another writer change the task right before each of the command's
saves (for the first ``rivals`` saves), so every such save meets a real version conflict
in the in-memory event store.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import RequestFactory

from api.problems import handle_exception
from application.errors import ConcurrentUpdates, VersionMismatch
from application.tasks import (
    RETRY_BACKOFF_FIRST_S,
    RETRY_BACKOFF_MAX_S,
    TaskApplication,
    conflict_backoff,
)
from domain.draft import resolve
from domain.task import EventMeta, Task

ALICE = EventMeta("alice", "req-a")
RIVAL = EventMeta("alice", "req-rival")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


class Contended(TaskApplication):
    """A task application in which a rival writer changes the task before each save."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, **kwargs)
        self.contended: UUID | None = None
        self.rivals = 0

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        contended = self.contended
        if self.rivals and any(isinstance(o, Task) and o.id == contended for o in objs):
            assert contended is not None
            self.rivals -= 1
            rival: Task = self.repository.get(contended)
            changes = {"description": f"rival {self.rivals}"}
            rival.change(resolve(rival.draft, changes, now=NOW), meta=RIVAL, now=NOW)
            super().save(rival)
        return super().save(*objs, **kwargs)


@pytest.fixture
def app() -> Iterator[Contended]:
    application = Contended(clock=lambda: NOW)
    yield application
    application.close()


def contend(app: Contended, rivals: int) -> UUID:
    task_id = app.create_task(owner="alice", fields={"title": "t"}, meta=ALICE).task.id
    app.contended = task_id
    app.rivals = rivals
    return task_id


def test_a_command_outlasts_more_conflicts_than_any_fixed_count(app: Contended) -> None:
    task_id = contend(app, rivals=30)

    result = app.update_task(task_id, user_id="alice", fields={"title": "mine"}, meta=ALICE)

    assert result.written
    assert result.task.title == "mine"
    assert result.task.version == 1 + 30 + 1
    entries = app.history(task_id, user_id="alice")
    assert [e.correlation_id for e in entries] == ["req-a"] + ["req-rival"] * 30 + ["req-a"]


def test_conflicts_past_the_deadline_give_up_and_write_nothing_of_the_command(
    app: Contended,
) -> None:
    app.retry_deadline_s = 0.3
    task_id = contend(app, rivals=10**6)
    started = time.monotonic()

    with pytest.raises(ConcurrentUpdates):
        app.update_task(task_id, user_id="alice", fields={"title": "mine"}, meta=ALICE)

    assert 0.3 - RETRY_BACKOFF_MAX_S <= time.monotonic() - started < 2.0
    entries = app.history(task_id, user_id="alice")
    assert {e.correlation_id for e in entries[1:]} == {"req-rival"}


def test_with_if_match_a_conflict_is_a_version_mismatch_not_a_retry(app: Contended) -> None:
    task_id = contend(app, rivals=1)

    with pytest.raises(VersionMismatch) as caught:
        app.complete_task(task_id, user_id="alice", meta=ALICE, expected_version=1)

    assert (caught.value.expected, caught.value.actual) == (1, 2)


def test_a_reminder_job_also_retries_its_conflicts(app: Contended) -> None:
    reminder = datetime(2026, 11, 27, 11, 0, tzinfo=UTC)
    task_id = app.create_task(
        owner="alice", fields={"title": "t", "reminder_at": reminder.isoformat()}, meta=ALICE
    ).task.id
    app.contended, app.rivals = task_id, 25

    fired = app.fire_reminder(task_id, reminder, meta=EventMeta("system:reminder", "job"))

    assert fired is not None
    assert fired.written
    assert fired.task.version == 1 + 25 + 1


def test_backoff_is_jittered_below_a_cap_that_grows_to_its_maximum() -> None:
    for retry, cap in [(1, RETRY_BACKOFF_FIRST_S), (2, 2 * RETRY_BACKOFF_FIRST_S)]:
        pauses = {conflict_backoff(retry) for _ in range(200)}
        assert all(0.0 <= pause <= cap for pause in pauses)
        assert len(pauses) > 100
    assert all(0.0 <= conflict_backoff(10**6) <= RETRY_BACKOFF_MAX_S for _ in range(200))
    assert max(conflict_backoff(50) for _ in range(200)) > RETRY_BACKOFF_MAX_S / 2


def test_giving_up_is_answered_503_with_retry_after_never_409() -> None:
    request = RequestFactory().patch("/api/v1/tasks/x")

    response = handle_exception(request, ConcurrentUpdates())

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert response.media_type == "application/problem+json"
