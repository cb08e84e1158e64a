"""The outermost layer: request id in and out, request metrics and a log line per response.

It wraps Litestar's whole ASGI handler (router and exception handling included), so error
responses, 404s for unknown paths and 401s from the auth middleware all carry
``X-Request-ID`` and are counted.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from infrastructure.logging import log_request
from infrastructure.metrics import Metrics

REQUEST_ID_STATE_KEY = "tasklog_request_id"
_HEADER = b"x-request-id"
_MAX_LENGTH = 200
UNMATCHED_ROUTE = "<unmatched>"


def valid_request_id(value: str) -> bool:
    """1-200 printable ASCII characters (space included), nothing else."""
    return 0 < len(value) <= _MAX_LENGTH and all(" " <= ch <= "~" for ch in value)


def incoming_request_id(scope: Scope) -> str:
    """The caller's ``X-Request-ID`` when valid, else a fresh one."""
    for name, value in scope.get("headers", ()):
        if name == _HEADER:
            text = value.decode("latin-1")
            if valid_request_id(text):
                return text
            break
    return uuid.uuid4().hex


def request_id(scope: Scope) -> str:
    """The id of the request being served (becomes every event's correlation id)."""
    state: dict[str, Any] = scope.setdefault("state", {})
    rid = state.get(REQUEST_ID_STATE_KEY)
    if rid is None:
        rid = state[REQUEST_ID_STATE_KEY] = incoming_request_id(scope)
    return str(rid)


class EdgeMiddleware:
    """Sets the request id, echoes it, and records count and latency per route and status."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        """Wrap ``app`` (Litestar's ``asgi_handler``)."""
        self._app = app
        self._metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one connection."""
        if scope["type"] != ScopeType.HTTP:
            await self._app(scope, receive, send)
            return
        started = time.perf_counter()
        method = scope["method"]
        rid = request_id(scope)
        header = (_HEADER, rid.encode("latin-1"))
        status = 500
        recorded = False

        def record() -> None:
            nonlocal recorded
            if not recorded:
                recorded = True
                route = scope.get("path_template") or UNMATCHED_ROUTE
                seconds = time.perf_counter() - started
                self._metrics.observe_request(method, route, status, seconds)
                user = scope.get("user")
                log_request(
                    method=method,
                    path=scope["path"],
                    route=route,
                    status=status,
                    duration_s=seconds,
                    user=getattr(user, "user_id", None) if user is not None else None,
                    correlation_id=rid,
                )

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), header]
            elif message["type"] == "http.response.body" and not message.get("more_body", False):
                record()  # before the last byte leaves, so a client's next request sees it
            await send(message)

        try:
            await self._app(scope, receive, send_with_id)
        finally:
            record()
