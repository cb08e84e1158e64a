"""Who owns each task: a small lookup the audit log joins, kept current from the events table.

Only a task's first event (``Created``) names its owner, so the audit log needs the owner
of every other event from somewhere. ``audit_task_owners`` holds one row per task
(``task_id`` -> ``owner``), about 100 bytes a task. It is brought up to date on demand,
before each audit read, from the Created events written since the last catch-up
(``audit_owner_watermark`` remembers how far that is). Catching up costs in proportion to
the events written since the previous audit read, and nothing when there are none; the
first read of a large existing store does the whole backlog once.

Positions commit in order (the event store locks its table for every insert), so every
event at or below the head read here is already visible: an audit read bounded by the
head this catch-up returns never meets an event whose owner is not known yet.

The lookup records each owner as first written; editing a stored Created event later
does not move its task to another owner here (``tasklog audit verify`` reports the edit).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import anyio
from eventsourcing.persistence import Mapper, StoredEvent
from psycopg import AsyncConnection, AsyncCursor, sql
from psycopg.rows import TupleRow, tuple_row

log = logging.getLogger(__name__)

OWNERS_TABLE = "audit_task_owners"
WATERMARK_TABLE = "audit_owner_watermark"
CATCH_UP_WINDOW = 20_000
"""Positions covered per round trip while catching up."""

_LOCK_KEY = 0x7A5C_106A_0D17
"""Advisory lock serialising the DDL below across processes (same value in every schema)."""


@dataclass(frozen=True)
class EventTables:
    """Where one deployment's events and audit lookup live."""

    schema: str
    events: str
    """The event store's table (``TaskApplication`` names it ``tasklog_events``)."""

    def events_table(self) -> sql.Identifier:
        """The qualified events table."""
        return sql.Identifier(self.schema, self.events)

    def owners_table(self) -> sql.Identifier:
        """The qualified owner lookup."""
        return sql.Identifier(self.schema, OWNERS_TABLE)

    def watermark_table(self) -> sql.Identifier:
        """The qualified watermark of the owner lookup."""
        return sql.Identifier(self.schema, WATERMARK_TABLE)


def event_tables(recorder: object, schema: str) -> EventTables:
    """The tables of an application's PostgreSQL event store (``app.recorder``)."""
    name = getattr(recorder, "events_table_name", None)
    if not isinstance(name, str):
        raise TypeError("the audit log needs the PostgreSQL event store")
    return EventTables(schema, name)


OwnerDecoder = Callable[[StoredEvent], str | None]
"""Reads the owner out of a stored Created event (None when it cannot be read)."""


def owner_decoder(mapper: Mapper[Any]) -> OwnerDecoder:
    """Decode owners with the application's mapper (so compression or encryption still work)."""

    def decode(stored: StoredEvent) -> str | None:
        try:
            owner = getattr(mapper.to_domain_event(stored), "owner", None)
        except Exception as error:  # a damaged event must not stop the audit log
            log.warning("audit: cannot read the owner of task %s: %s", stored.originator_id, error)
            return None
        return owner if isinstance(owner, str) else None

    return decode


async def create_owner_tables(connection: AsyncConnection[Any], tables: EventTables) -> None:
    """Create the lookup and its watermark if missing (idempotent, safe across processes)."""
    async with connection.transaction():
        await connection.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        await connection.execute(
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} ("
                "task_id uuid PRIMARY KEY, owner text, position bigint NOT NULL)"
            ).format(tables.owners_table())
        )
        await connection.execute(
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (owner, task_id)").format(
                sql.Identifier(f"{OWNERS_TABLE}_owner_idx"), tables.owners_table()
            )
        )
        await connection.execute(
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} ("
                "singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton), "
                "position bigint NOT NULL)"
            ).format(tables.watermark_table())
        )
        await connection.execute(
            sql.SQL("INSERT INTO {} (position) VALUES (0) ON CONFLICT DO NOTHING").format(
                tables.watermark_table()
            )
        )


async def catch_up_owners(
    connection: AsyncConnection[Any], tables: EventTables, decode: OwnerDecoder
) -> int:
    """Record the owners of tasks created since the last catch-up; return the head position.

    Concurrent callers queue on the watermark row, so each Created event is read once.
    Every event at or below the returned position has its task's owner in the lookup.
    """
    async with connection.transaction(), connection.cursor(row_factory=tuple_row) as cursor:
        await cursor.execute(
            sql.SQL("SELECT position FROM {} FOR UPDATE").format(tables.watermark_table())
        )
        row = await cursor.fetchone()
        if row is None:
            raise RuntimeError(f"{WATERMARK_TABLE} has no row; create_owner_tables first")
        watermark = int(row[0])
        await cursor.execute(
            sql.SQL("SELECT coalesce(max(notification_id), 0) FROM {}").format(
                tables.events_table()
            )
        )
        head_row = await cursor.fetchone()
        head = int(head_row[0]) if head_row else 0
        if head <= watermark:
            return watermark
        await _record_owners(cursor, tables, decode, watermark, head)
        await cursor.execute(
            sql.SQL("UPDATE {} SET position = %s").format(tables.watermark_table()), (head,)
        )
        return head


async def _record_owners(
    cursor: AsyncCursor[TupleRow], tables: EventTables, decode: OwnerDecoder, after: int, head: int
) -> None:
    # Windows of positions, not ORDER BY ... LIMIT: each window is one index range scan,
    # so the whole backlog costs one pass however the planner estimates it.
    select = sql.SQL(
        "SELECT notification_id, originator_id, originator_version, topic, state FROM {} "
        "WHERE notification_id > %s AND notification_id <= %s AND originator_version = 1"
    ).format(tables.events_table())
    insert = sql.SQL(
        "INSERT INTO {} (task_id, owner, position) VALUES (%s, %s, %s) "
        "ON CONFLICT (task_id) DO NOTHING"
    ).format(tables.owners_table())
    while after < head:
        until = min(after + CATCH_UP_WINDOW, head)
        await cursor.execute(select, (after, until))
        rows = await cursor.fetchall()
        if rows:
            owners = await anyio.to_thread.run_sync(_owners, rows, decode)
            await cursor.executemany(insert, owners)
        after = until


def _owners(rows: list[TupleRow], decode: OwnerDecoder) -> list[tuple[UUID, str | None, int]]:
    return [
        (task_id, decode(StoredEvent(task_id, version, topic, bytes(state))), position)
        for position, task_id, version, topic, state in rows
    ]
