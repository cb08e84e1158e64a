"""A Tasklog stack as production runs it, as processes the fault test can kill and restart.

``tasklog serve --workers 2``, ``tasklog projector`` and ``tasklog worker`` on a database
and a Redis database of their own, so that terminating "every backend of the project's
database" and flushing "its Redis" touch nothing else on the shared servers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
import redis
from psycopg import sql

from tests.api.processes import (
    TASKLOG,
    answers_live,
    child_pids,
    free_port,
    tasklog_env,
    wait_for_started,
)
from tests.conftest import connect_when_free
from tests.polling import wait_until

REDIS_CLAIM = "tasklog-fault-test:claim"
"""Marks a Redis database as taken by a fault test for as long as it runs."""
REDIS_CLAIM_TTL_S = 1800


@dataclass(frozen=True)
class RedisDatabase:
    """A Redis database number nobody else uses while the test holds its claim."""

    url: str
    token: str

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)

    def flush(self) -> None:
        """Lose every key of this database (as a Redis restart without persistence
        would), keeping the claim; ``FLUSHDB``, never ``FLUSHALL``."""
        with self.client() as client:
            pipeline = client.pipeline(transaction=True)
            pipeline.flushdb()
            pipeline.set(REDIS_CLAIM, self.token, ex=REDIS_CLAIM_TTL_S)
            pipeline.execute()


def _with_db(url: str, number: int) -> str:
    """``url`` naming Redis database ``number`` (the path of ``redis://``, the ``db``
    parameter of ``unix://``)."""
    parts = urlsplit(url)
    query = [(name, value) for name, value in parse_qsl(parts.query) if name != "db"]
    if parts.scheme == "unix":
        return urlunsplit(parts._replace(query=urlencode([*query, ("db", str(number))])))
    return urlunsplit(parts._replace(path=f"/{number}", query=urlencode(query)))


@contextmanager
def own_redis_database(server_url: str) -> Iterator[RedisDatabase]:
    """Claim an empty Redis database (highest number first), flushed and released after."""
    token = uuid.uuid4().hex
    with redis.Redis.from_url(server_url) as probe:
        count = int(probe.config_get("databases").get("databases", 16))
    for number in range(count - 1, 0, -1):
        url = _with_db(server_url, number)
        with redis.Redis.from_url(url) as client:
            if client.dbsize() or not client.set(REDIS_CLAIM, token, nx=True, ex=REDIS_CLAIM_TTL_S):
                continue
        database = RedisDatabase(url, token)
        try:
            yield database
        finally:
            with database.client() as client:
                if client.get(REDIS_CLAIM) == token.encode():
                    client.flushdb()
        return
    raise RuntimeError("no empty Redis database to claim for the fault test")


@dataclass
class Service:
    """One ``tasklog`` command as a process: started, SIGKILLed, restarted, stopped."""

    arguments: list[str]
    env: Mapping[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    def start(self) -> subprocess.Popen[bytes]:
        """Start it, its output appended to ``log`` (a file: a full pipe never blocks it)."""
        output: IO[bytes]
        with self.log.open("ab") as output:
            output.write(f"--- start {self.starts + 1}: tasklog {self.arguments}\n".encode())
            output.flush()
            self.process = subprocess.Popen(
                [TASKLOG, *self.arguments],
                env=dict(self.env),
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        self.starts += 1
        return self.process

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, connections and locks drop with the process."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        """SIGINT, then SIGKILL if it has not stopped within 15 s."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


@dataclass
class Stack:
    """The three commands of a deployment, on their own database and Redis database."""

    root: Path
    server_url: str
    """The PostgreSQL server's maintenance database, for watching the deployment's."""
    database_url: str
    schema: str
    redis: RedisDatabase
    port: int = field(default_factory=free_port)
    api: Service = field(init=False)
    projector: Service = field(init=False)
    worker: Service = field(init=False)
    _monitor_connection: psycopg.Connection[Any] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        env = self.env()
        self.api = Service(
            ["serve", "--workers", "2", "--port", str(self.port), "--no-access-log"],
            env,
            self.root / "api.log",
        )
        self.projector = Service(["projector"], env, self.root / "projector.log")
        self.worker = Service(["worker"], env, self.root / "worker.log")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def env(self) -> dict[str, str]:
        """The deployment's variables, with small pools: the machine's PostgreSQL is
        shared by the rest of the suite (``max_connections`` 100)."""
        return tasklog_env(
            TASKLOG_DATABASE_URL=self.database_url,
            TASKLOG_DATABASE_SCHEMA=self.schema,
            TASKLOG_REDIS_URL=self.redis.url,
            TASKLOG_DATA_DIR=str(self.data_dir),
            TASKLOG_ENV="test",
            TASKLOG_LOG_LEVEL="INFO",
            TASKLOG_DB_POOL_SIZE="2",
            TASKLOG_EVENTSTORE_POOL_SIZE="2",
            TASKLOG_PROJECTOR_POOL_SIZE="2",
            TASKLOG_POOL_MIN_SIZE="1",
            TASKLOG_CONSISTENCY_TIMEOUT_MS="1000",
        )

    def start(self) -> None:
        """Start the API (and wait for it), the projector and the job worker."""
        self.api.start()
        self.wait_until_live()
        self.wait_for_api_workers()
        wait_for_started(self.api.log, 2)
        self.projector.start()
        self.worker.start()

    def services(self) -> dict[str, Service]:
        return {"api": self.api, "projector": self.projector, "worker": self.worker}

    def stop(self) -> None:
        for service in (self.worker, self.projector, self.api):
            service.stop()
        self.close_monitor()

    def wait_until_live(self, timeout_s: float = 120) -> None:
        """Poll ``/health/live`` until the API answers; fail if it exits first."""

        def live() -> bool:
            assert self.api.alive(), f"tasklog serve exited:\n{self.output(self.api)}"
            return answers_live(self.base)

        wait_until(live, timeout_s=timeout_s, interval_s=0.2, message="the API did not come up")

    def api_workers(self) -> list[int]:
        return child_pids(self.api.pid)

    def wait_for_api_workers(
        self, count: int = 2, timeout_s: float = 60, gone: int | None = None
    ) -> list[int]:
        """Block until ``count`` API worker processes run, ``gone`` not among them
        (uvicorn's supervisor replaces a dead worker within a second or so)."""

        def all_running() -> list[int] | None:
            assert self.api.alive(), f"tasklog serve exited: {self.output(self.api)}"
            workers = self.api_workers()
            return workers if len(workers) >= count and gone not in workers else None

        return wait_until(
            all_running,
            timeout_s=timeout_s,
            interval_s=0.2,
            message=lambda: f"API workers {self.api_workers()}, wanted {count} without {gone}",
        )

    def output(self, service: Service) -> str:
        return service.log.read_text(errors="replace") if service.log.exists() else ""

    def run_cli(self, *arguments: str, timeout_s: float = 120) -> subprocess.CompletedProcess[str]:
        """``tasklog <arguments>`` against the deployment, to completion."""
        return subprocess.run(
            [TASKLOG, *arguments],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=False,
        )

    def _monitor(self) -> psycopg.Connection[Any]:
        """A connection to the server's maintenance database (outside the deployment's,
        so terminating its backends spares it), opened once."""
        if self._monitor_connection is None or self._monitor_connection.closed:
            self._monitor_connection = connect_when_free(self.server_url)
        return self._monitor_connection

    def _database_name(self) -> str:
        return urlsplit(self.database_url).path.lstrip("/")

    def backend_count(self) -> int:
        """PostgreSQL backends connected to the deployment's database right now."""
        row = (
            self._monitor()
            .execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (self._database_name(),)
            )
            .fetchone()
        )
        return int(row[0]) if row else 0

    def terminate_backends(self) -> int:
        """``pg_terminate_backend`` every backend of the deployment's database."""
        row = (
            self._monitor()
            .execute(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s",
                (self._database_name(),),
            )
            .fetchone()
        )
        return int(row[0]) if row else 0

    def refuse_connections(self, seconds: float) -> int:
        """An outage of the deployment's database (a restart, a failover): every backend
        terminated and new connections refused for ``seconds``; returns how many went."""
        allow = sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS {}")
        name = sql.Identifier(self._database_name())
        self._monitor().execute(allow.format(name, sql.SQL("false")))
        try:
            terminated = self.terminate_backends()
            time.sleep(seconds)
        finally:
            self._monitor().execute(allow.format(name, sql.SQL("true")))
        return terminated

    def close_monitor(self) -> None:
        if self._monitor_connection is not None:
            self._monitor_connection.close()


def signal_process(pid: int, signum: int = signal.SIGKILL) -> None:
    """Send ``signum`` to a process this test started (directly or through uvicorn)."""
    os.kill(pid, signum)
