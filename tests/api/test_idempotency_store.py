"""The idempotency key table on its own: claim, replay, reuse, release, expiry, stale claims."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from psycopg_pool import AsyncConnectionPool

from infrastructure.database import conninfo_with_search_path
from infrastructure.idempotency import (
    Claimed,
    IdempotencyStore,
    InProgress,
    KeyReused,
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


async def test_the_first_request_claims_and_a_retry_replays(store: IdempotencyStore) -> None:
    assert await store.claim("u", "k", FIRST) == Claimed()
    await store.complete("u", "k", 201, [("etag", '"1"')], b"{}")

    assert await store.claim("u", "k", FIRST) == Replay(
        StoredResponse(201, [("etag", '"1"')], b"{}")
    )


async def test_another_request_under_the_key_is_refused(store: IdempotencyStore) -> None:
    await store.claim("u", "k", FIRST)

    assert await store.claim("u", "k", OTHER) == KeyReused()


async def test_keys_are_per_user(store: IdempotencyStore) -> None:
    await store.claim("u", "k", FIRST)

    assert await store.claim("v", "k", OTHER) == Claimed()


async def test_a_duplicate_of_a_running_request_waits_then_gives_up(
    store: IdempotencyStore,
) -> None:
    await store.claim("u", "k", FIRST)

    assert await store.claim("u", "k", FIRST) == InProgress()


async def test_a_released_claim_runs_again(store: IdempotencyStore) -> None:
    await store.claim("u", "k", FIRST)
    await store.release("u", "k")

    assert await store.claim("u", "k", OTHER) == Claimed()


async def test_a_stale_claim_is_taken_over_by_the_same_request_only(
    store: IdempotencyStore, pool: AsyncConnectionPool[Any]
) -> None:
    await store.claim("u", "k", FIRST)
    await age(pool, "2 minutes")

    assert await store.claim("u", "k", OTHER) == KeyReused()
    assert await store.claim("u", "k", FIRST) == Claimed()


async def test_a_key_older_than_a_day_is_free_again_and_purged(
    store: IdempotencyStore, pool: AsyncConnectionPool[Any]
) -> None:
    await store.claim("u", "k", FIRST)
    await store.complete("u", "k", 200, [], b"{}")
    await store.claim("u", "old", FIRST)
    await age(pool, "25 hours")

    assert await store.claim("u", "k", OTHER) == Claimed()
    assert await store.purge_expired() == 1
