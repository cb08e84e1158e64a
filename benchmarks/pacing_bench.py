"""Projector CPU per event and commit-to-visible lag under a steady write load.

Against a seeded database (benchmarks/seed.py) with ``tasklog projector`` running on it as
a separate process (the script starts none, so it measures the real process):

    python benchmarks/pacing_bench.py postgresql://postgres@127.0.0.1:5432/DB \\
        --projector-pid PID --rate 120 --writes 3600

Issues ``--writes`` commands through the ``TaskApplication`` (as the API's handlers do;
no HTTP, so the whole stack needs only a few connections), half creates and half renames
of seeded tasks, at a fixed rate, open loop (``--threads`` commands at most in flight),
and reports:

- the projector's CPU time (utime + stime of ``--projector-pid``, all its threads, from
  /proc) per stored event, and the same for the PostgreSQL backends of the database
  (processes whose command line names it: the projector's and this script's);
- how many folds ``task_list`` made (one NOTIFY each), so events per fold;
- commit-to-visible lag: from each command returning to the arrival, at a listener of
  its own, of the ``task_list`` NOTIFY of a position at or past the command's: what a
  read with ``Tasklog-Min-Position`` waits for before it queries.

CPU time, not wall time, is the figure to compare: other work on the machine does not
inflate it. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.projection_bench import percentiles  # noqa: E402
from domain.task import EventMeta  # noqa: E402
from infrastructure.eventstore import EVENTS_TABLE, build_task_application  # noqa: E402
from projections.naming import notify_channel  # noqa: E402

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
META = EventMeta(actor="bench", correlation_id="pacing-bench")


def process_cpu_s(pid: int) -> float:
    """CPU seconds (user + system, all threads) the process has used so far."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def backends_cpu_s(dbname: str) -> float:
    """CPU seconds used so far by the live PostgreSQL backends serving ``dbname``."""
    used = 0.0
    marker = f" {dbname} "
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            if not cmdline.startswith("postgres:") or marker not in cmdline:
                continue
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        used += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return used


def head(connection: psycopg.Connection[Any], schema: str) -> int:
    """The newest event's position."""
    row = connection.execute(
        sql.SQL("SELECT coalesce(max(notification_id), 0) FROM {}").format(
            sql.Identifier(schema, EVENTS_TABLE)
        )
    ).fetchone()
    return int(row[0]) if row else 0


def server_started(connection: psycopg.Connection[Any]) -> Any:
    """When the PostgreSQL server started (a run across a restart measures nothing)."""
    row = connection.execute("SELECT pg_postmaster_start_time()").fetchone()
    return row[0] if row else None


class Listener(threading.Thread):
    """Records when each ``task_list`` NOTIFY arrives: (position, perf_counter)."""

    def __init__(self, database_url: str, schema: str) -> None:
        super().__init__(daemon=True)
        self.database_url = database_url
        self.channel = notify_channel(schema)
        self.seen: list[tuple[int, float]] = []
        self.ready = threading.Event()
        self.stop = threading.Event()

    def run(self) -> None:
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
            self.ready.set()
            while not self.stop.is_set():
                for note in connection.notifies(timeout=0.2):
                    # "name:position", perhaps followed by a line of owners
                    name, _, position = note.payload.partition("\n")[0].rpartition(":")
                    if name == "task_list" and position.isdigit():
                        self.seen.append((int(position), time.perf_counter()))


def seeded_tasks(
    connection: psycopg.Connection[Any], schema: str, count: int
) -> list[tuple[UUID, str]]:
    """(id, owner) of up to ``count`` tasks in the read model, to rename."""
    rows = connection.execute(
        sql.SQL("SELECT id, owner FROM {} ORDER BY id LIMIT %s").format(
            sql.Identifier(schema, "task_list")
        ),
        (count,),
    ).fetchall()
    return [(row[0], row[1]) for row in rows]


def main() -> None:
    """Parse arguments, drive the load, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--schema", default="public")
    parser.add_argument("--projector-pid", type=int, required=True)
    parser.add_argument("--rate", type=float, default=120.0, help="commands per second")
    parser.add_argument("--writes", type=int, default=3600)
    parser.add_argument("--threads", type=int, default=4, help="most commands in flight")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds for the last folds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--label", default="")
    args = parser.parse_args()

    url, schema = args.database_url, args.schema
    dbname = str(psycopg.conninfo.conninfo_to_dict(url)["dbname"])
    app = build_task_application(url, schema, args.threads)
    rng = random.Random(args.seed)
    with psycopg.connect(url, autocommit=True) as connection:
        targets = seeded_tasks(connection, schema, 2000)
        head_before = head(connection, schema)
        started_before = server_started(connection)
    listener = Listener(url, schema)
    listener.start()
    listener.ready.wait(10)

    done: list[tuple[int, float]] = []  # (position, perf_counter when the command returned)
    errors: dict[str, int] = {}

    run = uuid4().hex[:8]  # titles new to every run: a rename to the same title stores nothing

    def command(number: int) -> None:
        title = f"pace {run} {number}"
        try:
            if number % 2 == 0 or not targets:
                result = app.create_task(
                    owner=f"pace-{number % 50}",
                    fields={"title": title, "tags": ["pace"]},
                    meta=META,
                )
            else:
                task_id, owner = rng.choice(targets)
                result = app.update_task(task_id, user_id=owner, fields={"title": title}, meta=META)
        except Exception as error:
            errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
            return
        done.append((result.position, time.perf_counter()))

    projector_before = process_cpu_s(args.projector_pid)
    postgres_before = backends_cpu_s(dbname)
    interval = 1.0 / args.rate
    started = time.perf_counter()
    futures: list[Future[None]] = []
    with ThreadPoolExecutor(args.threads) as pool:
        for number in range(args.writes):
            delay = started + number * interval - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(command, number))
    elapsed = time.perf_counter() - started
    time.sleep(args.settle)  # the last folds, so their CPU is counted
    projector_cpu = process_cpu_s(args.projector_pid) - projector_before
    postgres_cpu = backends_cpu_s(dbname) - postgres_before
    with psycopg.connect(url, autocommit=True) as connection:
        events = head(connection, schema) - head_before
        restarted = server_started(connection) != started_before
    listener.stop.set()
    listener.join(2)
    app.close()

    seen = sorted(listener.seen)
    lags: list[float] = []
    missing = 0
    index = 0
    for position, returned in sorted(done):  # both in position order: one merge pass
        while index < len(seen) and seen[index][0] < position:
            index += 1
        if index < len(seen):
            lags.append(max(0.0, seen[index][1] - returned))
        else:
            missing += 1
    folds = sum(1 for position, _ in seen if position > head_before)
    print(
        json.dumps(
            {
                "label": args.label,
                "rate_per_s": args.rate,
                "achieved_rate_per_s": round(args.writes / elapsed, 1),
                "commands": len(done),
                "errors": errors,
                "events": events,
                "server_restarted": restarted,
                "task_list_folds": folds,
                "events_per_task_list_fold": round(events / folds, 2) if folds else None,
                "projector_cpu_ms_per_event": round(1000 * projector_cpu / events, 3)
                if events
                else None,
                "postgres_cpu_ms_per_event": round(1000 * postgres_cpu / events, 3)
                if events
                else None,
                "commit_to_visible": {**percentiles(lags), "missing": missing},
                "load_avg": Path("/proc/loadavg").read_text().split()[:3],
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
