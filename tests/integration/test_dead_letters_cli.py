"""``tasklog projections dead-letters NAME`` and ``tasklog projections retry NAME POSITION``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result

from api.cli import main
from infrastructure.settings import Settings
from projections.projector import Projector
from projections.runner.config import RunnerConfig
from tests.integration.dead_letter_support import (
    MARKER,
    break_task_list_fold,
    fix_task_list_fold,
)
from tests.integration.projection_support import dead_letters, meta, wait_for_position
from tests.service_urls import database_url_of


@pytest.fixture
def projector(settings: Settings) -> Iterator[Projector]:
    config = RunnerConfig(backoff_initial_s=0.02, backoff_max_s=0.1, max_attempts=2)
    with Projector.from_settings(settings, config) as running:
        yield running


@pytest.fixture
def parked(projector: Projector, settings: Settings) -> int:
    url = database_url_of(settings)
    break_task_list_fold(url, settings.database_schema)
    app = projector.app
    marked = app.create_task(owner="ann", fields={"title": f"{MARKER} pill"}, meta=meta("ann"))
    after = app.create_task(owner="ann", fields={"title": "after"}, meta=meta("ann"))
    wait_for_position(url, settings.database_schema, "task_list", after.position)
    return marked.position


def tasklog(settings: Settings, *args: str) -> Result:
    env = {
        "TASKLOG_DATABASE_URL": database_url_of(settings),
        "TASKLOG_DATABASE_SCHEMA": settings.database_schema,
        "TASKLOG_EVENTSTORE_POOL_SIZE": "2",
        "TASKLOG_ENV": "test",
        "COLUMNS": "250",
    }
    return CliRunner().invoke(main, ["projections", *args], env=env, catch_exceptions=False)


def test_dead_letters_lists_the_parked_event_with_its_error(
    settings: Settings, parked: int
) -> None:
    result = tasklog(settings, "dead-letters", "task_list")

    assert result.exit_code == 0, result.output
    assert str(parked) in result.output
    assert "TaskCreated" in result.output
    assert "refusing a marked task" in result.output


def test_retry_exits_1_while_the_cause_remains_and_0_once_fixed(
    settings: Settings, parked: int
) -> None:
    url = database_url_of(settings)
    failed = tasklog(settings, "retry", "task_list", str(parked))
    fix_task_list_fold(url, settings.database_schema)
    folded = tasklog(settings, "retry", "task_list", str(parked))
    again = tasklog(settings, "retry", "task_list", str(parked))

    assert failed.exit_code == 1
    assert "failed again (attempt 3)" in failed.output
    assert folded.exit_code == 0, folded.output
    assert f"folded the event at position {parked}" in folded.output
    assert again.exit_code == 2
    assert dead_letters(url, settings.database_schema) == []
