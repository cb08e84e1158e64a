"""Embedded PostgreSQL and Redis start, answer, restart idempotently and stop."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
import redis

from infrastructure.embedded import (
    start_embedded_postgres,
    start_embedded_redis,
    stop_embedded_postgres,
    stop_embedded_redis,
)


def _postgres_answers(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=2) as connection:
            return connection.execute("SELECT 1").fetchone() == (1,)
    except psycopg.OperationalError:
        return False


def _redis_answers(url: str) -> bool:
    client = redis.Redis.from_url(url)
    try:
        return bool(client.ping())
    except (redis.ConnectionError, FileNotFoundError):
        return False
    finally:
        client.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_embedded_postgres_starts_once_and_stops(data_dir: Path) -> None:
    try:
        url = start_embedded_postgres(data_dir)

        assert _postgres_answers(url)
        assert (data_dir / "postgres" / "PG_VERSION").exists()
        assert start_embedded_postgres(data_dir) == url
    finally:
        stop_embedded_postgres(data_dir)

    assert not _postgres_answers(url)


def test_embedded_postgres_restarts_after_stop(data_dir: Path) -> None:
    try:
        url = start_embedded_postgres(data_dir)
        stop_embedded_postgres(data_dir)

        assert start_embedded_postgres(data_dir) == url
        assert _postgres_answers(url)
    finally:
        stop_embedded_postgres(data_dir)


def test_embedded_redis_starts_once_and_stops(data_dir: Path) -> None:
    try:
        url = start_embedded_redis(data_dir)
        client = redis.Redis.from_url(url)
        client.set("greeting", "hello")

        assert url.startswith("unix://")
        assert start_embedded_redis(data_dir) == url
        assert client.get("greeting") == b"hello"
        client.close()
    finally:
        stop_embedded_redis(data_dir)

    assert not _redis_answers(url)


def test_stopping_services_that_never_ran_is_harmless(data_dir: Path) -> None:
    stop_embedded_postgres(data_dir)
    stop_embedded_redis(data_dir)
