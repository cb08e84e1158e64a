"""The OpenAPI document and its Swagger UI at ``/schema``, which works with no network.

Litestar's Swagger page loads Swagger UI from a CDN by default, so it is blank offline.
Here its script, stylesheet and icon come from the files of the ``swagger-ui-py`` package
(Swagger UI's own distribution files, installed with Tasklog), served by the API itself
under ``/schema/static``.

Only operations that need a token declare the bearer scheme, decided by the same rule as
the authentication middleware, so the UI shows no lock on ``/health``, ``/metrics`` and
other public endpoints.

The document lists every answer an operation can get, the middleware's included, which
answer before (or around) any handler and so appear in no handler's declaration:
``EdgeAnswersJson`` adds them to each operation when the document is first served.
"""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path
from typing import Any

from litestar import Litestar, Request, Router
from litestar.datastructures import CacheControlHeader
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityRequirement, SecurityScheme
from litestar.static_files import create_static_files_router

from api.middleware.auth import needs_token
from api.middleware.limits import MAX_HEADER_BYTES, MAX_TARGET_BYTES
from api.middleware.overload import EXEMPT_PREFIXES
from api.problems import PROBLEM_JSON

API_VERSION = "1.0.0"
SCHEMA_PATH = "/schema"
ASSETS_PATH = f"{SCHEMA_PATH}/static"
"""Where Swagger UI's files are served (public, like everything under /schema)."""
ASSETS_MAX_AGE_S = 24 * 3600

BEARER = "BearerToken"
SECURED: list[SecurityRequirement] = [{BEARER: []}]

_ASSET_PACKAGE = "swagger_ui"  # from the swagger-ui-py distribution


def swagger_ui_dir() -> Path:
    """The installed Swagger UI distribution files (located without importing the package,
    whose own code is for other web frameworks)."""
    spec = importlib.util.find_spec(_ASSET_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("swagger-ui-py is not installed; it ships the /schema UI's files")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


def openapi_config() -> OpenAPIConfig:
    """The document at ``/schema/openapi.json`` and the UI at ``/schema``."""
    swagger = SwaggerRenderPlugin(
        path="/",
        js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
        css_url=f"{ASSETS_PATH}/swagger-ui.css",
        standalone_preset_js_url=f"{ASSETS_PATH}/swagger-ui-standalone-preset.js",
        favicon=f"<link rel='icon' type='image/png' href='{ASSETS_PATH}/favicon-32x32.png'>",
    )
    return OpenAPIConfig(
        title="Tasklog",
        version=API_VERSION,
        description=(
            "Event-sourced CQRS task service. Its contract is docs/api.md in the Tasklog "
            "repository; this document describes every endpoint, parameter and response."
        ),
        path=SCHEMA_PATH,
        render_plugins=[swagger, EdgeAnswersJson()],
        components=Components(
            security_schemes={
                BEARER: SecurityScheme(type="http", scheme="bearer", bearer_format="JWT")
            }
        ),
    )


def swagger_ui_assets() -> Router:
    """Serves Swagger UI's files; they change only with the package, so browsers keep them
    for a day."""
    return create_static_files_router(
        path=ASSETS_PATH,
        directories=[swagger_ui_dir()],
        name="swagger-ui-assets",
        cache_control=CacheControlHeader(max_age=ASSETS_MAX_AGE_S),
    )


def declare_security(app: Litestar) -> None:
    """Mark every operation that needs a token as secured by the bearer scheme; the others
    declare nothing, and with no document-wide requirement they show no lock."""
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            if isinstance(handler, HTTPRouteHandler) and needs_token(route.path, handler.opt):
                handler.security = SECURED


BODY_METHODS = frozenset({"post", "put", "patch", "delete"})
"""Methods whose body the API reads (the idempotency layer reads even a DELETE's)."""

_PROBLEM = {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}
_RETRY_AFTER = {
    "description": "Seconds to wait before trying again",
    "schema": {"type": "string", "pattern": "^[0-9]+$"},
}


def _problem(description: str, *, retry_after: bool = False) -> dict[str, Any]:
    answer: dict[str, Any] = {"description": description, "content": {PROBLEM_JSON: _PROBLEM}}
    if retry_after:
        answer["headers"] = {"Retry-After": _RETRY_AFTER}
    return answer


EVERY_OPERATION = {
    "414": _problem(f"Request target (path and query) longer than {MAX_TARGET_BYTES // 1024} KiB"),
    "431": _problem(
        "Too many header fields, one too long, or all together longer than "
        f"{MAX_HEADER_BYTES // 1024} KiB"
    ),
}
"""Answered by the request-head limits (``api.middleware.limits``), before routing."""

OVERLOAD = _problem(
    "The server is at capacity (see Retry-After); or a dependency unavailable", retry_after=True
)
"""The in-flight bound (``api.middleware.overload``); health and metrics are exempt."""

WITH_BODY = {"413": _problem("Request body larger than 64 KiB")}

SECURED_ANSWERS = {
    "401": _problem("Missing or invalid token"),
    "429": _problem("Rate limited (see Retry-After)", retry_after=True),
}

RETRY_AFTER_STATUSES = ("409", "429", "503")
"""Answers that may carry Retry-After (409: an Idempotency-Key whose request still runs)."""


def with_edge_answers(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``document`` with the middleware's answers on every operation."""
    completed = copy.deepcopy(document)
    for path, item in completed.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses: dict[str, Any] = operation["responses"]
            extra: dict[str, Any] = dict(EVERY_OPERATION)
            if not path.startswith(EXEMPT_PREFIXES):
                extra["503"] = OVERLOAD
                if "503" in responses:
                    responses["503"]["description"] += "; or the server at capacity"
            if method in BODY_METHODS:
                extra |= WITH_BODY
            if operation.get("security"):
                extra |= SECURED_ANSWERS
            for status, answer in extra.items():
                responses.setdefault(status, copy.deepcopy(answer))
            for status in RETRY_AFTER_STATUSES:
                if status in responses:
                    responses[status].setdefault("headers", {}).setdefault(
                        "Retry-After", dict(_RETRY_AFTER)
                    )
    return completed


class EdgeAnswersJson(JsonRenderPlugin):
    """``/schema/openapi.json``: Litestar's document plus the middleware's answers."""

    def __init__(self) -> None:
        """Serve at Litestar's usual path."""
        super().__init__()
        self._source: dict[str, Any] | None = None
        self._completed: dict[str, Any] = {}

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        """Render the completed document (completed once per document Litestar builds)."""
        if openapi_schema is not self._source:
            self._completed = with_edge_answers(openapi_schema)
            self._source = openapi_schema
        return super().render(request, self._completed)
