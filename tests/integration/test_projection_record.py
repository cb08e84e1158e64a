"""A fold's transaction: rows, tracking and NOTIFY together, or nothing at all."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.postgres import PostgresDatastore
from psycopg import sql

from application.tasks import TaskApplication
from infrastructure.datastore import build_datastore
from infrastructure.pools import connector
from infrastructure.settings import Settings
from projections import catalog
from projections.base import ReadModelView, VersionSwapped
from projections.fold import ANY_CHANGE, Changed
from projections.install import install
from projections.runner.event_source import EventSource
from projections.runner.folding import BatchFolder
from projections.task_list.projection import TaskListProjection
from tests.integration.projection_support import meta
from tests.service_urls import database_url_of


@pytest.fixture
def datastore(settings: Settings) -> Iterator[PostgresDatastore]:
    url = database_url_of(settings)
    store = build_datastore(url, settings.database_schema, 2)
    install(store, connector(url), [TaskListProjection])
    yield store
    store.close()


def serving_folder(datastore: PostgresDatastore, app: TaskApplication) -> BatchFolder:
    with datastore.transaction(commit=False) as curs:
        version = catalog.entry(curs, datastore.schema, "task_list").version
    view = ReadModelView(datastore, projection=TaskListProjection, version=version)
    return BatchFolder(TaskListProjection, view, EventSource(app), serving=True, max_attempts=1)


def titles(settings: Settings, table: str) -> set[str]:
    with psycopg.connect(database_url_of(settings), autocommit=True) as connection:
        rows = connection.execute(
            sql.SQL("SELECT doc::json->>'title' FROM {}").format(
                sql.Identifier(settings.database_schema, table)
            )
        ).fetchall()
    return {row[0] for row in rows}


def fold_next(folder: BatchFolder, position: int) -> Any:
    return folder.fold(folder.source.read(position, 10))


def test_a_fold_after_a_swap_writes_nothing_even_if_the_old_tables_are_gone(
    settings: Settings, app: TaskApplication, datastore: PostgresDatastore
) -> None:
    folder = serving_folder(datastore, app)
    first = app.create_task(owner="ann", fields={"title": "one"}, meta=meta("ann"))
    assert fold_next(folder, 0) == first.position
    second = app.create_task(owner="ann", fields={"title": "two"}, meta=meta("ann"))
    old = folder.view
    table = old.tables.names["task_list"]
    new = ReadModelView(datastore, projection=TaskListProjection, version=old.version + 1)
    new.create_table()
    with datastore.transaction(commit=True) as curs:  # what a swap does, without the fold
        catalog.complete_swap(
            curs, datastore.schema, "task_list", new.version, TaskListProjection.revision
        )
        catalog.point_views(
            curs, datastore.schema, "task_list", TaskListProjection.tables, new.version
        )

    with pytest.raises(VersionSwapped):
        fold_next(folder, first.position)
    assert titles(settings, table) == {"one"}
    assert folder.view.position(app.name) == first.position

    old.drop_tables()  # and then drops the old version's tables
    with pytest.raises(VersionSwapped):
        fold_next(folder, first.position)
    assert folder.failures == {}  # not the events' fault: never counted towards parking
    assert second.position > first.position


def test_a_tracking_position_that_does_not_grow_rolls_the_fold_back(
    settings: Settings, app: TaskApplication, datastore: PostgresDatastore
) -> None:
    folder = serving_folder(datastore, app)
    created = app.create_task(owner="bob", fields={"title": "kept"}, meta=meta("bob"))
    fold_next(folder, 0)
    view = folder.view

    def write(curs: Any) -> Changed:
        curs.execute(view.tables.sql('UPDATE {} SET doc = \'{{"title": "lost"}}\'', "task_list"))
        return ANY_CHANGE

    with pytest.raises(IntegrityError):
        view.record(write, Tracking(app.name, created.position), serving=True)
    assert titles(settings, view.tables.names["task_list"]) == {"kept"}
    assert view.position(app.name) == created.position
