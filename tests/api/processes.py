"""Start ``tasklog`` commands as processes for end-to-end API tests, and stop them."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from api.devtokens import mint_dev_token
from infrastructure.settings import Settings
from tests.polling import wait_until

TASKLOG = str(Path(sys.executable).with_name("tasklog"))


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def tasklog_env(**variables: str) -> dict[str, str]:
    """The test process's environment without ``TASKLOG_*``, plus ``variables``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TASKLOG_")}
    env.update(variables)
    return env


@contextmanager
def running(
    arguments: list[str], env: Mapping[str, str], cwd: Path
) -> Iterator[subprocess.Popen[str]]:
    """Run ``tasklog <arguments>`` with its output in ``cwd/tasklog.log`` (a file, so a
    chatty server never blocks on a full pipe); interrupt it, then kill it, on exit."""
    assert shutil.which(TASKLOG), f"{TASKLOG} is not installed"
    with log_path(cwd).open("w") as log:
        process = subprocess.Popen(
            [TASKLOG, *arguments],
            env=dict(env),
            cwd=cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        yield process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def log_path(cwd: Path) -> Path:
    """Where ``running`` writes the process's output."""
    return cwd / "tasklog.log"


def output(cwd: Path) -> str:
    """The process's output so far."""
    path = log_path(cwd)
    return path.read_text() if path.exists() else ""


def wait_until_live(
    base_url: str, process: subprocess.Popen[str], cwd: Path, timeout_s: float = 60
) -> None:
    """Poll ``/health/live`` until it answers 200; fail if the process exits first."""

    def live() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"tasklog exited with {process.returncode}:\n{output(cwd)}")
        return answers_live(base_url)

    wait_until(live, timeout_s=timeout_s, interval_s=0.2, message=f"{base_url} did not come up")


def answers_live(base_url: str) -> bool:
    """Whether ``/health/live`` at ``base_url`` answers 200 (not whether it listens at all)."""
    try:
        return httpx.get(f"{base_url}/health/live", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def child_pids(parent: int) -> list[int]:
    """uvicorn's worker processes under ``parent`` (multiprocessing's spawned children)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        # The command may hold spaces and parentheses: the fields after its last ")".
        ppid = int(stat.rpartition(")")[2].split()[1])
        if ppid == parent and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return sorted(found)


@dataclass(frozen=True)
class Served:
    """A ``tasklog serve`` process under test: where it listens, its pid, its dev key."""

    base_url: str
    pid: int
    data_dir: Path

    def auth(self, user: str) -> dict[str, str]:
        """Headers with a token for ``user`` signed with the server's dev key."""
        token = mint_dev_token(Settings(data_dir=self.data_dir), user, (), 600)
        return {"Authorization": f"Bearer {token}"}


@contextmanager
def serving(cwd: Path, database_url: str, schema: str, **variables: str) -> Iterator[Served]:
    """``tasklog serve`` (one worker, test env, the dev key in ``cwd``) on a free port, with
    ``TASKLOG_*`` ``variables`` on top; stopped on exit."""
    port = free_port()
    data_dir = cwd / "data"
    env = tasklog_env(
        TASKLOG_DATABASE_URL=database_url,
        TASKLOG_DATABASE_SCHEMA=schema,
        TASKLOG_DATA_DIR=str(data_dir),
        TASKLOG_ENV="test",
        **variables,
    )
    base_url = f"http://127.0.0.1:{port}"
    with running(["serve", "--port", str(port), "--no-access-log"], env, cwd) as process:
        wait_until_live(base_url, process, cwd)
        yield Served(base_url, process.pid, data_dir)


STARTED = "Application startup complete."
"""What uvicorn logs (at INFO) once a worker process has started and serves."""


def wait_for_started(log: Path, count: int, timeout_s: float = 60) -> None:
    """Block until ``count`` worker processes have logged their start-up to ``log``."""
    wait_until(
        lambda: (log.read_text(errors="replace") if log.exists() else "").count(STARTED) >= count,
        timeout_s=timeout_s,
        interval_s=0.2,
        message=f"fewer than {count} workers started",
    )
