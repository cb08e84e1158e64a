"""An event that keeps failing is parked after five attempts; the projection goes on, degraded."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from infrastructure.settings import Settings
from projections.projector import Projector
from projections.runner.config import RunnerConfig
from projections.status import projection_statuses
from tests.integration.projection_support import dead_letters, meta, wait_for_position
from tests.service_urls import database_url_of


@pytest.fixture
def projector(settings: Settings) -> Iterator[Projector]:
    config = RunnerConfig(backoff_initial_s=0.02, backoff_max_s=0.1, max_attempts=5)
    with Projector.from_settings(settings, config) as running:
        yield running


def insert_poison_event(settings: Settings) -> int:
    """A stored event whose state cannot be decoded."""
    with psycopg.connect(database_url_of(settings), autocommit=True) as connection:
        row = connection.execute(
            sql.SQL(
                "INSERT INTO {} (originator_id, originator_version, topic, state) "
                "VALUES (%s, 1, 'domain.task:Task.Created', %s) RETURNING notification_id"
            ).format(sql.Identifier(settings.database_schema, "tasklog_events")),
            (uuid.uuid4(), b"{not json"),
        ).fetchone()
    assert row is not None
    return int(row[0])


async def task_list_status(settings: Settings) -> str:
    async with await psycopg.AsyncConnection.connect(
        database_url_of(settings), autocommit=True
    ) as connection:
        statuses = await projection_statuses(connection, settings.database_schema, "tasklog_events")
    return next(s.status for s in statuses if s.name == "task_list")


def test_a_poison_event_is_parked_and_later_events_are_folded(
    projector: Projector, settings: Settings
) -> None:
    url, schema = database_url_of(settings), settings.database_schema
    poison = insert_poison_event(settings)
    after = projector.app.create_task(owner="ann", fields={"title": "after"}, meta=meta("ann"))

    wait_for_position(url, schema, "task_list", after.position)

    parked = [(name, position) for name, _, position, _ in dead_letters(url, schema)]
    assert ("task_list", poison) in parked
    assert asyncio.run(task_list_status(settings)) == "degraded"
