"""PostgreSQL wiring: eventsourcing's environment keys, the schema, our own conninfo."""

from __future__ import annotations

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

# Parameters eventsourcing's recorder can be told about; anything else in a URL would be
# silently dropped by it, so it is refused instead.
_EVENTSOURCING_PARAMS = frozenset({"dbname", "host", "port", "user", "password"})
_REQUIRED_PARAMS = ("dbname", "host", "user")
_DEFAULT_PORT = "5432"
_CONNECT_TIMEOUT_S = "5"


def eventsourcing_env(database_url: str, schema: str, pool_size: int) -> dict[str, str]:
    """Translate a libpq URL into the environment eventsourcing's PostgreSQL module reads.

    eventsourcing takes its connection from ``POSTGRES_*`` keys, not from a URL, so the one
    ``TASKLOG_DATABASE_URL`` is split here. Both ``postgresql://user:pass@host:port/db`` and the
    socket form ``postgresql://user@/db?host=/socket/dir`` are understood.

    Args:
        database_url: libpq connection URL.
        schema: Schema that holds the event store tables.
        pool_size: Connections kept open; equal to the command worker-thread limit. The same
            number again is allowed as overflow, for threads beyond that limit (snapshots,
            projection readers), so they wait less than the 5 s pool timeout.

    Returns:
        Keys for ``Application(env=...)``.

    Raises:
        ValueError: The URL lacks a host, database or user, or carries parameters eventsourcing
            cannot pass on (set those through libpq's ``PG*`` variables instead).
    """
    params = {key: str(value) for key, value in conninfo_to_dict(database_url).items()}
    unsupported = sorted(set(params) - _EVENTSOURCING_PARAMS)
    if unsupported:
        raise ValueError(
            f"database URL parameters {', '.join(unsupported)} cannot be passed to the event "
            "store; use libpq's PG* environment variables for them"
        )
    missing = [key for key in _REQUIRED_PARAMS if not params.get(key)]
    if missing:
        raise ValueError(f"database URL must name {', '.join(missing)}")
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": params["dbname"],
        "POSTGRES_HOST": params["host"],
        "POSTGRES_PORT": params.get("port") or _DEFAULT_PORT,
        "POSTGRES_USER": params["user"],
        "POSTGRES_PASSWORD": params.get("password", ""),
        "POSTGRES_SCHEMA": schema,
        "POSTGRES_POOL_SIZE": str(pool_size),
        "POSTGRES_MAX_OVERFLOW": str(pool_size),
        "POSTGRES_CONNECT_TIMEOUT": _CONNECT_TIMEOUT_S,
        # No pre-ping (a round trip per checkout): eventsourcing's recorder methods retry
        # InterfaceError/OperationalError (up to 10 times), and psycopg_pool discards a
        # broken connection when it comes back, so a dead connection costs one retry.
        "POSTGRES_PRE_PING": "n",
        "CREATE_TABLE": "y",
    }


def ensure_schema(database_url: str, schema: str) -> None:
    """Create ``schema`` if it does not exist.

    eventsourcing creates its tables but not the schema they live in, so this runs first.

    Args:
        database_url: libpq connection URL.
        schema: Schema name (an identifier, quoted here).
    """
    statement = sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema))
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(statement)


def conninfo_with_search_path(database_url: str, schema: str) -> str:
    """Return a conninfo whose sessions resolve unqualified table names in ``schema``.

    Our own queries (read models, tracking) then need no schema prefix, and tests isolate by
    giving each test its own schema.

    Args:
        database_url: libpq connection URL.
        schema: Schema to put first (and only) on the search path.

    Returns:
        A key=value conninfo string with ``options=-c search_path=<schema>`` added to any
        options already in the URL.
    """
    params = conninfo_to_dict(database_url)
    search_path = f"-c search_path={schema}"
    existing = str(params.get("options") or "").strip()
    options = f"{existing} {search_path}" if existing else search_path
    return make_conninfo(database_url, options=options)
