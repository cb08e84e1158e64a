"""Fold pacing: under a burst a live worker folds many events at once; alone, at once.

Each fold of ``task_list`` is one transaction that sends one NOTIFY with the position it
reached, so the NOTIFYs a listener hears count the folds.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import psycopg
import pytest
from psycopg import sql

from infrastructure.settings import Settings
from projections.naming import demand_channel, notify_channel
from projections.projector import Projector
from projections.runner.config import RunnerConfig
from tests.integration.projection_support import (
    assert_read_model_is_the_fold,
    meta,
    wait_for_position,
)
from tests.polling import wait_until
from tests.service_urls import database_url_of


@contextmanager
def task_list_folds(settings: Settings) -> Iterator[list[int]]:
    """The positions of ``task_list``'s folds, as their NOTIFYs arrive (one per fold)."""
    url = database_url_of(settings)
    positions: list[int] = []
    listening = threading.Event()
    stop = threading.Event()

    def listen() -> None:
        with psycopg.connect(url, autocommit=True) as connection:
            channel = notify_channel(settings.database_schema)
            connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
            listening.set()
            while not stop.is_set():
                for note in connection.notifies(timeout=0.1):
                    head = note.payload.partition("\n")[0]
                    name, _, position = head.rpartition(":")
                    if name == "task_list":
                        positions.append(int(position))

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    assert listening.wait(10)
    try:
        yield positions
    finally:
        stop.set()
        thread.join(5)


def live_heartbeat(database_url: str, schema: str, name: str) -> tuple[int, datetime | None] | None:
    """The live worker's last heartbeat (``None``: none yet): its position, and when it
    last recorded that it had reached the end of the log (``None``: never).

    The coordinator refreshes ``heartbeat_at`` on its own, so being caught up is read
    from ``caught_up_at`` alone.
    """
    with psycopg.connect(database_url, autocommit=True) as connection:
        row = connection.execute(
            sql.SQL(
                "SELECT position, caught_up_at FROM {} WHERE name = %s AND role = 'live'"
            ).format(sql.Identifier(schema, "projection_workers")),
            (name,),
        ).fetchone()
    return (int(row[0]), row[1]) if row is not None else None


def database_now(database_url: str) -> datetime:
    """The database's clock (the one heartbeats are written with)."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        row = connection.execute("SELECT now()").fetchone()
    assert row is not None
    now: datetime = row[0]
    return now


@pytest.fixture
def settings_url(settings: Settings) -> str:
    return database_url_of(settings)


def test_a_burst_is_folded_in_few_batches_and_completely(
    settings: Settings, settings_url: str
) -> None:
    config = RunnerConfig(fold_intervals={"task_list": 2.0})
    with Projector.from_settings(settings, config) as projector, task_list_folds(settings) as folds:
        app = projector.app
        first = app.create_task(owner="ann", fields={"title": "first"}, meta=meta("ann"))
        wait_for_position(settings_url, settings.database_schema, "task_list", first.position)
        ids = {first.task.id}
        last = first.position
        burst = 10
        for number in range(burst):  # well within the 2 s since the first fold started
            if number == burst - 1:
                before_last = database_now(settings_url)  # the last write comes after it
            result = app.create_task(
                owner=f"user-{number % 3}", fields={"title": f"burst {number}"}, meta=meta("u")
            )
            ids.add(result.task.id)
            last = result.position
        wait_for_position(settings_url, settings.database_schema, "task_list", last)
        wait_until(lambda: folds and folds[-1] == last, message=lambda: f"folds {folds}")

        burst_folds = [position for position in folds if position > first.position]
        assert 1 <= len(burst_folds) <= 2, folds  # not one fold per event
        assert projector.workers["task_list"].paced >= 1
        assert_read_model_is_the_fold(app, settings, ids)
        # The fold's own transaction said so: caught up, at the last position.
        heartbeat = live_heartbeat(settings_url, settings.database_schema, "task_list")
        assert heartbeat is not None
        position, caught_up_at = heartbeat
        assert position == last
        assert caught_up_at is not None
        assert caught_up_at >= before_last


def test_an_event_after_a_quiet_spell_is_folded_without_waiting(
    settings: Settings, settings_url: str
) -> None:
    config = RunnerConfig(fold_intervals={"task_list": 1.0})
    with Projector.from_settings(settings, config) as projector, task_list_folds(settings) as folds:
        app = projector.app
        worker = projector.workers["task_list"]
        # Idle first: an event stored while the worker starts up is read before its NOTIFY
        # arrives, and that late NOTIFY then wakes the worker within the interval.
        wait_until(
            lambda: (
                (heartbeat := live_heartbeat(settings_url, settings.database_schema, "task_list"))
                is not None
                and heartbeat[1] is not None
            ),
            message="the worker never reported itself idle",
        )
        first = app.create_task(owner="ann", fields={"title": "one"}, meta=meta("ann"))
        wait_for_position(settings_url, settings.database_schema, "task_list", first.position)
        time.sleep(1.3)  # longer than the interval since that fold started

        second = app.create_task(owner="ann", fields={"title": "two"}, meta=meta("ann"))
        wait_for_position(settings_url, settings.database_schema, "task_list", second.position)
        wait_until(lambda: second.position in folds, message=lambda: f"folds {folds}")

        assert worker.paced == 0
        assert folds == [first.position, second.position]


def ask_for(settings_url: str, schema: str, name: str) -> None:
    """What an API process does when a read waits on ``name``."""
    with psycopg.connect(settings_url, autocommit=True) as connection:
        connection.execute("SELECT pg_notify(%s, %s)", (demand_channel(schema), name))


def test_a_read_models_demand_ends_its_paced_wait(settings: Settings, settings_url: str) -> None:
    schema = settings.database_schema
    config = RunnerConfig(fold_intervals={"task_list": 60.0})
    with Projector.from_settings(settings, config) as projector, task_list_folds(settings) as folds:
        app = projector.app
        worker = projector.workers["task_list"]
        first = app.create_task(owner="ann", fields={"title": "one"}, meta=meta("ann"))
        wait_for_position(settings_url, schema, "task_list", first.position)
        second = app.create_task(owner="ann", fields={"title": "two"}, meta=meta("ann"))
        # Heard of it, sitting out the minute.
        wait_until(lambda: worker.paced >= 1, message="the worker never paced its fold")

        ask_for(settings_url, schema, "reminders")  # another read model's demand: no fold
        time.sleep(0.5)
        assert second.position not in folds
        assert worker.demanded == 0

        ask_for(settings_url, schema, "task_list")
        wait_for_position(settings_url, schema, "task_list", second.position, timeout=10)
        wait_until(lambda: second.position in folds, message=lambda: f"folds {folds}")
        assert worker.demanded == 1
        assert_read_model_is_the_fold(app, settings, {first.task.id, second.task.id})


def test_catching_up_a_backlog_is_not_paced(settings: Settings, settings_url: str) -> None:
    # An hour between folds: a paced catch-up would time out below.
    config = RunnerConfig(batch_size=5, fold_intervals={"task_list": 3600.0})
    projector = Projector.from_settings(settings, config)
    try:
        ids = set()
        last = 0
        for number in range(12):
            result = projector.app.create_task(
                owner="ann", fields={"title": f"backlog {number}"}, meta=meta("ann")
            )
            ids.add(result.task.id)
            last = result.position
        projector.start()
        wait_for_position(settings_url, settings.database_schema, "task_list", last, timeout=30)

        assert projector.workers["task_list"].paced == 0
        assert_read_model_is_the_fold(projector.app, settings, ids)
    finally:
        projector.stop()


def test_the_intervals_come_from_the_settings(settings: Settings) -> None:
    configured = dataclasses.replace(
        settings, projector_fold_interval_ms=40, projector_job_fold_interval_ms=300
    )
    projector = Projector.from_settings(configured)
    try:
        assert projector.config.fold_interval_s == pytest.approx(0.04)
        assert projector.config.job_fold_interval_s == pytest.approx(0.3)
    finally:
        projector.stop()
