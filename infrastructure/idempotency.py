"""Idempotency keys kept in PostgreSQL, recorded in the same transaction as the events.

The protocol, per (user, key) (docs/api.md section 3, and "Idempotency keys" in
docs/http-api.md for why it is safe):

1. The command runs with its key in ``PENDING_KEY``. When it writes events, the event
   store's insert function first inserts the key's row (request fingerprint, no response
   yet), in the events' own transaction: the key and the events commit together or not
   at all. A key already recorded by another request makes the insert fail before any
   event is written (``IdempotencyKeyTaken``); a key whose first request is still in its
   transaction is waited for up to ``KEY_LOCK_WAIT_S``.
2. After the command, its response is stored: ``complete`` updates the row its events
   made, in a batch with other writes' responses, just after the response is sent
   (``response_batch``); a command that wrote nothing inserts the row with its response
   before sending it (``store_unrecorded``), unless the key has a row already. A 5xx is
   not stored: a command that wrote nothing left no row, and a retry runs it again; a
   row its events made stays without a response, as after a crash.
3. A request that finds the key taken is answered from the row (``answer``): the stored
   response (replay), 422 (a different fingerprint: the key was reused for another
   request), or, while the first request's response is not stored yet, it looks again
   for up to ``wait_s`` (half a second), then gives up (409, retry later).

Rows older than ``RETENTION`` count as absent (the next use takes them over) and are
purged by ``purge_expired``. A row left without a response for ``STALE_CLAIM`` (its
process died between the events and storing the response) may be taken over by the same
request, which then runs again; for a create that is still safe, because the task id is
derived from the user and the key.

Cost: a keyed write makes no statement of its own; its key rides in its events'
statement, its response in a batched transaction, committed with ``synchronous_commit`` off
for its own transaction only, so it waits for one WAL flush, its events', as a write
without a key does. A crash of the API process (or of PostgreSQL) can lose the responses
of the last moment; their rows are then left without one, exactly as when the API
process dies between the events and the response.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

import msgspec
from psycopg import sql
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from infrastructure.pools import retry_read
from infrastructure.response_batch import ResponseBatch

RETENTION = timedelta(hours=24)
"""How long a key's first response is kept and replayed."""

STALE_CLAIM = timedelta(seconds=60)
"""After this long, a row without a response is presumed dead and the same request may
take it over."""

DUPLICATE_WAIT_S = 0.5
"""How long a duplicate of a request still running looks for its response before a 409."""

DUPLICATE_POLL_S = 0.05
"""Pause between those looks."""

KEY_LOCK_WAIT_S = 0.5
"""How long the events' insert waits for another transaction recording the same key
(a duplicate in flight) before it gives up with a 409."""

TABLE = "idempotency_keys"

CREATE_LOCK_KEY = 7_365_240_118_402_552_064
"""Advisory lock held while the table is created: API workers starting together would
otherwise race on ``CREATE TABLE IF NOT EXISTS`` ("duplicate key value violates unique
constraint pg_type_typname_nsp_index")."""
KEY_CONSTRAINT = f"{TABLE}_pkey"
"""The primary key: the insert function raises a unique violation naming it when the key
is taken, which tells it apart from a version conflict on the events."""

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
    CONSTRAINT {constraint} PRIMARY KEY (user_id, key)
) WITH (fillfactor = 50);
DROP INDEX IF EXISTS {btree_index};
CREATE INDEX IF NOT EXISTS {index} ON {table} USING brin (claimed_at);
"""
"""Half of each page is left free so that storing a response updates its row in place (a
HOT update: no new primary-key entry); rows come in ``claimed_at`` order, so a BRIN
index serves the purge at a fraction of a B-tree's cost per insert."""

# ``set_config(..., true)`` lasts until the end of the statement's own transaction (each
# statement is one: the pool is in autocommit), so only these commits are asynchronous.
_ASYNC_COMMIT = "WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true))"

_TAKES_OVER = """
       k.claimed_at < now() - %(retention)s
       OR (k.status IS NULL AND k.fingerprint = EXCLUDED.fingerprint
           AND k.claimed_at < now() - %(stale)s)
"""

_STORE_UNRECORDED = (
    _ASYNC_COMMIT
    + """
INSERT INTO {table} AS k (user_id, key, fingerprint, claimed_at, status, headers, body,
                          completed_at)
SELECT %(user)s, %(key)s, %(fingerprint)s, now(), %(status)s, %(headers)s::jsonb,
       %(body)s, now()
FROM async_commit
ON CONFLICT (user_id, key) DO UPDATE
    SET fingerprint = EXCLUDED.fingerprint, claimed_at = now(), status = EXCLUDED.status,
        headers = EXCLUDED.headers, body = EXCLUDED.body, completed_at = now()
    WHERE"""
    + _TAKES_OVER
    + "RETURNING 1"
)

_LOOKUP = """
SELECT fingerprint, status, headers, body FROM {table}
WHERE user_id = %s AND key = %s AND claimed_at >= now() - %s
"""

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


@dataclass(slots=True)
class PendingKey:
    """A keyed command's key on its way to the event store, and what became of it there."""

    user_id: str
    key: str
    fingerprint: bytes
    recorded: bool = False
    """This request's events recorded the key (its row now awaits the response)."""
    taken: bool = False
    """Another request holds the key: this command's events were not written."""
    in_flight: bool = False
    """The holder's transaction had not committed within ``KEY_LOCK_WAIT_S``."""


PENDING_KEY: ContextVar[PendingKey | None] = ContextVar("tasklog_pending_key", default=None)
"""Set by the API around a keyed command; worker threads run with a copy of the caller's
context, so the event store sees the same ``PendingKey`` and marks it."""


class IdempotencyKeyTaken(Exception):
    """The events were not written: their Idempotency-Key belongs to another request."""


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """The first response given under a key, replayed for every retry."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


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


Answer = Replay | KeyReused | InProgress


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
        self._store_unrecorded = _statement(_STORE_UNRECORDED)
        self._lookup = _statement(_LOOKUP)
        self._responses = ResponseBatch(pool, TABLE)
        self._purge = _statement(_PURGE)

    async def create_table(self) -> None:
        """Create the table and its index if they do not exist."""
        ddl = sql.SQL(_DDL).format(
            table=sql.Identifier(TABLE),
            constraint=sql.Identifier(KEY_CONSTRAINT),
            btree_index=sql.Identifier(f"{TABLE}_claimed_at"),
            index=sql.Identifier(f"{TABLE}_claimed_at_brin"),
        )
        async with self._pool.connection() as connection, connection.transaction():
            await connection.execute("SELECT pg_advisory_xact_lock(%s)", (CREATE_LOCK_KEY,))
            await connection.execute(ddl)

    async def answer(self, user_id: str, key: str, fingerprint: bytes) -> Answer:
        """What a request whose key another request holds is answered.

        While the holder's response is not stored yet, looks again every ``poll_s`` for
        up to ``wait_s`` in all (a client's quick retry then usually gets the replay),
        then answers ``InProgress``.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._wait_s
        pool_wait: float | None = None  # the first look waits for a connection like any query
        while True:
            try:
                row = await self._look_up(user_id, key, pool_wait)
            except PoolTimeout:
                return InProgress()
            if row is not None:
                stored_fingerprint, status, headers, body = row
                if bytes(stored_fingerprint) != fingerprint:
                    return KeyReused()
                if status is not None:
                    return Replay(StoredResponse(status, _decode_headers(headers), bytes(body)))
            # No response yet (or no row committed yet): the holder is still running.
            left = deadline - loop.time()
            if left <= 0:
                return InProgress()
            await asyncio.sleep(min(self._poll_s, left))
            pool_wait = max(deadline - loop.time(), 0.001)

    async def _look_up(self, user_id: str, key: str, pool_wait: float | None) -> Any:
        async with self._pool.connection(timeout=pool_wait) as connection:
            cursor = await connection.execute(self._lookup, (user_id, key, RETENTION), prepare=True)
            return await cursor.fetchone()

    def complete(
        self,
        user_id: str,
        key: str,
        status: int,
        headers: Iterable[tuple[str, str]],
        body: bytes,
    ) -> None:
        """Store, within ``response_batch.WINDOW_S``, the response of a command whose events
        recorded the key (the caller need not wait: a retry waits for it instead)."""
        self._responses.add(user_id, key, status, headers, body)

    async def flush(self) -> None:
        """Write the responses ``complete`` has queued (before the pool closes)."""
        await self._responses.flush()

    async def store_unrecorded(
        self,
        pending: PendingKey,
        status: int,
        headers: Iterable[tuple[str, str]],
        body: bytes,
    ) -> bool:
        """Record the key with the response of a command that wrote no events.

        Returns False, storing nothing, when another request holds the key: this response
        must not be sent; the key's own answer is (``answer``).
        """
        params = {
            "user": pending.user_id,
            "key": pending.key,
            "fingerprint": pending.fingerprint,
            "status": status,
            "headers": _encode_headers(headers),
            "body": body,
            "retention": RETENTION,
            "stale": STALE_CLAIM,
        }
        return await retry_read(self._pool, partial(_returns_row, self._store_unrecorded, params))

    async def purge_expired(self) -> int:
        """Delete keys past their retention; returns how many went."""
        async with self._pool.connection() as connection:
            cursor = await connection.execute(self._purge, (RETENTION,))
            return int(cursor.rowcount)


def _encode_headers(headers: Iterable[tuple[str, str]]) -> str:
    return msgspec.json.encode([list(pair) for pair in headers]).decode()


def _decode_headers(raw: Any) -> list[tuple[str, str]]:
    if isinstance(raw, str | bytes):
        return _HEADERS.decode(raw)
    return [(str(name), str(value)) for name, value in raw or ()]


async def _returns_row(statement: Any, params: Any, connection: Any) -> bool:
    """Run one statement whose repetition is harmless; whether it returned a row."""
    cursor = await connection.execute(statement, params, prepare=True)
    return await cursor.fetchone() is not None
