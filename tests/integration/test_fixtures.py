"""The shared fixtures give each test an isolated schema, Redis prefix and settings."""

from __future__ import annotations

import psycopg
import redis

from infrastructure.settings import Settings


def test_settings_point_at_test_services(
    settings: Settings, database_url: str, schema: str, redis_url: str
) -> None:
    assert settings.database_url == database_url
    assert settings.database_schema == schema
    assert settings.redis_url == redis_url
    assert settings.env == "test"


def test_schema_exists_in_session_database(database_url: str, schema: str) -> None:
    with psycopg.connect(database_url) as connection:
        row = connection.execute(
            "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", (schema,)
        ).fetchone()

    assert row == (1,)


def test_each_test_gets_a_fresh_schema_and_prefix(schema: str, redis_prefix: str) -> None:
    assert schema.startswith("t_")
    assert redis_prefix.startswith("test:")


def test_redis_answers(redis_url: str, redis_prefix: str) -> None:
    client = redis.Redis.from_url(redis_url)
    try:
        client.set(f"{redis_prefix}key", "value", ex=60)

        assert client.get(f"{redis_prefix}key") == b"value"
    finally:
        client.close()
