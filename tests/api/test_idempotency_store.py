"""The idempotency key table on its own: storing, replay, reuse, expiry, stale rows.

A keyed command's events record its key in their own transaction (``keyed_insert``, tested
through the API); here ``recorded`` inserts the row that insert leaves, without events.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from psycopg_pool import AsyncConnectionPool

from infrastructure.database import conninfo_with_search_path
from infrastructure.idempotency import (
    IdempotencyStore,
    InProgress,
    KeyReused,
    PendingKey,
    Replay,
    StoredResponse,
    request_fingerprint,
)

FIRST = request_fingerprint("POST", "/api/v1/tasks", "", b'{"title": "a"}')
OTHER = request_fingerprint("POST", "/api/v1/tasks", "", b'{"title": "b"}')


@pytest.fixture
async def pool(database_url: str, schema: str) -> AsyncIterator[AsyncConnectionPool[Any]]:
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(
        conninfo_with_search_path(database_url, schema),
        min_size=1,
        max_size=2,
        kwargs={"autocommit": True},
        open=False,
    )
    await pool.open()
    yield pool
    await pool.close()


@pytest.fixture
async def store(pool: AsyncConnectionPool[Any]) -> IdempotencyStore:
    store = IdempotencyStore(pool, wait_s=0.2, poll_s=0.01)
    await store.create_table()
    return store


async def age(pool: AsyncConnectionPool[Any], interval: str) -> None:
    """Move every claim ``interval`` into the past."""
    async with pool.connection() as connection:
        await connection.execute(
            f"UPDATE idempotency_keys SET claimed_at = claimed_at - interval '{interval}'"
        )


def test_the_fingerprint_covers_method_path_query_and_body() -> None:
    base = request_fingerprint("POST", "/a", "", b"x")

    assert base == request_fingerprint("post", "/a", "", b"x")
    assert base != request_fingerprint("PUT", "/a", "", b"x")
    assert base != request_fingerprint("POST", "/b", "", b"x")
    assert base != request_fingerprint("POST", "/a", "q=1", b"x")
    assert base != request_fingerprint("POST", "/a", "", b"y")


async def recorded(pool: AsyncConnectionPool[Any], user: str, key: str, fingerprint: bytes) -> None:
    """The row a keyed command's events leave: the key, no response yet."""
    async with pool.connection() as connection:
        await connection.execute(
            "INSERT INTO idempotency_keys (user_id, key, fingerprint) VALUES (%s, %s, %s)",
            (user, key, fingerprint),
        )


def pending(user: str, fingerprint: bytes) -> PendingKey:
    return PendingKey(user, "k", fingerprint)


async def test_a_response_without_events_is_stored_and_replayed(store: IdempotencyStore) -> None:
    assert await store.store_unrecorded(pending("u", FIRST), 404, [("x", "1")], b"{}")

    assert await store.answer("u", "k", FIRST) == Replay(StoredResponse(404, [("x", "1")], b"{}"))


async def test_the_response_of_recorded_events_is_stored_and_replayed(
    store: IdempotencyStore, pool: AsyncConnectionPool[Any]
) -> None:
    await recorded(pool, "u", "k", FIRST)
    store.complete("u", "k", 201, [("etag", '"1"')], b"{}")
    await store.flush()

    assert await store.answer("u", "k", FIRST) == Replay(
        StoredResponse(201, [("etag", '"1"')], b"{}")
    )


async def test_another_request_under_the_key_is_refused(store: IdempotencyStore) -> None:
    await store.store_unrecorded(pending("u", FIRST), 200, [], b"{}")

    assert not await store.store_unrecorded(pending("u", OTHER), 200, [], b"{}")
    assert await store.answer("u", "k", OTHER) == KeyReused()


async def test_keys_are_per_user(store: IdempotencyStore) -> None:
    await store.store_unrecorded(pending("u", FIRST), 200, [], b"{}")

    assert await store.store_unrecorded(pending("v", OTHER), 200, [], b"{}")


async def test_a_response_queued_for_its_batch_is_waited_for(
    store: IdempotencyStore, pool: AsyncConnectionPool[Any]
) -> None:
    await recorded(pool, "u", "k", FIRST)
    store.complete("u", "k", 200, [], b"{}")

    assert await store.answer("u", "k", FIRST) == Replay(StoredResponse(200, [], b"{}"))


async def test_a_duplicate_of_a_running_request_waits_then_gives_up(
    store: IdempotencyStore, pool: AsyncConnectionPool[Any]
) -> None:
    await recorded(pool, "u", "k", FIRST)

    assert not await store.store_unrecorded(pending("u", FIRST), 404, [], b"{}")
    assert await store.answer("u", "k", FIRST) == InProgress()


async def test_a_stale_row_is_taken_over_by_the_same_request_only(
    store: IdempotencyStore, pool: AsyncConnectionPool[Any]
) -> None:
    await recorded(pool, "u", "k", FIRST)
    await age(pool, "2 minutes")

    assert not await store.store_unrecorded(pending("u", OTHER), 200, [], b"{}")
    assert await store.store_unrecorded(pending("u", FIRST), 200, [], b"{}")


async def test_a_key_older_than_a_day_is_free_again_and_purged(
    store: IdempotencyStore, pool: AsyncConnectionPool[Any]
) -> None:
    await store.store_unrecorded(pending("u", FIRST), 200, [], b"{}")
    await recorded(pool, "u", "old", FIRST)
    await age(pool, "25 hours")

    assert await store.store_unrecorded(pending("u", OTHER), 200, [], b"{}")
    assert await store.purge_expired() == 1
