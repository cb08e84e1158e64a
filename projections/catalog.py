"""The projection catalog: which version of each read model serves, and which is rebuilding.

Tables (all in the deployment's schema):

- ``projection_catalog``: one row per read model: the serving ``version`` (its tables
  carry it in their names) and, during a blue/green rebuild, ``rebuild_version``.
- ``projection_workers``: heartbeat, position and last error of the active worker of each
  read model (``live``) and of a running rebuild (``rebuild``).
- ``projection_dead_letters``: events parked after failing too often.
- ``projection_secrets``: per-deployment secrets (the cursor signing key).

Reads go through views named after the logical tables (``task_list``) and the tracking
view (``task_list_tracking``); a swap repoints them in the same transaction that changes
the catalog, so a reader sees either the old version or the new one, never a mix.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg import Cursor, sql
from psycopg.rows import DictRow

from projections.naming import (
    CATALOG_TABLE,
    DEAD_LETTER_TABLE,
    SECRETS_TABLE,
    WORKERS_TABLE,
    qualified,
    tracking_table,
    tracking_view,
    versioned,
)


class RebuildAlreadyRunning(Exception):
    """A rebuild of this read model is already under way (docs/api.md section 6: 409)."""


class UnknownProjection(LookupError):
    """No read model has that name."""


@dataclass(frozen=True)
class CatalogEntry:
    """One catalog row."""

    name: str
    version: int
    revision: int
    rebuild_version: int | None
    rebuild_revision: int | None
    rebuild_started_at: datetime | None


def create_catalog(curs: Cursor[DictRow], schema: str) -> None:
    """Create the catalog tables if they do not exist."""
    statements = [
        "CREATE TABLE IF NOT EXISTS {catalog} ("
        "name text PRIMARY KEY, version integer NOT NULL, revision integer NOT NULL, "
        "rebuild_version integer, rebuild_revision integer, rebuild_started_at timestamptz, "
        "swapped_at timestamptz)",
        "CREATE TABLE IF NOT EXISTS {workers} ("
        "name text NOT NULL, role text NOT NULL, holder text NOT NULL, "
        "heartbeat_at timestamptz NOT NULL, state text NOT NULL, position bigint, "
        "caught_up_at timestamptz, error text, error_at timestamptz, "
        "PRIMARY KEY (name, role))",
        "CREATE TABLE IF NOT EXISTS {dead} ("
        "name text NOT NULL, version integer NOT NULL, position bigint NOT NULL, "
        "originator_id text, topic text, error text NOT NULL, attempts integer NOT NULL, "
        "parked_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (name, version, position))",
        "CREATE TABLE IF NOT EXISTS {secrets} (name text PRIMARY KEY, value bytea NOT NULL)",
    ]
    for statement in statements:
        curs.execute(
            sql.SQL(statement).format(
                catalog=qualified(schema, CATALOG_TABLE),
                workers=qualified(schema, WORKERS_TABLE),
                dead=qualified(schema, DEAD_LETTER_TABLE),
                secrets=qualified(schema, SECRETS_TABLE),
            )
        )


def register(curs: Cursor[DictRow], schema: str, name: str, revision: int) -> CatalogEntry:
    """Add a read model at version 1 unless it is known; return its row."""
    curs.execute(
        sql.SQL(
            "INSERT INTO {} (name, version, revision) VALUES (%s, 1, %s) "
            "ON CONFLICT (name) DO NOTHING"
        ).format(qualified(schema, CATALOG_TABLE)),
        (name, revision),
    )
    return entry(curs, schema, name)


def entry(curs: Cursor[DictRow], schema: str, name: str, *, lock: str = "") -> CatalogEntry:
    """The catalog row of ``name`` (optionally ``FOR UPDATE``/``FOR SHARE``)."""
    curs.execute(
        sql.SQL(
            "SELECT name, version, revision, rebuild_version, rebuild_revision, "
            "rebuild_started_at FROM {} WHERE name = %s " + lock
        ).format(qualified(schema, CATALOG_TABLE)),
        (name,),
    )
    row = curs.fetchone()
    if row is None:
        raise UnknownProjection(name)
    return CatalogEntry(**row)


def entries(curs: Cursor[DictRow], schema: str) -> list[CatalogEntry]:
    """Every catalog row, by name."""
    curs.execute(
        sql.SQL(
            "SELECT name, version, revision, rebuild_version, rebuild_revision, "
            "rebuild_started_at FROM {} ORDER BY name"
        ).format(qualified(schema, CATALOG_TABLE))
    )
    return [CatalogEntry(**row) for row in curs.fetchall()]


def request_rebuild(curs: Cursor[DictRow], schema: str, name: str, revision: int) -> int:
    """Mark a rebuild of ``name`` as wanted; return the version it builds.

    Raises:
        UnknownProjection: no such read model.
        RebuildAlreadyRunning: one is already under way.
    """
    current = entry(curs, schema, name, lock="FOR UPDATE")
    if current.rebuild_version is not None:
        raise RebuildAlreadyRunning(name)
    curs.execute(
        sql.SQL(
            "UPDATE {} SET rebuild_version = version + 1, rebuild_revision = %s, "
            "rebuild_started_at = now() WHERE name = %s RETURNING rebuild_version"
        ).format(qualified(schema, CATALOG_TABLE)),
        (revision, name),
    )
    row = curs.fetchone()
    assert row is not None
    return int(row["rebuild_version"])


def point_views(
    curs: Cursor[DictRow], schema: str, name: str, logical_tables: Iterable[str], version: int
) -> None:
    """(Re)create the serving views of ``name`` over ``version``'s tables."""
    pairs = [(logical, versioned(logical, version)) for logical in logical_tables]
    pairs.append((tracking_view(name), tracking_table(name, version)))
    for view, table in pairs:
        curs.execute(sql.SQL("DROP VIEW IF EXISTS {}").format(qualified(schema, view)))
        curs.execute(
            sql.SQL("CREATE VIEW {} AS SELECT * FROM {}").format(
                qualified(schema, view), qualified(schema, table)
            )
        )


def views_exist(curs: Cursor[DictRow], schema: str, name: str) -> bool:
    """Whether the tracking view of ``name`` exists (installed before)."""
    curs.execute(
        "SELECT 1 FROM pg_views WHERE schemaname = %s AND viewname = %s",
        (schema, tracking_view(name)),
    )
    return curs.fetchone() is not None


def complete_swap(
    curs: Cursor[DictRow], schema: str, name: str, version: int, revision: int
) -> None:
    """Make ``version`` the serving one and forget the rebuild (inside the swap transaction)."""
    curs.execute(
        sql.SQL(
            "UPDATE {} SET version = %s, revision = %s, rebuild_version = NULL, "
            "rebuild_revision = NULL, rebuild_started_at = NULL, swapped_at = now() "
            "WHERE name = %s"
        ).format(qualified(schema, CATALOG_TABLE)),
        (version, revision, name),
    )


def stale_versions(curs: Cursor[DictRow], schema: str, name: str, keep: Iterable[int]) -> list[int]:
    """Versions of ``name`` whose tracking tables exist but neither serve nor rebuild."""
    curs.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename LIKE %s",
        (schema, f"{name}\\_v%\\_tracking"),
    )
    found: list[int] = []
    prefix, suffix = f"{name}_v", "_tracking"
    for row in curs.fetchall():
        number = row["tablename"][len(prefix) : -len(suffix)]
        if number.isdigit() and int(number) not in set(keep):
            found.append(int(number))
    return sorted(found)


def heartbeat(
    curs: Cursor[DictRow],
    schema: str,
    *,
    name: str,
    role: str,
    holder: str,
    state: str,
    position: int | None,
    caught_up: bool,
    error: str | None = None,
) -> None:
    """Record that ``holder`` is the active ``role`` worker of ``name``, and how it is doing."""
    curs.execute(
        sql.SQL(
            "INSERT INTO {} AS w (name, role, holder, heartbeat_at, state, position, "
            "caught_up_at, error, error_at) VALUES (%(name)s, %(role)s, %(holder)s, now(), "
            "%(state)s, %(position)s, CASE WHEN %(caught_up)s THEN now() END, %(error)s, "
            "CASE WHEN %(error)s::text IS NOT NULL THEN now() END) "
            "ON CONFLICT (name, role) DO UPDATE SET holder = EXCLUDED.holder, "
            "heartbeat_at = now(), state = EXCLUDED.state, position = EXCLUDED.position, "
            "caught_up_at = CASE WHEN %(caught_up)s THEN now() ELSE w.caught_up_at END, "
            "error = coalesce(EXCLUDED.error, w.error), "
            "error_at = coalesce(EXCLUDED.error_at, w.error_at)"
        ).format(qualified(schema, WORKERS_TABLE)),
        {
            "name": name,
            "role": role,
            "holder": holder,
            "state": state,
            "position": position,
            "caught_up": caught_up,
            "error": error,
        },
    )


def park(
    curs: Cursor[DictRow],
    schema: str,
    *,
    name: str,
    version: int,
    position: int,
    originator_id: str | None,
    topic: str | None,
    error: str,
    attempts: int,
) -> None:
    """Put an event that keeps failing in the dead-letter table."""
    curs.execute(
        sql.SQL(
            "INSERT INTO {} (name, version, position, originator_id, topic, error, attempts) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING"
        ).format(qualified(schema, DEAD_LETTER_TABLE)),
        (name, version, position, originator_id, topic, error, attempts),
    )


def secret(curs: Cursor[DictRow], schema: str, name: str) -> bytes:
    """A per-deployment random secret, created on first use and shared by every process."""
    curs.execute(
        sql.SQL(
            "INSERT INTO {} (name, value) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING"
        ).format(qualified(schema, SECRETS_TABLE)),
        (name, secrets.token_bytes(32)),
    )
    curs.execute(
        sql.SQL("SELECT value FROM {} WHERE name = %s").format(qualified(schema, SECRETS_TABLE)),
        (name,),
    )
    row: dict[str, Any] | None = curs.fetchone()
    assert row is not None
    return bytes(row["value"])
