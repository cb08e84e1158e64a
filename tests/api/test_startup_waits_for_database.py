"""An API process starting while PostgreSQL refuses connections waits for it, then serves.

Under ``tasklog serve --workers N`` a worker that fails to start makes uvicorn stop the
whole server; a replacement worker started during a database restart must not. The
refusal is real: the test's own database has ``ALLOW_CONNECTIONS false`` for a while.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import psycopg
from litestar import Litestar
from litestar.testing import TestClient
from psycopg import sql

from infrastructure.settings import Settings
from tests.api.helpers import TASKS, Auth
from tests.conftest import on_server, own_database

REFUSED_S = 3.0


def allow_connections(server_url: str, database_url: str, allowed: bool) -> None:
    name = psycopg.conninfo.conninfo_to_dict(database_url)["dbname"]
    statement = sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS {}")
    on_server(
        server_url,
        statement.format(sql.Identifier(str(name)), sql.SQL("true" if allowed else "false")),
    )


def test_the_api_waits_for_a_database_that_refuses_it_at_start_up(
    server_database_url: str,
    api_settings: Settings,
    app_factory: Callable[..., Litestar],
    auth: Auth,
    user: str,
) -> None:
    with own_database(server_database_url) as database_url:
        allow_connections(server_database_url, database_url, allowed=False)
        app = app_factory(replace(api_settings, database_url=database_url))

        def start_and_create() -> int:
            with TestClient(app) as client:
                answer = client.post(TASKS, json={"title": "After"}, headers=auth(user))
                return answer.status_code

        with ThreadPoolExecutor(max_workers=1) as executor:
            serving = executor.submit(start_and_create)
            time.sleep(REFUSED_S)
            still_starting = not serving.done()
            allow_connections(server_database_url, database_url, allowed=True)

            assert still_starting, serving.exception()
            assert serving.result(timeout=60) == 201
