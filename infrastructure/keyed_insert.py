"""The event store's keyed insert: an Idempotency-Key recorded in the events' transaction.

``<events table>_insert_keyed`` inserts the key's row, then calls the plain insert
function, in one statement (autocommit: the statement is the transaction). So the key
commits with the events or not at all, and costs a keyed write no round trip and no
commit of its own (``infrastructure.idempotency`` has the protocol).
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from infrastructure.idempotency import (
    KEY_CONSTRAINT,
    KEY_LOCK_WAIT_S,
    RETENTION,
    STALE_CLAIM,
    TABLE,
    IdempotencyKeyTaken,
    PendingKey,
)

_RECORD_KEY = """
INSERT INTO {table} AS k (user_id, key, fingerprint, claimed_at)
VALUES (key_user, key_name, key_fingerprint, now())
ON CONFLICT (user_id, key) DO UPDATE
    SET fingerprint = EXCLUDED.fingerprint, claimed_at = now(),
        status = NULL, headers = NULL, body = NULL, completed_at = NULL
    WHERE k.claimed_at < now() - key_retention
       OR (k.status IS NULL AND k.fingerprint = EXCLUDED.fingerprint
           AND k.claimed_at < now() - key_stale)
"""
"""Takes over a row past its retention, or one left without a response past
``STALE_CLAIM`` by the same request, as ``IdempotencyStore.store_unrecorded`` does."""


def create_keyed_function(
    schema: str, name: str, insert_function: sql.Identifier, id_type: sql.SQL
) -> sql.Composed:
    """``CREATE OR REPLACE FUNCTION`` for ``schema.name``, wrapping ``insert_function``.

    The key's insert waits at most ``KEY_LOCK_WAIT_S`` for another transaction inserting
    the same key (a duplicate in flight); the plain function then sets the event store's
    own lock timeout again for its table lock.
    """
    return sql.SQL(
        "CREATE OR REPLACE FUNCTION {keyed}("
        "ids {id_type}[], versions bigint[], topics text[], states bytea[], "
        "key_user text, key_name text, key_fingerprint bytea, "
        "key_retention interval, key_stale interval) "
        "RETURNS SETOF bigint LANGUAGE plpgsql AS $BODY$ "
        "BEGIN "
        "SET LOCAL lock_timeout = '{key_wait_ms}ms'; "
        "{record_key}; "
        "IF NOT FOUND THEN "
        "RAISE unique_violation USING MESSAGE = 'Idempotency-Key already used', "
        "CONSTRAINT = {constraint}; "
        "END IF; "
        "RETURN QUERY SELECT * FROM {function}(ids, versions, topics, states); "
        "END; $BODY$"
    ).format(
        keyed=sql.Identifier(schema, name),
        id_type=id_type,
        key_wait_ms=sql.SQL(str(int(KEY_LOCK_WAIT_S * 1000))),
        record_key=sql.SQL(_RECORD_KEY).format(table=sql.Identifier(schema, TABLE)),
        constraint=sql.Literal(KEY_CONSTRAINT),
        function=insert_function,
    )


def keyed_call(schema: str, name: str, id_type: sql.SQL) -> bytes:
    """The prepared call of the keyed function: the events' arrays, then the key's fields
    (user, key, fingerprint, retention, stale-claim age)."""
    return (
        sql.SQL(
            "SELECT * FROM {function}(%s::{id_type}[], %s::bigint[], %s::text[], "
            "%s::bytea[], %s, %s, %s, %s, %s)"
        )
        .format(function=sql.Identifier(schema, name), id_type=id_type)
        .as_bytes(None)
    )


def keyed_args(events: tuple[list[Any], ...], pending: PendingKey) -> tuple[Any, ...]:
    """``keyed_call``'s parameters: the events' arrays, then the key's."""
    return (*events, pending.user_id, pending.key, pending.fingerprint, RETENTION, STALE_CLAIM)


def key_taken(error: psycopg.Error, pending: PendingKey) -> IdempotencyKeyTaken | None:
    """``IdempotencyKeyTaken`` when ``error`` came from the key's insert (marking
    ``pending``), else None: a version conflict on the events and the like."""
    if isinstance(error, psycopg.errors.UniqueViolation):
        if error.diag.constraint_name != KEY_CONSTRAINT:
            return None
        pending.taken = True
        return IdempotencyKeyTaken()
    if isinstance(error, psycopg.errors.LockNotAvailable):
        if TABLE not in (error.diag.context or ""):
            return None
        pending.taken = pending.in_flight = True
        return IdempotencyKeyTaken()
    return None
