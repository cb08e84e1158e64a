"""``tasklog dev`` (what ``make dev`` runs) prints a token, and its printed curl creates a task."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from infrastructure.embedded import stop_embedded_redis
from tests.api.processes import free_port, output, running, tasklog_env, wait_until_live


def read_banner(process: subprocess.Popen[str], cwd: Path, timeout_s: float = 60) -> list[str]:
    """The lines ``tasklog dev`` printed up to and including its curl example."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        lines = output(cwd).splitlines()
        curls = [i for i, line in enumerate(lines) if line.startswith("curl ")]
        if curls:
            return lines[: curls[0] + 1]
        if process.poll() is not None:
            raise AssertionError("tasklog dev ended early:\n" + output(cwd))
        time.sleep(0.1)
    raise AssertionError("no curl example printed:\n" + output(cwd))


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_dev_prints_a_token_and_a_curl_that_creates_a_task(
    database_url: str, schema: str, tmp_path: Path
) -> None:
    port = free_port()
    env = tasklog_env(
        TASKLOG_DATABASE_URL=database_url,
        TASKLOG_DATABASE_SCHEMA=schema,
        TASKLOG_DATA_DIR=str(tmp_path / "data"),
    )

    try:
        with running(["dev", "--port", str(port)], env, tmp_path) as dev:
            banner = read_banner(dev, tmp_path)
            wait_until_live(f"http://127.0.0.1:{port}", dev, tmp_path)
            export = next(line for line in banner if line.startswith("export TASKLOG_TOKEN="))
            script = f"{export}\n{banner[-1]}"
            created = subprocess.run(
                ["bash", "-c", script], capture_output=True, text=True, timeout=30, check=False
            )
    finally:
        # `tasklog dev` leaves its embedded Redis running for the next start, by design.
        stop_embedded_redis(tmp_path / "data")

    assert created.returncode == 0, created.stderr + output(tmp_path)
    task = json.loads(created.stdout)
    assert task["title"] == "Water the plants"
    assert task["version"] == 1
