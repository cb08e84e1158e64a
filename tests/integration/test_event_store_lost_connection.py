"""The event store after PostgreSQL dropped its connections: an insert is stored once.

Each test's application names its connections uniquely, so only its own backends are
terminated (other tests and engineers share the server).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from dataclasses import replace
from uuid import UUID

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent

from application.tasks import TaskApplication
from domain.task import EventMeta, Task
from infrastructure.eventstore import TasklogApplicationRecorder, build_task_application
from infrastructure.settings import Settings
from tests.service_urls import database_url_of

ANN = EventMeta("ann", "req-1")


@pytest.fixture
def named_app(settings: Settings) -> Iterator[tuple[TaskApplication, str]]:
    """An application whose connections only this test has, and their name."""
    name = f"tasklog-test-{uuid.uuid4().hex[:12]}"
    application = build_task_application(
        database_url_of(settings), settings.database_schema, 2, application_name=name
    )
    yield application, name
    application.close()


def terminate(settings: Settings, application_name: str) -> int:
    """Terminate the backends of ``application_name`` (this test's connections only)."""
    with psycopg.connect(database_url_of(settings), autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            (application_name,),
        ).fetchall()
    return len(rows)


def recorder_of(app: TaskApplication) -> TasklogApplicationRecorder:
    recorder = app.recorder
    assert isinstance(recorder, TasklogApplicationRecorder)
    return recorder


def stored(app: TaskApplication, task_id: UUID) -> list[StoredEvent]:
    return list(recorder_of(app).select_events(task_id))


def pending_change(app: TaskApplication, task_id: UUID, title: str) -> list[StoredEvent]:
    """The stored form of a title change, not saved yet."""
    task: Task = app.repository.get(task_id)
    assert isinstance(task, Task)
    task.change(replace(task.draft, title=title), meta=ANN, now=app.clock())
    return [app.mapper.to_stored_event(event) for event in task.collect_events()]


def test_an_insert_on_dead_connections_is_stored_once(
    named_app: tuple[TaskApplication, str], settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    app, name = named_app
    created = app.create_task(owner="ann", fields={"title": "Before"}, meta=ANN)
    change = pending_change(app, created.task.id, "After")
    assert terminate(settings, name) >= 1  # the pool's idle connections are all dead now

    with caplog.at_level(logging.INFO, logger="infrastructure.eventstore"):
        positions = recorder_of(app).insert_events(change)

    assert "connection lost while inserting events" in caplog.text  # then looked, inserted

    events = stored(app, created.task.id)
    assert [event.originator_version for event in events] == [1, 2]
    assert events[-1].state == change[0].state
    assert positions == [app.positions.latest(created.task.id)]


def test_a_command_after_dead_connections_succeeds(
    named_app: tuple[TaskApplication, str], settings: Settings
) -> None:
    app, name = named_app
    created = app.create_task(owner="ann", fields={"title": "Before"}, meta=ANN)
    assert terminate(settings, name) >= 1

    changed = app.update_task(created.task.id, user_id="ann", fields={"title": "After"}, meta=ANN)

    assert changed.written
    assert app.get_task(created.task.id, user_id="ann").title == "After"
    assert len(stored(app, created.task.id)) == 2


def test_the_store_says_whether_an_insert_committed(
    named_app: tuple[TaskApplication, str],
) -> None:
    app, _ = named_app
    created = app.create_task(owner="ann", fields={"title": "Mine"}, meta=ANN)
    recorder = recorder_of(app)
    events = stored(app, created.task.id)

    assert recorder.committed_positions(events) == [created.position]
    assert recorder.committed_positions(pending_change(app, created.task.id, "Later")) is None
    theirs = [replace(events[0], state=events[0].state + b" ")]
    with pytest.raises(IntegrityError):
        recorder.committed_positions(theirs)
