"""Blue/green rebuilds: reads never fail nor see a half-built table; interrupted builds resume."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import psycopg
import pytest
from psycopg import sql

from infrastructure.settings import Settings
from projections import catalog
from projections.install import install
from projections.projector import Projector
from projections.registry import projection_named
from projections.runner.config import RunnerConfig
from projections.task_list.cursor import CursorCodec
from projections.task_list.params import parse_list_query
from projections.task_list.projection import TaskListProjection
from projections.task_list.queries import get_task, list_tasks
from tests.integration.command_load import CommandStream
from tests.integration.projection_support import (
    assert_read_model_is_the_fold,
    meta,
    wait_for_position,
)
from tests.service_urls import database_url_of

pytestmark = pytest.mark.slow


@pytest.fixture
def projector(settings: Settings) -> Iterator[Projector]:
    config = RunnerConfig(batch_size=40, rebuild_poll_s=0.2)
    with Projector.from_settings(settings, config) as running:
        yield running


def serving_version(settings: Settings) -> int:
    with psycopg.connect(database_url_of(settings), autocommit=True) as connection:
        row = connection.execute(
            sql.SQL("SELECT version FROM {} WHERE name = 'task_list'").format(
                sql.Identifier(settings.database_schema, "projection_catalog")
            )
        ).fetchone()
    assert row is not None
    return int(row[0])


def request_rebuild(projector: Projector) -> int:
    with projector.datastore.transaction(commit=True) as curs:
        return catalog.request_rebuild(
            curs, projector.datastore.schema, "task_list", TaskListProjection.revision
        )


class Reader(threading.Thread):
    """Reads a quiet user's whole list (paged) and one task, over and over, until stopped."""

    def __init__(self, settings: Settings, owner: str, expected: set[str]) -> None:
        super().__init__(daemon=True)
        self.url, self.schema = database_url_of(settings), settings.database_schema
        self.owner, self.expected = owner, expected
        self.stop_event = threading.Event()
        self.reads = 0
        self.failures: list[Any] = []

    def run(self) -> None:
        asyncio.run(self._loop())

    async def _loop(self) -> None:
        codec = CursorCodec(b"k" * 32)
        one = next(iter(self.expected))
        async with await psycopg.AsyncConnection.connect(self.url, autocommit=True) as conn:
            while not self.stop_event.is_set():
                try:
                    seen: list[str] = []
                    cursor: str | None = None
                    while True:
                        params = {"limit": ["25"], **({"cursor": [cursor]} if cursor else {})}
                        page = await list_tasks(
                            conn,
                            self.schema,
                            owner=self.owner,
                            query=parse_list_query(params),
                            codec=codec,
                            now=datetime.now(UTC),
                        )
                        seen += [doc["id"] for doc in json.loads(page.body)]
                        cursor = page.next_cursor
                        if cursor is None:
                            break
                    found = await get_task(conn, self.schema, owner=self.owner, task_id=UUID(one))
                    if set(seen) != self.expected or len(seen) != len(self.expected):
                        self.failures.append(("list", len(seen)))
                    if found.doc is None:
                        self.failures.append(("get", one))
                except Exception as error:
                    self.failures.append(error)
                self.reads += 1


def test_reads_keep_answering_during_a_rebuild_and_the_swap(
    projector: Projector, settings: Settings
) -> None:
    url, schema = database_url_of(settings), settings.database_schema
    app = projector.app
    quiet = {
        str(app.create_task(owner="quiet", fields={"title": f"q{n}"}, meta=meta("quiet")).task.id)
        for n in range(60)
    }
    stream = CommandStream(app, ["busy1", "busy2"], seed=7)
    for _ in range(1500):
        stream.step()
    wait_for_position(url, schema, "task_list", stream.position)
    reader = Reader(settings, "quiet", quiet)
    reader.start()
    stream.start()  # writes go on during the rebuild too

    version = request_rebuild(projector)
    wait_for_position(url, schema, "task_list", stream.position, 60)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("LISTEN {}").format(sql.Identifier(f"tasklog_projection.{schema}"))
        )
        while serving_version(settings) != version:  # the swap NOTIFYs
            for _ in connection.notifies(timeout=1.0, stop_after=1):
                pass
    head = stream.stop()
    reader.stop_event.set()
    reader.join()

    wait_for_position(url, schema, "task_list", head, 60)
    assert reader.failures == []
    assert reader.reads > 5
    assert_read_model_is_the_fold(app, settings, stream.ids | {UUID(i) for i in quiet})
    with psycopg.connect(url, autocommit=True) as connection:
        tables = {
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename LIKE %s",
                (schema, "task_list%"),
            )
        }
    assert tables == {
        f"task_list_v{version}",
        f"task_list_tags_v{version}",
        f"task_list_v{version}_tracking",
    }


def test_an_interrupted_rebuild_resumes_where_it_stopped(settings: Settings) -> None:
    url, schema = database_url_of(settings), settings.database_schema
    config = RunnerConfig(batch_size=25, rebuild_batch_size=25)
    first = Projector.from_settings(settings, config)
    ids = {
        first.app.create_task(owner="ann", fields={"title": f"t{n}"}, meta=meta("ann")).task.id
        for n in range(300)
    }
    install(first.datastore, first.connect, first.projections)
    version = request_rebuild(first)
    stopped_at: list[int] = []

    def stop_half_way(position: int, head: int) -> None:
        if position >= head // 2 and not stopped_at:
            stopped_at.append(position)
            first.stop_event.set()  # as if the process died between two batches

    assert first.rebuild(projection_named("task_list")).run(stop_half_way)
    first.stop()
    assert serving_version(settings) == version - 1

    second = Projector.from_settings(settings, config)  # not started: only this rebuild runs
    resumed_from: list[int] = []
    assert second.rebuild(projection_named("task_list")).run(
        lambda position, head: resumed_from.append(position)
    )
    second.stop()

    assert resumed_from[0] >= stopped_at[0] > 0
    assert serving_version(settings) == version
    with Projector.from_settings(settings, config) as third:
        wait_for_position(url, schema, "task_list", third.source.head())
        assert_read_model_is_the_fold(third.app, settings, ids)


def test_a_projector_with_a_new_code_revision_rebuilds_by_itself(settings: Settings) -> None:
    url, schema = database_url_of(settings), settings.database_schema
    config = RunnerConfig(batch_size=25, rebuild_poll_s=0.2)
    old = Projector.from_settings(settings, config)
    ids = {
        old.app.create_task(owner="ann", fields={"title": f"t{n}"}, meta=meta("ann")).task.id
        for n in range(50)
    }
    install(old.datastore, old.connect, old.projections)
    with old.datastore.transaction(commit=True) as curs:  # as if older code built v1
        curs.execute(
            sql.SQL("UPDATE {} SET revision = revision - 1 WHERE name = 'task_list'").format(
                sql.Identifier(schema, "projection_catalog")
            )
        )
    old.stop()

    with Projector.from_settings(settings, config) as current:
        head = current.source.head()
        wait_for_position(url, schema, "task_list", head)
        assert serving_version(settings) == 2
        assert_read_model_is_the_fold(current.app, settings, ids)
