"""CORS for browser frontends served from other origins (docs/api.md section 1).

A preflight ``OPTIONS`` from an allowed origin is answered 204 here, before routing and
authentication; every other response to an allowed origin, errors included, leaves with
``Access-Control-Allow-Origin``, ``Vary: Origin`` and ``Access-Control-Expose-Headers``.
Requests from any other origin pass through untouched and get no ``Access-Control-*``
header.

Why not Litestar's ``CORSConfig`` (checked on Litestar 2.25): its middleware does run
before routing and authentication and does reach 401s and 404s, but it

- adds ``Access-Control-Expose-Headers``, ``-Allow-Headers`` and ``-Allow-Methods`` to
  every response to a request that carries an ``Origin``, disallowed origins included
  (only ``Access-Control-Allow-Origin`` depends on the origin check), where the contract
  says other origins get no CORS headers;
- answers every ``OPTIONS`` that carries an ``Origin`` itself, even from a disallowed
  origin (a ``text/plain`` 400, not problem+json) or with no
  ``Access-Control-Request-Method`` (so not a preflight at all);
- sets ``Vary`` by overwriting any ``Vary`` the response already had.

None of that can be configured away, so this layer does the job; it keeps to the Fetch
standard's CORS protocol and nothing more.
"""

from __future__ import annotations

from collections.abc import Iterable

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

ALLOWED_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
"""Every method an ``/api/v1`` endpoint answers."""

ALLOWED_REQUEST_HEADERS = (
    "Authorization",
    "Content-Type",
    "Idempotency-Key",
    "If-Match",
    "Tasklog-Min-Position",
    "X-Request-ID",
)
"""Request headers a page may send (the contract's list)."""

EXPOSED_HEADERS = (
    "ETag",
    "Location",
    "Link",
    "Retry-After",
    "X-Request-ID",
    "Tasklog-Position",
    "Tasklog-Projection-Position",
    "Tasklog-Next-Cursor",
    "Tasklog-Next-After",
    "Tasklog-Head",
    "Idempotency-Replayed",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "WWW-Authenticate",
)
"""Response headers a page's script may read: the contract's list (every ``Tasklog-*``
header the API sends) plus the replay and rate-limit headers."""

PREFLIGHT_MAX_AGE_S = 600
"""How long a browser may reuse a preflight's answer (Chromium caps it at 7,200 s)."""

_ORIGIN = b"origin"
_REQUEST_METHOD = b"access-control-request-method"
_VARY = b"vary"
_VARY_ORIGIN = (_VARY, b"Origin")


def _join(names: Iterable[str]) -> bytes:
    return ", ".join(names).encode("latin-1")


class CorsMiddleware:
    """Answers preflights from allowed origins and marks their responses readable."""

    def __init__(self, app: ASGIApp, origins: Iterable[str]) -> None:
        """Wrap ``app`` (Litestar's ``asgi_handler``), allowing exactly ``origins``."""
        self._app = app
        self._origins = frozenset(origins)
        self._preflight_headers = [
            (b"access-control-allow-methods", _join(ALLOWED_METHODS)),
            (b"access-control-allow-headers", _join(ALLOWED_REQUEST_HEADERS)),
            (b"access-control-max-age", str(PREFLIGHT_MAX_AGE_S).encode()),
            _VARY_ORIGIN,
        ]
        self._response_headers = [(b"access-control-expose-headers", _join(EXPOSED_HEADERS))]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one connection."""
        if scope["type"] != ScopeType.HTTP:
            await self._app(scope, receive, send)
            return
        origin = _header(scope, _ORIGIN)
        if origin is None or origin.decode("latin-1") not in self._origins:
            # The answer still depends on Origin (another origin would get CORS headers),
            # so shared caches must key on it: Vary is not a CORS header.
            await self._app(scope, receive, _with_headers(send, []))
            return
        allow_origin = (b"access-control-allow-origin", origin)
        if scope["method"] == "OPTIONS" and _header(scope, _REQUEST_METHOD) is not None:
            await _no_content(send, [allow_origin, *self._preflight_headers])
            return
        await self._app(
            scope, receive, _with_headers(send, [allow_origin, *self._response_headers])
        )


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return None


def _with_headers(send: Send, extra: list[tuple[bytes, bytes]]) -> Send:
    """``send`` adding ``extra`` and ``Vary: Origin`` to the response head."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", ()))
            if not _varies_on_origin(headers):
                headers.append(_VARY_ORIGIN)
            message["headers"] = headers + extra
        await send(message)

    return wrapped


def _varies_on_origin(headers: list[tuple[bytes, bytes]]) -> bool:
    for name, value in headers:
        if name.lower() == _VARY:
            fields = {field.strip().lower() for field in bytes(value).split(b",")}
            if b"origin" in fields or b"*" in fields:
                return True
    return False


async def _no_content(send: Send, headers: list[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": 204, "headers": headers})
    await send({"type": "http.response.body", "body": b"", "more_body": False})
