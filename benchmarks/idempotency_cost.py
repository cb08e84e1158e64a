"""What an ``Idempotency-Key`` costs a write: latency and CPU with and without one.

    python benchmarks/idempotency_cost.py postgresql://postgres@127.0.0.1:5432/postgres \\
        [--rate 80] [--duration 15] [--rounds 2] [--users 1000] [--projector]

Creates a database of its own on that server, starts ``tasklog serve`` (one worker; with
``--projector`` also ``tasklog projector``, whose work per write does not depend on the
key but counts in what a write costs; no job worker) and offers writes at a fixed rate
(open loop: each request is sent at its scheduled instant, whatever the earlier ones are
doing), half creates and half PATCHes of tasks made beforehand, from ``--users`` users.
Phases without and with a key alternate, ``--rounds`` of each; a request with a key
carries a fresh one. Per phase it records the latency from each request's scheduled
instant to its answer, and the CPU time of the API process, of the projector and of the
database's PostgreSQL backends (autovacuum included); it prints one JSON object with the
figures per mode and the with/without ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from api.devtokens import mint_dev_token  # noqa: E402
from benchmarks.harness import create_database, drop_database, free_port, wait_http  # noqa: E402
from benchmarks.loadtest import process_cpu  # noqa: E402
from infrastructure.settings import Settings  # noqa: E402

TASKLOG = str(Path(sys.executable).with_name("tasklog"))
TASKS = "/api/v1/tasks"
TASKS_PER_USER = 2
"""Tasks each user gets before the measurements (the PATCH targets)."""
TIMEOUT_S = 30.0
Process = subprocess.Popen[bytes]


class Target:
    """The server under test, its database and the users' tokens and tasks."""

    def __init__(self, base: str, dbname: str, groups: dict[str, int]) -> None:
        self.base = base
        self.dbname = dbname
        self.groups = groups
        """Process group per measured process ("api", "projector")."""
        self.users: list[tuple[dict[str, str], list[str]]] = []

    def cpu(self) -> dict[str, float]:
        """CPU seconds so far: each process group and the database's backends."""
        return process_cpu(self.groups, {"postgres": f" {self.dbname} "})


def start(arguments: list[str], url: str, data_dir: Path, redis_url: str | None) -> Process:
    """``tasklog <arguments>`` on the database, in its own process group."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TASKLOG_")}
    env.update(
        TASKLOG_DATABASE_URL=url,
        TASKLOG_DATA_DIR=str(data_dir),
        TASKLOG_ENV="test",
        TASKLOG_LOG_LEVEL="WARNING",
    )
    if redis_url:
        env["TASKLOG_REDIS_URL"] = redis_url
    with (data_dir / f"{arguments[0]}.log").open("wb") as log:
        return subprocess.Popen(
            [TASKLOG, *arguments],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(process: Process) -> None:
    """Interrupt the process group; kill it after 15 s."""
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


async def prepare(target: Target, client: httpx.AsyncClient, data_dir: Path, users: int) -> None:
    """Mint a token per user and create the tasks the PATCHes will change."""
    settings = Settings(data_dir=data_dir)
    tokens = [
        {"Authorization": f"Bearer {mint_dev_token(settings, f'bench-{i}', (), 7200)}"}
        for i in range(users)
    ]
    semaphore = asyncio.Semaphore(16)

    async def create(headers: dict[str, str]) -> str:
        async with semaphore:
            response = await client.post(TASKS, json={"title": "target"}, headers=headers)
            response.raise_for_status()
            return str(response.json()["id"])

    for headers in tokens:
        ids = await asyncio.gather(*(create(headers) for _ in range(TASKS_PER_USER)))
        target.users.append((headers, list(ids)))


async def phase(
    target: Target, client: httpx.AsyncClient, *, keyed: bool, rate: float, duration_s: float
) -> dict[str, Any]:
    """Offer ``rate`` writes a second for ``duration_s``; latencies, statuses and costs."""
    rng = random.Random()
    count = int(rate * duration_s)
    latencies: list[float] = []
    statuses: dict[int, int] = {}

    async def one(at: float, index: int) -> None:
        await asyncio.sleep(max(0.0, at - time.perf_counter()))
        headers, ids = rng.choice(target.users)
        if keyed:
            headers = headers | {"Idempotency-Key": uuid.uuid4().hex}
        try:
            if index % 2:
                response = await client.post(
                    TASKS, json={"title": f"bench {index}", "priority": "high"}, headers=headers
                )
            else:
                response = await client.patch(
                    f"{TASKS}/{rng.choice(ids)}",
                    json={"title": f"bench {index}", "priority": rng.choice(["low", "high"])},
                    headers=headers,
                )
            status = response.status_code
        except httpx.HTTPError:
            status = 0
        latencies.append(time.perf_counter() - at)
        statuses[status] = statuses.get(status, 0) + 1

    cpu = target.cpu()
    start = time.perf_counter() + 0.05
    await asyncio.gather(*(one(start + i / rate, i) for i in range(count)))
    cpu_after = target.cpu()
    latencies.sort()
    return {
        "requests": count,
        "statuses": statuses,
        "median_ms": round(1000 * statistics.median(latencies), 1),
        "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1),
        **{
            f"{name}_cpu_ms": round(1000 * (cpu_after[name] - cpu[name]) / count, 3) for name in cpu
        },
    }


def summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean of each figure over a mode's phases (statuses summed)."""
    keys = [key for key in runs[0] if key.endswith("_ms")]
    out: dict[str, Any] = {
        key: round(statistics.fmean(run[key] for run in runs), 3) for key in keys
    }
    out["all_cpu_ms"] = round(sum(out[key] for key in keys if key.endswith("_cpu_ms")), 3)
    statuses: dict[str, int] = {}
    for run in runs:
        for status, n in run["statuses"].items():
            statuses[str(status)] = statuses.get(str(status), 0) + n
    out["statuses"] = statuses
    return out


async def measure(target: Target, data_dir: Path, args: argparse.Namespace) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=256, max_keepalive_connections=256)
    async with httpx.AsyncClient(base_url=target.base, limits=limits, timeout=TIMEOUT_S) as client:
        await prepare(target, client, data_dir, args.users)
        await phase(target, client, keyed=True, rate=args.rate, duration_s=3)  # warm-up
        await phase(target, client, keyed=False, rate=args.rate, duration_s=3)
        runs: dict[str, list[dict[str, Any]]] = {"without_key": [], "with_key": []}
        for _ in range(args.rounds):
            for mode in runs:
                runs[mode].append(
                    await phase(
                        target,
                        client,
                        keyed=mode == "with_key",
                        rate=args.rate,
                        duration_s=args.duration,
                    )
                )
    result: dict[str, Any] = {mode: summary(phases) for mode, phases in runs.items()}
    without, with_key = result["without_key"], result["with_key"]
    result["ratio_with_to_without"] = {
        key: round(with_key[key] / without[key], 2) if without[key] else None
        for key in without
        if key.endswith("_ms")
    }
    result["phases"] = runs
    result["parameters"] = {
        "rate_per_s": args.rate,
        "phase_s": args.duration,
        "rounds": args.rounds,
        "users": args.users,
        "projector": args.projector,
        "mix": "half POST /api/v1/tasks, half PATCH /api/v1/tasks/{id}",
    }
    return result


def main() -> None:
    """Run the phases against a fresh database; print the result as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("server_url", help="PostgreSQL server URL (a database is created)")
    parser.add_argument("--rate", type=float, default=80.0, help="writes offered per second")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per phase")
    parser.add_argument("--rounds", type=int, default=2, help="phases of each mode")
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--redis-url", default=None, help="Redis for the API (optional)")
    parser.add_argument("--projector", action="store_true", help="run the projector too")
    args = parser.parse_args()
    dbname = f"tasklog_idem_{uuid.uuid4().hex[:8]}"
    url = create_database(args.server_url, dbname)
    with tempfile.TemporaryDirectory(prefix="tasklog-idem-") as tmp:
        data_dir = Path(tmp)
        port = free_port()
        processes = {
            "api": start(
                ["serve", "--port", str(port), "--workers", "1", "--no-access-log"],
                url,
                data_dir,
                args.redis_url,
            )
        }
        try:
            base = f"http://127.0.0.1:{port}"
            wait_http(f"{base}/health/live", 60)
            if args.projector:
                processes["projector"] = start(["projector"], url, data_dir, args.redis_url)
            groups = {name: os.getpgid(process.pid) for name, process in processes.items()}
            result = asyncio.run(measure(Target(base, dbname, groups), data_dir, args))
        finally:
            for process in processes.values():
                stop(process)
            drop_database(args.server_url, dbname)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
