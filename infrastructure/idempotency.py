"""Idempotency keys kept in PostgreSQL: claim a key, then store or replay the first response.

The protocol, per (user, key):

1. ``claim`` inserts a row with the request's fingerprint (``INSERT ... ON CONFLICT``), so
   of two concurrent duplicates exactly one wins and executes; the other finds the row.
2. The winner runs the command and ``complete``\\ s the row with the response it sent, or
   ``release``\\ s it (deletes it) when the command failed on the server's side (5xx), so a
   retry may run again.
3. Anyone else finds the stored response (replay), a different fingerprint (the key was
   reused for another request: 422), or a claim still in progress: it looks again for up
   to ``wait_s`` (half a second), then gives up (409, retry later).

Rows older than ``RETENTION`` count as absent (a claim takes them over) and are purged by
``purge_expired``. A claim left in progress for ``STALE_CLAIM`` (its process died between
running the command and storing the response) may be taken over by the same request; for a
create that is still safe, because the task id is derived from the user and the key.

Durability: the claim and the stored response commit with ``synchronous_commit`` off (for
their own transaction only), so a keyed write waits for one WAL flush, its events', as a
write without a key does. Nothing a retry relies on is lost that way:

- A crash of the API process loses nothing either way: an asynchronous commit is
  committed and visible at once; only a crash of PostgreSQL itself (or its host) can lose
  the last fraction of a second of such commits.
- The claim is committed before the command runs, so its commit record precedes the
  events' in the WAL, and the events' synchronous flush writes it too: if the events
  survive a PostgreSQL crash, so does the claim. A claim that is lost had no events
  after it, and a retry simply runs the command.
- The stored response is written after the events; if a PostgreSQL crash loses it, the
  row is left as a claim in progress, exactly as when the API process dies between the
  events and the response, and the same rule applies (``STALE_CLAIM``).
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

import msgspec
from psycopg import sql
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from infrastructure.pools import retry_read

RETENTION = timedelta(hours=24)
"""How long a key's first response is kept and replayed."""

STALE_CLAIM = timedelta(seconds=60)
"""After this long, an unfinished claim is presumed dead and the same request may retake it."""

DUPLICATE_WAIT_S = 0.5
"""How long a duplicate of a request still running looks for its response before a 409."""

DUPLICATE_POLL_S = 0.05
"""Pause between those looks."""

TABLE = "idempotency_keys"

_DDL = """
CREATE TABLE IF NOT EXISTS {table} (
    user_id      text        NOT NULL,
    key          text        NOT NULL,
    fingerprint  bytea       NOT NULL,
    claimed_at   timestamptz NOT NULL DEFAULT now(),
    status       smallint,
    headers      jsonb,
    body         bytea,
    completed_at timestamptz,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX IF NOT EXISTS {index} ON {table} (claimed_at);
"""

# ``set_config(..., true)`` lasts until the end of the statement's own transaction (each
# statement is one: the pool is in autocommit), so only these commits are asynchronous.
_ASYNC_COMMIT = "WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true))"

_CLAIM = (
    _ASYNC_COMMIT
    + """
INSERT INTO {table} AS k (user_id, key, fingerprint, claimed_at)
SELECT %s, %s, %s, now() FROM async_commit
ON CONFLICT (user_id, key) DO UPDATE
    SET fingerprint = EXCLUDED.fingerprint, claimed_at = now(),
        status = NULL, headers = NULL, body = NULL, completed_at = NULL
    WHERE k.claimed_at < now() - %s
       OR (k.status IS NULL AND k.fingerprint = EXCLUDED.fingerprint
           AND k.claimed_at < now() - %s)
RETURNING 1
"""
)

_LOOKUP = """
SELECT fingerprint, status, headers, body FROM {table}
WHERE user_id = %s AND key = %s AND claimed_at >= now() - %s
"""

_COMPLETE = (
    _ASYNC_COMMIT
    + """
UPDATE {table} AS k SET status = %s, headers = %s::jsonb, body = %s, completed_at = now()
FROM async_commit
WHERE k.user_id = %s AND k.key = %s AND k.status IS NULL
"""
)

_RELEASE = "DELETE FROM {table} WHERE user_id = %s AND key = %s AND status IS NULL"

_PURGE = "DELETE FROM {table} WHERE claimed_at < now() - %s"

_HEADERS = msgspec.json.Decoder(list[tuple[str, str]])


def _statement(template: str) -> bytes:
    # As bytes: psycopg converts a bytes query once (cached), a Composed one every time.
    return sql.SQL(template).format(table=sql.Identifier(TABLE)).as_bytes(None)


def request_fingerprint(method: str, path: str, query: str, body: bytes) -> bytes:
    """SHA-256 over what makes two requests "the same": method, path (with query), body."""
    digest = hashlib.sha256()
    for part in (method.upper().encode(), path.encode(), query.encode()):
        digest.update(part)
        digest.update(b"\0")
    digest.update(body)
    return digest.digest()


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """The first response given under a key, replayed for every retry."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True, slots=True)
class Claimed:
    """This request owns the key: run the command, then ``complete`` or ``release``."""


@dataclass(frozen=True, slots=True)
class Replay:
    """The key's request has been answered: send ``response`` again, run nothing."""

    response: StoredResponse


@dataclass(frozen=True, slots=True)
class KeyReused:
    """The key was first used with a different request (answer 422)."""


@dataclass(frozen=True, slots=True)
class InProgress:
    """Another request with this key is still running (answer 409, retry later)."""


Outcome = Claimed | Replay | KeyReused | InProgress


class IdempotencyStore:
    """Idempotency keys in one PostgreSQL table, used from the event loop (async psycopg)."""

    def __init__(
        self,
        pool: AsyncConnectionPool[Any],
        *,
        wait_s: float = DUPLICATE_WAIT_S,
        poll_s: float = DUPLICATE_POLL_S,
    ) -> None:
        """Use ``pool`` (autocommit sessions with the Tasklog schema on their search path).

        Args:
            pool: The async pool for Tasklog's own tables.
            wait_s: How long a duplicate looks for the first request's response.
            poll_s: Pause between looks.
        """
        self._pool = pool
        self._wait_s = wait_s
        self._poll_s = poll_s
        self._claim = _statement(_CLAIM)
        self._lookup = _statement(_LOOKUP)
        self._complete = _statement(_COMPLETE)
        self._release = _statement(_RELEASE)
        self._purge = _statement(_PURGE)

    async def create_table(self) -> None:
        """Create the table and its index if they do not exist."""
        ddl = sql.SQL(_DDL).format(
            table=sql.Identifier(TABLE), index=sql.Identifier(f"{TABLE}_claimed_at")
        )
        async with self._pool.connection() as connection:
            await connection.execute(ddl)

    async def claim(self, user_id: str, key: str, fingerprint: bytes) -> Outcome:
        """Claim ``key`` for this request, or say what became of its first use.

        While a duplicate is still running, looks again every ``poll_s`` for up to
        ``wait_s`` in all (a client's quick retry then usually gets the replay), then
        answers ``InProgress``.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._wait_s
        pool_wait: float | None = None  # the first look waits for a connection like any query
        while True:
            try:
                row = await self._claim_or_look_up(user_id, key, fingerprint, pool_wait)
            except PoolTimeout:
                return InProgress()
            if row is None:
                return Claimed()
            stored_fingerprint, status, headers, body = row
            if bytes(stored_fingerprint) != fingerprint:
                return KeyReused()
            if status is not None:
                return Replay(StoredResponse(status, _decode_headers(headers), bytes(body)))
            left = deadline - loop.time()
            if left <= 0:
                return InProgress()
            await asyncio.sleep(min(self._poll_s, left))
            pool_wait = max(deadline - loop.time(), 0.001)

    async def _claim_or_look_up(
        self, user_id: str, key: str, fingerprint: bytes, pool_wait: float | None
    ) -> tuple[Any, ...] | None:
        """None when this request claimed the key, else the key's row (or a claim in
        progress that vanished meanwhile: the caller looks again)."""
        async with self._pool.connection(timeout=pool_wait) as connection:
            cursor = await connection.execute(
                self._claim,
                (user_id, key, fingerprint, RETENTION, STALE_CLAIM),
                prepare=True,
            )
            if await cursor.fetchone() is not None:
                return None
            cursor = await connection.execute(self._lookup, (user_id, key, RETENTION), prepare=True)
            row = await cursor.fetchone()
        # A row released between the two statements reads as "still in progress".
        return tuple(row) if row is not None else (fingerprint, None, None, None)

    async def complete(
        self,
        user_id: str,
        key: str,
        status: int,
        headers: Iterable[tuple[str, str]],
        body: bytes,
    ) -> None:
        """Store the response this request's command produced."""
        encoded = msgspec.json.encode([list(pair) for pair in headers]).decode()
        params = (status, encoded, body, user_id, key)
        await retry_read(self._pool, partial(_execute, self._complete, params))

    async def release(self, user_id: str, key: str) -> None:
        """Give a claim up (the command failed on our side), so a retry runs it again."""
        await retry_read(self._pool, partial(_execute, self._release, (user_id, key)))

    async def purge_expired(self) -> int:
        """Delete keys past their retention; returns how many went."""
        async with self._pool.connection() as connection:
            cursor = await connection.execute(self._purge, (RETENTION,))
            return int(cursor.rowcount)


def _decode_headers(raw: Any) -> list[tuple[str, str]]:
    if isinstance(raw, str | bytes):
        return _HEADERS.decode(raw)
    return [(str(name), str(value)) for name, value in raw or ()]


async def _execute(statement: Any, params: Any, connection: Any) -> None:
    """Run one statement whose repetition is harmless (storing or releasing a key)."""
    await connection.execute(statement, params, prepare=True)
