"""``tasklog projector`` started while PostgreSQL refuses connections waits for it, then folds.

A projector that exits at start-up during a database restart leaves every read model
standing still until something starts it again. The refusal is real: the test's own
database has ``ALLOW_CONNECTIONS false`` for a while.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from infrastructure.eventstore import build_task_application
from infrastructure.settings import Settings
from tests.conftest import on_server, own_database
from tests.integration.projection_support import meta, projector_process, wait_for_position

pytestmark = pytest.mark.slow

REFUSED_S = 6.0
"""Longer than a projector needs to start and fail."""


def allow_connections(server_url: str, database_url: str, allowed: bool) -> None:
    name = psycopg.conninfo.conninfo_to_dict(database_url)["dbname"]
    statement = sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS {}")
    on_server(
        server_url,
        statement.format(sql.Identifier(str(name)), sql.SQL("true" if allowed else "false")),
    )


def test_a_projector_started_while_the_database_refuses_waits_and_then_folds(
    server_database_url: str, tmp_path: Path
) -> None:
    with own_database(server_database_url) as database_url:
        settings = Settings(database_url=database_url, database_schema=f"t_{uuid.uuid4().hex}")
        allow_connections(server_database_url, database_url, allowed=False)
        with projector_process(settings, tmp_path / "projector.log") as projector:
            time.sleep(REFUSED_S)
            exited = projector.poll()
            allow_connections(server_database_url, database_url, allowed=True)
            log = (tmp_path / "projector.log").read_text()
            assert exited is None, log
            assert "PostgreSQL refused start-up" in log

            app = build_task_application(database_url, settings.database_schema, 1)
            try:
                position = app.create_task(
                    owner="ann", fields={"title": "After the restart"}, meta=meta("ann")
                ).position
            finally:
                app.close()
            wait_for_position(database_url, settings.database_schema, "task_list", position, 60)
