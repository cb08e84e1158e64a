"""Async reads of the ``reminders`` read model: reminders due by an instant, or changed lately."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, sql

from projections.naming import qualified
from projections.reminders.projection import PENDING

PAGE_SIZE = 500
LAST_UUID = UUID(int=(1 << 128) - 1)
"""Sorts after every id: a scan from ``(key, LAST_UUID)`` starts strictly after ``key``."""
EARLIEST = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class PendingReminder:
    """A task whose reminder is still to fire at ``reminder_at``."""

    task_id: UUID
    reminder_at: datetime
    position: int


async def _scan(
    connection: AsyncConnection[Any], schema: str, *, key: str, start: Any, where: sql.Composable
) -> AsyncIterator[PendingReminder]:
    """Rows matching ``where`` with ``key`` after ``start``, in (``key``, task id) keyset pages."""
    statement = sql.SQL(
        "SELECT task_id, reminder_at, position FROM {table} "
        "WHERE ({key}, task_id) > (%s, %s) AND {where} ORDER BY {key}, task_id LIMIT %s"
    ).format(table=qualified(schema, PENDING), key=sql.Identifier(key), where=where)
    after: tuple[Any, UUID] = (start, LAST_UUID)
    while True:
        cursor = await connection.execute(statement, (*after, PAGE_SIZE))
        rows = await cursor.fetchall()
        reminders = [PendingReminder(*row) for row in rows]
        for reminder in reminders:
            yield reminder
        if len(rows) < PAGE_SIZE:
            return
        last = reminders[-1]
        after = (getattr(last, key), last.task_id)


def reminders_due(
    connection: AsyncConnection[Any], schema: str, *, until: datetime
) -> AsyncIterator[PendingReminder]:
    """Every pending reminder due at or before ``until``, earliest first."""
    where = sql.SQL("reminder_at <= {}").format(sql.Literal(until))
    return _scan(connection, schema, key="reminder_at", start=EARLIEST, where=where)


def reminders_changed(
    connection: AsyncConnection[Any], schema: str, *, after_position: int
) -> AsyncIterator[PendingReminder]:
    """Every pending reminder whose row changed after ``after_position``, oldest change first."""
    return _scan(connection, schema, key="position", start=after_position, where=sql.SQL("TRUE"))
