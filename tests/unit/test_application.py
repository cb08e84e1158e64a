"""TaskApplication use cases on in-memory storage."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from uuid import uuid4

import pytest
from eventsourcing.persistence import IntegrityError

from application.errors import TaskIdTaken, TaskNotFound, VersionMismatch
from application.tasks import SNAPSHOT_EVERY, TaskApplication, idempotent_task_id, occurrence_id
from domain.errors import InvalidTaskInput
from domain.task import EventMeta

START = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
"""Where every test's clock starts; every date below is written from it."""
DUE_DAY = START.date() + timedelta(days=4)
DUE = DUE_DAY.isoformat()


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(clock: Clock) -> Iterator[TaskApplication]:
    application = TaskApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=clock)
    yield application
    application.close()


ALICE = EventMeta("alice", "req-a")
BOB = EventMeta("bob", "req-b")
JOB = EventMeta("system:recurrence", "job-1")


def test_create_returns_the_task_and_its_position(app: TaskApplication) -> None:
    result = app.create_task(owner="alice", fields={"title": "t"}, meta=ALICE)
    assert result.written
    assert result.position == 1
    assert result.task.version == 1


def test_invalid_input_writes_nothing(app: TaskApplication) -> None:
    with pytest.raises(InvalidTaskInput):
        app.create_task(owner="alice", fields={"title": ""}, meta=ALICE)
    assert app.recorder.max_notification_id() in (None, 0)


def test_another_users_task_is_not_found(app: TaskApplication) -> None:
    task = app.create_task(owner="alice", fields={"title": "t"}, meta=ALICE).task
    with pytest.raises(TaskNotFound):
        app.complete_task(task.id, user_id="bob", meta=BOB)
    with pytest.raises(TaskNotFound):
        app.history(task.id, user_id="bob")
    assert app.get_task(task.id, user_id="alice").version == 1


def test_unchanged_update_writes_nothing_and_reports_the_latest_position(
    app: TaskApplication,
) -> None:
    task = app.create_task(owner="alice", fields={"title": "t"}, meta=ALICE).task
    app.create_task(owner="alice", fields={"title": "other"}, meta=ALICE)
    result = app.update_task(task.id, user_id="alice", fields={"title": "t"}, meta=ALICE)
    assert not result.written
    assert result.position == 1


def test_if_match_mismatch_is_refused(app: TaskApplication) -> None:
    task = app.create_task(owner="alice", fields={"title": "t"}, meta=ALICE).task
    with pytest.raises(VersionMismatch):
        app.complete_task(task.id, user_id="alice", meta=ALICE, expected_version=7)
    assert not app.get_task(task.id, user_id="alice").completed


def test_put_with_completed_completes_and_reopens(app: TaskApplication) -> None:
    task = app.create_task(owner="alice", fields={"title": "t"}, meta=ALICE).task
    done = app.update_task(task.id, user_id="alice", fields={"completed": True}, meta=ALICE)
    assert done.task.completed
    again = app.update_task(task.id, user_id="alice", fields={"completed": False}, meta=ALICE)
    assert not again.task.completed


def test_a_deleted_task_is_not_found_except_in_history(app: TaskApplication) -> None:
    task = app.create_task(owner="alice", fields={"title": "t"}, meta=ALICE).task
    app.delete_task(task.id, user_id="alice", meta=ALICE)
    with pytest.raises(TaskNotFound):
        app.get_task(task.id, user_id="alice")
    with pytest.raises(TaskNotFound):
        app.delete_task(task.id, user_id="alice", meta=ALICE)
    assert [h.type for h in app.history(task.id, user_id="alice")] == ["Created", "Deleted"]


def test_a_create_retried_with_the_same_id_creates_once(app: TaskApplication) -> None:
    task_id = idempotent_task_id("alice", "key-1")
    first = app.create_task(owner="alice", fields={"title": "t"}, meta=ALICE, task_id=task_id)
    second = app.create_task(owner="alice", fields={"title": "t"}, meta=ALICE, task_id=task_id)
    assert second.task.id == first.task.id
    assert not second.written
    assert len(app.history(task_id, user_id="alice")) == 1


def test_a_create_on_another_users_id_is_refused(app: TaskApplication) -> None:
    task_id = uuid4()
    app.create_task(owner="alice", fields={"title": "t"}, meta=ALICE, task_id=task_id)
    with pytest.raises(TaskIdTaken):
        app.create_task(owner="bob", fields={"title": "t"}, meta=BOB, task_id=task_id)


def test_history_carries_actor_correlation_id_positions_and_hashes(
    app: TaskApplication,
) -> None:
    task = app.create_task(owner="alice", fields={"title": "t"}, meta=ALICE).task
    app.complete_task(task.id, user_id="alice", meta=EventMeta("alice", "req-2"))
    first, second = app.history(task.id, user_id=None)
    assert (first.position, first.version, first.type) == (1, 1, "Created")
    assert (second.position, second.type, second.correlation_id) == (2, "Completed", "req-2")
    assert second.actor == "alice"
    assert second.prev_hash == first.hash
    assert first.data["title"] == "t"


def test_history_shows_priorities_as_the_api_spells_them_and_keeps_the_stored_event(
    app: TaskApplication,
) -> None:
    task = app.create_task(owner="alice", fields={"title": "t", "priority": "HIGH"}, meta=ALICE)
    app.update_task(task.task.id, user_id="alice", fields={"priority": "low"}, meta=ALICE)
    created, changed = app.history(task.task.id, user_id=None)
    assert (created.data["priority"], changed.data["priority"]) == ("High", "Low")
    assert [e.__dict__["priority"] for e in app.events.get(task.task.id)] == ["high", "low"]


def test_time_travel_by_version_and_by_instant(app: TaskApplication, clock: Clock) -> None:
    task = app.create_task(owner="alice", fields={"title": "one"}, meta=ALICE).task
    created_at = clock.now
    clock.now += timedelta(hours=1)
    app.update_task(task.id, user_id="alice", fields={"title": "two"}, meta=ALICE)
    assert app.state_at(task.id, user_id="alice", version=1).title == "one"
    assert app.state_at(task.id, user_id="alice", version=2).title == "two"
    halfway = created_at + timedelta(minutes=30)
    assert app.state_at(task.id, user_id="alice", as_of=halfway).title == "one"
    with pytest.raises(TaskNotFound):
        app.state_at(task.id, user_id="alice", as_of=created_at - timedelta(seconds=1))
    with pytest.raises(TaskNotFound):
        app.state_at(task.id, user_id="alice", version=3)


def test_spawning_the_next_occurrence_twice_creates_it_once(app: TaskApplication) -> None:
    task = app.create_task(
        owner="alice",
        fields={"title": "t", "recurring": "daily", "due_date": DUE},
        meta=ALICE,
    ).task
    app.complete_task(task.id, user_id="alice", meta=ALICE)
    first = app.spawn_next_occurrence(task.id, meta=JOB)
    second = app.spawn_next_occurrence(task.id, meta=JOB)
    assert first is not None
    assert second is not None
    assert first.written
    assert not second.written
    assert first.task.id == occurrence_id(task.id, 2)
    assert (first.task.series_id, first.task.occurrence) == (task.id, 2)
    assert first.task.due_date == (DUE_DAY + timedelta(days=1)).isoformat()
    assert [h.actor for h in app.history(first.task.id, user_id=None)] == ["system:recurrence"]


def test_the_next_occurrence_carries_the_reminder_offset(app: TaskApplication) -> None:
    task = app.create_task(
        owner="alice",
        fields={
            "title": "t",
            "recurring": "weekly",
            "due_date": DUE,
            "due_time": "09:00",
            "reminder_at": f"{DUE}T08:30:00Z",
        },
        meta=ALICE,
    ).task
    app.complete_task(task.id, user_id="alice", meta=ALICE)
    spawned = app.spawn_next_occurrence(task.id, meta=JOB)
    assert spawned is not None
    assert spawned.task.effective_reminder_at == datetime.combine(
        DUE_DAY + timedelta(weeks=1), time(8, 30), UTC
    )


def test_count_ends_the_series(app: TaskApplication) -> None:
    task = app.create_task(
        owner="alice",
        fields={"title": "t", "recurrence": {"frequency": "daily", "count": 1}},
        meta=ALICE,
    ).task
    app.complete_task(task.id, user_id="alice", meta=ALICE)
    assert app.spawn_next_occurrence(task.id, meta=JOB) is None


def test_a_deleted_occurrence_spawns_nothing(app: TaskApplication) -> None:
    task = app.create_task(
        owner="alice", fields={"title": "t", "recurring": "daily"}, meta=ALICE
    ).task
    app.complete_task(task.id, user_id="alice", meta=ALICE)
    app.delete_task(task.id, user_id="alice", meta=ALICE)
    assert app.spawn_next_occurrence(task.id, meta=JOB) is None


def test_fire_reminder_once(app: TaskApplication, clock: Clock) -> None:
    task = app.create_task(
        owner="alice",
        fields={"title": "t", "reminder_at": (START + timedelta(hours=1)).isoformat()},
        meta=ALICE,
    ).task
    reminder = task.effective_reminder_at
    assert reminder is not None
    clock.now = reminder
    meta = EventMeta("system:reminder", "job-2")
    assert app.fire_reminder(task.id, reminder, meta=meta) is not None
    assert app.fire_reminder(task.id, reminder, meta=meta) is None


def test_a_snapshot_is_taken_every_snapshot_every_events(app: TaskApplication) -> None:
    task = app.create_task(owner="alice", fields={"title": "t"}, meta=ALICE).task
    for _ in range(SNAPSHOT_EVERY - 1):
        app.toggle_task(task.id, user_id="alice", meta=ALICE)

    assert app.snapshots is not None
    snapshots = list(app.snapshots.get(task.id))
    assert [snapshot.originator_version for snapshot in snapshots] == [SNAPSHOT_EVERY]
    assert app.get_task(task.id, user_id="alice").version == SNAPSHOT_EVERY


def test_a_snapshot_that_cannot_be_written_does_not_fail_the_command(
    app: TaskApplication, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    task = app.create_task(owner="alice", fields={"title": "t"}, meta=ALICE).task
    for _ in range(SNAPSHOT_EVERY - 2):
        app.toggle_task(task.id, user_id="alice", meta=ALICE)

    def refuse(*_: object, **__: object) -> None:
        raise IntegrityError("another process wrote this snapshot")

    assert app.snapshots is not None
    monkeypatch.setattr(app.snapshots, "put", refuse)
    result = app.toggle_task(task.id, user_id="alice", meta=ALICE)

    assert result.written
    assert result.task.version == SNAPSHOT_EVERY
    assert "snapshot not taken" in caplog.text
