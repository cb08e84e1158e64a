"""Overload: many connections hammering the list endpoint, with and without a bound on
the requests each API process serves at once (``TASKLOG_MAX_IN_FLIGHT``).

    python benchmarks/overload.py postgresql://postgres@127.0.0.1:5432/postgres \\
        [--connections 200] [--duration 20] [--limits 0 32 64 32 64 0]

Creates a database of its own, starts the projector and, per value of ``--limits`` in
turn, ``tasklog serve --workers 2`` with that bound (0: none); seeds 200 users with 20
tasks each once, then runs wrk with ``benchmarks/overload.lua`` (every request a list
read as a random user; a connection refused with 503 waits its ``Retry-After``). Prints
one JSON line per run: requests, 503s, latency p50/p99/max. Runs alternate because this
machine's speed changes from minute to minute; compare neighbours.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
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
from infrastructure.settings import Settings  # noqa: E402

TASKLOG = str(Path(sys.executable).with_name("tasklog"))
SCRIPT = Path(__file__).with_name("overload.lua")
USERS = 200
TASKS_PER_USER = 20


def start(arguments: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """``tasklog <arguments>`` in its own process group."""
    with log.open("wb") as out:
        return subprocess.Popen(
            [TASKLOG, *arguments],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(process: subprocess.Popen[bytes]) -> None:
    """Interrupt the process group, then kill it after 20 s."""
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


async def seed(base: str, tokens: list[str]) -> None:
    """Give every user its tasks (through the API, 16 at a time)."""
    semaphore = asyncio.Semaphore(16)
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:

        async def create(token: str, n: int) -> None:
            async with semaphore:
                response = await client.post(
                    "/api/v1/tasks",
                    json={"title": f"task {n}", "tags": ["bench"]},
                    headers={"Authorization": f"Bearer {token}"},
                )
                response.raise_for_status()

        await asyncio.gather(*(create(token, n) for token in tokens for n in range(TASKS_PER_USER)))


def hammer(base: str, tokens_file: Path, connections: int, duration_s: int) -> dict[str, Any]:
    """One wrk run; its BENCH_RESULT line."""
    result = subprocess.run(
        [
            "wrk",
            "-t4",
            f"-c{connections}",
            f"-d{duration_s}s",
            "--timeout",
            "30s",
            "-s",
            str(SCRIPT),
            base,
        ],
        env={**os.environ, "BENCH_TOKENS": str(tokens_file)},
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("BENCH_RESULT "))
    parsed: dict[str, Any] = json.loads(line.removeprefix("BENCH_RESULT "))
    return parsed


def main() -> None:
    """Run wrk against a fresh stack per limit; print JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("server_url", help="PostgreSQL server URL (a database is created)")
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--duration", type=int, default=20, help="seconds per run")
    parser.add_argument("--limits", type=int, nargs="+", default=[0, 32, 64, 32, 64, 0])
    parser.add_argument("--redis-url", default=None, help="Redis for the stack (optional)")
    args = parser.parse_args()
    dbname = f"tasklog_overload_{uuid.uuid4().hex[:8]}"
    url = create_database(args.server_url, dbname)
    with tempfile.TemporaryDirectory(prefix="tasklog-overload-") as tmp:
        work = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("TASKLOG_")}
        env.update(
            TASKLOG_DATABASE_URL=url,
            TASKLOG_DATA_DIR=str(work),
            TASKLOG_ENV="test",
            TASKLOG_LOG_LEVEL="WARNING",
        )
        if args.redis_url:
            env["TASKLOG_REDIS_URL"] = args.redis_url
        settings = Settings(data_dir=work)
        tokens = [mint_dev_token(settings, f"user-{n}", (), 7200) for n in range(USERS)]
        tokens_file = work / "tokens"
        tokens_file.write_text("\n".join(tokens) + "\n")
        projector = start(["projector"], env, work / "projector.log")
        seeded = False
        try:
            for limit in args.limits:
                port = free_port()
                api = start(
                    ["serve", "--port", str(port), "--workers", "2", "--no-access-log"],
                    {**env, "TASKLOG_MAX_IN_FLIGHT": str(limit)},
                    work / f"api-{limit}.log",
                )
                try:
                    base = f"http://127.0.0.1:{port}"
                    wait_http(f"{base}/health/live", 60)
                    if not seeded:
                        asyncio.run(seed(base, tokens))
                        seeded = True
                        time.sleep(5)  # the projector folds the seed
                        hammer(base, tokens_file, args.connections, 5)  # warm-up, not shown
                    result = hammer(base, tokens_file, args.connections, args.duration)
                finally:
                    stop(api)
                print(json.dumps({"max_in_flight": limit, **result}), flush=True)
        finally:
            stop(projector)
            drop_database(args.server_url, dbname)


if __name__ == "__main__":
    main()
