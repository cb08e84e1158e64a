"""PostgreSQL wiring against a real server: schema creation, search path, event store."""

from __future__ import annotations

import uuid
from uuid import UUID

import psycopg
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from infrastructure.database import conninfo_with_search_path, ensure_schema, eventsourcing_env


class Counter(Aggregate):
    """A minimal aggregate, so this test does not depend on the domain package."""

    def __init__(self) -> None:
        self.count = 0

    @event("Incremented")
    def increment(self) -> None:
        self.count += 1


def _tables_in(database_url: str, schema: str) -> set[str]:
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
            (schema,),
        ).fetchall()
    return {row[0] for row in rows}


def _schema_exists(database_url: str, schema: str) -> bool:
    with psycopg.connect(database_url) as connection:
        row = connection.execute(
            "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", (schema,)
        ).fetchone()
    return row is not None


def test_ensure_schema_creates_missing_schema(database_url: str) -> None:
    name = f"s_{uuid.uuid4().hex[:12]}"
    try:
        ensure_schema(database_url, name)

        assert _schema_exists(database_url, name)
    finally:
        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


def test_ensure_schema_is_idempotent(database_url: str, schema: str) -> None:
    ensure_schema(database_url, schema)
    ensure_schema(database_url, schema)

    assert _schema_exists(database_url, schema)


def test_search_path_puts_unqualified_tables_in_schema(database_url: str, schema: str) -> None:
    with psycopg.connect(conninfo_with_search_path(database_url, schema)) as connection:
        connection.execute("CREATE TABLE probe (id int)")

    assert _tables_in(database_url, schema) == {"probe"}
    assert "probe" not in _tables_in(database_url, "public")


def test_event_store_saves_and_reloads_in_schema(database_url: str, schema: str) -> None:
    app: Application[UUID] = Application(env=eventsourcing_env(database_url, schema, pool_size=2))
    try:
        counter = Counter()
        counter.increment()
        counter.increment()
        app.save(counter)

        reloaded: Counter = app.repository.get(counter.id)
    finally:
        app.close()

    assert reloaded.count == 2
    assert reloaded.version == 3
    assert "application_events" in _tables_in(database_url, schema)
