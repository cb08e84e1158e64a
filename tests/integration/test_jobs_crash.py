"""A worker killed with SIGKILL in the middle of its jobs: a restarted worker does them, once.

Worker processes run as in production (``build_worker(...).run()``, signals handled). The
test holds the event store's table lock so the jobs block inside their write, kills the
worker there, releases the lock and starts another worker: arq runs the jobs again once
their in-progress mark expires, and the next occurrence exists once and the reminder has
fired once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
import pytest
import redis
from psycopg import sql

from application.tasks import occurrence_id
from infrastructure.eventstore import EVENTS_TABLE, build_task_application
from infrastructure.settings import Settings
from jobs.names import queue_name
from projections.projector import Projector
from tests.integration.jobs_support import (
    firings,
    occurrences,
    recurring_completed,
    reminder_due_now,
)
from tests.polling import wait_until
from tests.service_urls import database_url_of, redis_url_of

JOB_TIMEOUT_S = 5.0
"""Longer than the jobs are held, shorter than the default to keep the test quick."""

WORKER = f"""
import os
from jobs import build_worker
from infrastructure.logging import configure_logging
from infrastructure.settings import Settings
configure_logging("INFO")
build_worker(Settings.from_env(os.environ), job_timeout_s={JOB_TIMEOUT_S}).run()
"""


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return replace(settings, eventstore_pool_size=2)


@contextmanager
def worker_process(settings: Settings, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A worker process for the test's deployment; stopped (SIGTERM) on exit if still alive."""
    env = {
        **os.environ,
        "TASKLOG_DATABASE_URL": database_url_of(settings),
        "TASKLOG_DATABASE_SCHEMA": settings.database_schema,
        "TASKLOG_REDIS_URL": redis_url_of(settings),
        "TASKLOG_EVENTSTORE_POOL_SIZE": str(settings.eventstore_pool_size),
        "TASKLOG_DATA_DIR": str(settings.data_dir),
        "TASKLOG_ENV": "test",
    }
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-c", WORKER], env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


def wait_until_started(settings: Settings, process: subprocess.Popen[bytes]) -> None:
    """Until the worker has finished start-up (it records its health on its first poll)."""
    client = redis.Redis.from_url(redis_url_of(settings))
    key = queue_name(settings.database_schema) + ":health-check"
    try:
        wait_until(
            lambda: process.poll() is not None or bool(client.exists(key)),
            message="the worker never recorded its health",
        )
    finally:
        client.close()
    assert process.poll() is None, "the worker exited during start-up"


def blocked_writers(connection: psycopg.Connection[Any], schema: str) -> int:
    """Sessions waiting for the event store's table lock."""
    row = connection.execute(
        "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE NOT l.granted AND n.nspname = %s AND c.relname = %s",
        (schema, EVENTS_TABLE),
    ).fetchone()
    return int(row[0]) if row else 0


@pytest.mark.slow
def test_a_worker_killed_mid_job_is_replaced_and_the_work_done_once(
    settings: Settings, tmp_path: Path
) -> None:
    url = database_url_of(settings)
    schema = settings.database_schema
    app = build_task_application(url, schema, 2)
    task, _ = recurring_completed(app, "alice")
    reminded, _ = reminder_due_now(app, "alice")
    log = tmp_path / "workers.log"

    with worker_process(settings, log) as first:
        wait_until_started(settings, first)
        projector = Projector.from_settings(settings)
        with psycopg.connect(url) as holder:
            holder.execute(
                sql.SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(
                    sql.Identifier(schema, EVENTS_TABLE)
                )
            )
            with projector, psycopg.connect(url, autocommit=True) as watcher:
                # The projector folds the completion and the reminder, the worker's fast
                # path enqueues both jobs, and both block in their write.
                wait_until(
                    lambda: blocked_writers(watcher, schema) >= 2,
                    message="the two jobs never blocked in their writes",
                )
                first.send_signal(signal.SIGKILL)
                first.wait(timeout=10)
                holder.rollback()

                with worker_process(settings, log) as second:
                    wait_until(
                        lambda: (
                            occurrence_id(task.id, 2) in app.repository
                            and len(firings(app, reminded.id)) == 1
                        ),
                        timeout_s=60,
                        message="the second worker did not finish both jobs",
                    )
                    second.send_signal(signal.SIGTERM)
                    second.wait(timeout=30)

    assert first.returncode == -signal.SIGKILL
    assert [t.occurrence for t in occurrences(app, task.id)] == [1, 2]
    assert len(firings(app, reminded.id)) == 1
    app.close()
