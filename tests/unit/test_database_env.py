"""eventsourcing_env and conninfo_with_search_path: URL translation without a server."""

from __future__ import annotations

import pytest
from psycopg.conninfo import conninfo_to_dict

from infrastructure.database import conninfo_with_search_path, eventsourcing_env


def test_tcp_url_becomes_postgres_keys() -> None:
    env = eventsourcing_env("postgresql://alice:s%40cret@db.internal:6543/tasks", "app", 7)

    assert env == {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": "tasks",
        "POSTGRES_HOST": "db.internal",
        "POSTGRES_PORT": "6543",
        "POSTGRES_USER": "alice",
        "POSTGRES_PASSWORD": "s@cret",
        "POSTGRES_SCHEMA": "app",
        "POSTGRES_POOL_SIZE": "7",
        "POSTGRES_MAX_OVERFLOW": "7",
        "POSTGRES_CONNECT_TIMEOUT": "5",
        "POSTGRES_PRE_PING": "n",
        "CREATE_TABLE": "y",
    }


def test_socket_url_uses_directory_as_host_and_defaults() -> None:
    env = eventsourcing_env("postgresql://postgres:@/postgres?host=/run/pg", "public", 3)

    assert env["POSTGRES_HOST"] == "/run/pg"
    assert env["POSTGRES_PORT"] == "5432"
    assert env["POSTGRES_PASSWORD"] == ""
    assert env["POSTGRES_DBNAME"] == "postgres"


def test_db_functions_are_never_enabled() -> None:
    env = eventsourcing_env("postgresql://u@h/d", "s", 1)

    assert "POSTGRES_ENABLE_DB_FUNCTIONS" not in env


@pytest.mark.parametrize(
    ("url", "missing"),
    [
        ("postgresql://u@/d", "host"),
        ("postgresql://u@h", "dbname"),
        ("postgresql://h/d", "user"),
    ],
)
def test_url_missing_a_part_is_refused(url: str, missing: str) -> None:
    with pytest.raises(ValueError, match=f"must name .*{missing}"):
        eventsourcing_env(url, "s", 1)


def test_url_parameter_eventsourcing_cannot_pass_is_refused() -> None:
    with pytest.raises(ValueError, match="sslmode"):
        eventsourcing_env("postgresql://u@h/d?sslmode=require", "s", 1)


def test_search_path_is_added_to_existing_options() -> None:
    conninfo = conninfo_with_search_path(
        "postgresql://u@h:5432/d?options=-c%20statement_timeout%3D5000", "t_abc"
    )

    params = conninfo_to_dict(conninfo)
    assert params["options"] == "-c statement_timeout=5000 -c search_path=t_abc"
    assert (params["user"], params["host"], params["dbname"]) == ("u", "h", "d")
