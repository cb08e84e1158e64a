"""``tasklog audit verify`` on real PostgreSQL: damaged chains and read-model rows are named.

Events are tampered with directly in PostgreSQL, as someone with database access would:
an event's bytes edited, an event deleted, two events swapped, two positions exchanged.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from uuid import UUID, uuid4

import psycopg
import pytest
from click.testing import CliRunner, Result
from psycopg import sql

from api.cli import main
from application.tasks import TaskApplication
from domain.task import EventMeta
from infrastructure.eventstore import build_task_application
from infrastructure.settings import Settings
from projections.projector import Projector
from projections.runner.config import RunnerConfig
from projections.task_list.rows import COLUMNS
from tests.audit_support import events_table, execute
from tests.integration.projection_support import wait_for_position
from tests.service_urls import database_url_of


@dataclass(frozen=True)
class Store:
    """A small store of tasks with a few events each, folded into ``task_list``."""

    tasks: dict[str, UUID]
    head: int


def _meta(user: str) -> EventMeta:
    return EventMeta(user, "req-audit")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The test settings with small pools (several processes' worth run in one test)."""
    return replace(settings, eventstore_pool_size=2, db_pool_size=2)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    """Five tasks of two users; completed, reopened, renamed, deleted; projected."""
    with Projector.from_settings(settings, RunnerConfig(batch_size=100)) as projector:
        app = projector.app
        tasks: dict[str, UUID] = {}
        position = 0
        for name, owner in [
            ("edited", "alice"),
            ("shortened", "alice"),
            ("swapped", "bob"),
            ("reordered", "bob"),
            ("untouched", "alice"),
        ]:
            task = app.create_task(owner=owner, fields={"title": name}, meta=_meta(owner)).task
            tasks[name] = task.id
            app.complete_task(task.id, user_id=owner, meta=_meta(owner))
            app.reopen_task(task.id, user_id=owner, meta=_meta(owner))
            position = app.update_task(
                task.id, user_id=owner, fields={"title": f"{name}!"}, meta=_meta(owner)
            ).position
        gone = app.create_task(owner="bob", fields={"title": "gone"}, meta=_meta("bob")).task
        position = app.delete_task(gone.id, user_id="bob", meta=_meta("bob")).position
        wait_for_position(
            database_url_of(settings), settings.database_schema, "task_list", position
        )
        yield Store(tasks, position)


def cli_env(settings: Settings) -> dict[str, str]:
    """The environment ``tasklog`` reads its settings from, for this test's schema."""
    return {
        "TASKLOG_DATABASE_URL": database_url_of(settings),
        "TASKLOG_DATABASE_SCHEMA": settings.database_schema,
        "TASKLOG_EVENTSTORE_POOL_SIZE": "2",
        "TASKLOG_ENV": "test",
    }


def verify(settings: Settings, *args: str) -> Result:
    """``tasklog audit verify ARGS`` through the real command group."""
    return CliRunner().invoke(
        main, ["audit", "verify", *args], env=cli_env(settings), catch_exceptions=False
    )


def _events(settings: Settings, statement: str, *params: object) -> int:
    return execute(
        database_url_of(settings),
        sql.SQL(statement).format(events=events_table(settings.database_schema)),
        params,
    )


def named_tasks(output: str) -> set[UUID]:
    return {UUID(m) for m in re.findall(r"^task ([0-9a-f-]{36}):", output, re.MULTILINE)}


def test_an_undamaged_store_verifies_with_exit_0(store: Store, settings: Settings) -> None:
    result = verify(settings)
    assert result.exit_code == 0, result.output
    assert named_tasks(result.output) == set()
    assert "checked 22 events of 6 tasks" in result.output
    assert result.output.rstrip().endswith("OK")


def test_an_edited_event_is_named_at_its_version(store: Store, settings: Settings) -> None:
    task_id = store.tasks["edited"]
    touched = _events(
        settings,
        "UPDATE {events} SET state = convert_to(replace(convert_from(state, 'UTF8'), "
        '\'"title":"edited"\', \'"title":"forged"\'), \'UTF8\') '
        "WHERE originator_id = %s AND originator_version = 1",
        task_id,
    )
    assert touched == 1
    result = verify(settings)
    assert result.exit_code == 1
    assert named_tasks(result.output) == {task_id}
    assert f"task {task_id}: chain broken at version 1: its hash does not match" in result.output


def test_damage_of_every_kind_names_each_damaged_task_and_exits_1(
    store: Store, settings: Settings
) -> None:
    edited, shortened = store.tasks["edited"], store.tasks["shortened"]
    swapped, reordered = store.tasks["swapped"], store.tasks["reordered"]
    _events(
        settings,
        "UPDATE {events} SET state = convert_to(replace(convert_from(state, 'UTF8'), "
        '\'"actor":"alice"\', \'"actor":"mallory"\'), \'UTF8\') '
        "WHERE originator_id = %s AND originator_version = 3",
        edited,
    )
    _events(
        settings,
        "DELETE FROM {events} WHERE originator_id = %s AND originator_version = 2",
        shortened,
    )
    _events(
        settings,
        "UPDATE {events} e SET topic = o.topic, state = o.state FROM {events} o "
        "WHERE e.originator_id = %s AND o.originator_id = e.originator_id "
        "AND e.originator_version IN (2, 3) AND o.originator_version IN (2, 3) "
        "AND e.originator_version <> o.originator_version",
        swapped,
    )
    _exchange_positions(settings, reordered, 2, 3)

    result = verify(settings)

    assert result.exit_code == 1, result.output
    assert named_tasks(result.output) == {edited, shortened, swapped, reordered}
    lines = result.output.splitlines()
    assert f"task {edited}: chain broken at version 3: its hash does not match" in "\n".join(lines)
    assert f"task {shortened}: chain broken at version 2: version 2 is missing" in result.output
    assert f"task {swapped}: chain broken at version 2: prev_hash" in result.output
    assert f"task {reordered}: chain broken at version 3: " in result.output
    assert "reordered" in next(line for line in lines if str(reordered) in line)
    assert store.tasks["untouched"] not in named_tasks(result.output)
    assert "4 broken chains" in result.output


def _exchange_positions(settings: Settings, task_id: UUID, first: int, second: int) -> None:
    """Give two events of a task each other's global position (notification_id is unique)."""
    table = events_table(settings.database_schema)
    with psycopg.connect(database_url_of(settings)) as connection:
        rows: dict[int, int] = dict(
            connection.execute(
                sql.SQL(
                    "SELECT originator_version, notification_id FROM {} "
                    "WHERE originator_id = %s AND originator_version IN (%s, %s)"
                ).format(table),
                (task_id, first, second),
            ).fetchall()
        )
        update = sql.SQL(
            "UPDATE {} SET notification_id = %s "
            "WHERE originator_id = %s AND originator_version = %s"
        ).format(table)
        connection.execute(update, (-1, task_id, first))
        connection.execute(update, (rows[first], task_id, second))
        connection.execute(update, (rows[second], task_id, first))


def test_the_installed_command_exits_1_naming_the_damaged_task(
    store: Store, settings: Settings
) -> None:
    task_id = store.tasks["shortened"]
    _events(
        settings,
        "DELETE FROM {events} WHERE originator_id = %s AND originator_version = 2",
        task_id,
    )
    command = Path(sys.executable).with_name("tasklog")
    finished = subprocess.run(
        [str(command), "audit", "verify"],
        env={**os.environ, **cli_env(settings)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 1, finished.stderr
    assert named_tasks(finished.stdout) == {task_id}
    assert "verifying" in finished.stderr


def test_an_undecodable_event_is_named(store: Store, settings: Settings) -> None:
    task_id = store.tasks["untouched"]
    _events(
        settings,
        "UPDATE {events} SET state = '\\x00ff'::bytea WHERE originator_id = %s "
        "AND originator_version = 2",
        task_id,
    )
    result = verify(settings)
    assert result.exit_code == 1
    assert f"task {task_id}: chain broken at version 2: the stored event cannot be decoded" in (
        result.output
    )


def _read_model(settings: Settings, statement: str, *params: object) -> int:
    return execute(
        database_url_of(settings),
        sql.SQL(statement).format(task_list=sql.Identifier(settings.database_schema, "task_list")),
        params,
    )


def rebuild_task_list(settings: Settings) -> Result:
    """``tasklog projections rebuild task_list``."""
    return CliRunner().invoke(
        main,
        ["projections", "rebuild", "task_list"],
        env=cli_env(settings),
        catch_exceptions=False,
    )


def test_a_corrupted_read_model_row_is_found_and_a_rebuild_repairs_it(
    store: Store, settings: Settings
) -> None:
    task_id = store.tasks["untouched"]
    changed = _read_model(
        settings,
        "UPDATE {task_list} SET completed = true, "
        'doc = replace(doc, \'"title":"untouched!"\', \'"title":"tampered"\') WHERE id = %s',
        task_id,
    )
    assert changed == 1

    found = verify(settings)

    assert found.exit_code == 1
    assert named_tasks(found.output) == {task_id}
    assert (
        f"task {task_id}: task_list differs in doc.title: the events give 'untouched!', "
        "task_list has 'tampered'" in found.output
    )
    assert f"task {task_id}: task_list differs in completed: the events give False" in found.output
    assert "0 broken chains, 1 tasks differing" in found.output

    rebuilt = rebuild_task_list(settings)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "task_list: version 2 serves" in rebuilt.output

    repaired = verify(settings)
    assert repaired.exit_code == 0, repaired.output


def test_a_missing_and_an_extra_row_are_found(store: Store, settings: Settings) -> None:
    missing = store.tasks["swapped"]
    _read_model(settings, "DELETE FROM {task_list} WHERE id = %s", missing)
    extra = uuid4()
    others = [column for column in COLUMNS if column != "id"]
    execute(
        database_url_of(settings),
        sql.SQL(
            "INSERT INTO {table} (id, {columns}) SELECT %s, {columns} FROM {table} WHERE id = %s"
        ).format(
            table=sql.Identifier(settings.database_schema, "task_list"),
            columns=sql.SQL(", ").join(map(sql.Identifier, others)),
        ),
        (extra, store.tasks["reordered"]),
    )
    result = verify(settings)
    assert result.exit_code == 1
    assert named_tasks(result.output) == {missing, extra}
    assert f"task {missing}: task_list differs in row: the events give a live task" in (
        result.output
    )
    assert f"task {extra}: task_list differs in row: the events give no events" in result.output


def test_chains_only_skips_the_read_model(store: Store, settings: Settings) -> None:
    _read_model(settings, "UPDATE {task_list} SET completed = NOT completed")
    assert verify(settings).exit_code == 1
    result = verify(settings, "--skip-read-model")
    assert result.exit_code == 0, result.output
    assert "no read model compared" in result.output


def test_a_store_without_the_read_model_is_reported(settings: Settings) -> None:
    app: TaskApplication = build_task_application(
        database_url_of(settings), settings.database_schema, 1
    )
    try:
        app.create_task(owner="alice", fields={"title": "t"}, meta=_meta("alice"))
    finally:
        app.close()
    result = verify(settings)
    assert result.exit_code == 1
    assert "the task_list read model is not installed" in result.output
    assert verify(settings, "--skip-read-model").exit_code == 0
