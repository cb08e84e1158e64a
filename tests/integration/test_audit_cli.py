"""``tasklog audit history`` and ``tasklog audit export`` against real PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner, Result
from psycopg import sql

from api.cli import main
from application.tasks import TaskApplication
from domain.task import EventMeta
from infrastructure.settings import Settings
from tests.audit_support import events_table, execute
from tests.service_urls import database_url_of


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return replace(settings, eventstore_pool_size=2, db_pool_size=2)


def tasklog(settings: Settings, *args: str) -> Result:
    env = {
        "TASKLOG_DATABASE_URL": database_url_of(settings),
        "TASKLOG_DATABASE_SCHEMA": settings.database_schema,
        "TASKLOG_ENV": "test",
        "COLUMNS": "250",
    }
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def _two_tasks(app: TaskApplication) -> tuple[UUID, UUID]:
    alice = EventMeta("alice", "req-a")
    bob = EventMeta("bob", "req-b")
    first = app.create_task(owner="alice", fields={"title": "Water"}, meta=alice).task
    second = app.create_task(owner="bob", fields={"title": "Feed"}, meta=bob).task
    app.complete_task(first.id, user_id="alice", meta=alice)
    app.update_task(second.id, user_id="bob", fields={"priority": "high"}, meta=bob)
    app.delete_task(first.id, user_id="alice", meta=alice)
    return first.id, second.id


def test_history_shows_every_event_and_an_intact_chain(
    app: TaskApplication, settings: Settings
) -> None:
    first, _ = _two_tasks(app)
    result = tasklog(settings, "audit", "history", str(first))
    assert result.exit_code == 0, result.output
    for name in ("TaskCreated", "TaskCompleted", "TaskDeleted", "alice", "req-a"):
        assert name in result.output
    assert "TaskPriorityChanged" not in result.output
    assert "hash chain intact" in result.output


def test_history_points_at_a_broken_link(app: TaskApplication, settings: Settings) -> None:
    first, _ = _two_tasks(app)
    execute(
        database_url_of(settings),
        sql.SQL(
            "UPDATE {} SET state = convert_to(replace(convert_from(state, 'UTF8'), "
            '\'"actor":"alice"\', \'"actor":"mallory"\'), \'UTF8\') '
            "WHERE originator_id = %s AND originator_version = 2"
        ).format(events_table(settings.database_schema)),
        (first,),
    )
    result = tasklog(settings, "audit", "history", str(first))
    assert result.exit_code == 0
    assert "BROKEN" in result.output
    assert "chain broken at version 2" in result.output


def test_history_of_an_unknown_task_fails(app: TaskApplication, settings: Settings) -> None:
    result = tasklog(settings, "audit", "history", "00000000-0000-0000-0000-000000000001")
    assert result.exit_code == 1
    assert "no events" in result.output


def _lines(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_export_writes_the_whole_log_as_ndjson(app: TaskApplication, settings: Settings) -> None:
    first, second = _two_tasks(app)
    lines = _lines(tasklog(settings, "audit", "export"))
    assert [line["position"] for line in lines] == [1, 2, 3, 4, 5]
    assert [(line["task_id"], line["owner"]) for line in lines] == [
        (str(first), "alice"),
        (str(second), "bob"),
        (str(first), "alice"),
        (str(second), "bob"),
        (str(first), "alice"),
    ]
    history = app.history(first, user_id=None)
    assert [line["hash"] for line in lines if line["task_id"] == str(first)] == [
        entry.hash for entry in history
    ]


def test_history_and_export_spell_priorities_as_the_api_does(
    app: TaskApplication, settings: Settings
) -> None:
    _, second = _two_tasks(app)
    table = tasklog(settings, "audit", "history", str(second))
    assert table.exit_code == 0, table.output
    assert '"priority": "High"' in table.output
    assert '"priority": "high"' not in table.output
    lines = _lines(tasklog(settings, "audit", "export", "--task", str(second)))
    assert [line["data"]["priority"] for line in lines] == ["Medium", "High"]


def test_export_filters_by_user_and_position(app: TaskApplication, settings: Settings) -> None:
    _, second = _two_tasks(app)
    lines = _lines(tasklog(settings, "audit", "export", "--user", "bob", "--after", "2"))
    assert [(line["position"], line["type"]) for line in lines] == [(4, "TaskPriorityChanged")]
    assert {line["task_id"] for line in lines} == {str(second)}


def test_export_rejects_a_negative_position(settings: Settings) -> None:
    result = tasklog(settings, "audit", "export", "--after", "-1")
    assert result.exit_code == 2
