"""The composition root: ``create_app(settings)`` builds the whole HTTP API, and only it.

Nothing is built at import time. ``create_app`` registers every controller (one per
resource), the middleware, the error mapping and the OpenAPI document; its lifespan opens
the ``Resources`` (``api.lifespan``: embedded PostgreSQL when no URL is set, the
event-sourced application, an async psycopg pool, the read side, the audit log, the JWT
verifier, Redis when configured) and closes them at shutdown. Handlers receive them by
dependency injection, typed: ``resources: Resources``, ``read_models: ReadModels``,
``audit_log: AuditLog``, ``verify_runs: VerifyRuns`` (``api.resources``).

A new resource is a new controller module, registered in ``_route_handlers``; it sits
behind the same auth, rate-limit, idempotency, request-id and metrics layers and uses the
same problem+json mapping (raise, never catch).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.middleware import DefineMiddleware
from litestar.types import ControllerRouterHandler, Middleware

from api.console import console_router
from api.controllers.audit import AuditController
from api.controllers.dead_letters import DeadLetterController
from api.controllers.dev import DevJwksController
from api.controllers.health import HealthController
from api.controllers.history import HistoryController
from api.controllers.notifications import NotificationsController
from api.controllers.ops import OpsController
from api.controllers.tags import TagController
from api.controllers.tasks import TaskController
from api.controllers.verify import VerifyController
from api.lifespan import open_resources
from api.middleware.auth import JwtAuthenticationMiddleware
from api.middleware.cors import CorsMiddleware
from api.middleware.edge import EdgeMiddleware
from api.middleware.idempotency import IdempotencyMiddleware
from api.middleware.json_depth import JsonDepthMiddleware
from api.middleware.limits import HeadLimitsMiddleware
from api.middleware.overload import InFlightLimitMiddleware
from api.middleware.ratelimit import RateLimitMiddleware
from api.openapi import declare_security, openapi_config, swagger_ui_assets
from api.problems import AUTH_PROBLEMS, handle_exception
from api.resources import ResourcesHolder
from infrastructure.jwks import Fetch
from infrastructure.metrics import Metrics
from infrastructure.opsmetrics import REFRESH_S
from infrastructure.settings import Settings
from infrastructure.startup import when_database_answers

MAX_BODY_BYTES = 64 * 1024
"""Larger request bodies are refused with 413 (docs/api.md section 2)."""


def create_app(
    settings: Settings,
    *,
    extra_route_handlers: Sequence[ControllerRouterHandler] = (),
    jwks_fetch: Fetch | None = None,
    metrics_dir: Path | None = None,
    ops_metrics_refresh_s: float = REFRESH_S,
) -> Litestar:
    """Build the Tasklog API.

    Args:
        settings: Process settings (``Settings.from_env(os.environ)``).
        extra_route_handlers: More handlers, registered as given (tests add probes).
        jwks_fetch: Replaces the JWKS download (tests serve keys without a network).
        metrics_dir: ``PROMETHEUS_MULTIPROC_DIR`` when several processes serve.
        ops_metrics_refresh_s: How often projection lag, dead letters and job outcomes
            are refreshed for ``/metrics``.

    Returns:
        The app; resources open when its lifespan starts.
    """
    holder = ResourcesHolder()
    metrics = Metrics(metrics_dir)

    @contextlib.asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        opening = when_database_answers(
            lambda: open_resources(settings, metrics, jwks_fetch, ops_metrics_refresh_s)
        )
        async with opening as resources:
            holder.resources = resources
            try:
                yield
            finally:
                holder.resources = None

    app = Litestar(
        route_handlers=[*_route_handlers(settings), *extra_route_handlers],
        lifespan=[lifespan],
        middleware=_middleware(holder, settings),
        dependencies=holder.dependencies(),
        exception_handlers={Exception: handle_exception},
        request_max_body_size=MAX_BODY_BYTES,
        openapi_config=openapi_config(),
        logging_config=None,
        debug=False,
    )
    app.state.resources = holder
    _document_problem_400(app)
    declare_security(app)
    # Around routing and error handling: overload and over-limit heads are refused before
    # any of it runs; CORS headers reach 401s and 404s for unknown paths (and those
    # refusals), and preflights are answered before authentication; outermost, every
    # response (preflights included) is counted and carries X-Request-ID.
    handler = app.asgi_handler
    if settings.max_in_flight > 0:
        handler = InFlightLimitMiddleware(
            handler, settings.max_in_flight, settings.queue_wait_ms / 1000
        )
    handler = HeadLimitsMiddleware(handler)
    if settings.cors_origins:
        handler = CorsMiddleware(handler, settings.cors_origins)
    app.asgi_handler = EdgeMiddleware(handler, metrics)
    return app


def _route_handlers(settings: Settings) -> list[ControllerRouterHandler]:
    """One controller per resource, the console's pages and the /schema UI's files."""
    handlers: list[ControllerRouterHandler] = [
        TaskController,
        TagController,
        HistoryController,
        NotificationsController,
        AuditController,
        VerifyController,
        OpsController,
        DeadLetterController,
        HealthController,
        console_router(),
        swagger_ui_assets(),
    ]
    if settings.env == "dev":
        handlers.append(DevJwksController)
    return handlers


def _document_problem_400(app: Litestar) -> None:
    """Every 400 here is problem+json; Litestar would document its own shape for handlers
    that declare no 400 (its ValidationException body), so declare ours on each."""
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            if isinstance(handler, HTTPRouteHandler) and handler.include_in_schema:
                responses = dict(handler.responses or {})
                responses.setdefault(400, AUTH_PROBLEMS[400])
                handler.responses = responses


def _middleware(holder: ResourcesHolder, settings: Settings) -> list[Middleware]:
    """Auth, then rate limit (per user), then idempotency (keys are per user), then JSON depth."""
    stack: list[Middleware] = [DefineMiddleware(JwtAuthenticationMiddleware, resources=holder)]
    if settings.rate_limit is not None:
        stack.append(DefineMiddleware(RateLimitMiddleware, resources=holder))
    stack.append(
        DefineMiddleware(IdempotencyMiddleware, resources=holder, max_body_size=MAX_BODY_BYTES)
    )
    stack.append(JsonDepthMiddleware)
    return stack
