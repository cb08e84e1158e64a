"""Async reads of the ``notifications`` read model: a user's fired reminders, newest first.

The statement also reads the tracking position, in the same snapshot as the rows, so
the position reported is exactly the one the rows reflect.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg import AsyncConnection, sql

from projections.naming import qualified, tracking_view
from projections.notifications.projection import NOTIFICATIONS, NotificationsProjection

APPLICATION_NAME = "Tasklog"
"""Tracking records carry the name of the application whose events were folded."""


@dataclass(frozen=True)
class NotificationPage:
    """The notifications as a JSON array text, and the position they reflect."""

    position: int
    body: str


async def list_notifications(
    connection: AsyncConnection[Any],
    schema: str,
    *,
    owner: str,
    since: datetime | None,
    limit: int,
) -> NotificationPage:
    """Up to ``limit`` of ``owner``'s notifications fired after ``since``, newest first."""
    after = sql.SQL("AND fired_at > %(since)s" if since is not None else "")
    statement = sql.SQL(
        "SELECT (SELECT coalesce(max(notification_id), 0) FROM {tracking} "
        "WHERE application_name = %(application)s), "
        "'[' || coalesce((SELECT string_agg(doc, ',' ORDER BY fired_at DESC, id DESC) FROM "
        "(SELECT doc, fired_at, id FROM {table} WHERE owner = %(owner)s {after} "
        "ORDER BY fired_at DESC, id DESC LIMIT %(limit)s) AS page), '') || ']'"
    ).format(
        tracking=qualified(schema, tracking_view(NotificationsProjection.name)),
        table=qualified(schema, NOTIFICATIONS),
        after=after,
    )
    cursor = await connection.execute(
        statement,
        {"application": APPLICATION_NAME, "owner": owner, "since": since, "limit": limit},
    )
    row = await cursor.fetchone()
    if row is None:
        raise RuntimeError("the notifications query returned no row")
    return NotificationPage(int(row[0]), row[1])
