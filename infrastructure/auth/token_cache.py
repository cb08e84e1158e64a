"""A bounded LRU of already verified tokens, so hot read paths skip signature checks."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Generic, TypeVar

P = TypeVar("P")


@dataclass(frozen=True, slots=True)
class _Entry(Generic[P]):
    principal: P
    expires_at: float
    key_fingerprint: str


class VerifiedTokenCache(Generic[P]):
    """Remember who a token belongs to until it expires or its key leaves the JWKS.

    Entries are keyed by the SHA-256 of the token rather than the token itself: the
    cache then holds 32 bytes per entry instead of up to 8 KiB, and never keeps bearer
    credentials in memory longer than the request that carried them.
    """

    def __init__(self, max_entries: int) -> None:
        """Create an empty cache.

        Args:
            max_entries: Bound on entries; the least recently used one is evicted first.
                Zero turns caching off.
        """
        if max_entries < 0:
            raise ValueError("max_entries must not be negative")
        self._max_entries = max_entries
        self._entries: OrderedDict[bytes, _Entry[P]] = OrderedDict()

    def __len__(self) -> int:
        """Number of entries, expired ones included until they are looked up or evicted."""
        return len(self._entries)

    def get(self, token: str, now: float) -> P | None:
        """Return the principal of a still-valid cached token, or None.

        Args:
            token: The bearer token as received.
            now: Current wall-clock time, seconds since the epoch.
        """
        digest = _digest(token)
        entry = self._entries.get(digest)
        if entry is None:
            return None
        if now >= entry.expires_at:
            del self._entries[digest]
            return None
        self._entries.move_to_end(digest)
        return entry.principal

    def put(self, token: str, principal: P, expires_at: float, key_fingerprint: str) -> None:
        """Remember a token that has just passed full verification.

        Args:
            token: The bearer token.
            principal: Whom it identifies.
            expires_at: Wall-clock time after which it must be verified again (and fail).
            key_fingerprint: The key that verified it, see ``retain_keys``.
        """
        if self._max_entries == 0:
            return
        digest = _digest(token)
        self._entries[digest] = _Entry(principal, expires_at, key_fingerprint)
        self._entries.move_to_end(digest)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)

    def retain_keys(self, fingerprints: frozenset[str]) -> None:
        """Forget tokens verified by keys no longer published, so removal revokes them."""
        stale = [d for d, e in self._entries.items() if e.key_fingerprint not in fingerprints]
        for digest in stale:
            del self._entries[digest]


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()
