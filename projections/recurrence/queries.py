"""Async reads of the ``recurrence`` read model: the pending spawns, in position order."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, sql

from projections.naming import qualified
from projections.recurrence.projection import PENDING

PAGE_SIZE = 500
LAST_UUID = UUID(int=(1 << 128) - 1)
"""Sorts after every id: ``(position, LAST_UUID)`` starts a scan strictly after ``position``."""


@dataclass(frozen=True)
class PendingSpawn:
    """A completed occurrence whose next occurrence is still to be created."""

    task_id: UUID
    completed_version: int
    completed_at: datetime
    position: int


async def pending_spawns(
    connection: AsyncConnection[Any], schema: str, *, after_position: int = 0
) -> AsyncIterator[PendingSpawn]:
    """Every pending spawn whose row changed after ``after_position``, oldest change first.

    Reads in keyset pages, so a large backlog costs no more per page than a small one.
    """
    statement = sql.SQL(
        "SELECT task_id, completed_version, completed_at, position FROM {} "
        "WHERE (position, task_id) > (%s, %s) ORDER BY position, task_id LIMIT %s"
    ).format(qualified(schema, PENDING))
    after: tuple[int, UUID] = (after_position, LAST_UUID)
    while True:
        cursor = await connection.execute(statement, (*after, PAGE_SIZE))
        rows = await cursor.fetchall()
        for task_id, version, completed_at, position in rows:
            yield PendingSpawn(task_id, version, completed_at, position)
        if len(rows) < PAGE_SIZE:
            return
        after = (rows[-1][3], rows[-1][0])
