"""A store with every kind of task event, and the read model's rows to compare, for rebuilds.

``write_every_kind_of_event`` drives the real ``TaskApplication``: many users, tasks
created with every field, each field changed, completed, reopened, deleted, recurring
tasks whose next occurrence is spawned, reminders fired, and tasks long enough to be
snapshotted. ``read_model_rows`` reads every column of the serving ``task_list`` (and its
tag counts), so two versions can be compared row by row.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import psycopg
from psycopg import sql

from application.tasks import SNAPSHOT_EVERY, TaskApplication
from domain.task import EventMeta
from tests.integration.projection_support import meta

RECURRENCE = EventMeta("system:recurrence", "rebuild-test")
REMINDER = EventMeta("system:reminder", "rebuild-test")
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo"]
WORDS = ["water", "plants", "Buy", "milk", "call", "Mom", "fix", "bike", "Ünïcode", "日本"]


@dataclass
class Store:
    """What was written: every task id, the last position, and counts of what was done."""

    ids: set[UUID] = field(default_factory=set)
    position: int = 0
    done: dict[str, int] = field(default_factory=dict)

    def record(self, kind: str, result: Any) -> None:
        if result is None:
            return
        self.position = max(self.position, result.position)
        self.ids.add(result.task.id)
        self.done[kind] = self.done.get(kind, 0) + 1


def _tags(rnd: random.Random, user: int) -> list[str]:
    """Tags as this user spells them: each user one spelling per tag, users differ."""
    spellings = {"home": ["home", "Home"], "work": ["Work", "WORK"], "x": ["x", "X"]}
    chosen = rnd.sample(sorted(spellings), rnd.randint(0, 2))
    return [spellings[tag][user % 2] for tag in chosen] + (["errand"] if rnd.random() < 0.3 else [])


def _fields(rnd: random.Random, user: int, now: datetime) -> dict[str, Any]:
    """A create's fields, with every optional field now and then."""
    fields: dict[str, Any] = {
        "title": " ".join(rnd.sample(WORDS, 3)),
        "priority": rnd.choice(["low", "medium", "high"]),
        "tags": _tags(rnd, user),
    }
    if rnd.random() < 0.5:
        fields["description"] = " ".join(rnd.sample(WORDS, 4))
    if rnd.random() < 0.7:
        due = now.date() + timedelta(days=rnd.randint(1, 60))
        fields["due_date"] = due.isoformat()
        fields["timezone"] = rnd.choice(ZONES)
        if rnd.random() < 0.5:
            fields["due_time"] = f"{rnd.randint(0, 23):02d}:{rnd.choice(['00', '30'])}"
        if rnd.random() < 0.3:
            fields["reminder_minutes_before"] = rnd.choice([5, 60, 1440])
        if rnd.random() < 0.25:
            fields["recurrence"] = rnd.choice(
                [
                    {"frequency": "daily"},
                    {"frequency": "weekly", "by_weekday": ["MO", "TH"]},
                    {"frequency": "monthly", "interval": 2},
                ]
            )
    elif rnd.random() < 0.3:
        fields["reminder_at"] = (now + timedelta(hours=rnd.randint(1, 500))).isoformat()
    return fields


def _changes(rnd: random.Random, user: int, now: datetime) -> dict[str, Any]:
    """An update touching one to three fields (each a different event type)."""
    choices: list[dict[str, Any]] = [
        {"title": "changed " + " ".join(rnd.sample(WORDS, 2))},
        {"description": rnd.choice([None, "new words " + rnd.choice(WORDS)])},
        {"priority": rnd.choice(["low", "medium", "high"])},
        {"tags": _tags(rnd, user)},
        {
            "due_date": (now.date() + timedelta(days=rnd.randint(1, 90))).isoformat(),
            "timezone": rnd.choice(ZONES),
        },
        {"reminder_at": (now + timedelta(hours=rnd.randint(1, 900))).isoformat()},
        {
            "due_date": (now.date() + timedelta(days=rnd.randint(1, 30))).isoformat(),
            "recurrence": rnd.choice([{"frequency": "daily", "count": 5}, {"frequency": "yearly"}]),
        },
        {"recurrence": None},
    ]
    fields: dict[str, Any] = {}
    for change in rnd.sample(choices, rnd.randint(1, 3)):
        fields.update(change)
    if "reminder_at" in fields:
        fields["reminder_minutes_before"] = None
    return fields


def write_every_kind_of_event(
    app: TaskApplication, *, users: int, tasks_per_user: int, seed: int = 17
) -> Store:
    """Issue commands of every kind for ``users`` users, interleaved; return what was written."""
    rnd = random.Random(seed)
    store = Store()
    now = datetime.now(UTC)
    owned: dict[int, list[UUID]] = {user: [] for user in range(users)}
    for _ in range(tasks_per_user):
        for user in range(users):
            owner = f"user-{user}"
            created = app.create_task(owner=owner, fields=_fields(rnd, user, now), meta=meta(owner))
            store.record("create", created)
            owned[user].append(created.task.id)
    for _ in range(tasks_per_user * 3):
        for user in range(users):
            _random_command(app, store, rnd, user, owned[user], now)
    # One task per few users lives long enough to be snapshotted.
    for user in range(0, users, 7):
        owner = f"user-{user}"
        task_id = owned[user][0]
        for number in range(SNAPSHOT_EVERY + 5):
            store.record(
                "long",
                app.update_task(
                    task_id, user_id=owner, fields={"title": f"long {number}"}, meta=meta(owner)
                ),
            )
    return store


def _random_command(
    app: TaskApplication,
    store: Store,
    rnd: random.Random,
    user: int,
    mine: list[UUID],
    now: datetime,
) -> None:
    """One random command on one of ``mine`` (the user's live tasks; kept up to date)."""
    owner = f"user-{user}"
    if not mine:
        return
    task_id = rnd.choice(mine)
    task = app.get_task(task_id, user_id=owner)
    kind = rnd.choices(
        ["update", "complete", "reopen", "delete", "spawn", "fire"], [5, 3, 1, 1, 2, 2]
    )[0]
    if kind == "update":
        fields = _changes(rnd, user, now)
        store.record(kind, app.update_task(task_id, user_id=owner, fields=fields, meta=meta(owner)))
    elif kind == "complete":
        store.record(kind, app.complete_task(task_id, user_id=owner, meta=meta(owner)))
    elif kind == "reopen" and task.completed:
        store.record(kind, app.reopen_task(task_id, user_id=owner, meta=meta(owner)))
    elif kind == "delete" and task_id != mine[0]:  # the first one becomes the long task
        store.record(kind, app.delete_task(task_id, user_id=owner, meta=meta(owner)))
        mine.remove(task_id)
    elif kind == "spawn" and task.recurrence is not None:
        if not task.completed:
            store.record("complete", app.complete_task(task_id, user_id=owner, meta=meta(owner)))
        spawned = app.spawn_next_occurrence(task_id, meta=RECURRENCE)
        store.record(kind, spawned)
        if spawned is not None:
            mine.append(spawned.task.id)
    elif kind == "fire" and task.effective_reminder_at is not None:
        store.record(kind, app.fire_reminder(task_id, task.effective_reminder_at, meta=REMINDER))


Rows = list[tuple[Any, ...]]


def read_model_rows(database_url: str, schema: str) -> tuple[Rows, Rows]:
    """Every row of the serving ``task_list`` (every column) and of its tag counts, in
    key order."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        # As PostgreSQL prints them: the generated due columns hold +-infinity.
        tasks = connection.execute(
            sql.SQL("SELECT t.id, row_to_json(t)::text FROM {} AS t ORDER BY t.id").format(
                sql.Identifier(schema, "task_list")
            )
        ).fetchall()
        tags = connection.execute(
            sql.SQL("SELECT * FROM {} ORDER BY owner, tag_key").format(
                sql.Identifier(schema, "task_list_tags")
            )
        ).fetchall()
    return tasks, tags


def assert_same_rows(expected: Rows, found: Rows) -> None:
    """Row by row, with the first differing row shown (not a wall of text)."""
    assert len(found) == len(expected), f"{len(found)} rows, expected {len(expected)}"
    for want, got in zip(expected, found, strict=True):
        assert got == want, f"row differs:\n  rebuilt {got!r}\n  live    {want!r}"


def snapshot_count(database_url: str, schema: str) -> int:
    """How many snapshots the event store holds."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        row = connection.execute(
            sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(schema, "tasklog_snapshots"))
        ).fetchone()
    return int(row[0]) if row else 0


def event_types(database_url: str, schema: str) -> set[str]:
    """The topics of every stored event."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        rows = connection.execute(
            sql.SQL("SELECT DISTINCT topic FROM {}").format(
                sql.Identifier(schema, "tasklog_events")
            )
        ).fetchall()
    return {row[0].rpartition(".")[2] for row in rows}
