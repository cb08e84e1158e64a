"""Helpers for the audit tests: seeding many valid events fast, and tampering with them.

``seed_events`` builds real Task events with the domain (so every hash chains), turns
them into stored events with the application's own mapper, and COPYs them into the event
store in one statement: 100,000 events in seconds instead of 100,000 commands.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import psycopg
from eventsourcing.persistence import StoredEvent
from psycopg import sql

from application.tasks import TaskApplication
from domain.draft import resolve
from domain.task import EventMeta, Task

EVENTS_TABLE = "tasklog_events"


@dataclass(frozen=True)
class Seeded:
    """What ``seed_events`` wrote."""

    task_ids: list[UUID]
    owners: dict[UUID, str]
    events: int


def _task_events(task_id: UUID, owner: str, events: int, start: datetime) -> Iterator[Task.Event]:
    """``events`` chained events of one task: created, then title changes and completions."""
    meta = EventMeta(actor=owner, correlation_id=f"seed-{task_id.hex[:8]}")
    now = start
    task = Task.create(
        task_id=task_id,
        owner=owner,
        draft=resolve(None, {"title": "seeded task", "tags": ["seed"]}, now=now),
        meta=meta,
        now=now,
    )
    for n in range(1, events):
        now = now + timedelta(seconds=1)
        if n % 3 == 1:
            task.complete(meta=meta, now=now)
        elif n % 3 == 2:
            task.reopen(meta=meta, now=now)
        else:
            task.change(
                resolve(task.draft, {"title": f"seeded task {n}"}, now=now), meta=meta, now=now
            )
    yield from task.collect_events()  # type: ignore[misc]


def stored_events(
    app: TaskApplication, owners: Sequence[str], tasks: int, events_per_task: int
) -> tuple[list[list[StoredEvent]], dict[UUID, str]]:
    """Per task, its stored events; and each task's owner (owners taken in turn)."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    per_task: list[list[StoredEvent]] = []
    owner_of: dict[UUID, str] = {}
    for n in range(tasks):
        task_id = uuid4()
        owner = owners[n % len(owners)]
        owner_of[task_id] = owner
        events = _task_events(task_id, owner, events_per_task, start + timedelta(minutes=n))
        per_task.append([app.mapper.to_stored_event(event) for event in events])
    return per_task, owner_of


def seed_events(
    app: TaskApplication,
    database_url: str,
    schema: str,
    *,
    tasks: int,
    events_per_task: int,
    owners: Sequence[str] = ("alice", "bob"),
) -> Seeded:
    """COPY ``tasks`` x ``events_per_task`` valid events into the store, interleaved.

    Events are written round by round (every task's first event, then every task's
    second...), so one task's events are spread over the global log as in real life.
    """
    per_task, owner_of = stored_events(app, owners, tasks, events_per_task)
    copy = sql.SQL("COPY {} (originator_id, originator_version, topic, state) FROM STDIN").format(
        sql.Identifier(schema, EVENTS_TABLE)
    )
    with psycopg.connect(database_url) as connection, connection.cursor() as cursor:
        with cursor.copy(copy) as writer:
            for round_ in range(events_per_task):
                for events in per_task:
                    if round_ < len(events):
                        event = events[round_]
                        writer.write_row(
                            (
                                event.originator_id,
                                event.originator_version,
                                event.topic,
                                event.state,
                            )
                        )
        connection.commit()
    return Seeded(list(owner_of), owner_of, sum(len(events) for events in per_task))


def execute(database_url: str, statement: sql.Composed, params: Sequence[Any] = ()) -> int:
    """Run one statement directly in PostgreSQL (tampering); return the rows it touched."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        cursor = connection.execute(statement, params)
        return int(cursor.rowcount)


def events_table(schema: str) -> sql.Identifier:
    """The qualified event store table."""
    return sql.Identifier(schema, EVENTS_TABLE)
