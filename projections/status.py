"""How each read model is doing: version, state, position, lag, a rebuild's progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg import AsyncConnection, sql
from psycopg.rows import dict_row

from projections.catalog import RebuildAlreadyRunning, UnknownProjection
from projections.naming import (
    CATALOG_TABLE,
    DEAD_LETTER_TABLE,
    WORKERS_TABLE,
    advisory_key,
    qualified,
    tracking_table,
    tracking_view,
)

STALE_AFTER_S = 3.0
"""A worker whose heartbeat is older than this is taken to be gone: three of the
coordinator's heartbeats (``RunnerConfig.heartbeat_s``), so a projector that stopped
beating (stuck, or cut off) reads as stopped within about 3 s."""

_HELD_ADVISORY_LOCKS = (
    "SELECT classid::bigint, objid::bigint FROM pg_locks "
    "WHERE locktype = 'advisory' AND granted AND objsubid = 1 "
    "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
)

FAILED_SHOWN_FOR_S = 60.0
"""A worker backing off after a failure beats no more; it shows as failed this long."""

APPLICATION_NAME = "Tasklog"


@dataclass(frozen=True)
class RebuildProgress:
    """A blue/green rebuild under way."""

    version: int
    position: int
    head: int
    started_at: datetime | None


@dataclass(frozen=True)
class ProjectionStatus:
    """One read model, as ``GET /api/v1/ops/projections`` and ``projections status`` show it."""

    name: str
    version: int
    status: str
    position: int
    head: int
    lag_events: int
    lag_seconds: float
    rebuild: RebuildProgress | None
    dead_letters: int
    holder: str | None
    error: str | None

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of docs/api.md section 6, with ``dead_letters``, ``holder``, ``error``."""
        rebuild = None
        if self.rebuild is not None:
            rebuild = {
                "version": self.rebuild.version,
                "position": self.rebuild.position,
                "head": self.rebuild.head,
                "started_at": self.rebuild.started_at.isoformat().replace("+00:00", "Z")
                if self.rebuild.started_at
                else None,
            }
        return {
            "name": self.name,
            "version": self.version,
            "status": self.status,
            "position": self.position,
            "head": self.head,
            "lag_events": self.lag_events,
            "lag_seconds": round(self.lag_seconds, 3),
            "rebuild": rebuild,
            "dead_letters": self.dead_letters,
            "holder": self.holder,
            "error": self.error,
        }


async def _tracking_position(
    connection: AsyncConnection[Any], schema: str, relation: str
) -> int | None:
    cursor = await connection.execute("SELECT to_regclass(%s)", (f'"{schema}"."{relation}"',))
    row = await cursor.fetchone()
    if row is None or row[0] is None:
        return None
    cursor = await connection.execute(
        sql.SQL(
            "SELECT coalesce(max(notification_id), 0) FROM {} WHERE application_name = %s"
        ).format(qualified(schema, relation)),
        (APPLICATION_NAME,),
    )
    found = await cursor.fetchone()
    return int(found[0]) if found else 0


async def _held_keys(connection: AsyncConnection[Any]) -> set[int]:
    """The bigint advisory locks some session of this database holds now."""
    cursor = await connection.execute(_HELD_ADVISORY_LOCKS)
    held = set()
    for classid, objid in await cursor.fetchall():
        unsigned = (int(classid) << 32) | int(objid)
        held.add(unsigned - (1 << 64) if unsigned >= 1 << 63 else unsigned)
    return held


async def projection_statuses(
    connection: AsyncConnection[Any], schema: str, events_table: str
) -> list[ProjectionStatus]:
    """The status of every read model in the catalog, by name."""
    cursor = await connection.execute(
        sql.SQL("SELECT coalesce(max(notification_id), 0) FROM {}").format(
            qualified(schema, events_table)
        )
    )
    head_row = await cursor.fetchone()
    head = int(head_row[0]) if head_row else 0
    cursor = await connection.execute("SELECT to_regclass(%s)", (f'"{schema}"."{CATALOG_TABLE}"',))
    installed = await cursor.fetchone()
    if installed is None or installed[0] is None:
        return []  # no projector or API has installed the read models yet
    async with connection.cursor(row_factory=dict_row) as curs:
        await curs.execute(
            sql.SQL(
                "SELECT c.name, c.version, c.rebuild_version, c.rebuild_started_at, "
                "w.holder, w.state, w.error, w.caught_up_at, "
                "extract(epoch FROM now() - w.heartbeat_at) AS heartbeat_age, "
                "extract(epoch FROM now() - w.caught_up_at) AS behind_for, "
                "(SELECT count(*) FROM {dead} d WHERE d.name = c.name AND d.version = c.version)"
                " AS dead_letters "
                "FROM {catalog} c LEFT JOIN {workers} w ON w.name = c.name AND w.role = 'live' "
                "ORDER BY c.name"
            ).format(
                catalog=qualified(schema, CATALOG_TABLE),
                workers=qualified(schema, WORKERS_TABLE),
                dead=qualified(schema, DEAD_LETTER_TABLE),
            )
        )
        rows = await curs.fetchall()
    # A live worker works while its projector holds the read model's advisory lock, and
    # PostgreSQL drops the lock the moment that projector's connection goes (a kill -9
    # included): a heartbeat without its lock is a dead projector's.
    held = await _held_keys(connection)
    statuses: list[ProjectionStatus] = []
    for row in rows:
        name = row["name"]
        position = await _tracking_position(connection, schema, tracking_view(name)) or 0
        rebuild = None
        if row["rebuild_version"] is not None:
            built = await _tracking_position(
                connection, schema, tracking_table(name, row["rebuild_version"])
            )
            rebuild = RebuildProgress(
                row["rebuild_version"], built or 0, head, row["rebuild_started_at"]
            )
        age = float(row["heartbeat_age"]) if row["heartbeat_age"] is not None else None
        failed = row["state"] == "failed" and age is not None and age < FAILED_SHOWN_FOR_S
        locked = advisory_key(schema, "live", name) in held
        alive = age is not None and age < STALE_AFTER_S and locked
        if failed:
            status = "failed"
        elif not alive:
            status = "stopped"
        elif rebuild is not None:
            status = "rebuilding"
        elif row["dead_letters"]:
            status = "degraded"
        else:
            status = "running"
        lag = max(head - position, 0)
        behind_for = float(row["behind_for"]) if row["behind_for"] is not None else 0.0
        statuses.append(
            ProjectionStatus(
                name=name,
                version=row["version"],
                status=status,
                position=position,
                head=head,
                lag_events=lag,
                lag_seconds=behind_for if lag else 0.0,
                rebuild=rebuild,
                dead_letters=int(row["dead_letters"]),
                holder=row["holder"] if alive else None,
                error=row["error"] if row["state"] == "failed" else None,
            )
        )
    return statuses


async def request_rebuild(
    connection: AsyncConnection[Any], schema: str, name: str, revision: int
) -> int:
    """Ask for a blue/green rebuild of ``name``; return the version it will build.

    A projector's rebuild watcher (or ``tasklog projections rebuild``) carries it out.

    Raises:
        UnknownProjection: no read model has that name.
        RebuildAlreadyRunning: a rebuild of it is under way (docs/api.md section 6: 409).
    """
    async with connection.transaction():
        cursor = await connection.execute(
            sql.SQL(
                "UPDATE {} SET rebuild_version = version + 1, rebuild_revision = %s, "
                "rebuild_started_at = now() WHERE name = %s AND rebuild_version IS NULL "
                "RETURNING rebuild_version"
            ).format(qualified(schema, CATALOG_TABLE)),
            (revision, name),
        )
        row = await cursor.fetchone()
        if row is not None:
            return int(row[0])
        cursor = await connection.execute(
            sql.SQL("SELECT 1 FROM {} WHERE name = %s").format(qualified(schema, CATALOG_TABLE)),
            (name,),
        )
        if await cursor.fetchone() is None:
            raise UnknownProjection(name)
        raise RebuildAlreadyRunning(name)
