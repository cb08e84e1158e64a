"""Helpers for projection tests: wiring, command drivers, waiting on tracking positions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

import msgspec
import psycopg
from psycopg import sql

from application.tasks import TaskApplication
from domain.task import EventMeta, Task
from infrastructure.settings import Settings
from projections.naming import jobs_notify_channel, notify_channel, tracking_view
from tests.service_urls import database_url_of


def meta(user: str) -> EventMeta:
    """An event envelope for commands issued by ``user`` in tests."""
    return EventMeta(actor=user, correlation_id="test")


def projection_position(connection: psycopg.Connection[Any], schema: str, name: str) -> int:
    """The serving version's tracking position of ``name``."""
    row = connection.execute(
        sql.SQL("SELECT max(notification_id) FROM {} WHERE application_name = %s").format(
            sql.Identifier(schema, tracking_view(name))
        ),
        ("Tasklog",),
    ).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def wait_for_position(
    database_url: str, schema: str, name: str, position: int, timeout: float = 30.0
) -> int:
    """Block until ``name`` has folded ``position``, woken by the projector's NOTIFY."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(database_url, autocommit=True) as connection:
        for channel in (notify_channel(schema), jobs_notify_channel(schema)):
            connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
        while True:
            try:
                reached = projection_position(connection, schema, name)
            except psycopg.errors.UndefinedTable:
                reached = 0  # not installed yet: its first commit will NOTIFY
            if reached >= position:
                return reached
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"{name} at {reached}, wanted {position}")
            for _ in connection.notifies(timeout=min(remaining, 1.0), stop_after=1):
                pass


def live_tasks(app: TaskApplication, task_ids: set[UUID]) -> dict[UUID, Task]:
    """The write model's live tasks among ``task_ids`` (the fold the read model must equal)."""
    result: dict[UUID, Task] = {}
    for task_id in task_ids:
        task: Any = app.repository.get(task_id)
        assert isinstance(task, Task)
        if not task.deleted:
            result[task_id] = task
    return result


def read_model_docs(database_url: str, schema: str) -> dict[UUID, dict[str, Any]]:
    """Every row of the serving ``task_list``: id -> resource document."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        rows = connection.execute(
            sql.SQL("SELECT id, doc FROM {}").format(sql.Identifier(schema, "task_list"))
        ).fetchall()
    return {row[0]: json.loads(row[1]) for row in rows}


TASKLOG = str(Path(sys.executable).with_name("tasklog"))


@contextmanager
def projector_process(settings: Settings, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``tasklog projector`` as a separate process (killed, if still alive, on exit)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TASKLOG_")}
    env.update(
        TASKLOG_DATABASE_URL=database_url_of(settings),
        TASKLOG_DATABASE_SCHEMA=settings.database_schema,
        TASKLOG_ENV="test",
        TASKLOG_LOG_LEVEL="WARNING",
        TASKLOG_DATA_DIR=str(log.parent / "data"),
    )
    with log.open("ab") as output:
        process = subprocess.Popen([TASKLOG, "projector"], env=env, stdout=output, stderr=output)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()


def active_holder(database_url: str, schema: str, name: str) -> str | None:
    """Who last heartbeated as the active live worker of ``name`` (host:pid:thread)."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        row = connection.execute(
            sql.SQL("SELECT holder FROM {} WHERE name = %s AND role = 'live'").format(
                sql.Identifier(schema, "projection_workers")
            ),
            (name,),
        ).fetchone()
    return row[0] if row else None


def dead_letters(database_url: str, schema: str) -> list[tuple[Any, ...]]:
    """Every parked event."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        return connection.execute(
            sql.SQL("SELECT name, version, position, error FROM {} ORDER BY position").format(
                sql.Identifier(schema, "projection_dead_letters")
            )
        ).fetchall()


def tag_counts_by_owner(database_url: str, schema: str) -> dict[tuple[str, str], tuple[int, int]]:
    """The serving tag counts: (owner, tag key) -> (open, total)."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        rows = connection.execute(
            sql.SQL("SELECT owner, tag_key, open, total FROM {}").format(
                sql.Identifier(schema, "task_list_tags")
            )
        ).fetchall()
    return {(row[0], row[1]): (row[2], row[3]) for row in rows}


def expected_tag_counts(tasks: dict[UUID, Task]) -> dict[tuple[str, str], tuple[int, int]]:
    """Tag counts by brute force over live tasks."""
    counts: dict[tuple[str, str], tuple[int, int]] = {}
    for task in tasks.values():
        for tag in task.tag_list:
            key = (task.owner, tag.casefold())
            open_, total = counts.get(key, (0, 0))
            counts[key] = (open_ + (0 if task.completed else 1), total + 1)
    return counts


def assert_read_model_is_the_fold(app: TaskApplication, settings: Settings, ids: set[UUID]) -> None:
    """The serving read model holds exactly the write model's live tasks and tag counts."""
    from application.views import task_resource

    url, schema = database_url_of(settings), settings.database_schema
    live = live_tasks(app, ids)
    assert read_model_docs(url, schema) == {
        i: msgspec.to_builtins(task_resource(t)) for i, t in live.items()
    }
    assert tag_counts_by_owner(url, schema) == expected_tag_counts(live)
