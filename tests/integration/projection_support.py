"""Helpers for projection tests: wiring, command drivers, waiting on tracking positions."""

from __future__ import annotations

import time
from typing import Any
from uuid import UUID

import psycopg
from psycopg import sql

from application.tasks import TaskApplication
from domain.task import EventMeta, Task
from projections.naming import notify_channel, tracking_view


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
        connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(notify_channel(schema))))
        while True:
            reached = projection_position(connection, schema, name)
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
        task = app.repository.get(task_id)
        assert isinstance(task, Task)
        if not task.deleted:
            result[task_id] = task
    return result


def read_model_docs(database_url: str, schema: str) -> dict[UUID, dict[str, Any]]:
    """Every row of the serving ``task_list``: id -> resource document."""
    import json

    with psycopg.connect(database_url, autocommit=True) as connection:
        rows = connection.execute(
            sql.SQL("SELECT id, doc FROM {}").format(sql.Identifier(schema, "task_list"))
        ).fetchall()
    return {row[0]: json.loads(row[1]) for row in rows}
