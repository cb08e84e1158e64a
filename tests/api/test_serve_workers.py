"""``tasklog serve --workers 2`` replaces a dead worker once, even when workers start slowly.

uvicorn's supervisor checks its workers every half second and kills one that does not
answer in time. On a busy host a freshly spawned worker takes seconds to answer (it
imports ``tasklog`` first); here every spawned worker is made to start ``SLOW_START_S``
late (a ``sitecustomize`` that sleeps in multiprocessing's children only), longer than
uvicorn's default health-check timeout of 5 s.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx
import pytest

from infrastructure.settings import Settings
from tests.api.processes import (
    child_pids,
    free_port,
    log_path,
    running,
    tasklog_env,
    wait_for_started,
    wait_until_live,
)
from tests.service_urls import database_url_of

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]

SLOW_START_S = 7.0
WATCH_S = 3 * SLOW_START_S
"""How long the workers are watched after the kill: long enough to see a replacement
killed (and replaced) twice."""

SLOW_CHILDREN = f"""
import sys
import time

if "--multiprocessing-fork" in sys.argv:  # a worker uvicorn spawned, not the supervisor
    time.sleep({SLOW_START_S})
"""


def test_a_killed_worker_is_replaced_once_though_workers_start_slowly(
    settings: Settings, tmp_path: Path
) -> None:
    slow = tmp_path / "slow"
    slow.mkdir()
    (slow / "sitecustomize.py").write_text(SLOW_CHILDREN)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = tasklog_env(
        TASKLOG_DATABASE_URL=database_url_of(settings),
        TASKLOG_DATABASE_SCHEMA=settings.database_schema,
        TASKLOG_DATA_DIR=str(tmp_path / "data"),
        TASKLOG_ENV="test",
        TASKLOG_DB_POOL_SIZE="1",
        TASKLOG_EVENTSTORE_POOL_SIZE="1",
        PYTHONPATH=str(slow),
    )
    with running(["serve", "--workers", "2", "--port", str(port)], env, tmp_path) as server:
        wait_until_live(base, server, tmp_path, timeout_s=60)
        # Both have answered a health check by now: uvicorn, waiting on the check of a
        # worker still starting, would only see it die when its check times out.
        wait_for_started(log_path(tmp_path), 2)
        first = child_pids(server.pid)
        assert len(first) == 2, first

        os.kill(first[0], signal.SIGKILL)
        seen = set(first)
        watch_until = time.monotonic() + WATCH_S
        while time.monotonic() < watch_until:
            seen.update(child_pids(server.pid))
            assert httpx.get(f"{base}/health/live", timeout=5).status_code == 200
            time.sleep(0.2)
        workers = child_pids(server.pid)

    assert len(seen) == 3, f"workers {sorted(seen)}: first {first}, at the end {workers}"
    assert first[1] in workers
    assert len(workers) == 2
