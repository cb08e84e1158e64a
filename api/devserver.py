"""``tasklog dev``: embedded services when none are configured, the API, a dev token issuer.

Everything runs in one process on one event loop: uvicorn serving ``create_app`` and
the background services of ``api.extensions.dev_services``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shlex
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import uvicorn

from api.app import create_app
from api.cli_serve import ServerProtocol
from api.controllers.dev import DEV_JWKS_PATH
from api.devtokens import mint_dev_token
from api.extensions import DevService, default_extensions, dev_services
from api.runtime import ApiExtension, Resources
from infrastructure.embedded import (
    EmbeddedServiceError,
    start_embedded_postgres,
    start_embedded_redis,
)
from infrastructure.settings import Settings

_log = logging.getLogger(__name__)

DEV_USER = "dev"
DEV_ROLES = ("auditor", "operator")
DEV_TOKEN_TTL_S = 24 * 3600
DEV_CORS_ORIGINS = ("http://localhost:3000", "http://127.0.0.1:3000")
"""Where a frontend's own dev server usually runs (Next.js, Vite with --port 3000)."""


def dev_settings(settings: Settings, *, host: str, port: int) -> Settings:
    """Settings for dev: embedded PostgreSQL/Redis when unset, the dev JWKS when no IdP is set,
    CORS for a frontend on port 3000 when no origins are set.

    Starts the embedded servers (they keep running after exit, for a fast next start).
    """
    changes: dict[str, Any] = {"env": "dev"}
    if not settings.cors_origins:
        changes["cors_origins"] = DEV_CORS_ORIGINS
    if settings.database_url is None:
        changes["database_url"] = start_embedded_postgres(settings.data_dir)
    if settings.redis_url is None:
        try:
            changes["redis_url"] = start_embedded_redis(settings.data_dir)
        except (EmbeddedServiceError, OSError) as error:
            _log.warning("embedded Redis unavailable, running without Redis: %s", error)
    if settings.jwks_url is None:
        changes["jwks_url"] = f"http://{_reachable(host)}:{port}{DEV_JWKS_PATH}"
    return replace(settings, **changes)


def banner(settings: Settings, *, host: str, port: int) -> str:
    """What ``tasklog dev`` prints: where it runs, a token and a curl that creates a task."""
    base = f"http://{_reachable(host)}:{port}"
    token = mint_dev_token(settings, DEV_USER, DEV_ROLES, DEV_TOKEN_TTL_S)
    body = shlex.quote('{"title": "Water the plants", "priority": "high"}')
    lines = [
        f"Tasklog dev API on {base}  (OpenAPI UI: {base}/schema)",
        f"PostgreSQL: {settings.database_url}",
        f"Redis: {settings.redis_url or 'none'}",
        f"Token for user {DEV_USER!r} (roles {', '.join(DEV_ROLES)}), valid 24 h:",
        f"export TASKLOG_TOKEN={token}",
        "Create a task:",
        f'curl -sS -X POST {base}/api/v1/tasks -H "Authorization: Bearer $TASKLOG_TOKEN"'
        f" -H 'Content-Type: application/json' -d {body}",
    ]
    if not settings.jwks_url or not settings.jwks_url.endswith(DEV_JWKS_PATH):
        lines.append(
            f"Note: TASKLOG_JWKS_URL is {settings.jwks_url}; the token above needs the dev JWKS."
        )
    return "\n".join(lines)


async def run_dev(settings: Settings, *, host: str, port: int) -> None:
    """Serve the API, with the dev services, until interrupted."""
    extensions = [*default_extensions(settings), _dev_services_extension(settings)]
    config = uvicorn.Config(
        create_app(settings, extensions=extensions),
        host=host,
        port=port,
        http=ServerProtocol,  # as `tasklog serve`
        lifespan="on",
        log_config=None,
        access_log=False,  # tasklog.access logs each request already
        server_header=False,
    )
    await uvicorn.Server(config).serve()


def _dev_services_extension(settings: Settings) -> ApiExtension:
    """Runs the dev services inside the app's lifespan: they start once the core resources
    (and the event store's tables) exist, and stop before those close."""

    @contextlib.asynccontextmanager
    async def lifespan(_: Resources) -> AsyncIterator[None]:
        tasks = [
            asyncio.create_task(_run_service(service, settings), name=f"dev:{service.name}")
            for service in dev_services(settings)
        ]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    return ApiExtension(name="dev-services", lifespan=lifespan)


async def _run_service(service: DevService, settings: Settings) -> None:
    _log.info("dev service %s starting", service.name)
    try:
        await service.run(settings)
    except asyncio.CancelledError:
        raise
    except Exception:  # one failed dev service must not take the API down
        _log.exception("dev service %s failed", service.name)


def _reachable(host: str) -> str:
    return "127.0.0.1" if host in {"0.0.0.0", "::", ""} else host  # noqa: S104 - mapping, not binding
