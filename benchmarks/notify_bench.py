"""NOTIFY fan-out per write, and what one notification costs a ``PositionWatch``.

    python benchmarks/notify_bench.py URL [--writes 100] [--notifies 5000]

``fanout`` part: a fresh schema, ``tasklog projector`` on it as a separate process, and
``--writes`` commands of each kind issued one at a time (each waits until ``task_list``
and ``notifications`` reached it, so every batch holds one event, the light-load case);
counts the NOTIFYs each projection sent per write, by channel: ``api`` is the one
an API process LISTENs on, ``worker`` the worker's (``api+worker``: one channel for both,
before the split). ``watch`` part: the CPU time (thread time of the event loop) an
API process's ``PositionWatch`` spends per notification received while no read waits.
Prints one JSON line. Drops the schema afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from application.tasks import CommandResult  # noqa: E402
from domain.task import EventMeta  # noqa: E402
from infrastructure.eventstore import build_task_application  # noqa: E402
from projections.consistency import PositionWatch  # noqa: E402
from projections.naming import notify_channel, tracking_view  # noqa: E402

try:  # the job views' own channel (absent before it existed: then one channel for all)
    from projections.naming import jobs_notify_channel
except ImportError:  # pragma: no cover
    jobs_notify_channel = notify_channel

PROJECTOR = [
    sys.executable,
    "-c",
    "import sys; sys.argv = ['tasklog', 'projector']; from api.cli import main; main()",
]
"""``tasklog projector`` from the code on ``sys.path`` (so PYTHONPATH picks the tree)."""
META = EventMeta(actor="bench", correlation_id="bench")


def position(connection: psycopg.Connection[Any], schema: str, name: str) -> int:
    """The serving tracking position of ``name`` (0 before it is installed)."""
    try:
        row = connection.execute(
            sql.SQL("SELECT max(notification_id) FROM {}").format(
                sql.Identifier(schema, tracking_view(name))
            )
        ).fetchone()
    except psycopg.errors.UndefinedTable:
        return 0
    return int(row[0]) if row and row[0] is not None else 0


def fanout(url: str, schema: str, writes: int) -> dict[str, Any]:
    """NOTIFYs per write by projection, for creates, patches and recurring completions."""
    app = build_task_application(url, schema, 2)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TASKLOG_")}
    data = tempfile.mkdtemp()
    env.update(
        TASKLOG_DATABASE_URL=url,
        TASKLOG_DATABASE_SCHEMA=schema,
        TASKLOG_ENV="test",
        TASKLOG_LOG_LEVEL="WARNING",
        TASKLOG_DATA_DIR=data,
    )
    projector = subprocess.Popen(PROJECTOR, env=env)
    counts: collections.Counter[str] = collections.Counter()
    results: dict[str, Any] = {}
    try:
        with (
            psycopg.connect(url, autocommit=True) as listen,
            psycopg.connect(url, autocommit=True) as poll,
        ):
            channels = {notify_channel(schema): "api", jobs_notify_channel(schema): "worker"}
            if len(channels) == 1:
                channels = {notify_channel(schema): "api+worker"}
            for channel in channels:
                listen.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))

            def count(note: psycopg.Notify) -> None:
                counts[f"{channels[note.channel]}:{note.payload.rpartition(':')[0]}"] += 1

            def settle(at: int) -> None:
                deadline = time.monotonic() + 60
                names = ("task_list", "notifications", "recurrence", "reminders")
                while any(position(poll, schema, name) < at for name in names):
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"projections did not reach {at}")
                    for note in listen.notifies(timeout=0.05):
                        count(note)
                for note in listen.notifies(timeout=0.05):  # the stragglers
                    count(note)

            kinds: dict[str, Callable[[int], CommandResult]] = {
                "create": lambda i: app.create_task(
                    owner="bench", fields={"title": f"t{i}"}, meta=META
                ),
                "create_with_reminder": lambda i: app.create_task(
                    owner="bench",
                    fields={
                        "title": f"r{i}",
                        "due_date": "2099-01-01",
                        "due_time": "09:00",
                        "reminder_minutes_before": 10,
                    },
                    meta=META,
                ),
                "create_recurring": lambda i: app.create_task(
                    owner="bench",
                    fields={"title": f"s{i}", "due_date": "2099-01-01", "recurring": "daily"},
                    meta=META,
                ),
            }
            created: dict[str, list[uuid.UUID]] = {}
            settle(0)
            for kind, command in kinds.items():
                counts.clear()
                created[kind] = []
                for i in range(writes):
                    result = command(i)
                    created[kind].append(result.task.id)
                    settle(result.position)
                results[kind] = {k: round(v / writes, 2) for k, v in sorted(counts.items())}
            for kind, ids in (
                ("patch", created["create"]),
                ("patch_with_reminder", created["create_with_reminder"]),
            ):
                counts.clear()
                for i, task_id in enumerate(ids):
                    result = app.update_task(
                        task_id, user_id="bench", fields={"title": f"p{i}"}, meta=META
                    )
                    settle(result.position)
                results[kind] = {k: round(v / writes, 2) for k, v in sorted(counts.items())}
            for kind, ids in (
                ("complete", created["create"]),
                ("complete_recurring", created["create_recurring"]),
            ):
                counts.clear()
                for task_id in ids:
                    result = app.complete_task(task_id, user_id="bench", meta=META)
                    settle(result.position)
                results[kind] = {k: round(v / writes, 2) for k, v in sorted(counts.items())}
    finally:
        projector.terminate()
        projector.wait(30)
        app.close()
    return results


def watch_cost(url: str, schema: str, notifies: int) -> dict[str, Any]:
    """Event-loop thread CPU per notification a waiter-less ``PositionWatch`` receives."""

    async def run() -> dict[str, Any]:
        watch = PositionWatch(url, schema)
        await watch.start()
        loop = asyncio.get_running_loop()
        channel = notify_channel(schema)
        done = asyncio.Event()
        last = f"task_list:{notifies}"

        original = watch._announce

        def announce(payload: str) -> None:
            original(payload)
            if payload == last:
                loop.call_soon_threadsafe(done.set)

        watch._announce = announce  # type: ignore[method-assign]

        def send() -> None:
            with psycopg.connect(url, autocommit=True) as connection:
                for i in range(1, notifies + 1):
                    name = "task_list" if i % 2 or i == notifies else "notifications"
                    connection.execute("SELECT pg_notify(%s, %s)", (channel, f"{name}:{i}"))

        started = time.thread_time()
        sender = threading.Thread(target=send)
        sender.start()
        await asyncio.wait_for(done.wait(), 120)
        used = time.thread_time() - started
        sender.join()
        await watch.stop()
        return {"notifies": notifies, "us_per_notify": round(used / notifies * 1e6, 1)}

    return asyncio.run(run())


def main() -> None:
    """Run both parts on a fresh schema and print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--writes", type=int, default=100)
    parser.add_argument("--notifies", type=int, default=5000)
    args = parser.parse_args()
    schema = f"notify_bench_{uuid.uuid4().hex[:8]}"
    try:
        out: dict[str, Any] = {"fanout": fanout(args.url, schema, args.writes)}
        out["watch"] = [watch_cost(args.url, schema, args.notifies) for _ in range(3)]
    finally:
        with psycopg.connect(args.url, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema))
            )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
