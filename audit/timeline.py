"""From instants to positions in the event log, for the audit log's time-range filter.

An event's time lives inside its stored state (decoded by the application's mapper, so
compression or encryption still work), not in a column, so a time range cannot be an
index condition. It does not need one: events are stamped when a command decides and
stored in commit order (the event store locks its table for every insert), so their
times increase with their positions, out of order only by how long a command waited
between deciding and committing. ``first_position_at`` finds where an instant falls by
binary search, about 20 primary-key reads and decodes for a million events, and callers
widen the range by ``SLACK`` and then keep exactly the events stamped inside it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import anyio
from eventsourcing.persistence import StoredEvent
from psycopg import AsyncConnection, sql
from psycopg.rows import tuple_row

from audit.owners import EventTables

SLACK = timedelta(seconds=5)
"""How far out of position order an event's time may be: far more than a command waits
between deciding and committing (the event store's lock wait included)."""

Stamp = Callable[[StoredEvent], datetime | None]
"""The time of a stored event (None when it cannot be decoded)."""


async def first_position_at(
    connection: AsyncConnection[Any],
    tables: EventTables,
    stamp: Stamp,
    instant: datetime,
    head: int,
) -> int:
    """The first position in ``1..head`` stamped at or after ``instant`` (``head + 1``: none).

    Undecodable events take the time of the next decodable one, so the search still
    converges.
    """
    select = sql.SQL(
        "SELECT notification_id, originator_id, originator_version, topic, state FROM {} "
        "WHERE notification_id >= %s AND notification_id <= %s "
        "ORDER BY notification_id LIMIT 16"
    ).format(tables.events_table())
    low, high = 1, head + 1
    async with connection.cursor(row_factory=tuple_row) as cursor:
        while low < high:
            middle = (low + high) // 2
            await cursor.execute(select, (middle, head))
            rows = await cursor.fetchall()
            found = await anyio.to_thread.run_sync(_first_stamp, rows, stamp)
            if found is None:
                high = middle  # nothing decodable from here on: treat as "later"
                continue
            position, at = found
            if at >= instant:
                high = middle
            else:
                low = position + 1
    return low


def _first_stamp(rows: list[tuple[Any, ...]], stamp: Stamp) -> tuple[int, datetime] | None:
    for position, task_id, version, topic, state in rows:
        at = stamp(StoredEvent(task_id, version, topic, bytes(state)))
        if at is not None:
            return int(position), at
    return None


def stamp_reader(to_domain_event: Callable[[StoredEvent], Any]) -> Stamp:
    """Read event times with the application's mapper (``mapper.to_domain_event``)."""

    def stamp(stored: StoredEvent) -> datetime | None:
        try:
            at = getattr(to_domain_event(stored), "timestamp", None)
        except Exception:  # a damaged event has no time to offer; the search goes on
            return None
        return at if isinstance(at, datetime) else None

    return stamp
