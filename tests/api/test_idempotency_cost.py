"""What an Idempotency-Key costs a write: no WAL flush of its own, and a duplicate of a
request still running gets a quick 409 rather than a long wait."""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import psycopg
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from psycopg import sql

from infrastructure.eventstore import EVENTS_TABLE
from infrastructure.settings import Settings
from tests.api.helpers import TASKS, Auth, Client, assert_problem, create_task
from tests.api.processes import serving
from tests.conftest import url_with_database
from tests.polling import wait_until_async

FLUSH_DELAY_US = 100_000
FLUSH_DELAY_S = FLUSH_DELAY_US / 1e6


@pytest.fixture
def slow_flush_database(server_database_url: str) -> Iterator[str]:
    """A database of its own whose sessions wait 100 ms before each WAL flush.

    ``commit_delay`` makes each synchronous commit wait before it flushes the WAL
    (``commit_siblings`` 0: even with no other transaction open); an asynchronous commit
    never flushes, so never waits. A request's time then counts the WAL flushes it waited
    for. Set on the database, it reaches every pool's sessions, whatever their options.
    """
    with psycopg.connect(server_database_url, autocommit=True) as connection:
        row = connection.execute(
            "SELECT current_setting('is_superuser'), current_setting('fsync')"
        ).fetchone()
        assert row is not None
        if row[0] != "on":
            pytest.skip("commit_delay can only be set by a superuser; the test role is not one")
        if row[1] != "on":
            pytest.skip("commit_delay only applies with fsync on; the test server has it off")
        name = f"tasklog_flush_{uuid.uuid4().hex[:12]}"
        database = sql.Identifier(name)
        connection.execute(sql.SQL("CREATE DATABASE {}").format(database))
        for setting, value in (("commit_delay", FLUSH_DELAY_US), ("commit_siblings", 0)):
            connection.execute(
                sql.SQL("ALTER DATABASE {} SET {} = {}").format(
                    database, sql.Identifier(setting), sql.Literal(value)
                )
            )
    yield url_with_database(server_database_url, name)
    with psycopg.connect(server_database_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))


@pytest.fixture
async def slow_client(
    slow_flush_database: str, api_settings: Settings, app_factory: Callable[..., Litestar]
) -> AsyncIterator[Client]:
    settings = replace(api_settings, database_url=slow_flush_database)
    async with AsyncTestClient(app_factory(settings)) as test_client:
        yield test_client


async def timed_write(client: Client, headers: dict[str, str], task_id: str, n: int) -> float:
    """Seconds for one write: a create when ``n`` is even, else a PATCH of ``task_id``."""
    started = time.perf_counter()
    if n % 2 == 0:
        response = await client.post(TASKS, json={"title": f"Write {n}"}, headers=headers)
        assert response.status_code == 201, response.text
    else:
        response = await client.patch(
            f"{TASKS}/{task_id}", json={"title": f"Write {n}"}, headers=headers
        )
        assert response.status_code == 200, response.text
    return time.perf_counter() - started


async def test_a_write_with_a_key_waits_for_one_wal_flush_as_one_without(
    slow_client: Client, auth: Auth, user: str
) -> None:
    task = await create_task(slow_client, auth(user))

    plain: list[float] = []
    keyed: list[float] = []
    for n in range(12):  # alternately, so that a slow spell of the machine hits both
        if n % 4 < 2:
            plain.append(await timed_write(slow_client, auth(user), task["id"], n))
        else:
            key = {"Idempotency-Key": f"key-{n}"}
            keyed.append(await timed_write(slow_client, auth(user) | key, task["id"], n))

    # The delay is in force: a write waits for its events' flush. (Not always: a commit
    # another session's flush already covered does not wait, hence medians.)
    assert statistics.median(plain) >= FLUSH_DELAY_S
    # The key commits with the events and the stored response waits for no flush: a
    # synchronous commit of its own would add a whole delay.
    assert statistics.median(keyed) < statistics.median(plain) + FLUSH_DELAY_S / 2


@pytest.mark.slow
@pytest.mark.timeout(120)
async def test_a_duplicate_of_a_request_still_running_gets_a_409_within_a_second(
    database_url: str, schema: str, tmp_path: Path
) -> None:
    body = {"title": "Held"}
    with serving(tmp_path, database_url, schema) as server:
        headers = server.auth("held-user") | {"Idempotency-Key": "held"}
        async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as client:
            with (
                psycopg.connect(database_url) as blocker,
                psycopg.connect(database_url) as observer,
            ):
                # Inserting events needs this table: holding it keeps the first request running.
                blocker.execute(
                    sql.SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(
                        sql.Identifier(schema, EVENTS_TABLE)
                    )
                )
                first = asyncio.create_task(client.post(TASKS, json=body, headers=headers))
                await waiting_for_the_events(observer, schema)

                started = time.perf_counter()
                duplicate = await client.post(TASKS, json=body, headers=headers)
                elapsed = time.perf_counter() - started
                blocker.rollback()
            created = await first
            replayed = await client.post(TASKS, json=body, headers=headers)

    assert elapsed < 1.0
    assert_problem(duplicate, 409)
    assert duplicate.headers["Retry-After"] == "1"
    assert created.status_code == 201, created.text
    assert replayed.status_code == 201
    assert replayed.headers["Idempotency-Replayed"] == "true"
    assert replayed.json() == created.json()


async def waiting_for_the_events(connection: psycopg.Connection, schema: str) -> None:
    """Wait until a request's insert waits for the events table (its key recorded in the
    same transaction, not yet committed)."""
    query = """
        SELECT 1 FROM pg_locks l
        JOIN pg_class c ON c.oid = l.relation
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE NOT l.granted AND n.nspname = %s AND c.relname = %s
    """

    def waiting() -> bool:
        found = connection.execute(query, (schema, EVENTS_TABLE)).fetchone()
        connection.rollback()
        return found is not None

    await wait_until_async(
        waiting, timeout_s=10, interval_s=0.02, message="no request waited for the events table"
    )
