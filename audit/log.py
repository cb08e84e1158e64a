"""The global event log for auditors: pages and streams in position order, with owners.

Reads are keyset queries on the event store's ``notification_id`` index (the position),
joined to the small owner lookup of ``owners.py``:

- the whole log: a range scan from ``after``, ``LIMIT n``: the same cost at any size;
- one task (``task_id``): the primary key ``(originator_id, originator_version)``;
- one user (``user_id``): that user's tasks from the lookup's ``(owner, task_id)`` index,
  then each task's events by primary key: in proportion to that user's events after
  ``after``, never to the whole store;
- event types (``topics``): a condition on the stored topic while walking either of the
  above, so a rare type costs a walk over the events it skips;
- a time range (``since``, ``until``): narrowed to positions first (``timeline``: a
  binary search, widened by its ``SLACK``), then each event in it is kept only if it was
  stamped inside the range. An event that cannot be decoded has no time: inside the
  narrowed positions it is kept (it keeps its place in the log).

Every read is bounded by the head the owner catch-up returned, so an event committed
during a read is left for the next one rather than shown without its owner. A stream
reads in batches of ``batch_size`` (one short query each, on a pooled connection), so
its memory does not grow with the log.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

import anyio
from eventsourcing.persistence import Mapper, StoredEvent
from psycopg import sql
from psycopg.rows import tuple_row
from psycopg_pool import AsyncConnectionPool

from application.history import HistoryEntry, history_entry
from audit.owners import (
    EventTables,
    catch_up_owners,
    create_owner_tables,
    owner_decoder,
)
from audit.timeline import SLACK, first_position_at, stamp_reader
from infrastructure.pools import retry_read

MAX_PAGE = 1_000
"""The largest ``limit`` a page may ask for."""

DEFAULT_PAGE = 100
"""The page size when none is asked for."""

STREAM_BATCH = 1_000
"""Events per query while streaming."""


@dataclass(frozen=True)
class AuditFilter:
    """Which events to read: after a position, optionally of a user, a task, event types
    (stored topics) and a time range (``since`` inclusive, ``until`` exclusive)."""

    after: int = 0
    user_id: str | None = None
    task_id: UUID | None = None
    topics: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None

    def keeps(self, record: AuditRecord) -> bool:
        """Whether ``record``, already inside the positions selected, is in the time range."""
        if record.entry is None:
            return True
        at = record.entry.at
        return (self.since is None or at >= self.since) and (self.until is None or at < self.until)


@dataclass(frozen=True)
class AuditRecord:
    """One stored event with its task's owner.

    ``entry`` is None when the stored event cannot be decoded (damaged in the database);
    ``error`` then says why, and the record still has its place in the log.
    """

    position: int
    task_id: UUID
    version: int
    topic: str
    owner: str | None
    entry: HistoryEntry | None
    error: str | None = None


_COLUMNS = sql.SQL(
    "e.notification_id, e.originator_id, e.originator_version, e.topic, e.state, o.owner"
)


class AuditLog:
    """Reads the global event log for auditors (async, on the API's psycopg pool)."""

    def __init__(
        self,
        pool: AsyncConnectionPool[Any],
        tables: EventTables,
        mapper: Mapper[Any],
        *,
        batch_size: int = STREAM_BATCH,
    ) -> None:
        """Create the reader.

        Args:
            pool: Async connections to the deployment's database.
            tables: The schema and the event store's table.
            mapper: The application's mapper, to decode stored events.
            batch_size: Events per query while streaming.
        """
        self._pool = pool
        self._tables = tables
        self._mapper = mapper
        self._decode_owner = owner_decoder(mapper)
        self._stamp = stamp_reader(mapper.to_domain_event)
        self._batch_size = batch_size

    async def prepare(self) -> None:
        """Create the owner lookup if missing (call once at start-up)."""
        async with self._pool.connection() as connection:
            await create_owner_tables(connection, self._tables)

    async def head(self) -> int:
        """Bring the owner lookup up to date; return the position reads are bounded by.

        One transaction, safe to repeat: run again on a fresh connection if it was lost.
        """
        return await retry_read(
            self._pool,
            lambda connection: catch_up_owners(connection, self._tables, self._decode_owner),
        )

    async def page(
        self, where: AuditFilter, limit: int, head: int
    ) -> tuple[list[AuditRecord], bool]:
        """Up to ``limit`` events in ``(where.after, head]``, and whether more remain."""
        where, head = await self._narrowed(where, head)
        if where.since is None and where.until is None:
            rows = await self._select(where, limit + 1, head)
            records = await anyio.to_thread.run_sync(self._decode_rows, rows[:limit])
            return records, len(rows) > limit
        kept: list[AuditRecord] = []
        async for batch in self._batches(where, head, max(limit + 1, self._batch_size)):
            kept += [record for record in batch if where.keeps(record)]
            if len(kept) > limit:
                break
        return kept[:limit], len(kept) > limit

    async def stream(
        self, where: AuditFilter, head: int, limit: int | None = None
    ) -> AsyncIterator[list[AuditRecord]]:
        """Every matching event up to ``head`` (at most ``limit``), in batches, in order."""
        where, head = await self._narrowed(where, head)
        remaining = limit
        async for batch in self._batches(where, head, self._batch_size):
            kept = [record for record in batch if where.keeps(record)]
            if remaining is not None:
                kept = kept[:remaining]
                remaining -= len(kept)
            if kept:
                yield kept
            if remaining == 0:
                return

    async def _batches(
        self, where: AuditFilter, head: int, size: int
    ) -> AsyncIterator[list[AuditRecord]]:
        """Every event of ``where``'s positions, types, user and task up to ``head``."""
        after = where.after
        while True:
            rows = await self._select(replace(where, after=after), size, head)
            if not rows:
                return
            yield await anyio.to_thread.run_sync(self._decode_rows, rows)
            after = int(rows[-1][0])
            if len(rows) < size:
                return

    async def _narrowed(self, where: AuditFilter, head: int) -> tuple[AuditFilter, int]:
        """``where`` and ``head`` with the time range turned into positions (widened by
        ``SLACK``; ``AuditFilter.keeps`` then drops what the widening let in)."""
        if where.since is None and where.until is None:
            return where, head

        async def narrow(connection: Any) -> tuple[AuditFilter, int]:
            narrowed, bound = where, head
            if where.since is not None:
                start = await first_position_at(
                    connection, self._tables, self._stamp, where.since - SLACK, head
                )
                narrowed = replace(narrowed, after=max(where.after, start - 1))
            if where.until is not None:
                end = await first_position_at(
                    connection, self._tables, self._stamp, where.until + SLACK, head
                )
                bound = min(head, end - 1)
            return narrowed, bound

        return await retry_read(self._pool, narrow)

    async def _select(self, where: AuditFilter, limit: int, head: int) -> list[tuple[Any, ...]]:
        query, params = self._query(where, limit, head)

        async def select(connection: Any) -> list[tuple[Any, ...]]:
            async with connection.cursor(row_factory=tuple_row) as cursor:
                await cursor.execute(query, params)
                rows: list[tuple[Any, ...]] = await cursor.fetchall()
                return rows

        return await retry_read(self._pool, select)

    def _query(self, where: AuditFilter, limit: int, head: int) -> tuple[sql.Composed, list[Any]]:
        if where.user_id is not None:
            return self._user_query(where, limit, head)
        events, owners = self._tables.events_table(), self._tables.owners_table()
        task_condition: sql.Composable = sql.SQL("")
        params: list[Any] = [where.after]
        if where.task_id is not None:
            task_condition = sql.SQL(" AND originator_id = %s")
            params.append(where.task_id)
        if where.topics:
            task_condition += sql.SQL(" AND topic = ANY(%s)")
            params.append(list(where.topics))
        params += [limit, head]
        # The inner ORDER BY ... LIMIT on an open range walks the position index and stops
        # after ``limit`` rows. The head bound stays outside: inside, it would let the
        # planner scan the whole (after, head] range and sort it, for every batch.
        # The owner is a lookup by primary key per row: ``limit`` probes, never a scan.
        query = sql.SQL(
            "SELECT e.notification_id, e.originator_id, e.originator_version, e.topic, e.state, "
            "(SELECT o.owner FROM {owners} o WHERE o.task_id = e.originator_id) FROM ("
            "SELECT notification_id, originator_id, originator_version, topic, state FROM {events} "
            "WHERE notification_id > %s{task} ORDER BY notification_id LIMIT %s) e "
            "WHERE e.notification_id <= %s ORDER BY e.notification_id"
        ).format(events=events, task=task_condition, owners=owners)
        return query, params

    def _user_query(
        self, where: AuditFilter, limit: int, head: int
    ) -> tuple[sql.Composed, list[Any]]:
        # From the user's few tasks to their events, never a scan of the whole log.
        task_condition: sql.Composable = sql.SQL("")
        params: list[Any] = [where.user_id, where.after, head]
        if where.task_id is not None:
            task_condition = sql.SQL(" AND e.originator_id = %s")
            params.append(where.task_id)
        if where.topics:
            task_condition += sql.SQL(" AND e.topic = ANY(%s)")
            params.append(list(where.topics))
        params.append(limit)
        query = sql.SQL(
            "SELECT {columns} FROM {owners} o "
            "JOIN {events} e ON e.originator_id = o.task_id "
            "WHERE o.owner = %s AND e.notification_id > %s AND e.notification_id <= %s{task} "
            "ORDER BY e.notification_id LIMIT %s"
        ).format(
            columns=_COLUMNS,
            owners=self._tables.owners_table(),
            events=self._tables.events_table(),
            task=task_condition,
        )
        return query, params

    def _decode_rows(self, rows: list[tuple[Any, ...]]) -> list[AuditRecord]:
        return [self._decode(*row) for row in rows]

    def _decode(
        self,
        position: int,
        task_id: UUID,
        version: int,
        topic: str,
        state: bytes,
        owner: str | None,
    ) -> AuditRecord:
        stored = StoredEvent(task_id, version, topic, bytes(state))
        try:
            entry = history_entry(self._mapper.to_domain_event(stored), position)
        except Exception as error:  # a damaged event keeps its place in the log
            return AuditRecord(
                position, task_id, version, topic, owner, None, f"{type(error).__name__}"
            )
        return AuditRecord(position, task_id, version, topic, owner, entry)
