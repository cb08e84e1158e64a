"""Command cost with and without the aggregate cache (in process, no HTTP, no projector).

    python benchmarks/write_bench.py URL [--tasks 200] [--rounds 5] [--runs 3]

Creates ``--tasks`` tasks in a fresh schema, then updates each of them ``--rounds``
times (load, decide, save: what PATCH does), alternately with the cache off and on
(``build_task_application(aggregate_cache_size=0)`` versus the default), ``--runs``
times each. Prints CPU (``time.process_time``, the client's side: eventsourcing and
psycopg) and wall time per update.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from domain.task import EventMeta  # noqa: E402
from infrastructure.eventstore import AGGREGATE_CACHE_SIZE, build_task_application  # noqa: E402

META = EventMeta(actor="bench", correlation_id="bench")


def run(url: str, schema: str, cache: int, tasks: int, rounds: int) -> dict[str, float]:
    """One run: a new application (cold cache), ``tasks`` creates, then the updates."""
    app = build_task_application(url, schema, 2, aggregate_cache_size=cache)
    try:
        ids = [
            app.create_task(owner="bench", fields={"title": f"t{i}"}, meta=META).task.id
            for i in range(tasks)
        ]
        cpu, wall = time.process_time(), time.perf_counter()
        for r in range(rounds):
            for task_id in ids:
                app.update_task(task_id, user_id="bench", fields={"title": f"r{r}"}, meta=META)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    finally:
        app.close()
    n = tasks * rounds
    return {"cpu_ms": cpu / n * 1000, "wall_ms": wall / n * 1000}


def main() -> None:
    """Alternate cache off / on; print one JSON line of means."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    schema = f"write_bench_{uuid.uuid4().hex[:8]}"
    results: dict[str, list[dict[str, float]]] = {"off": [], "on": []}
    try:
        for _ in range(args.runs):
            for label, cache in (("off", 0), ("on", AGGREGATE_CACHE_SIZE)):
                results[label].append(run(args.url, schema, cache, args.tasks, args.rounds))
    finally:
        with psycopg.connect(args.url, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema))
            )
    out: dict[str, Any] = {
        label: {
            key: round(statistics.fmean(r[key] for r in runs), 3) for key in ("cpu_ms", "wall_ms")
        }
        for label, runs in results.items()
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
