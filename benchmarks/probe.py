"""Latency of each request kind of the mixed workload on its own, at a chosen concurrency.

wrk reports one latency distribution for the whole mix; this says which kind of request
the time goes to. Against a running, seeded stack (benchmarks/run.sh with BENCH_KEEP=1
leaves one's users file behind):

    python benchmarks/probe.py --url http://127.0.0.1:8000 --users-file users.txt \\
        --requests 200 --concurrency 1 8
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.loadtest import process_cpu  # noqa: E402

Request = tuple[str, str, dict[str, Any] | None]


def load_users(path: Path) -> list[tuple[str, list[str]]]:
    """(token, open task ids) per user from the seed's users file."""
    users = []
    for line in path.read_text().splitlines():
        _, token, ids = [*line.split(" "), ""][:3]
        users.append((token, [i for i in ids.split(",") if i]))
    return users


KINDS: dict[str, Callable[[random.Random, list[str]], Request]] = {
    "list": lambda rng, ids: ("GET", "/api/v1/tasks", None),
    "list_filtered": lambda rng, ids: (
        "GET",
        "/api/v1/tasks?status=open&priority=high&sort=-due_at&limit=20",
        None,
    ),
    "create": lambda rng, ids: (
        "POST",
        "/api/v1/tasks",
        {"title": f"probe {rng.random()}", "priority": "high", "tags": ["probe"]},
    ),
    "complete": lambda rng, ids: ("POST", f"/api/v1/tasks/{rng.choice(ids)}/complete", None),
    "patch": lambda rng, ids: (
        "PATCH",
        f"/api/v1/tasks/{rng.choice(ids)}",
        {"priority": rng.choice(["low", "medium", "high"]), "title": f"probe {rng.random()}"},
    ),
    "health": lambda rng, ids: ("GET", "/health/live", None),
}


async def measure(
    client: httpx.AsyncClient,
    users: list[tuple[str, list[str]]],
    kind: str,
    requests: int,
    concurrency: int,
    cpu_groups: dict[str, int],
) -> dict[str, Any]:
    """Send ``requests`` requests of one kind, ``concurrency`` at a time; latencies in ms.

    With ``cpu_groups`` (name -> process group id), also the CPU milliseconds those
    processes spent per request.
    """
    rng = random.Random(kind)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    remaining = requests

    async def one_user() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            token, ids = rng.choice(users)
            method, path, body = KINDS[kind](rng, ids or ["00000000-0000-0000-0000-000000000000"])
            started = time.perf_counter()
            response = await client.request(
                method, path, json=body, headers={"Authorization": f"Bearer {token}"}
            )
            latencies.append((time.perf_counter() - started) * 1000)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    cpu_before = process_cpu(cpu_groups, {})
    started = time.perf_counter()
    await asyncio.gather(*(one_user() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    cpu_after = process_cpu(cpu_groups, {})
    latencies.sort()
    return {
        "kind": kind,
        "concurrency": concurrency,
        "requests": len(latencies),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 2),
        "max_ms": round(latencies[-1], 2),
        "statuses": statuses,
        "cpu_ms_per_request": {
            name: round(1000 * (cpu_after[name] - cpu_before[name]) / len(latencies), 3)
            for name in cpu_groups
        },
    }


async def run(args: argparse.Namespace) -> None:
    """Probe every kind at every concurrency and print one JSON line each."""
    users = load_users(args.users_file)
    cpu_groups = {k: int(v) for k, v in (item.split("=", 1) for item in args.cpu_group)}
    limits = httpx.Limits(max_connections=max(args.concurrency))
    async with httpx.AsyncClient(base_url=args.url, limits=limits, timeout=30) as client:
        for concurrency in args.concurrency:
            for kind in args.kinds:
                result = await measure(client, users, kind, args.requests, concurrency, cpu_groups)
                print(json.dumps(result), flush=True)


def main() -> None:
    """Parse arguments and probe."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--users-file", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1])
    parser.add_argument("--kinds", nargs="+", default=list(KINDS), choices=list(KINDS))
    parser.add_argument(
        "--cpu-group", action="append", default=[], help="NAME=PGID: count its CPU time"
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
