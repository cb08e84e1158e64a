"""Projector processes: killed at random points, and two at once (one active, one standby)."""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

import pytest

from application.tasks import TaskApplication
from infrastructure.settings import Settings
from tests.integration.command_load import CommandStream
from tests.integration.projection_support import (
    active_holder,
    assert_read_model_is_the_fold,
    dead_letters,
    meta,
    projector_process,
    wait_for_position,
)
from tests.service_urls import database_url_of

pytestmark = pytest.mark.slow


def test_sigkilled_projector_loses_nothing_and_applies_nothing_twice(
    app: TaskApplication, settings: Settings, tmp_path: Path
) -> None:
    url = database_url_of(settings)
    rnd = random.Random(4)
    stream = CommandStream(app, ["ann", "bob", "cy"], seed=4)
    stream.start()
    for _ in range(6):
        with projector_process(settings, tmp_path / "projector.log") as process:
            time.sleep(rnd.uniform(1.0, 3.0))  # let it start and fold part way: the crash point
            process.send_signal(signal.SIGKILL)
            process.wait()
    head = stream.stop()
    assert stream.commands > 50

    with projector_process(settings, tmp_path / "projector.log"):
        wait_for_position(url, settings.database_schema, "task_list", head, 60)
        assert_read_model_is_the_fold(app, settings, stream.ids)
    assert dead_letters(url, settings.database_schema) == []


def test_a_standby_projector_takes_over_within_seconds(
    app: TaskApplication, settings: Settings, tmp_path: Path
) -> None:
    url, schema = database_url_of(settings), settings.database_schema

    def create(title: str) -> int:
        return app.create_task(owner="ann", fields={"title": title}, meta=meta("ann")).position

    with projector_process(settings, tmp_path / "first.log") as first:
        wait_for_position(url, schema, "task_list", create("one"), 60)
        with projector_process(settings, tmp_path / "second.log") as second:
            time.sleep(3)  # the second has started and is standing by
            wait_for_position(url, schema, "task_list", create("two"), 10)
            assert f":{first.pid}:" in (active_holder(url, schema, "task_list") or "")

            first.send_signal(signal.SIGKILL)
            first.wait()
            killed_at = time.monotonic()
            wait_for_position(url, schema, "task_list", create("three"), 10)
            took = time.monotonic() - killed_at

            assert took < 5.0
            wait_for_position(url, schema, "task_list", create("four"), 10)
            assert f":{second.pid}:" in (active_holder(url, schema, "task_list") or "")
