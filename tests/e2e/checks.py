"""What must hold after the faults: against the event store itself, not the API."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from uuid import UUID

import msgspec
from psycopg import sql

from application.tasks import TaskApplication, occurrence_id
from application.views import task_resource
from domain.task import Task
from infrastructure.eventstore import EVENTS_TABLE
from tests.conftest import connect_when_free
from tests.e2e.load import Ack
from tests.polling import wait_until


def stored_task_ids(database_url: str, schema: str) -> set[UUID]:
    """Every task that has an event."""
    with connect_when_free(database_url) as connection:
        rows = connection.execute(
            sql.SQL("SELECT DISTINCT originator_id FROM {}").format(
                sql.Identifier(schema, EVENTS_TABLE)
            )
        ).fetchall()
    return {row[0] for row in rows}


def head(database_url: str, schema: str) -> int:
    """The newest event's position."""
    with connect_when_free(database_url) as connection:
        row = connection.execute(
            sql.SQL("SELECT max(notification_id) FROM {}").format(
                sql.Identifier(schema, EVENTS_TABLE)
            )
        ).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def lost_acknowledgements(app: TaskApplication, acks: Iterable[Ack]) -> list[str]:
    """Each acknowledged write whose answer the event store does not bear out: the event
    at the answered version must sit at the answered position, and the task as of that
    version must be the resource the API answered (deleted, for a delete)."""
    problems = []
    positions: dict[UUID, dict[int, int]] = {}
    for ack in acks:
        if ack.task_id not in positions:
            positions[ack.task_id] = app.positions.positions(ack.task_id)
        at = positions[ack.task_id].get(ack.version)
        if at != ack.position:
            problems.append(f"{ack}: version {ack.version} stored at position {at}")
            continue
        task: Any = app.repository.get(ack.task_id, version=ack.version)
        assert isinstance(task, Task)
        if ack.body is None:
            if not task.deleted:
                problems.append(f"{ack}: not deleted as of version {ack.version}")
            continue
        view = msgspec.to_builtins(task_resource(task))
        if ack.body != view or task.owner != ack.user:
            problems.append(f"{ack}: stored as {view} of {task.owner}")
    return problems


def all_tasks(app: TaskApplication, ids: Iterable[UUID]) -> dict[UUID, Task]:
    """The write model's state of every task, deleted ones included."""
    found: dict[UUID, Task] = {}
    for task_id in ids:
        task: Any = app.repository.get(task_id)
        assert isinstance(task, Task)
        found[task_id] = task
    return found


def duplicate_occurrences(tasks: dict[UUID, Task]) -> dict[tuple[UUID, int], list[UUID]]:
    """(series, occurrence number) held by more than one task."""
    holders: dict[tuple[UUID, int], list[UUID]] = defaultdict(list)
    for task in tasks.values():
        if task.series_id is not None:
            holders[(task.series_id, task.occurrence or 1)].append(task.id)
    return {slot: ids for slot, ids in holders.items() if len(ids) > 1}


def owed_occurrences(tasks: dict[UUID, Task]) -> set[UUID]:
    """Next occurrences not yet created of live, completed occurrences of a series
    (the series here never end: no ``count``, no ``until``)."""
    owed = set()
    for task in tasks.values():
        if task.deleted or not task.completed or task.recurrence is None:
            continue
        assert task.series_id is not None
        following = occurrence_id(task.series_id, (task.occurrence or 1) + 1)
        if following not in tasks:
            owed.add(following)
    return owed


def wait_for_spawns(
    app: TaskApplication, database_url: str, schema: str, timeout_s: float
) -> tuple[dict[UUID, Task], float]:
    """Every task once the job worker has created every owed occurrence; and how long
    that took. Work Redis lost waits for the minute sweep (or a restarted worker's
    catch-up), so this allows more than a minute."""

    def every_one_created() -> dict[UUID, Task] | None:
        tasks = all_tasks(app, stored_task_ids(database_url, schema))
        return None if owed_occurrences(tasks) else tasks

    def still_owed() -> str:
        owed = owed_occurrences(all_tasks(app, stored_task_ids(database_url, schema)))
        return f"{len(owed)} next occurrences never created: {sorted(owed)}"

    started = time.monotonic()
    tasks = wait_until(every_one_created, timeout_s=timeout_s, interval_s=1.0, message=still_owed)
    return tasks, time.monotonic() - started
