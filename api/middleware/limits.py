"""Limits on the request head: the request target, each header field, their number and size.

A request over a limit is answered here, before routing and authentication, with
problem+json: 414 for a request target (path and query) over ``MAX_TARGET_BYTES``, 431
for more than ``MAX_HEADER_FIELDS`` header fields, a field (``name: value``) over
``MAX_FIELD_BYTES`` or all fields together over ``MAX_HEADER_BYTES``. Those are the usual
limits of HTTP servers and proxies (nginx, Node.js, Go allow 8-64 KiB and about 100
fields), far above anything a client of this API sends.

This layer sees the head only once the server has parsed all of it; ``api.head_guard``
keeps what the server buffers before then bounded.
"""

from __future__ import annotations

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

from api.problems import PROBLEM_JSON, problem_document

MAX_TARGET_BYTES = 8 * 1024
"""Longest request target (path plus ``?`` and query), else 414."""

MAX_FIELD_BYTES = 8 * 1024
"""Longest header field, counted as ``name: value``, else 431."""

MAX_HEADER_FIELDS = 100
"""Most header fields in one request, else 431."""

MAX_HEADER_BYTES = 64 * 1024
"""Most bytes in all header fields together (each counted as ``name: value``), else 431."""

_FIELD_OVERHEAD = len(b": ")


def head_problem(scope: Scope) -> tuple[int, str] | None:
    """The status and detail a request head over a limit gets, or None when it is within."""
    query = scope.get("query_string", b"")
    target = len(scope.get("raw_path") or scope["path"].encode()) + (len(query) + 1 if query else 0)
    if target > MAX_TARGET_BYTES:
        return 414, f"The request target is longer than {MAX_TARGET_BYTES // 1024} KiB"
    fields = total = 0
    for name, value in scope["headers"]:
        fields += 1
        size = len(name) + len(value) + _FIELD_OVERHEAD
        if size > MAX_FIELD_BYTES:
            return 431, f"A header field is longer than {MAX_FIELD_BYTES // 1024} KiB"
        total += size
    if fields > MAX_HEADER_FIELDS:
        return 431, f"The request has more than {MAX_HEADER_FIELDS} header fields"
    if total > MAX_HEADER_BYTES:
        return 431, f"The header fields together are longer than {MAX_HEADER_BYTES // 1024} KiB"
    return None


class HeadLimitsMiddleware:
    """Answers a request whose head is over a limit with 414 or 431; passes the others on."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``."""
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the head, then serve or refuse."""
        if scope["type"] == ScopeType.HTTP:
            problem = head_problem(scope)
            if problem is not None:
                status, detail = problem
                body = problem_document(status, detail)
                await send(
                    {
                        "type": "http.response.start",
                        "status": status,
                        "headers": [
                            (b"content-type", PROBLEM_JSON.encode()),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body, "more_body": False})
                return
        await self._app(scope, receive, send)
