"""Retrying a parked event one at a time folds it into the serving version exactly once."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from uuid import UUID

import psycopg
import pytest
from psycopg import sql

from infrastructure.settings import Settings
from projections.dead_letters import (
    DeadLetter,
    DeadLetterNotFound,
    RetryOutcome,
    list_dead_letters,
    retry_dead_letter,
)
from projections.naming import notify_channel
from projections.projector import Projector
from projections.runner.config import RunnerConfig
from projections.status import projection_statuses
from projections.task_list.projection import TaskListProjection
from tests.integration.dead_letter_support import (
    MARKER,
    break_task_list_fold,
    fix_task_list_fold,
)
from tests.integration.projection_support import (
    assert_read_model_is_the_fold,
    meta,
    read_model_docs,
    wait_for_position,
)
from tests.service_urls import database_url_of


@pytest.fixture
def projector(settings: Settings) -> Iterator[Projector]:
    config = RunnerConfig(backoff_initial_s=0.02, backoff_max_s=0.1, max_attempts=3)
    with Projector.from_settings(settings, config) as running:
        yield running


def _url(settings: Settings) -> str:
    return database_url_of(settings)


def parked_positions(projector: Projector) -> list[int]:
    with projector.datastore.transaction(commit=False) as curs:
        letters = list_dead_letters(curs, projector.datastore.schema, "task_list")
    return [letter.position for letter in letters]


def retry(projector: Projector, position: int) -> RetryOutcome:
    return retry_dead_letter(
        TaskListProjection,
        datastore=projector.datastore,
        source=projector.source,
        position=position,
    )


def task_list_status(settings: Settings) -> str:
    async def read() -> str:
        async with await psycopg.AsyncConnection.connect(
            _url(settings), autocommit=True
        ) as connection:
            statuses = await projection_statuses(
                connection, settings.database_schema, "tasklog_events"
            )
        return next(s.status for s in statuses if s.name == "task_list")

    return asyncio.run(read())


def park_a_marked_task(projector: Projector, settings: Settings) -> tuple[UUID, list[int]]:
    """A marked task created and renamed (both events parked), then a plain task folded."""
    app = projector.app
    marked = app.create_task(owner="ann", fields={"title": f"{MARKER} pill"}, meta=meta("ann"))
    renamed = app.update_task(
        marked.task.id, user_id="ann", fields={"title": f"{MARKER} pill, renamed"}, meta=meta("ann")
    )
    after = app.create_task(owner="bob", fields={"title": "after"}, meta=meta("bob"))
    wait_for_position(_url(settings), settings.database_schema, "task_list", after.position)
    return marked.task.id, [marked.position, renamed.position]


@pytest.fixture
def parked(projector: Projector, settings: Settings) -> tuple[UUID, list[int]]:
    break_task_list_fold(_url(settings), settings.database_schema)
    return park_a_marked_task(projector, settings)


def test_a_retry_that_fails_again_stays_parked_with_one_more_attempt(
    projector: Projector, settings: Settings, parked: tuple[UUID, list[int]]
) -> None:
    _, (created, _) = parked
    before = next(letter for letter in _letters(projector) if letter.position == created)

    outcome = retry(projector, created)

    assert not outcome.folded
    assert outcome.letter.attempts == before.attempts + 1
    assert "refusing a marked task" in outcome.letter.error
    assert created in parked_positions(projector)
    assert task_list_status(settings) == "degraded"


def test_after_the_fix_retries_in_order_fold_the_task_and_the_model_leaves_degraded(
    projector: Projector, settings: Settings, parked: tuple[UUID, list[int]]
) -> None:
    task_id, (created, renamed) = parked
    assert parked_positions(projector) == [created, renamed]
    fix_task_list_fold(_url(settings), settings.database_schema)

    out_of_order = retry(projector, renamed)  # its task is not in the read model yet
    assert not out_of_order.folded
    assert retry(projector, created).folded
    assert retry(projector, renamed).folded

    assert parked_positions(projector) == []
    docs = read_model_docs(_url(settings), settings.database_schema)
    assert docs[task_id]["title"] == f"{MARKER} pill, renamed"
    assert_read_model_is_the_fold(projector.app, settings, set(docs))
    assert task_list_status(settings) == "running"


def test_a_letter_is_folded_once_however_many_retry_it_at_the_same_time(
    projector: Projector, settings: Settings, parked: tuple[UUID, list[int]]
) -> None:
    _, (created, _) = parked
    fix_task_list_fold(_url(settings), settings.database_schema)
    outcomes: list[object] = []
    start = threading.Barrier(3)

    def attempt() -> None:
        start.wait()
        try:
            outcomes.append(retry(projector, created).folded)
        except DeadLetterNotFound as gone:
            outcomes.append(gone)

    threads = [threading.Thread(target=attempt) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count(True) == 1
    assert sum(isinstance(o, DeadLetterNotFound) for o in outcomes) == 2


def test_a_folded_retry_announces_the_serving_position_with_no_owner_list(
    projector: Projector, settings: Settings, parked: tuple[UUID, list[int]]
) -> None:
    _, (created, _) = parked
    fix_task_list_fold(_url(settings), settings.database_schema)
    schema = settings.database_schema
    with psycopg.connect(_url(settings), autocommit=True) as listener:
        listener.execute(sql.SQL("LISTEN {}").format(sql.Identifier(notify_channel(schema))))
        assert retry(projector, created).folded
        payloads = [n.payload for n in listener.notifies(timeout=5, stop_after=1)]
        tracked = listener.execute(
            sql.SQL("SELECT max(notification_id) FROM {}").format(
                sql.Identifier(schema, "task_list_tracking")
            )
        ).fetchone()
    assert tracked is not None
    assert payloads == [f"task_list:{tracked[0]}"]


def test_retrying_a_position_with_nothing_parked_is_refused(
    projector: Projector, settings: Settings
) -> None:
    done = projector.app.create_task(owner="ann", fields={"title": "fine"}, meta=meta("ann"))
    wait_for_position(_url(settings), settings.database_schema, "task_list", done.position)
    with pytest.raises(DeadLetterNotFound):
        retry(projector, done.position)


def _letters(projector: Projector) -> list[DeadLetter]:
    with projector.datastore.transaction(commit=False) as curs:
        return list_dead_letters(curs, projector.datastore.schema, "task_list")
