"""CPU per event of the live folds alone, in process: no pacing, no threads, little noise.

Against a seeded database (benchmarks/seed.py) with no projector running on it:

    python benchmarks/fold_bench.py postgresql://postgres@127.0.0.1:5432/DB \\
        --commands 3000 --batch 3 --job-batch 12

First issues ``--commands`` commands through the ``TaskApplication`` (half creates, half
renames of seeded tasks; not measured). Then folds the new events into every read model's
serving version as the live workers do (``BatchFolder.fold``, which reads nothing: the batches
are read beforehand), ``--batch`` events per fold for ``task_list`` and ``notifications``
and ``--job-batch`` for the job views (about what fold pacing gives at 120 writes/s), and
reports, per event and per read model, the CPU time of this thread (``time.thread_time``)
and of the database's PostgreSQL backends (from /proc; so nothing else may use the
database meanwhile). ``pacing_bench.py`` measures the whole projector process under a
steady load, reads and pacing included, but with more noise. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import time
from pathlib import Path
from typing import Any
from uuid import uuid4

import psycopg

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.pacing_bench import (  # noqa: E402
    META,
    backends_cpu_s,
    head,
    seeded_tasks,
)
from infrastructure.datastore import build_datastore  # noqa: E402
from infrastructure.eventstore import build_task_application  # noqa: E402
from projections import catalog  # noqa: E402
from projections.base import ReadModelView  # noqa: E402
from projections.registry import PROJECTIONS  # noqa: E402
from projections.runner.event_source import EventSource  # noqa: E402
from projections.runner.folding import BatchFolder  # noqa: E402


def main() -> None:
    """Parse arguments, write the commands, fold them, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--schema", default="public")
    parser.add_argument("--commands", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=3, help="events per read-waited fold")
    parser.add_argument("--job-batch", type=int, default=12, help="events per job-view fold")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--label", default="")
    args = parser.parse_args()

    url, schema = args.database_url, args.schema
    dbname = str(psycopg.conninfo.conninfo_to_dict(url)["dbname"])
    app = build_task_application(url, schema, 2)
    datastore = build_datastore(url, schema, 2)
    rng = random.Random(args.seed)
    with psycopg.connect(url, autocommit=True) as connection:
        targets = seeded_tasks(connection, schema, 2000)
        start = head(connection, schema)
    run = uuid4().hex[:8]
    for number in range(args.commands):
        title = f"fold {run} {number}"
        if number % 2 == 0 or not targets:
            app.create_task(
                owner=f"fold-{number % 50}", fields={"title": title, "tags": ["fold"]}, meta=META
            )
        else:
            task_id, owner = rng.choice(targets)
            app.update_task(task_id, user_id=owner, fields={"title": title}, meta=META)

    source = EventSource(app)
    results: dict[str, Any] = {}
    total_cpu = total_pg = 0.0
    for projection in PROJECTIONS:
        with datastore.transaction(commit=False) as curs:
            entry = catalog.entry(curs, datastore.schema, projection.name)
        view = ReadModelView(datastore, projection=projection, version=entry.version)
        folder = BatchFolder(projection, view, source, serving=True, max_attempts=1)
        position = view.position(source.application_name)
        if position < start:
            raise SystemExit(f"{projection.name} is behind the event log: run the projector")
        size = args.batch if projection.read_waited else args.job_batch
        batches = []
        while batch := source.read(position, size):
            batches.append(batch)
            position = batch[-1].id
        events = sum(len(batch) for batch in batches)
        gc.collect()
        gc.freeze()  # the write phase's garbage is no collection's business here
        cpu, pg = time.thread_time(), backends_cpu_s(dbname)
        for batch in batches:
            folder.fold(batch)
        cpu, pg = time.thread_time() - cpu, backends_cpu_s(dbname) - pg
        total_cpu, total_pg = total_cpu + cpu, total_pg + pg
        results[projection.name] = {
            "events": events,
            "folds": len(batches),
            "cpu_ms_per_event": round(1000 * cpu / events, 3) if events else None,
            "postgres_cpu_ms_per_event": round(1000 * pg / events, 3) if events else None,
        }
    events = max(1, head_of(url, schema) - start)
    print(
        json.dumps(
            {
                "label": args.label,
                "events": events,
                "cpu_ms_per_event": round(1000 * total_cpu / events, 3),
                "postgres_cpu_ms_per_event": round(1000 * total_pg / events, 3),
                "projections": results,
                "load_avg": Path("/proc/loadavg").read_text().split()[:3],
            }
        ),
        flush=True,
    )
    datastore.close()
    app.close()


def head_of(url: str, schema: str) -> int:
    """The newest event's position."""
    with psycopg.connect(url, autocommit=True) as connection:
        return head(connection, schema)


if __name__ == "__main__":
    main()
