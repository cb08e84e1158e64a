"""Throughput and memory of ``tasklog audit verify`` on a seeded store.

    python benchmarks/verify_bench.py DATABASE_URL SCHEMA [--workers N] [--skip-read-model]

Against a store seeded by ``projection_seed.py`` (real hash chains) whose ``task_list`` is
built (``rebuild_bench.py``). Runs the verifier as ``tasklog audit verify`` does (every
chain, and every task against its row; with ``--skip-read-model`` the chains alone, as
``tasklog audit verify --skip-read-model``) and prints one JSON line: events, tasks, findings,
wall time, events per second, CPU seconds of this process, of the worker processes and of
the PostgreSQL backends, and the peak resident memory of this process and of the largest
worker, with the load average before and after. Run it on stores of different sizes: flat
memory means the peaks do not grow with the store.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from audit.findings import Finding  # noqa: E402
from audit.owners import event_tables  # noqa: E402
from audit.verify import StoreVerifier  # noqa: E402
from benchmarks.backend_cpu import BackendCpu  # noqa: E402
from benchmarks.rebuild_bench import machine  # noqa: E402
from infrastructure.eventstore import build_task_application  # noqa: E402


def verify(
    url: str, schema: str, workers: int | None, *, read_model: bool = True
) -> dict[str, Any]:
    """Verify the store once (its chains only unless ``read_model``); return the figures."""
    app = build_task_application(url, schema, 1)
    findings: list[Finding] = []
    verifier = StoreVerifier(
        url,
        event_tables(app.recorder, schema),
        app.mapper,
        application_name=app.name,
        check_read_model=read_model,
        workers=workers,
    )
    backends = BackendCpu(url.rsplit("/", 1)[-1])
    backends.start()
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    summary = verifier.run(findings.append)
    took = time.perf_counter() - started
    own_after = resource.getrusage(resource.RUSAGE_SELF)
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    postgres_s = backends.stop()
    app.close()

    def cpu(before: resource.struct_rusage, after: resource.struct_rusage) -> float:
        return round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1)

    coordinator_s, workers_s = cpu(own, own_after), cpu(children, children_after)
    total = coordinator_s + workers_s + postgres_s
    return {
        "events": summary.events,
        "tasks": summary.tasks,
        "ok": summary.ok,
        "findings": len(findings),
        "first_findings": [str(finding) for finding in findings[:3]],
        "seconds": round(took, 1),
        "events_per_s": round(summary.events / took),
        "cpu_s": {
            "coordinator": coordinator_s,
            "workers": workers_s,
            "postgres": round(postgres_s, 1),
            "total": round(total, 1),
        },
        "cpu_us_per_event": round(total / summary.events * 1e6, 1),
        "idle_machine_bound_events_per_s": round(summary.events / (total / (os.cpu_count() or 1))),
        "peak_rss_mb": {
            "coordinator": round(own_after.ru_maxrss / 1024),
            "largest_worker": round(children_after.ru_maxrss / 1024),
        },
        "load_after": os.getloadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("schema")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument(
        "--skip-read-model",
        action="store_true",
        help="chains only, as `tasklog audit verify --skip-read-model`",
    )
    args = parser.parse_args()
    about = machine()
    result = verify(
        args.database_url, args.schema, args.workers, read_model=not args.skip_read_model
    )
    mode = "chains" if args.skip_read_model else "chains and read model"
    print(
        json.dumps(
            {"benchmark": "verify", "schema": args.schema, "checks": mode, **about, **result}
        )
    )


if __name__ == "__main__":
    main()
