"""Idempotency keys kept in PostgreSQL: claim a key, then store or replay the first response.

The protocol, per (user, key):

1. ``claim`` inserts a row with the request's fingerprint (``INSERT ... ON CONFLICT``), so
   of two concurrent duplicates exactly one wins and executes; the other finds the row.
2. The winner runs the command and ``complete``\\ s the row with the response it sent, or
   ``release``\\ s it (deletes it) when the command failed on the server's side (5xx), so a
   retry may run again.
3. Anyone else finds the stored response (replay), a different fingerprint (the key was
   reused for another request: 422), or a claim still in progress (wait, then give up).

Rows older than ``RETENTION`` count as absent (a claim takes them over) and are purged by
``purge_expired``. A claim left in progress for ``STALE_CLAIM`` (its process died between
running the command and storing the response) may be taken over by the same request; for a
create that is still safe, because the task id is derived from the user and the key.
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
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool

from infrastructure.pools import retry_read

RETENTION = timedelta(hours=24)
"""How long a key's first response is kept and replayed."""

STALE_CLAIM = timedelta(seconds=60)
"""After this long, an unfinished claim is presumed dead and the same request may retake it."""

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

_CLAIM = """
INSERT INTO {table} AS k (user_id, key, fingerprint, claimed_at)
VALUES (%(user_id)s, %(key)s, %(fingerprint)s, now())
ON CONFLICT (user_id, key) DO UPDATE
    SET fingerprint = EXCLUDED.fingerprint, claimed_at = now(),
        status = NULL, headers = NULL, body = NULL, completed_at = NULL
    WHERE k.claimed_at < now() - %(retention)s
       OR (k.status IS NULL AND k.fingerprint = EXCLUDED.fingerprint
           AND k.claimed_at < now() - %(stale)s)
RETURNING 1
"""

_LOOKUP = """
SELECT fingerprint, status, headers, body FROM {table}
WHERE user_id = %(user_id)s AND key = %(key)s AND claimed_at >= now() - %(retention)s
"""

_COMPLETE = """
UPDATE {table} SET status = %(status)s, headers = %(headers)s, body = %(body)s,
    completed_at = now()
WHERE user_id = %(user_id)s AND key = %(key)s AND status IS NULL
"""

_RELEASE = "DELETE FROM {table} WHERE user_id = %(user_id)s AND key = %(key)s AND status IS NULL"

_PURGE = "DELETE FROM {table} WHERE claimed_at < now() - %(retention)s"

_HEADERS = msgspec.json.Decoder(list[tuple[str, str]])


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
        wait_s: float = 5.0,
        poll_s: float = 0.05,
    ) -> None:
        """Use ``pool`` (whose sessions have the Tasklog schema on their search path).

        Args:
            pool: The async pool for Tasklog's own tables.
            wait_s: How long a duplicate waits for the first request to finish.
            poll_s: Pause between looks while waiting.
        """
        self._pool = pool
        self._wait_s = wait_s
        self._poll_s = poll_s
        table = sql.Identifier(TABLE)
        self._claim = sql.SQL(_CLAIM).format(table=table)
        self._lookup = sql.SQL(_LOOKUP).format(table=table)
        self._complete = sql.SQL(_COMPLETE).format(table=table)
        self._release = sql.SQL(_RELEASE).format(table=table)
        self._purge = sql.SQL(_PURGE).format(table=table)

    async def create_table(self) -> None:
        """Create the table and its index if they do not exist."""
        ddl = sql.SQL(_DDL).format(
            table=sql.Identifier(TABLE), index=sql.Identifier(f"{TABLE}_claimed_at")
        )
        async with self._pool.connection() as connection:
            await connection.execute(ddl)

    async def claim(self, user_id: str, key: str, fingerprint: bytes) -> Outcome:
        """Claim ``key`` for this request, or say what became of its first use.

        Waits up to ``wait_s`` while a duplicate is in progress, so a client's quick
        retry usually gets the replay rather than a 409.
        """
        params = {
            "user_id": user_id,
            "key": key,
            "fingerprint": fingerprint,
            "retention": RETENTION,
            "stale": STALE_CLAIM,
        }
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._wait_s

        async def attempt(connection: Any) -> tuple[bool, Any]:
            cursor = await connection.execute(self._claim, params)
            if await cursor.fetchone() is not None:
                return True, None
            cursor = await connection.execute(self._lookup, params)
            return False, await cursor.fetchone()

        while True:
            # Repeated on a lost connection: a claim that did commit then reads as this
            # request's own claim in progress (a 409 after ``wait_s``), never as two runs.
            claimed, row = await retry_read(self._pool, attempt)
            if claimed:
                return Claimed()
            if row is not None:
                stored_fingerprint, status, headers, body = row
                if bytes(stored_fingerprint) != fingerprint:
                    return KeyReused()
                if status is not None:
                    return Replay(StoredResponse(status, _decode_headers(headers), bytes(body)))
                if loop.time() >= deadline:
                    return InProgress()
            await asyncio.sleep(self._poll_s)

    async def complete(
        self,
        user_id: str,
        key: str,
        status: int,
        headers: Iterable[tuple[str, str]],
        body: bytes,
    ) -> None:
        """Store the response this request's command produced."""
        params = {
            "user_id": user_id,
            "key": key,
            "status": status,
            "headers": Jsonb([list(pair) for pair in headers]),
            "body": body,
        }
        await retry_read(self._pool, partial(_execute, self._complete, params))

    async def release(self, user_id: str, key: str) -> None:
        """Give a claim up (the command failed on our side), so a retry runs it again."""
        params = {"user_id": user_id, "key": key}
        await retry_read(self._pool, partial(_execute, self._release, params))

    async def purge_expired(self) -> int:
        """Delete keys past their retention; returns how many went."""
        async with self._pool.connection() as connection:
            cursor = await connection.execute(self._purge, {"retention": RETENTION})
            return int(cursor.rowcount)


async def _execute(statement: sql.Composed, params: dict[str, Any], connection: Any) -> None:
    """Run ``statement`` (idempotent: storing or releasing a claim may be repeated)."""
    await connection.execute(statement, params)


def _decode_headers(raw: Any) -> list[tuple[str, str]]:
    if isinstance(raw, str | bytes):
        return _HEADERS.decode(raw)
    return [(str(name), str(value)) for name, value in raw or ()]
