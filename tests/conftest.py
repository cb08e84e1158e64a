"""Shared fixtures: a PostgreSQL database and schema per test, Redis, and test settings."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from infrastructure.embedded import (
    start_embedded_postgres,
    start_embedded_redis,
    stop_embedded_postgres,
    stop_embedded_redis,
)
from infrastructure.settings import Settings

# Tests may read the environment (only application code may not): CI points these at real
# services; without them the suite starts embedded ones under a temporary directory.
TEST_DATABASE_URL = "TASKLOG_TEST_DATABASE_URL"
TEST_REDIS_URL = "TASKLOG_TEST_REDIS_URL"


def _short_id() -> str:
    return uuid.uuid4().hex[:12]


def url_with_database(url: str, dbname: str) -> str:
    """Return ``url`` pointing at database ``dbname`` on the same server."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{dbname}"))


def connect_when_free(url: str) -> psycopg.Connection[Any]:
    """An autocommit connection to ``url``, waiting up to a minute for a connection slot
    (other test runs may share the server and fill it for a moment)."""
    deadline = time.monotonic() + 60
    while True:
        try:
            return psycopg.connect(url, autocommit=True)
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def on_server(server_url: str, statement: sql.Composed) -> None:
    """Run ``statement`` on the server's maintenance database (``connect_when_free``)."""
    with connect_when_free(server_url) as connection:
        connection.execute(statement)


@contextmanager
def own_database(server_url: str) -> Iterator[str]:
    """A database ``tasklog_own_<hex>`` of the caller's own on the server at ``server_url``
    (for faults that hit a whole database), dropped afterwards."""
    name = f"tasklog_own_{_short_id()}"
    on_server(server_url, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield url_with_database(server_url, name)
    finally:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        on_server(server_url, drop.format(sql.Identifier(name)))


@pytest.fixture(scope="session")
def server_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a PostgreSQL server the tests may create databases on."""
    configured = os.environ.get(TEST_DATABASE_URL)
    if configured:
        yield configured
        return
    data_dir = tmp_path_factory.mktemp("embedded-postgres")
    yield start_embedded_postgres(data_dir)
    stop_embedded_postgres(data_dir)


@pytest.fixture(scope="session")
def database_url(server_database_url: str) -> Iterator[str]:
    """URL of a fresh database ``tasklog_test_<hex>`` for this session, dropped at the end."""
    dbname = f"tasklog_test_{_short_id()}"
    with psycopg.connect(server_database_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    yield url_with_database(server_database_url, dbname)
    with psycopg.connect(server_database_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname))
        )


@pytest.fixture
def schema(database_url: str) -> Iterator[str]:
    """A fresh schema ``t_<hex>`` in the session database; each test gets its own tables."""
    name = f"t_{_short_id()}"
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
    yield name
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a Redis server shared by the session; isolate keys with ``redis_prefix``."""
    configured = os.environ.get(TEST_REDIS_URL)
    if configured:
        yield configured
        return
    data_dir = tmp_path_factory.mktemp("embedded-redis")
    yield start_embedded_redis(data_dir)
    stop_embedded_redis(data_dir)


@pytest.fixture
def redis_prefix() -> str:
    """A key prefix no other test uses, such as ``test:1a2b3c4d5e6f:``."""
    return f"test:{_short_id()}:"


@pytest.fixture
def settings(database_url: str, schema: str, redis_url: str, tmp_path: Path) -> Settings:
    """Settings for a test: its own schema, the session database and Redis, env=test."""
    return Settings.from_env(
        {
            "TASKLOG_DATABASE_URL": database_url,
            "TASKLOG_DATABASE_SCHEMA": schema,
            "TASKLOG_REDIS_URL": redis_url,
            "TASKLOG_DATA_DIR": str(tmp_path / "data"),
            "TASKLOG_ENV": "test",
        }
    )
