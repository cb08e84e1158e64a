"""The job-feeding read models: what `recurrence` and `reminders` owe, and `notifications`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import psycopg
import pytest
from psycopg import sql

from application.tasks import TaskApplication, occurrence_id
from domain.task import EventMeta
from infrastructure.settings import Settings
from projections import catalog
from projections.naming import jobs_notify_channel, notify_channel
from projections.notifications.projection import NotificationsProjection
from projections.projector import Projector
from projections.recurrence.projection import RecurrenceProjection
from projections.reminders.projection import RemindersProjection
from projections.runner.config import RunnerConfig
from tests.integration.jobs_support import (
    meta,
    recurring_completed,
    reminder_due_now,
    wait_for_position,
)
from tests.service_urls import database_url_of

OWNER = "alice"
JOB = EventMeta("system:recurrence", "job")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Small pools: the projector and several workers share the server with other tests."""
    return replace(settings, eventstore_pool_size=2)


@pytest.fixture
def projector(settings: Settings) -> Iterator[Projector]:
    with Projector.from_settings(settings, RunnerConfig(batch_size=50)) as running:
        yield running


@pytest.fixture
def app(projector: Projector) -> TaskApplication:
    return projector.app


def rows(settings: Settings, view: str, position: int) -> list[dict[str, Any]]:
    """The rows of a job view once it has folded ``position``."""
    url = database_url_of(settings)
    wait_for_position(url, settings.database_schema, view, position)
    with psycopg.connect(url, row_factory=psycopg.rows.dict_row) as connection:
        return connection.execute(
            sql.SQL("SELECT * FROM {}").format(sql.Identifier(settings.database_schema, view))
        ).fetchall()


def test_a_completed_occurrence_is_owed_its_next(app: TaskApplication, settings: Settings) -> None:
    task, position = recurring_completed(app, OWNER)

    [row] = rows(settings, "recurrence", position)

    assert row["task_id"] == task.id
    assert row["next_id"] == occurrence_id(task.id, 2)
    assert row["completed_version"] == task.version
    assert row["position"] == position


def test_the_next_occurrences_creation_clears_the_row(
    app: TaskApplication, settings: Settings
) -> None:
    task, _ = recurring_completed(app, OWNER)
    spawned = app.spawn_next_occurrence(task.id, meta=JOB)
    assert spawned is not None

    assert rows(settings, "recurrence", spawned.position) == []


def test_the_last_occurrence_of_a_counted_series_is_owed_nothing(
    app: TaskApplication, settings: Settings
) -> None:
    _, position = recurring_completed(app, OWNER, recurrence={"frequency": "daily", "count": 1})

    assert rows(settings, "recurrence", position) == []


@pytest.mark.parametrize("command", ["reopen_task", "delete_task"])
def test_reopening_or_deleting_before_the_spawn_clears_the_row(
    app: TaskApplication, settings: Settings, command: str
) -> None:
    task, _ = recurring_completed(app, OWNER)
    position = getattr(app, command)(task.id, user_id=OWNER, meta=meta(OWNER)).position

    assert rows(settings, "recurrence", position) == []


def test_completing_again_after_a_reopen_owes_nothing_when_the_next_exists(
    app: TaskApplication, settings: Settings
) -> None:
    task, _ = recurring_completed(app, OWNER)
    app.spawn_next_occurrence(task.id, meta=JOB)
    app.reopen_task(task.id, user_id=OWNER, meta=meta(OWNER))
    position = app.complete_task(task.id, user_id=OWNER, meta=meta(OWNER)).position

    assert rows(settings, "recurrence", position) == []
    assert occurrence_id(task.id, 2) in app.repository


def test_completing_again_before_the_spawn_is_new_work(
    app: TaskApplication, settings: Settings
) -> None:
    task, _ = recurring_completed(app, OWNER)
    app.reopen_task(task.id, user_id=OWNER, meta=meta(OWNER))
    done = app.complete_task(task.id, user_id=OWNER, meta=meta(OWNER))

    [row] = rows(settings, "recurrence", done.position)

    assert row["completed_version"] == done.task.version


def test_a_set_reminder_is_pending_at_its_instant(app: TaskApplication, settings: Settings) -> None:
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=2)
    created = app.create_task(
        owner=OWNER,
        fields={"title": "t", "due_date": soon.date().isoformat(), "due_time": "23:00"},
        meta=meta(OWNER),
    )
    result = app.update_task(
        created.task.id,
        user_id=OWNER,
        fields={"reminder_minutes_before": 15},
        meta=meta(OWNER),
    )

    [row] = rows(settings, "reminders", result.position)

    assert row["task_id"] == created.task.id
    assert row["reminder_at"] == result.task.effective_reminder_at
    assert row["position"] == result.position


@pytest.mark.parametrize("command", ["complete_task", "delete_task"])
def test_completing_or_deleting_drops_the_reminder(
    app: TaskApplication, settings: Settings, command: str
) -> None:
    task, _ = reminder_due_now(app, OWNER)
    position = getattr(app, command)(task.id, user_id=OWNER, meta=meta(OWNER)).position

    assert rows(settings, "reminders", position) == []


def test_a_fired_reminder_leaves_reminders_and_becomes_a_notification(
    app: TaskApplication, settings: Settings
) -> None:
    task, _ = reminder_due_now(app, OWNER)
    reminder_at = task.effective_reminder_at
    assert reminder_at is not None
    fired = app.fire_reminder(task.id, reminder_at, meta=EventMeta("system:reminder", "job"))
    assert fired is not None

    assert rows(settings, "reminders", fired.position) == []
    [row] = rows(settings, "notifications", fired.position)
    doc = json.loads(row["doc"])
    assert row["owner"] == OWNER
    assert doc["task_id"] == str(task.id)
    assert doc["title"] == "Call mom"
    assert doc["due_at"] is None
    assert UUID(doc["id"]) == row["id"]


def test_deleting_a_task_drops_its_notifications(app: TaskApplication, settings: Settings) -> None:
    task, _ = reminder_due_now(app, OWNER)
    assert task.effective_reminder_at is not None
    app.fire_reminder(task.id, task.effective_reminder_at, meta=EventMeta("system:reminder", "j"))
    position = app.delete_task(task.id, user_id=OWNER, meta=meta(OWNER)).position

    assert rows(settings, "notifications", position) == []


def test_a_rebuild_reproduces_every_job_view(
    app: TaskApplication, projector: Projector, settings: Settings
) -> None:
    url, schema = database_url_of(settings), settings.database_schema
    recurring_completed(app, OWNER)
    fired, _ = reminder_due_now(app, OWNER)
    assert fired.effective_reminder_at is not None
    app.fire_reminder(fired.id, fired.effective_reminder_at, meta=EventMeta("system:reminder", "j"))
    _, position = reminder_due_now(app, OWNER)  # stays pending: no worker runs here
    views = {
        projection.name: projection
        for projection in (RecurrenceProjection, RemindersProjection, NotificationsProjection)
    }
    before = {name: rows(settings, name, position) for name in views}
    assert all(before.values())

    with projector.datastore.transaction(commit=True) as curs:
        wanted = {
            name: catalog.request_rebuild(curs, schema, name, projection.revision)
            for name, projection in views.items()
        }
    with psycopg.connect(url, autocommit=True, row_factory=psycopg.rows.dict_row) as connection:
        for channel in (notify_channel(schema), jobs_notify_channel(schema)):
            connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
        while serving_versions(connection, schema, views) != wanted:  # each swap NOTIFYs
            for _ in connection.notifies(timeout=1.0, stop_after=1):
                pass

    assert {name: rows(settings, name, position) for name in views} == before


def serving_versions(
    connection: psycopg.Connection[Any], schema: str, names: Iterable[str]
) -> dict[str, int]:
    """The serving version of each of ``names``."""
    with connection.cursor() as cursor:
        return {name: catalog.entry(cursor, schema, name).version for name in names}
