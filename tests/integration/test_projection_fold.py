"""The task_list projection folds the event store into rows equal to the write model."""

from __future__ import annotations

from collections.abc import Iterator

import msgspec
import psycopg
import pytest
from psycopg import sql

from application.tasks import TaskApplication
from application.views import task_resource
from infrastructure.settings import Settings
from projections.projector import Projector
from projections.runner.config import RunnerConfig
from tests.integration.projection_support import (
    live_tasks,
    meta,
    read_model_docs,
    wait_for_position,
)
from tests.service_urls import database_url_of


@pytest.fixture
def projector(settings: Settings) -> Iterator[Projector]:
    with Projector.from_settings(settings, RunnerConfig(batch_size=50)) as running:
        yield running


def test_read_model_equals_write_model_after_commands(
    projector: Projector, settings: Settings
) -> None:
    app = projector.app
    ids = set()
    position = 0
    for number in range(30):
        result = app.create_task(
            owner=f"user-{number % 3}",
            fields={"title": f"Task {number}", "tags": ["Home", f"t{number % 4}"]},
            meta=meta("u"),
        )
        ids.add(result.task.id)
        position = result.position
    some = sorted(ids)
    for task_id in some[:10]:
        owner = app.get_task(task_id, user_id=None).owner
        position = app.complete_task(task_id, user_id=owner, meta=meta(owner)).position
    for task_id in some[10:15]:
        owner = app.get_task(task_id, user_id=None).owner
        position = app.delete_task(task_id, user_id=owner, meta=meta(owner)).position
    for task_id in some[15:20]:
        owner = app.get_task(task_id, user_id=None).owner
        position = app.update_task(
            task_id,
            user_id=owner,
            fields={"priority": "High", "due_date": "2030-01-02"},
            meta=meta(owner),
        ).position

    url = database_url_of(settings)
    wait_for_position(url, settings.database_schema, "task_list", position)

    docs = read_model_docs(url, settings.database_schema)
    expected = {
        task_id: msgspec.to_builtins(task_resource(task))
        for task_id, task in live_tasks(app, ids).items()
    }
    assert docs == expected


def test_a_tag_keeps_the_first_spelling_even_when_one_batch_brings_several(
    app: TaskApplication, settings: Settings
) -> None:
    url = database_url_of(settings)
    position = 0
    for tags in (["Home"], ["home", "Work"], ["HOME", "work"]):
        position = app.create_task(
            owner="ann", fields={"title": "t", "tags": tags}, meta=meta("ann")
        ).position
    # Started after the writes: the backlog is folded in one batch, as a rebuild folds it.
    with Projector.from_settings(settings, RunnerConfig(batch_size=50)):
        wait_for_position(url, settings.database_schema, "task_list", position)
    with psycopg.connect(url, autocommit=True) as connection:
        rows = connection.execute(
            sql.SQL("SELECT tag, open, total FROM {} WHERE owner = 'ann' ORDER BY tag_key").format(
                sql.Identifier(settings.database_schema, "task_list_tags")
            )
        ).fetchall()
    assert rows == [("Home", 3, 3), ("Work", 2, 2)]
