"""``/console``: the operators' and auditors' console, static files served by the API.

Plain HTML, CSS and JavaScript modules installed with the package (``static/``): no
build step, no CDN, nothing fetched from anywhere but this API, so it works with the
network cut. The pages need no token to load; every call they make is an ordinary
``/api/v1`` request with the user's token (``Authorization: Bearer``), so the roles are
enforced where they always are. The token comes from a pasted value or from the URL
fragment ``#token=<jwt>`` (a fragment never reaches a server), and is kept in the tab's
``sessionStorage`` only.
"""

from __future__ import annotations

from pathlib import Path

from litestar import Response, Router
from litestar.datastructures import CacheControlHeader
from litestar.static_files import create_static_files_router

CONSOLE_PATH = "/console"
STATIC_DIR = Path(__file__).parent / "static"

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
"""The pages may load and call only this origin: no request can leave for another host."""


async def _secure(response: Response[object]) -> Response[object]:
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def console_router() -> Router:
    """The static files under ``/console`` (``index.html`` for ``/console`` itself)."""
    return create_static_files_router(
        path=CONSOLE_PATH,
        directories=[STATIC_DIR],
        html_mode=True,
        name="console",
        opt={"exclude_from_auth": True},
        after_request=_secure,
        cache_control=CacheControlHeader(no_cache=True),
        include_in_schema=False,
    )
