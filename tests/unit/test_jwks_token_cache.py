"""VerifiedTokenCache: bounded, expiring, and emptied of tokens whose key is gone."""

from __future__ import annotations

import pytest

from infrastructure.auth.token_cache import VerifiedTokenCache


def test_cached_principal_is_returned_until_expiry() -> None:
    cache: VerifiedTokenCache[str] = VerifiedTokenCache(10)
    cache.put("t", "alice", expires_at=100.0, key_fingerprint="k")

    assert cache.get("t", now=99.9) == "alice"
    assert cache.get("t", now=100.0) is None
    assert len(cache) == 0


def test_least_recently_used_entry_is_evicted_first() -> None:
    cache: VerifiedTokenCache[str] = VerifiedTokenCache(2)
    cache.put("a", "A", 100.0, "k")
    cache.put("b", "B", 100.0, "k")
    cache.get("a", now=0.0)
    cache.put("c", "C", 100.0, "k")

    assert [cache.get(t, now=0.0) for t in ("a", "b", "c")] == ["A", None, "C"]


def test_entries_of_unpublished_keys_are_dropped() -> None:
    cache: VerifiedTokenCache[str] = VerifiedTokenCache(10)
    cache.put("a", "A", 100.0, "old")
    cache.put("b", "B", 100.0, "new")

    cache.retain_keys(frozenset({"new"}))

    assert (cache.get("a", now=0.0), cache.get("b", now=0.0)) == (None, "B")


def test_zero_size_disables_caching() -> None:
    cache: VerifiedTokenCache[str] = VerifiedTokenCache(0)
    cache.put("a", "A", 100.0, "k")

    assert cache.get("a", now=0.0) is None


def test_negative_size_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        VerifiedTokenCache(-1)
