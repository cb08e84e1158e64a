"""Projector liveness: a dead or stuck projector reads as stopped within seconds."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import time
from pathlib import Path

import psycopg
import pytest

from application.tasks import TaskApplication
from infrastructure.eventstore import EVENTS_TABLE
from infrastructure.settings import Settings
from projections.registry import PROJECTIONS
from projections.status import projection_statuses
from tests.integration.projection_support import meta, projector_process, wait_for_position
from tests.polling import wait_until
from tests.service_urls import database_url_of

pytestmark = pytest.mark.slow

WITHIN_S = 5.0
"""How soon after the projector's death its status must say stopped."""


def statuses(settings: Settings) -> dict[str, str]:
    """Each read model's status, as ``tasklog projections status`` and the ops API say."""

    async def read() -> dict[str, str]:
        async with await psycopg.AsyncConnection.connect(
            database_url_of(settings), autocommit=True
        ) as connection:
            found = await projection_statuses(connection, settings.database_schema, EVENTS_TABLE)
        return {status.name: status.status for status in found}

    return asyncio.run(read())


def wait_for_status(settings: Settings, wanted: str, timeout_s: float) -> float:
    """Seconds until every read model shows ``wanted``; fails after ``timeout_s``."""

    def all_show_it() -> bool:
        seen = statuses(settings)
        return len(seen) == len(PROJECTIONS) and set(seen.values()) == {wanted}

    started = time.monotonic()
    wait_until(
        all_show_it,
        timeout_s=timeout_s,
        interval_s=0.1,
        message=lambda: f"not all {wanted}: {statuses(settings)}",
    )
    return time.monotonic() - started


def running_projector(
    app: TaskApplication, settings: Settings, process: subprocess.Popen[bytes]
) -> None:
    """Wait until ``process`` folds and every read model reads as running."""
    created = app.create_task(owner="ann", fields={"title": "Liveness"}, meta=meta("ann"))
    wait_for_position(
        database_url_of(settings), settings.database_schema, "task_list", created.position, 60
    )
    wait_for_status(settings, "running", 30)
    assert process.poll() is None


def test_a_killed_projector_reads_as_stopped_within_five_seconds(
    app: TaskApplication, settings: Settings, tmp_path: Path
) -> None:
    with projector_process(settings, tmp_path / "projector.log") as process:
        running_projector(app, settings, process)

        process.send_signal(signal.SIGKILL)
        process.wait()
        took = wait_for_status(settings, "stopped", WITHIN_S)

    assert took < WITHIN_S


def test_a_frozen_projector_reads_as_stopped_then_running_again(
    app: TaskApplication, settings: Settings, tmp_path: Path
) -> None:
    # Frozen, it keeps its connection and locks: only the heartbeat tells.
    with projector_process(settings, tmp_path / "projector.log") as process:
        running_projector(app, settings, process)

        process.send_signal(signal.SIGSTOP)
        try:
            took = wait_for_status(settings, "stopped", WITHIN_S)
        finally:
            process.send_signal(signal.SIGCONT)
        wait_for_status(settings, "running", 10)

    assert took < WITHIN_S
