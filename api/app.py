"""The composition root: ``create_app(settings)`` builds the whole HTTP API, and only it.

Nothing is built at import time. ``create_app`` assembles routes, middleware, error
mapping and OpenAPI; its lifespan opens the resources (embedded PostgreSQL when no URL is
set, the event-sourced application, an async psycopg pool, the JWT verifier, Redis when
configured) and closes them at shutdown.

Plugging in (for projections, jobs and other packages)
------------------------------------------------------
Give ``create_app`` one ``api.runtime.ApiExtension`` per package::

    ApiExtension(
        name="projections",
        route_handlers=[TaskQueryController, OpsController],   # registered as they are
        lifespan=projections_lifespan,   # (Resources) -> async context manager
        read_task=read_task_from_projection,   # serves GET /api/v1/tasks/{id}
    )

- Routes: any Litestar controller/router/handler. They sit behind the same auth,
  rate-limit, idempotency, request-id and metrics layers, use the same problem+json
  mapping (raise, never catch), and get ``resources: Resources`` by injection
  (``request.user`` is the ``Principal``; guards ``requires_auditor`` and
  ``requires_operator`` live in ``api.middleware.auth``).
- Lifespan: entered after the core resources exist, in the order given, exited in
  reverse. Open your own things there (a LISTEN connection, a second pool) and put them
  in ``resources.extras[name]`` for your handlers.
- ``read_task``: ``GET /api/v1/tasks/{id}`` without ``version``/``as_of`` calls it
  (``api.runtime.ReadTask``); the last extension that gives one wins, an explicit
  ``read_task=`` argument wins over all. Default: the write model.

``api.extensions.default_extensions(settings)`` is the list ``tasklog serve`` and
``tasklog dev`` pass in: add your extension there.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path

from litestar import Litestar
from litestar.di import Provide
from litestar.handlers import HTTPRouteHandler
from litestar.middleware import DefineMiddleware
from litestar.types import ControllerRouterHandler, Middleware

from api.controllers.dev import DevJwksController
from api.controllers.health import HealthController
from api.controllers.history import HistoryController
from api.controllers.tasks_commands import TaskCommandController
from api.controllers.tasks_read import read_task_from_write_model, task_read_controller
from api.lifespan import core_resources
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
from api.routing import SharedPathsLitestar
from api.runtime import ApiExtension, ExtensionLifespan, ReadTask, Runtime
from infrastructure.jwks import Fetch
from infrastructure.metrics import Metrics
from infrastructure.settings import Settings
from infrastructure.startup import when_database_answers

MAX_BODY_BYTES = 64 * 1024
"""Larger request bodies are refused with 413 (docs/api.md section 2)."""


def create_app(
    settings: Settings,
    *,
    extensions: Sequence[ApiExtension] = (),
    extra_route_handlers: Sequence[ControllerRouterHandler] = (),
    read_task: ReadTask | None = None,
    jwks_fetch: Fetch | None = None,
    metrics_dir: Path | None = None,
) -> Litestar:
    """Build the Tasklog API.

    Args:
        settings: Process settings (``Settings.from_env(os.environ)``).
        extensions: Packages plugging in routes, lifespans and the one-task read.
        extra_route_handlers: More handlers, registered as given.
        read_task: Serves plain ``GET /api/v1/tasks/{id}``; overrides the extensions'.
        jwks_fetch: Replaces the JWKS download (tests serve keys without a network).
        metrics_dir: ``PROMETHEUS_MULTIPROC_DIR`` when several processes serve.

    Returns:
        The app; resources open when its lifespan starts.
    """
    runtime = Runtime()
    metrics = Metrics(metrics_dir)
    chosen_read = read_task or _last_read_task(extensions) or read_task_from_write_model

    handlers: list[ControllerRouterHandler] = [
        TaskCommandController,
        task_read_controller(chosen_read),
        HistoryController,
        HealthController,
        swagger_ui_assets(),
    ]
    if settings.env == "dev":
        handlers.append(DevJwksController)
    for extension in extensions:
        handlers.extend(extension.route_handlers)
    handlers.extend(extra_route_handlers)

    app = SharedPathsLitestar(
        route_handlers=handlers,
        lifespan=[
            _core_lifespan(runtime, settings, metrics, jwks_fetch),
            *_lifespans(runtime, extensions),
        ],
        middleware=_middleware(runtime, settings),
        dependencies={"resources": Provide(runtime.get, sync_to_thread=False)},
        exception_handlers={Exception: handle_exception},
        request_max_body_size=MAX_BODY_BYTES,
        openapi_config=openapi_config(),
        logging_config=None,
        debug=False,
    )
    app.state.runtime = runtime
    _document_problem_400(app)
    declare_security(app)
    # Around routing and error handling: overload and over-limit heads are refused before
    # any of it runs; CORS headers reach 401s and 404s for unknown paths (and those
    # refusals), and preflights are answered before authentication; outermost, every
    # response (preflights included) is counted and carries X-Request-ID.
    handler = app.asgi_handler
    if settings.max_in_flight > 0:
        handler = InFlightLimitMiddleware(handler, settings.max_in_flight)
    handler = HeadLimitsMiddleware(handler)
    if settings.cors_origins:
        handler = CorsMiddleware(handler, settings.cors_origins)
    app.asgi_handler = EdgeMiddleware(handler, metrics)
    return app


def _document_problem_400(app: Litestar) -> None:
    """Every 400 here is problem+json; Litestar would document its own shape for handlers
    that declare no 400 (its ValidationException body), so declare ours on each."""
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            if isinstance(handler, HTTPRouteHandler) and handler.include_in_schema:
                responses = dict(handler.responses or {})
                responses.setdefault(400, AUTH_PROBLEMS[400])
                handler.responses = responses


def _last_read_task(extensions: Sequence[ApiExtension]) -> ReadTask | None:
    found = [extension.read_task for extension in extensions if extension.read_task is not None]
    return found[-1] if found else None


def _middleware(runtime: Runtime, settings: Settings) -> list[Middleware]:
    """Auth, then rate limit (per user), then idempotency (keys are per user), then JSON depth."""
    stack: list[Middleware] = [DefineMiddleware(JwtAuthenticationMiddleware, runtime=runtime)]
    if settings.rate_limit is not None:
        stack.append(DefineMiddleware(RateLimitMiddleware, runtime=runtime))
    stack.append(
        DefineMiddleware(IdempotencyMiddleware, runtime=runtime, max_body_size=MAX_BODY_BYTES)
    )
    stack.append(JsonDepthMiddleware)
    return stack


LitestarLifespan = Callable[[Litestar], AbstractAsyncContextManager[None]]


def _core_lifespan(
    runtime: Runtime, settings: Settings, metrics: Metrics, jwks_fetch: Fetch | None
) -> LitestarLifespan:
    @contextlib.asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        opening = when_database_answers(lambda: core_resources(settings, metrics, jwks_fetch))
        async with opening as resources:
            runtime.resources = resources
            try:
                yield
            finally:
                runtime.resources = None

    return lifespan


def _lifespans(runtime: Runtime, extensions: Sequence[ApiExtension]) -> list[LitestarLifespan]:
    return [
        _extension_lifespan(runtime, extension.lifespan)
        for extension in extensions
        if extension.lifespan is not None
    ]


def _extension_lifespan(runtime: Runtime, opened: ExtensionLifespan) -> LitestarLifespan:
    @contextlib.asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        async with when_database_answers(lambda: opened(runtime.get())):
            yield

    return lifespan
