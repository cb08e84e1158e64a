"""Stored responses of keyed writes, written in batches: one transaction for many writes.

A keyed write's events record its key; its response is stored in the key's row after it
is sent. Storing each one on its own costs a round trip and a transaction per write,
about a third of the PostgreSQL work of the rest of the write; gathered for
``WINDOW_S``, the responses of all writes in that window go in one transaction, their
``UPDATE`` statements pipelined. A retry
that arrives before its response is stored finds the key without one and looks again
(``IdempotencyStore.answer``, every 50 ms for up to 0.5 s), so it still gets the replay.
Responses not yet written when the process dies are lost: their keys stay without a
response, the state docs/http-api.md ("Idempotency keys") describes for a process that
died between its events and its response.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable
from functools import partial
from typing import Any

import msgspec
from psycopg import sql
from psycopg_pool import AsyncConnectionPool

from infrastructure.pools import retry_read

log = logging.getLogger(__name__)

WINDOW_S = 0.05
"""How long the first response of a batch waits for others before the batch is written."""

_STORE_ONE = """
UPDATE {table} SET status = %s, headers = %s::jsonb, body = %s, completed_at = now()
WHERE user_id = %s AND key = %s AND status IS NULL
"""
"""Run for each response of a batch in one transaction, pipelined (one round trip for
the lot): each finds its row by the primary key, whatever the batch's size."""

_ASYNC_COMMIT = b"SET LOCAL synchronous_commit = off"
"""For the batch's own transaction only: a write still waits for one WAL flush, its
events'."""


class ResponseBatch:
    """Collects responses on the event loop; a task of its own writes them each window."""

    def __init__(self, pool: AsyncConnectionPool[Any], table: str) -> None:
        """Write into ``table`` through ``pool`` (autocommit sessions)."""
        self._pool = pool
        self._statement = sql.SQL(_STORE_ONE).format(table=sql.Identifier(table)).as_bytes(None)
        self._rows: list[tuple[int, str, bytes, str, str]] = []
        self._writer: asyncio.Task[None] | None = None

    def add(
        self, user_id: str, key: str, status: int, headers: Iterable[tuple[str, str]], body: bytes
    ) -> None:
        """Queue a response; it is written within ``WINDOW_S`` (plus the write's own time)."""
        encoded = msgspec.json.encode([list(pair) for pair in headers]).decode()
        self._rows.append((status, encoded, body, user_id, key))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.get_running_loop().create_task(
                self._write_after_window(), name="idempotency-responses"
            )

    async def flush(self) -> None:
        """Write whatever is queued now (at shutdown, and for tests)."""
        writer, self._writer = self._writer, None
        if writer is not None and not writer.done():
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
        await self._write()

    async def _write_after_window(self) -> None:
        await asyncio.sleep(WINDOW_S)
        await self._write()

    async def _write(self) -> None:
        rows, self._rows = self._rows, []
        if not rows:
            return
        try:
            await retry_read(self._pool, partial(_store, self._statement, rows))
        except Exception as error:  # the keys stay without a response, as after a crash
            log.warning("could not store %d Idempotency-Key responses (%r)", len(rows), error)


async def _store(statement: bytes, rows: list[Any], connection: Any) -> None:
    """One transaction (repeating it is harmless: a stored row is left alone)."""
    async with connection.transaction():
        await connection.execute(_ASYNC_COMMIT)
        async with connection.cursor() as cursor:
            await cursor.executemany(statement, rows)
