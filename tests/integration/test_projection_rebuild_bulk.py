"""Rebuilds in bulk (chunks, worker processes, COPY) equal the live fold, row by row.

The store comes from the real application: many users, every kind of task event
(created, every field changed, completed, reopened, deleted, next occurrences spawned,
reminders fired) and tasks long enough to be snapshotted. The live projector folds it as
it is written; each rebuild must then produce the very same rows, every column, and the
same tag counts: in this process over many chunks, in worker processes with chunks cut
across tasks, after being killed midway and resumed, and around an event it cannot fold.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from psycopg.rows import dict_row

from infrastructure.settings import Settings
from projections import catalog
from projections.bulk import BulkConfig
from projections.naming import tracking_table
from projections.projector import Projector
from projections.runner.config import RunnerConfig
from projections.task_list.projection import TaskListProjection
from tests.integration.projection_support import (
    assert_read_model_is_the_fold,
    dead_letters,
    meta,
    wait_for_position,
)
from tests.integration.rebuild_support import (
    Store,
    assert_same_rows,
    event_types,
    read_model_rows,
    snapshot_count,
    write_every_kind_of_event,
)
from tests.polling import wait_until
from tests.service_urls import database_url_of

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]

EVERY_EVENT_TYPE = {
    "Created",
    "TitleChanged",
    "DescriptionChanged",
    "PriorityChanged",
    "TagsChanged",
    "DueChanged",
    "RecurrenceChanged",
    "ReminderChanged",
    "Completed",
    "Reopened",
    "Deleted",
    "ReminderFired",
}


def live_store(settings: Settings, *, users: int, tasks_per_user: int) -> Store:
    """Write the store while a projector folds it live; return once it has folded all."""
    with Projector.from_settings(settings, RunnerConfig(batch_size=20)) as live:
        store = write_every_kind_of_event(live.app, users=users, tasks_per_user=tasks_per_user)
        wait_for_position(
            database_url_of(settings), settings.database_schema, "task_list", store.position, 180
        )
        assert_read_model_is_the_fold(live.app, settings, store.ids)
    return store


def request_rebuild(settings: Settings) -> int:
    """Ask for a rebuild of task_list (as the API's endpoint does); the version it builds."""
    with psycopg.connect(database_url_of(settings), autocommit=True) as connection:
        curs = connection.cursor(row_factory=dict_row)
        return catalog.request_rebuild(
            curs, settings.database_schema, "task_list", TaskListProjection.revision
        )


def rebuild(
    settings: Settings, bulk: BulkConfig, progress: Callable[[int, int], None] | None = None
) -> None:
    """Run the requested rebuild to its swap in this process (nothing else running)."""
    projector = Projector.from_settings(settings, RunnerConfig(bulk=bulk, rebuild_batch_size=40))
    try:
        assert projector.rebuild(TaskListProjection).run(progress)
    finally:
        projector.stop()


def parked(url: str, schema: str) -> list[tuple[int, int]]:
    """(version, position) of every event parked by task_list."""
    return [(row[1], row[2]) for row in dead_letters(url, schema) if row[0] == "task_list"]


def serving_version(settings: Settings) -> int:
    with psycopg.connect(database_url_of(settings), autocommit=True) as connection:
        row = connection.execute(
            sql.SQL("SELECT version FROM {} WHERE name = 'task_list'").format(
                sql.Identifier(settings.database_schema, "projection_catalog")
            )
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_a_rebuild_equals_the_live_fold_row_by_row(settings: Settings) -> None:
    url, schema = database_url_of(settings), settings.database_schema
    store = live_store(settings, users=24, tasks_per_user=5)
    assert event_types(url, schema) >= EVERY_EVENT_TYPE
    assert store.done.get("spawn", 0) > 0
    assert snapshot_count(url, schema) > 0
    live_tasks, live_tags = read_model_rows(url, schema)
    assert len(live_tasks) > 50
    assert live_tags

    for bulk in (
        # In this process, in chunks far smaller than the store: most tasks' events span
        # several chunks, so their rows are read back and replaced.
        BulkConfig(chunk_events=50, workers=1),
        # Three worker processes, chunks of an odd size.
        BulkConfig(chunk_events=97, workers=3, processes_from=0),
    ):
        version = request_rebuild(settings)
        rebuild(settings, bulk)
        assert serving_version(settings) == version
        rebuilt_tasks, rebuilt_tags = read_model_rows(url, schema)
        assert_same_rows(live_tasks, rebuilt_tasks)
        assert_same_rows(live_tags, rebuilt_tags)


def _children(pid: int) -> set[int]:
    """Process ids of the live children of ``pid``."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def _tracked(url: str, schema: str, version: int) -> int:
    """The position the version being rebuilt has reached (0 before its first chunk)."""
    with psycopg.connect(url, autocommit=True) as connection:
        try:
            row = connection.execute(
                sql.SQL("SELECT max(notification_id) FROM {} WHERE application_name = %s").format(
                    sql.Identifier(schema, tracking_table("task_list", version))
                ),
                ("Tasklog",),
            ).fetchone()
        except psycopg.errors.UndefinedTable:
            return 0
    return int(row[0]) if row and row[0] is not None else 0


def test_a_rebuild_killed_midway_resumes_to_the_same_result(settings: Settings) -> None:
    url, schema = database_url_of(settings), settings.database_schema
    store = live_store(settings, users=12, tasks_per_user=5)
    live_tasks, live_tags = read_model_rows(url, schema)
    version = request_rebuild(settings)

    process = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.rebuild_process", url, schema, "60", "2"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith("TASKLOG_")},
    )
    workers: set[int] = set()
    try:

        def a_third_done() -> bool:
            assert process.poll() is None, "the rebuild ended before it could be killed"
            workers.update(_children(process.pid))
            return _tracked(url, schema, version) >= store.position // 3

        wait_until(
            a_third_done,
            timeout_s=120,
            interval_s=0.02,
            message=lambda: f"the rebuild is stuck at {_tracked(url, schema, version)}",
        )
        workers |= _children(process.pid)
        process.send_signal(signal.SIGKILL)  # as a crash would: no cleanup, mid-chunk
        process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    killed_at = _tracked(url, schema, version)
    assert 0 < killed_at < store.position
    assert serving_version(settings) == version - 1  # the old version still serves
    # Orphaned workers find their pipe closed and exit.
    wait_until(
        lambda: not any(_alive(pid) for pid in workers),
        timeout_s=30,
        interval_s=0.1,
        message="rebuild workers outlived their coordinator",
    )

    resumed_from: list[int] = []
    rebuild(
        settings,
        BulkConfig(chunk_events=60, workers=2, processes_from=0),
        lambda position, head: resumed_from.append(position),
    )
    assert resumed_from[0] == killed_at
    assert serving_version(settings) == version
    rebuilt_tasks, rebuilt_tags = read_model_rows(url, schema)
    assert_same_rows(live_tasks, rebuilt_tasks)
    assert_same_rows(live_tags, rebuilt_tags)


def test_an_event_the_bulk_fold_cannot_fold_is_parked_and_the_rest_is_rebuilt(
    settings: Settings,
) -> None:
    url, schema = database_url_of(settings), settings.database_schema
    with Projector.from_settings(settings, RunnerConfig(batch_size=20)) as live:
        app = live.app
        ids = [
            app.create_task(owner=f"u{n % 4}", fields={"title": f"t{n}"}, meta=meta("u")).task.id
            for n in range(120)
        ]
        # An event that cannot be decoded, stored in the middle of the log.
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(
                sql.SQL(
                    "INSERT INTO {} (originator_id, originator_version, topic, state) "
                    "VALUES (%s, 2, 'domain.task:Task.TitleChanged', 'not json')"
                ).format(sql.Identifier(schema, "tasklog_events")),
                (ids[7],),
            )
        position = 0
        for n in range(120):
            position = app.create_task(
                owner=f"u{n % 4}", fields={"title": f"later {n}"}, meta=meta("u")
            ).position
        wait_for_position(url, schema, "task_list", position, 120)
        live_tasks, live_tags = read_model_rows(url, schema)
    assert parked(url, schema) == [(serving_version(settings), 121)]

    version = request_rebuild(settings)
    config = RunnerConfig(
        bulk=BulkConfig(chunk_events=50, workers=1), rebuild_batch_size=25, max_attempts=3
    )
    projector = Projector.from_settings(settings, config)
    try:
        builder = projector.rebuild(TaskListProjection)
        failures = 0
        while True:  # as the rebuild watcher does: run again after a failure
            try:
                assert builder.run()
                break
            except Exception:
                failures += 1
                assert failures < config.max_attempts
    finally:
        projector.stop()
    assert failures == config.max_attempts - 1
    assert serving_version(settings) == version
    assert (version, 121) in parked(url, schema)
    rebuilt_tasks, rebuilt_tags = read_model_rows(url, schema)
    assert_same_rows(live_tasks, rebuilt_tasks)
    assert_same_rows(live_tags, rebuilt_tags)
