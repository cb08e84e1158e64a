"""Stored responses of keyed writes, written in batches: one statement for many writes.

A keyed write's events record its key; its response is stored in the key's row after it
is sent. Storing each one on its own costs a statement (a round trip and a transaction)
per write, about as much PostgreSQL work as the rest of the write; gathered for
``WINDOW_S``, the responses of all writes in that window go in one ``UPDATE``. A retry
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

_STORE_MANY = """
WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true))
UPDATE {table} AS k
SET status = r.status, headers = r.headers::jsonb, body = r.body, completed_at = now()
FROM async_commit,
     unnest(%s::text[], %s::text[], %s::smallint[], %s::text[], %s::bytea[])
         AS r(user_id, key, status, headers, body)
WHERE k.user_id = r.user_id AND k.key = r.key AND k.status IS NULL
"""
"""Asynchronous commit for its own transaction only: a write still waits for one WAL
flush, its events'."""


class ResponseBatch:
    """Collects responses on the event loop; a task of its own writes them each window."""

    def __init__(self, pool: AsyncConnectionPool[Any], table: str) -> None:
        """Write into ``table`` through ``pool`` (autocommit sessions)."""
        self._pool = pool
        self._statement = sql.SQL(_STORE_MANY).format(table=sql.Identifier(table)).as_bytes(None)
        self._rows: list[tuple[str, str, int, str, bytes]] = []
        self._writer: asyncio.Task[None] | None = None

    def add(
        self, user_id: str, key: str, status: int, headers: Iterable[tuple[str, str]], body: bytes
    ) -> None:
        """Queue a response; it is written within ``WINDOW_S`` (plus the write's own time)."""
        encoded = msgspec.json.encode([list(pair) for pair in headers]).decode()
        self._rows.append((user_id, key, status, encoded, body))
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
        columns = [list(column) for column in zip(*rows, strict=True)]
        try:
            await retry_read(self._pool, partial(_execute, self._statement, columns))
        except Exception as error:  # the keys stay without a response, as after a crash
            log.warning("could not store %d Idempotency-Key responses (%r)", len(rows), error)


async def _execute(statement: bytes, params: Any, connection: Any) -> None:
    await connection.execute(statement, params, prepare=True)
