"""Per-user request budgets (``TASKLOG_RATE_LIMIT``, e.g. ``100/minute``), fixed windows.

With Redis configured the counters live there, so every API process shares one budget per
user; without it each process counts on its own. A Redis failure lets requests through
(and logs): losing the limiter must not take the API down with it.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

_log = logging.getLogger(__name__)

_UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


@dataclass(frozen=True, slots=True)
class RateLimit:
    """A budget of ``limit`` requests per ``window_s`` seconds."""

    limit: int
    window_s: int

    @classmethod
    def parse(cls, text: str) -> RateLimit:
        """Read ``N/unit`` as ``Settings`` normalised it (``100/minute``).

        Raises:
            ValueError: The text is not of that form.
        """
        count, _, unit = text.partition("/")
        if unit not in _UNIT_SECONDS or not count.isdigit() or int(count) < 1:
            raise ValueError(f"not a rate limit: {text!r}")
        return cls(int(count), _UNIT_SECONDS[unit])


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether a request may proceed and, if not, how long until the window resets."""

    allowed: bool
    limit: int
    remaining: int
    retry_after_s: int


class RateLimiter(Protocol):
    """Counts one request for a user and decides."""

    async def hit(self, user_id: str) -> Decision:
        """Count a request by ``user_id`` in the current window."""
        ...


class InProcessRateLimiter:
    """Fixed-window counters in this process's memory (one event loop, no locking needed)."""

    def __init__(self, rate: RateLimit, *, clock: Callable[[], float] = time.time) -> None:
        """Create the limiter.

        Args:
            rate: The budget.
            clock: Wall clock in epoch seconds (injectable for tests).
        """
        self._rate = rate
        self._clock = clock
        self._window = -1
        self._counts: dict[str, int] = {}

    async def hit(self, user_id: str) -> Decision:
        """Count a request; the counters of a finished window are dropped all at once."""
        now = self._clock()
        window = int(now // self._rate.window_s)
        if window != self._window:
            self._window = window
            self._counts = {}
        count = self._counts.get(user_id, 0) + 1
        self._counts[user_id] = count
        return _decide(self._rate, count, now)


class RedisRateLimiter:
    """Fixed-window counters in Redis, shared by every API process."""

    def __init__(
        self,
        rate: RateLimit,
        redis: Any,
        *,
        prefix: str = "tasklog:ratelimit:",
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Create the limiter.

        Args:
            rate: The budget.
            redis: A ``redis.asyncio.Redis`` client.
            prefix: Key prefix (tests isolate themselves with their own).
            clock: Wall clock in epoch seconds.
        """
        self._rate = rate
        self._redis = redis
        self._prefix = prefix
        self._clock = clock

    async def hit(self, user_id: str) -> Decision:
        """INCR the user's counter for this window (expiring with it) and decide."""
        now = self._clock()
        window = int(now // self._rate.window_s)
        key = f"{self._prefix}{user_id}:{window}"
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                pipe.incr(key)
                pipe.expire(key, self._rate.window_s + 1)
                count, _ = await pipe.execute()
        except Exception as exc:  # fail open: the limiter is a guard, not a dependency
            _log.warning("rate limiter Redis call failed, letting the request through: %r", exc)
            return Decision(True, self._rate.limit, self._rate.limit, 0)
        return _decide(self._rate, int(count), now)


def _decide(rate: RateLimit, count: int, now: float) -> Decision:
    window_end = (now // rate.window_s + 1) * rate.window_s
    retry_after = max(1, math.ceil(window_end - now))
    return Decision(
        allowed=count <= rate.limit,
        limit=rate.limit,
        remaining=max(0, rate.limit - count),
        retry_after_s=retry_after,
    )
