"""Verify bearer JWTs against a remote JWKS without blocking the event loop (docs/api.md section 1).

``JwtVerifier.verify`` turns a token into a ``Principal`` or raises ``InvalidToken``
(answer 401) or ``KeysUnavailable`` (answer 503). Keys are fetched lazily, cached,
refetched single-flight when a token names an unknown ``kid`` (at most once per
``refetch_interval_s``) and refreshed in the background once they are older than
``max_key_age_s``, so a rotated key is accepted, and a removed one refused, within seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
from jwt.exceptions import PyJWTError

from infrastructure.auth.claims import check_times, roles_from, subject
from infrastructure.auth.errors import InvalidToken, KeysUnavailable
from infrastructure.auth.keyset import (
    KeySet,
    VerificationKey,
    check_allowed_algorithms,
    is_forbidden_algorithm,
    parse_jwks,
)
from infrastructure.auth.token_cache import VerifiedTokenCache

__all__ = [
    "MAX_TOKEN_BYTES",
    "Fetch",
    "InvalidToken",
    "JwtVerifier",
    "KeysUnavailable",
    "Principal",
    "fetch_jwks_over_http",
]

_log = logging.getLogger(__name__)

MAX_TOKEN_BYTES = 8 * 1024
"""Longer tokens are refused unparsed: no honest token is this big, and parsing costs."""

_MAX_JWKS_BYTES = 1024 * 1024
_FETCH_TIMEOUT = httpx.Timeout(5.0, connect=2.0)
_REQUIRED_CLAIMS = ("exp", "iat", "sub")

Fetch = Callable[[str], Awaitable[bytes]]
"""Fetches the JWKS document at a URL and returns its body; raises on any failure."""


@dataclass(frozen=True, slots=True)
class Principal:
    """Who a verified token speaks for.

    Attributes:
        user_id: The token's ``sub``.
        roles: Role names from the configured roles claim (``auditor``, ``operator``...).
    """

    user_id: str
    roles: frozenset[str]


async def fetch_jwks_over_http(url: str) -> bytes:
    """Default ``Fetch``: GET the JWKS with httpx, short timeouts, no redirects, 1 MiB cap.

    Args:
        url: The JWKS URL.

    Returns:
        The response body.

    Raises:
        httpx.HTTPError: On connection failure, timeout or a non-2xx status.
        ValueError: If the body exceeds 1 MiB (a JWKS is a few KiB; more is an error).
    """
    async with (
        httpx.AsyncClient(timeout=_FETCH_TIMEOUT, follow_redirects=False) as client,
        client.stream("GET", url, headers={"Accept": "application/json"}) as response,
    ):
        response.raise_for_status()
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) > _MAX_JWKS_BYTES:
                raise ValueError("JWKS response too large")
        return bytes(body)


class JwtVerifier:
    """Verifies tokens against one JWKS; create one per app and share it across requests.

    Not thread-safe: use it from one event loop.
    """

    def __init__(
        self,
        jwks_url: str,
        algorithms: tuple[str, ...],
        issuer: str | None,
        audience: str | None,
        leeway_s: int,
        roles_claim: str,
        refetch_interval_s: float = 10.0,
        fetch: Fetch = fetch_jwks_over_http,
        *,
        max_key_age_s: float = 300.0,
        cache_size: int = 10_000,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """Configure the verifier; nothing is fetched until the first token needs a key.

        Args:
            jwks_url: Where the JWKS lives (``TASKLOG_JWKS_URL``).
            algorithms: Allowed JWS algorithms (``TASKLOG_JWT_ALGORITHMS``).
            issuer: Required ``iss``, or None to accept any.
            audience: Required ``aud``, or None to ignore ``aud``.
            leeway_s: Clock skew tolerated on ``exp``, ``iat`` and ``nbf``.
            roles_claim: Claim holding the roles (``TASKLOG_JWT_ROLES_CLAIM``).
            refetch_interval_s: Minimum time between two JWKS fetches; bounds the load
                that tokens with made-up ``kid`` values can put on the JWKS endpoint.
            fetch: Fetches the JWKS body; injectable so tests need no network.
            max_key_age_s: Keys older than this are refreshed in the background, so a
                key removed from the JWKS stops working even without an unknown ``kid``.
            cache_size: Bound on remembered verified tokens (0 disables the cache).
            clock: Wall clock (epoch seconds) for ``exp``/``iat``/``nbf`` and the cache.
            monotonic: Clock for fetch intervals and key age.

        Raises:
            ValueError: If ``algorithms`` is empty or names ``none``, an HMAC algorithm
                or an unsupported one, or if a number is out of range.
        """
        if leeway_s < 0 or refetch_interval_s < 0 or max_key_age_s <= 0:
            raise ValueError("leeway, refetch interval and key age must not be negative")
        self._jwks_url = jwks_url
        self._allowed = check_allowed_algorithms(algorithms)
        self._issuer = issuer
        self._audience = audience
        self._leeway_s = leeway_s
        self._roles_claim = roles_claim
        self._refetch_interval_s = refetch_interval_s
        self._fetch = fetch
        self._max_key_age_s = max_key_age_s
        self._clock = clock
        self._monotonic = monotonic
        self._cache: VerifiedTokenCache[Principal] = VerifiedTokenCache(cache_size)
        self._keys: KeySet | None = None
        self._keys_fetched_at = 0.0
        self._last_fetch_started: float | None = None
        self._last_fetch_failed = False
        self._inflight: asyncio.Task[None] | None = None

    async def verify(self, token: str) -> Principal:
        """Check a bearer token and say whom it identifies.

        Args:
            token: The token from ``Authorization: Bearer <token>``.

        Returns:
            The principal (``sub`` and roles).

        Raises:
            InvalidToken: For any token that must be answered with 401.
            KeysUnavailable: If no cached key fits and the JWKS cannot be fetched.
        """
        if len(token) > MAX_TOKEN_BYTES or not token.isascii():
            raise InvalidToken("oversized or non-ASCII token")
        self._refresh_in_background_if_stale()
        now = self._clock()
        cached = self._cache.get(token, now)
        if cached is not None:
            return cached
        kid, alg = _read_header(token, self._allowed)
        key = await self._key_for(kid, alg)
        claims = self._decode(token, key, alg)
        expires_at = check_times(claims, now, self._leeway_s)
        principal = Principal(subject(claims), roles_from(claims, self._roles_claim))
        self._cache.put(token, principal, expires_at, key.fingerprint)
        return principal

    async def refresh(self) -> None:
        """Fetch the JWKS now, unless a fetch started less than ``refetch_interval_s`` ago.

        Joins a fetch already in flight instead of starting another. Never raises on a
        failed fetch (the previous keys stay in use); useful to warm the cache at start-up.
        """
        task = self._start_fetch()
        if task is not None:
            await asyncio.shield(task)

    async def aclose(self) -> None:
        """Cancel a background fetch in flight, for a clean shutdown."""
        task = self._inflight
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _key_for(self, kid: str | None, alg: str) -> VerificationKey:
        """Find the key for a token, fetching the JWKS when it is missing or lacks ``kid``."""
        if self._keys is None:
            await self.refresh()
        if self._keys is None:
            raise KeysUnavailable
        key = self._keys.select(kid, alg)
        if key is not None:
            return key
        if kid is None or self._keys.knows_kid(kid):
            raise InvalidToken("no key fits the token's kid and alg")
        await self.refresh()
        key = self._keys.select(kid, alg)
        if key is not None:
            return key
        if self._last_fetch_failed:
            raise KeysUnavailable
        raise InvalidToken("unknown kid")

    def _start_fetch(self) -> asyncio.Task[None] | None:
        """Return the fetch in flight, or start one if the refetch interval allows it."""
        if self._inflight is not None:
            return self._inflight
        now = self._monotonic()
        last = self._last_fetch_started
        if last is not None and now - last < self._refetch_interval_s:
            return None
        self._last_fetch_started = now
        task = asyncio.create_task(self._fetch_and_install(), name="jwks-fetch")
        self._inflight = task
        task.add_done_callback(self._forget_fetch)
        return task

    def _forget_fetch(self, task: asyncio.Task[None]) -> None:
        if self._inflight is task:
            self._inflight = None

    async def _fetch_and_install(self) -> None:
        """Fetch and parse the JWKS; on any failure keep the old keys and log why."""
        try:
            body = await self._fetch(self._jwks_url)
            keys = parse_jwks(body, self._allowed)
        except Exception as exc:  # any failure must leave the cached keys in service
            self._last_fetch_failed = True
            _log.warning("JWKS fetch from %s failed: %r", self._jwks_url, exc)
            return
        self._keys = keys
        self._keys_fetched_at = self._monotonic()
        self._last_fetch_failed = False
        self._cache.retain_keys(keys.fingerprints)

    def _refresh_in_background_if_stale(self) -> None:
        """Start a fetch, without waiting for it, once the cached keys are too old."""
        if self._keys is None:
            return
        if self._monotonic() - self._keys_fetched_at >= self._max_key_age_s:
            self._start_fetch()

    def _decode(self, token: str, key: VerificationKey, alg: str) -> dict[str, Any]:
        """Check signature, required claims, ``iss`` and ``aud``; times are checked after.

        PyJWT's own time checks are off so that one injected clock governs both the
        token's validity and the cache, whatever PyJWT version is installed.
        """
        try:
            return jwt.decode(
                token,
                key=key.by_algorithm[alg].key,
                algorithms=[alg],
                issuer=self._issuer,
                audience=self._audience,
                options={
                    "require": list(_REQUIRED_CLAIMS),
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                    "verify_iss": self._issuer is not None,
                    "verify_aud": self._audience is not None,
                },
            )
        except PyJWTError as exc:
            raise InvalidToken(type(exc).__name__) from exc


def _read_header(token: str, allowed: frozenset[str]) -> tuple[str | None, str]:
    """Read ``kid`` and ``alg`` from the unverified header, refusing disallowed ``alg``."""
    try:
        header = jwt.get_unverified_header(token)
    except PyJWTError as exc:
        raise InvalidToken("malformed header") from exc
    alg = header.get("alg")
    if not isinstance(alg, str) or is_forbidden_algorithm(alg) or alg not in allowed:
        raise InvalidToken("algorithm not allowed")
    kid = header.get("kid")
    if kid is not None and not isinstance(kid, str):
        raise InvalidToken("malformed kid")
    return kid, alg
