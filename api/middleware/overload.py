"""Load shedding: at most ``TASKLOG_MAX_IN_FLIGHT`` requests at once per API process, and
a short, bounded wait for the ones past it.

A process that takes every request it is sent makes them all wait for one another: past
its capacity the wait grows with the queue, and under a burst a request can sit for
seconds before its first query. Here a request beyond the bound waits its turn (first
come, first served) for at most ``TASKLOG_QUEUE_WAIT_MS``; one still waiting then is
answered 503 with ``Retry-After: 1`` and problem+json. A burst that one process clears
within the wait (users arriving together, a pause for garbage collection) is served late
rather than refused; a sustained overload gets its answer within that bound instead of
an ever longer queue. Health checks and ``/metrics`` are never held or refused: an
overloaded process is alive and should be seen as such.
"""

from __future__ import annotations

import asyncio

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

from api.problems import PROBLEM_JSON, problem_document

RETRY_AFTER_S = 1
EXEMPT_PREFIXES = ("/health/", "/metrics")
_BODY = problem_document(503, "The server is at capacity; retry after a second")
_HEADERS = [
    (b"content-type", PROBLEM_JSON.encode()),
    (b"content-length", str(len(_BODY)).encode()),
    (b"retry-after", str(RETRY_AFTER_S).encode()),
]


class InFlightLimitMiddleware:
    """Serves at most ``limit`` requests at once; the next wait up to ``queue_wait_s``."""

    def __init__(self, app: ASGIApp, limit: int, queue_wait_s: float) -> None:
        """Wrap ``app``.

        Args:
            app: The next ASGI app.
            limit: Requests served at once (>= 1).
            queue_wait_s: Longest wait for a turn past ``limit`` before the 503 (>= 0;
                0: refused at once).
        """
        if limit < 1:
            raise ValueError("limit must be at least 1")
        if queue_wait_s < 0:
            raise ValueError("queue_wait_s must not be negative")
        self._app = app
        self._queue_wait_s = queue_wait_s
        self._turns = asyncio.Semaphore(limit)
        """One permit per request served; its waiters are woken in arrival order."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request once it has a turn, or refuse it when none comes in time."""
        if scope["type"] != ScopeType.HTTP or scope["path"].startswith(EXEMPT_PREFIXES):
            await self._app(scope, receive, send)
            return
        if not await self._turn():
            await send({"type": "http.response.start", "status": 503, "headers": list(_HEADERS)})
            await send({"type": "http.response.body", "body": _BODY, "more_body": False})
            return
        try:
            await self._app(scope, receive, send)
        finally:
            self._turns.release()

    async def _turn(self) -> bool:
        """Take a permit: at once if one is free and nobody waits, else within the wait."""
        if not self._turns.locked():
            await self._turns.acquire()  # free and nobody ahead: returns without waiting
            return True
        if self._queue_wait_s == 0:
            return False
        try:
            async with asyncio.timeout(self._queue_wait_s):
                await self._turns.acquire()
        except TimeoutError:
            return False
        return True
