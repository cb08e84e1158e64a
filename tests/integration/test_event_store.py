"""The TaskApplication on real PostgreSQL: storage, concurrency, history, time travel."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from application.errors import TaskNotFound, VersionMismatch
from application.tasks import TaskApplication
from domain.task import EventMeta
from infrastructure.eventstore import build_task_application
from infrastructure.settings import Settings
from tests.service_urls import database_url_of

ALICE = EventMeta("alice", "req-1")


@pytest.fixture
def app_pool_size() -> int:
    """Twenty writers race in one application here: a connection each, and some to spare."""
    return 25


def test_events_are_stored_and_reloaded_by_a_new_application(
    app: TaskApplication, settings: Settings
) -> None:
    fields = {
        "title": "Water the plants",
        "priority": "High",
        "tags": ["home", "weekly"],
        "due_date": (datetime.now(UTC) + timedelta(days=30)).date().isoformat(),
        "due_time": "09:00",
        "timezone": "Europe/Berlin",
        "recurrence": {"frequency": "weekly", "by_weekday": ["MO"]},
        "reminder_minutes_before": 15,
    }
    created = app.create_task(owner="alice", fields=fields, meta=ALICE).task
    app.complete_task(created.id, user_id="alice", meta=ALICE)
    other = build_task_application(database_url_of(settings), settings.database_schema, 2)
    try:
        loaded = other.get_task(created.id, user_id="alice")
    finally:
        other.close()
    assert loaded.title == "Water the plants"
    assert loaded.tags == ("home", "weekly")
    assert loaded.recurrence == created.recurrence
    assert loaded.due == created.due
    assert loaded.completed
    assert loaded.version == 2
    assert loaded.chain_head == app.history(created.id, user_id=None)[-1].hash


def race_twenty_writers(task_id: UUID, writers: Sequence[TaskApplication]) -> None:
    """Twenty threads change ``task_id``'s description at once, taking ``writers`` in turn;
    every change must land, each once, at versions 2-21."""
    barrier = threading.Barrier(20)
    errors: list[BaseException] = []

    def describe(n: int) -> None:
        try:
            barrier.wait()
            writers[n % len(writers)].update_task(
                task_id,
                user_id="alice",
                fields={"description": f"writer {n}"},
                meta=EventMeta("alice", f"req-{n}"),
            )
        except BaseException as error:  # collected and re-raised in the main thread
            errors.append(error)

    threads = [threading.Thread(target=describe, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    history = writers[0].history(task_id, user_id="alice")
    changes = [h for h in history if h.type == "DescriptionChanged"]
    assert sorted(h.correlation_id for h in changes) == sorted(f"req-{n}" for n in range(20))
    assert [h.version for h in history] == list(range(1, 22))


def test_twenty_threads_updating_one_task_lose_no_update(app: TaskApplication) -> None:
    task = app.create_task(owner="alice", fields={"title": "t", "tags": []}, meta=ALICE).task
    race_twenty_writers(task.id, [app])


def test_a_command_outlasts_another_process_winning_thirty_times_in_a_row(
    app: TaskApplication, settings: Settings
) -> None:
    """More version conflicts in a row than any fixed retry count: the change still lands.

    Another application (another API process) changes the task between each of the
    command's loads and saves (the command reads its clock there), thirty times.
    """
    other = build_task_application(database_url_of(settings), settings.database_schema, 2)
    task = app.create_task(owner="alice", fields={"title": "t"}, meta=ALICE).task
    rivals = iter(range(30))
    clock = app.clock

    def rival_writes_then_now() -> datetime:
        n = next(rivals, None)
        if n is not None:
            other.update_task(
                task.id,
                user_id="alice",
                fields={"description": f"rival {n}"},
                meta=EventMeta("alice", f"rival-{n}"),
            )
        return clock()

    app.clock = rival_writes_then_now
    try:
        result = app.update_task(
            task.id, user_id="alice", fields={"title": "mine"}, meta=EventMeta("alice", "mine")
        )
    finally:
        other.close()

    assert (result.task.title, result.task.version) == ("mine", 32)
    assert result.task.description == "rival 29"
    history = app.history(task.id, user_id="alice")
    assert [h.correlation_id for h in history] == [
        "req-1",
        *(f"rival-{n}" for n in range(30)),
        "mine",
    ]


def test_history_carries_actor_correlation_id_and_global_positions(app: TaskApplication) -> None:
    task = app.create_task(owner="alice", fields={"title": "t"}, meta=ALICE).task
    app.create_task(owner="bob", fields={"title": "other"}, meta=EventMeta("bob", "req-b"))
    app.complete_task(task.id, user_id="alice", meta=EventMeta("alice", "req-2"))
    history = app.history(task.id, user_id="alice")
    assert [(h.type, h.actor, h.correlation_id) for h in history] == [
        ("Created", "alice", "req-1"),
        ("Completed", "alice", "req-2"),
    ]
    assert history[0].position < history[1].position
    assert history[1].position - history[0].position == 2


def test_time_travel_by_version_and_instant(app: TaskApplication) -> None:
    task = app.create_task(owner="alice", fields={"title": "one"}, meta=ALICE).task
    assert task.created_at is not None
    app.update_task(task.id, user_id="alice", fields={"title": "two"}, meta=ALICE)
    app.update_task(task.id, user_id="alice", fields={"title": "three"}, meta=ALICE)
    history = app.history(task.id, user_id="alice")
    assert app.state_at(task.id, user_id="alice", version=2).title == "two"
    assert app.state_at(task.id, user_id="alice", as_of=history[1].at).title == "two"
    assert app.state_at(task.id, user_id=None, as_of=history[2].at).title == "three"
    with pytest.raises(TaskNotFound):
        app.state_at(task.id, user_id="alice", as_of=task.created_at - timedelta(seconds=1))


def test_long_streams_load_through_snapshots(app: TaskApplication) -> None:
    task = app.create_task(owner="alice", fields={"title": "t"}, meta=ALICE).task
    for n in range(120):
        app.update_task(task.id, user_id="alice", fields={"title": f"t{n}"}, meta=ALICE)
    assert app.snapshots is not None
    snapshots = list(app.snapshots.get(task.id))
    assert [s.originator_version for s in snapshots] == [50, 100]
    assert app.get_task(task.id, user_id="alice").title == "t119"
    assert app.state_at(task.id, user_id="alice", version=75).title == "t73"


def test_two_processes_alternating_on_one_task_see_each_others_writes(
    app: TaskApplication, settings: Settings
) -> None:
    """Two applications (two API processes, each with its aggregate cache) share a task."""
    other = build_task_application(database_url_of(settings), settings.database_schema, 2)
    try:
        task = app.create_task(owner="alice", fields={"title": "t0"}, meta=ALICE).task
        apps = [app, other]
        for n in range(1, 9):
            writer = apps[n % 2]
            assert writer.get_task(task.id, user_id="alice").version == n  # caught up
            with pytest.raises(VersionMismatch):  # If-Match with a stale version
                writer.update_task(
                    task.id,
                    user_id="alice",
                    fields={"title": "stale"},
                    meta=ALICE,
                    expected_version=n - 1,
                )
            result = writer.update_task(
                task.id, user_id="alice", fields={"title": f"t{n}"}, meta=ALICE, expected_version=n
            )
            assert result.task.version == n + 1
        for reader in apps:
            loaded = reader.get_task(task.id, user_id="alice")
            assert (loaded.title, loaded.version) == ("t8", 9)
        assert [h.version for h in app.history(task.id, user_id="alice")] == list(range(1, 10))
        other.delete_task(task.id, user_id="alice", meta=ALICE)
        for reader in apps:
            with pytest.raises(TaskNotFound):
                reader.get_task(task.id, user_id="alice")
            with pytest.raises(TaskNotFound):
                reader.update_task(task.id, user_id="alice", fields={"title": "x"}, meta=ALICE)
    finally:
        other.close()


def test_twenty_threads_in_two_processes_lose_no_update(
    app: TaskApplication, settings: Settings
) -> None:
    other = build_task_application(database_url_of(settings), settings.database_schema, 25)
    try:
        task = app.create_task(owner="alice", fields={"title": "t", "tags": []}, meta=ALICE).task
        app.get_task(task.id, user_id="alice")  # both caches hold version 1
        other.get_task(task.id, user_id="alice")
        race_twenty_writers(task.id, [app, other])
        for reader in (app, other):
            assert reader.get_task(task.id, user_id="alice").version == 21
    finally:
        other.close()
