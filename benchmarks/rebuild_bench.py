"""Throughput of a blue/green ``task_list`` rebuild, with where the CPU time goes.

    python benchmarks/rebuild_bench.py DATABASE_URL SCHEMA [--workers 2] [--chunk 20000]

Against a store seeded by ``projection_seed.py`` (no projector needs to run). Requests a
rebuild of ``task_list`` (or resumes the one an interrupted run left) and runs it in this
process as ``tasklog projections rebuild task_list`` does: the backlog folded in chunks by
worker processes, the indexes built, the swap. Prints one JSON line: events, wall time,
events per second, the time of each phase, and CPU seconds of this process, of its
workers and of the PostgreSQL backends serving the database (sampled from /proc every
0.2 s, so backends that come and go are counted), with the load average before and after:
on a shared machine the wall time depends on what else runs, the CPU time much less.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import re
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.backend_cpu import BackendCpu  # noqa: E402
from infrastructure.settings import Settings  # noqa: E402
from projections import catalog  # noqa: E402
from projections.bulk import BulkConfig  # noqa: E402
from projections.install import install  # noqa: E402
from projections.projector import Projector  # noqa: E402
from projections.registry import projection_named  # noqa: E402
from projections.runner.config import RunnerConfig  # noqa: E402


class _Phases(logging.Handler):
    """Picks the phase timings out of the rebuild's log lines."""

    def __init__(self) -> None:
        super().__init__()
        self.folded_s: float | None = None
        self.indexes_s: float | None = None

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if match := re.search(r"folded events .* in ([\d.]+) s", message):
            self.folded_s = float(match.group(1))
        elif match := re.search(r"indexes built in ([\d.]+) s", message):
            self.indexes_s = float(match.group(1))


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "load_before": os.getloadavg(),
    }


def rebuild(url: str, schema: str, workers: int, chunk: int) -> dict[str, Any]:
    """Run one rebuild of task_list to the swap; return its figures."""
    settings = Settings.from_env({"TASKLOG_DATABASE_URL": url, "TASKLOG_DATABASE_SCHEMA": schema})
    config = RunnerConfig(bulk=BulkConfig(chunk_events=chunk, workers=workers))
    projector = Projector.from_settings(settings, config)
    install(projector.datastore, projector.connect, projector.projections)
    projection = projection_named("task_list")
    with projector.datastore.transaction(commit=True) as curs:
        entry = catalog.entry(curs, schema, "task_list")
        if entry.rebuild_version is None:
            catalog.request_rebuild(curs, schema, "task_list", projection.revision)
    pending = projector.rebuild(projection).pending()
    version = pending.rebuild_version if pending is not None else None
    if version is None:
        raise RuntimeError("no rebuild of task_list is requested")
    head = projector.source.head()
    phases = _Phases()
    logger = logging.getLogger("projections.runner.rebuild")
    logger.addHandler(phases)
    logger.setLevel(logging.INFO)
    resumed: list[int] = []

    def progress(position: int, _head: int) -> None:
        if not resumed:
            resumed.append(position)

    dbname = url.rsplit("/", 1)[-1]
    backends = BackendCpu(dbname)
    backends.start()
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    projector.rebuild(projection).run(progress)
    took = time.perf_counter() - started
    own_after = resource.getrusage(resource.RUSAGE_SELF)
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    postgres_s = backends.stop()
    projector.stop()
    events = head - (resumed[0] if resumed else 0)

    def cpu(before: resource.struct_rusage, after: resource.struct_rusage) -> float:
        used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        return round(used, 1)

    coordinator_s = cpu(own, own_after)
    workers_s = cpu(children, children_after)
    total_cpu = coordinator_s + workers_s + postgres_s
    return {
        "events": events,
        "version": version,
        "workers": workers,
        "chunk_events": chunk,
        "seconds": round(took, 1),
        "events_per_s": round(events / took),
        "fold_s": phases.folded_s,
        "indexes_s": phases.indexes_s,
        "cpu_s": {
            "coordinator": coordinator_s,
            "workers": workers_s,
            "postgres": round(postgres_s, 1),
            "total": round(total_cpu, 1),
        },
        "cpu_us_per_event": round(total_cpu / events * 1e6, 1),
        "peak_rss_mb": {
            "coordinator": round(own_after.ru_maxrss / 1024),
            "largest_worker": round(children_after.ru_maxrss / 1024),
        },
        "idle_machine_bound_events_per_s": round(events / (total_cpu / (os.cpu_count() or 1))),
        "load_after": os.getloadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("schema")
    parser.add_argument("--workers", type=int, default=BulkConfig().workers)
    parser.add_argument("--chunk", type=int, default=BulkConfig().chunk_events)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    about = machine()
    result = rebuild(args.database_url, args.schema, args.workers, args.chunk)
    print(json.dumps({"benchmark": "rebuild", "schema": args.schema, **about, **result}))


if __name__ == "__main__":
    main()
