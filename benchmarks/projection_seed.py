"""Seed the event store fast with valid stored events, for projection benchmarks.

Stored events are written from templates of the exact JSON eventsourcing's mapper makes
for ``Task.Created``/``TitleChanged``/``Completed`` (checked first: a sample is decoded by
the application's mapper and folded by the domain), and loaded with one ``COPY`` per
chunk into ``tasklog_events`` (positions come from its ``bigserial``). Two processes
generate in parallel on a 2-core machine. Each task's events carry its real audit hash
chain, so ``tasklog audit verify`` finds nothing in the store (``verify_bench.py``).

    python benchmarks/projection_seed.py DATABASE_URL SCHEMA --tasks 1000000 --users 1000

Every task gets a Created event; ``--extra`` of them (a fraction) get one or two more
(a title change, a completion), so 1,000,000 tasks make ~1.2 million events. With
``--history N`` every task instead gets N more events (title changes, completions and
reopenings), written round by round across each chunk of 20,000 tasks, so a task's events
are spread over the log: ``--tasks 100000 --history 9`` makes 1,000,000 events of
100,000 tasks.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import time
import uuid
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from eventsourcing.persistence import StoredEvent
from psycopg import sql

from application.tasks import TaskApplication
from audit.chain import TaskChain
from domain.chain import GENESIS, event_hash
from domain.task import Task
from infrastructure.eventstore import build_task_application

CHUNK = 20_000
BASE = datetime(2026, 1, 1, tzinfo=UTC)
WORDS = ["water", "plants", "buy", "milk", "call", "mom", "fix", "bike", "pay", "rent"]
TAGS = ["home", "work", "errand", "health", "money", "garden"]


def _timestamp(instant: datetime) -> dict[str, str]:
    return {"_type_": "datetime_iso", "_data_": instant.isoformat()}


def _state(data: Mapping[str, object]) -> bytes:
    return json.dumps(data, separators=(",", ":")).encode()


def _envelope(
    kind: str,
    task_id: uuid.UUID,
    version: int,
    at: datetime,
    actor: str,
    data: dict[str, Any],
    prev: str,
) -> dict[str, Any]:
    """The event's envelope with its chained hash (``domain.chain.event_hash``)."""
    digest = event_hash(
        event_type=kind,
        task_id=task_id,
        version=version,
        timestamp=at,
        actor=actor,
        data=data,
        prev_hash=prev,
    )
    return {
        "timestamp": _timestamp(at),
        "actor": actor,
        "correlation_id": "seed",
        "prev_hash": prev,
        "hash": digest,
    }


def _rows(
    first: int, count: int, users: int, extra: float
) -> Iterator[tuple[uuid.UUID, int, str, bytes]]:
    """Stored events in exactly the JSON form eventsourcing's mapper writes for Task events.

    Written from templates rather than through ``Task.create`` and the application
    (about 1 ms a task); the hashes are the domain's own (``event_hash``), chained per
    task. ``check_sample`` proves the templates decode, chain and fold like the domain's
    own events.
    """
    rnd = random.Random(first)
    for number in range(first, first + count):
        owner = f"user-{number % users}"
        task_id = uuid.UUID(int=rnd.getrandbits(128), version=4)
        now = BASE + timedelta(microseconds=number * 10)
        due = None
        if rnd.random() < 0.7:
            due = (BASE.date() + timedelta(days=rnd.randint(0, 400))).isoformat()
        title = " ".join(rnd.sample(WORDS, 3))
        data: dict[str, Any] = {
            "owner": owner,
            "title": title,
            "description": None,
            "priority": rnd.choice(["low", "medium", "high"]),
            "tags": rnd.sample(TAGS, rnd.randint(0, 2)),
            "due_date": due,
            "due_time": None,
            "timezone": "UTC",
            "recurrence": None,
            "series_id": None,
            "occurrence": None,
            "reminder_at": None,
            "reminder_minutes_before": None,
        }
        envelope = _envelope("Created", task_id, 1, now, owner, data, GENESIS)
        created = {**envelope, "originator_topic": "domain.task:Task", **data}
        yield task_id, 1, "domain.task:Task.Created", _state(created)
        if rnd.random() < extra:
            later = now + timedelta(seconds=1)
            change = {"title": "changed " + title}
            envelope = _envelope("TitleChanged", task_id, 2, later, owner, change, envelope["hash"])
            yield task_id, 2, "domain.task:Task.TitleChanged", _state({**envelope, **change})
            if rnd.random() < 0.5:
                done = later + timedelta(seconds=1)
                envelope = _envelope("Completed", task_id, 3, done, owner, {}, envelope["hash"])
                yield task_id, 3, "domain.task:Task.Completed", _state(envelope)


def _history_rows(
    first: int, count: int, users: int, history: int
) -> Iterator[tuple[uuid.UUID, int, str, bytes]]:
    """``count`` tasks created, then ``history`` rounds of one more event for each."""
    rnd = random.Random(first)
    tasks: list[dict[str, Any]] = []
    for number in range(first, first + count):
        owner = f"user-{number % users}"
        task_id = uuid.UUID(int=rnd.getrandbits(128), version=4)
        now = BASE + timedelta(microseconds=number * 10)
        title = " ".join(rnd.sample(WORDS, 3))
        data: dict[str, Any] = {
            "owner": owner,
            "title": title,
            "description": None,
            "priority": rnd.choice(["low", "medium", "high"]),
            "tags": rnd.sample(TAGS, rnd.randint(0, 2)),
            "due_date": (BASE.date() + timedelta(days=rnd.randint(0, 400))).isoformat(),
            "due_time": None,
            "timezone": "UTC",
            "recurrence": None,
            "series_id": None,
            "occurrence": None,
            "reminder_at": None,
            "reminder_minutes_before": None,
        }
        envelope = _envelope("Created", task_id, 1, now, owner, data, GENESIS)
        created = {**envelope, "originator_topic": "domain.task:Task", **data}
        yield task_id, 1, "domain.task:Task.Created", _state(created)
        tasks.append(
            {"id": task_id, "owner": owner, "at": now, "hash": envelope["hash"], "done": False}
        )
    for round_ in range(1, history + 1):
        for task in tasks:
            at = task["at"] = task["at"] + timedelta(minutes=1)
            version = round_ + 1
            if round_ % 3 == 0:
                kind = "Reopened" if task["done"] else "Completed"
                task["done"] = not task["done"]
                change: dict[str, Any] = {}
            else:
                kind, change = "TitleChanged", {"title": f"retitled {round_}"}
            envelope = _envelope(kind, task["id"], version, at, task["owner"], change, task["hash"])
            task["hash"] = envelope["hash"]
            yield task["id"], version, f"domain.task:Task.{kind}", _state({**envelope, **change})


def check_sample() -> None:
    """Decode templated events with the application's mapper, check their hash chains and
    fold them like the domain."""
    mapper = TaskApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}).mapper
    tasks: dict[object, Task] = {}
    chains: dict[uuid.UUID, TaskChain] = {}
    samples = [*_rows(0, 500, 10, 0.5), *_history_rows(10_000, 50, 10, 7)]
    for position, (originator_id, version, topic, state) in enumerate(samples):
        stored = StoredEvent(
            originator_id=originator_id, originator_version=version, topic=topic, state=state
        )
        event: Any = mapper.to_domain_event(stored)
        chain = chains.setdefault(originator_id, TaskChain(originator_id))
        assert chain.feed(version, position + 1, event) is None, chain.broken
        if version == 1:
            created = event.mutate(None)
            assert isinstance(created, Task)
            tasks[originator_id] = created
        else:
            event.mutate(tasks[originator_id])
    assert any(task.completed for task in tasks.values())


def _copy_chunk(args: tuple[str, str, int, int, int, float, int]) -> int:
    """Generate one chunk and COPY it (binary) on this process's own connection."""
    database_url, schema, first, count, users, extra, history = args
    rows = (
        _history_rows(first, count, users, history)
        if history
        else _rows(first, count, users, extra)
    )
    statement = sql.SQL(
        "COPY {} (originator_id, originator_version, topic, state) FROM STDIN (FORMAT BINARY)"
    ).format(sql.Identifier(schema, "tasklog_events"))
    written = 0
    with (
        psycopg.connect(database_url, autocommit=True) as connection,
        connection.cursor() as cursor,
        cursor.copy(statement) as copy,
    ):
        copy.set_types(["uuid", "int8", "text", "bytea"])
        for row in rows:
            copy.write_row(row)
            written += 1
    return written


def seed(
    database_url: str, schema: str, tasks: int, users: int, extra: float, history: int = 0
) -> int:
    """Load ``tasks`` tasks' events; return how many events were written."""
    check_sample()
    build_task_application(database_url, schema, 1).close()  # creates schema and tables
    chunks = [
        (database_url, schema, start, min(CHUNK, tasks - start), users, extra, history)
        for start in range(0, tasks, CHUNK)
    ]
    with multiprocessing.Pool(2) as pool:
        written = sum(pool.imap_unordered(_copy_chunk, chunks))
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(schema, "tasklog_events")))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("schema")
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--extra", type=float, default=0.15)
    parser.add_argument("--history", type=int, default=0)
    args = parser.parse_args()
    started = time.perf_counter()
    events = seed(args.database_url, args.schema, args.tasks, args.users, args.extra, args.history)
    took = time.perf_counter() - started
    print(f"seeded {events} events for {args.tasks} tasks in {took:.1f}s ({events / took:,.0f}/s)")


if __name__ == "__main__":
    main()
