"""Load shedding: at most ``TASKLOG_MAX_IN_FLIGHT`` requests at once per API process.

A process that takes every request it is sent makes them all wait for one another: past
its capacity the wait grows with the queue, and under a burst a request can sit for
seconds before its first query. Here a request beyond the bound is answered at once with
503, ``Retry-After: 1`` and problem+json, so a client learns in milliseconds to come back
and the requests admitted keep their usual latency. Health checks and ``/metrics`` are
never refused: an overloaded process is alive and should be seen as such.
"""

from __future__ import annotations

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
    """Counts the requests being served; refuses those past ``limit`` with a quick 503."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        """Wrap ``app``.

        Args:
            app: The next ASGI app.
            limit: Requests served at once (>= 1); a request that would exceed it gets 503.
        """
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self._app = app
        self._limit = limit
        self.in_flight = 0
        """Requests being served now (exempt paths not counted)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request, or refuse it when the process is at its bound."""
        if scope["type"] != ScopeType.HTTP or scope["path"].startswith(EXEMPT_PREFIXES):
            await self._app(scope, receive, send)
            return
        if self.in_flight >= self._limit:
            await send({"type": "http.response.start", "status": 503, "headers": list(_HEADERS)})
            await send({"type": "http.response.body", "body": _BODY, "more_body": False})
            return
        self.in_flight += 1
        try:
            await self._app(scope, receive, send)
        finally:
            self.in_flight -= 1
