"""``tasklog dev`` (what ``make dev`` runs): a quiet banner, a working curl, and Ctrl-C stops
the embedded PostgreSQL and Redis it started."""

from __future__ import annotations

import json
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.devserver import DevEnvironment
from infrastructure.settings import Settings
from tests.api.processes import free_port, output, running, tasklog_env, wait_until_live
from tests.polling import wait_until

BANNER = (
    "Tasklog dev API on http://127.0.0.1:",
    "PostgreSQL: embedded, data in ",
    "Redis: embedded, data in ",
    "Log: ",
    "Token for user 'dev' (roles auditor, operator), valid 24 h:",
    "export TASKLOG_TOKEN=",
    "Console, signed in as 'dev': http://127.0.0.1:",
    "Create a task:",
    "curl -sS -X POST http://127.0.0.1:",
)
"""The start of each line ``tasklog dev`` prints on embedded services, and nothing else."""


def read_banner(process: subprocess.Popen[str], cwd: Path, timeout_s: float = 90) -> list[str]:
    """The lines ``tasklog dev`` printed up to and including its curl example."""

    def printed() -> list[str] | None:
        lines = output(cwd).splitlines()
        curls = [i for i, line in enumerate(lines) if line.startswith("curl ")]
        if curls:
            return lines[: curls[0] + 1]
        if process.poll() is not None:
            raise AssertionError("tasklog dev ended early:\n" + output(cwd))
        return None

    return wait_until(
        printed,
        timeout_s=timeout_s,
        interval_s=0.1,
        message=lambda: "no curl example printed:\n" + output(cwd),
    )


def server_pid(pid_file: Path) -> int:
    """The pid a server wrote in its pid file (its first line)."""
    return int(pid_file.read_text().splitlines()[0])


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie waiting to be reaped."""
    status = Path(f"/proc/{pid}/status")
    try:
        return "\nState:\tZ" not in status.read_text()
    except FileNotFoundError:
        return False


@pytest.fixture
def data_dir() -> Iterator[Path]:
    """A data directory outside pytest's (which it keeps private, 0700, at each session start):
    as root, the embedded PostgreSQL runs as another user that must reach its files."""
    with tempfile.TemporaryDirectory(prefix="tasklog-dev-") as directory:
        yield Path(directory) / "data"


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_dev_is_quiet_its_curl_works_and_ctrl_c_stops_the_embedded_services(
    tmp_path: Path, data_dir: Path
) -> None:
    port = free_port()
    data = data_dir
    env = tasklog_env(TASKLOG_DATA_DIR=str(data))

    with running(["dev", "--port", str(port)], env, tmp_path) as dev:
        banner = read_banner(dev, tmp_path)
        wait_until_live(f"http://127.0.0.1:{port}", dev, tmp_path)
        export = next(line for line in banner if line.startswith("export TASKLOG_TOKEN="))
        created = subprocess.run(
            ["bash", "-c", f"{export}\n{banner[-1]}"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        started_up = output(tmp_path)
        servers = [server_pid(data / "postgres" / "postmaster.pid")]
        servers.append(server_pid(data / "redis" / "redis.pid"))
        assert all(alive(pid) for pid in servers)

        dev.send_signal(signal.SIGINT)  # as Ctrl-C, to tasklog alone
        dev.wait(timeout=30)

    assert created.returncode == 0, created.stderr + output(tmp_path)
    assert json.loads(created.stdout)["title"] == "Water the plants"
    lines = started_up.splitlines()
    assert len(lines) == len(BANNER), started_up
    assert all(line.startswith(start) for line, start in zip(lines, BANNER, strict=True))
    assert dev.returncode == 0, output(tmp_path)
    assert output(tmp_path).splitlines()[-1] == (
        "Stopped the API and the embedded PostgreSQL and Redis."
    )
    assert not any(alive(pid) for pid in servers), "an embedded server survived Ctrl-C"
    assert (data / "postgres" / "log").exists()
    assert (data / "redis" / "redis.log").exists()
    assert "Uvicorn running" in (data / "dev.log").read_text()


def test_servers_given_by_url_are_not_stopped(tmp_path: Path) -> None:
    settings = Settings(
        database_url="postgresql://db/tasklog", redis_url="redis://cache", data_dir=tmp_path
    )
    dev = DevEnvironment(settings, embedded_postgres=False, embedded_redis=False)

    assert dev.what_stops == "the API"
    assert DevEnvironment(settings, True, True).what_stops == (
        "the API and the embedded PostgreSQL and Redis"
    )
