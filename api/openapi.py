"""The OpenAPI document and its Swagger UI at ``/schema``, which works with no network.

Litestar's Swagger page loads Swagger UI from a CDN by default, so it is blank offline.
Here its script, stylesheet and icon come from the files of the ``swagger-ui-py`` package
(Swagger UI's own distribution files, installed with Tasklog), served by the API itself
under ``/schema/static``.

Only operations that need a token declare the bearer scheme, decided by the same rule as
the authentication middleware, so the UI shows no lock on ``/health``, ``/metrics`` and
other public endpoints.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from litestar import Litestar, Router
from litestar.datastructures import CacheControlHeader
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityRequirement, SecurityScheme
from litestar.static_files import create_static_files_router

from api.middleware.auth import needs_token

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
        render_plugins=[swagger],
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
