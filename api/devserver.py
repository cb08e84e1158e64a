"""``tasklog dev``: embedded services when none are configured, the API, a dev token issuer.

Everything runs in one process on one event loop: uvicorn serving ``create_app`` and the
background services of ``dev_services`` (the projector, the job worker). The embedded
PostgreSQL and Redis it starts run as their own processes (with their logs under the data
directory) and are stopped when it exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shlex
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import uvicorn

from api.app import create_app
from api.cli_serve import ServerProtocol
from api.controllers.dev import DEV_JWKS_PATH
from api.devtokens import mint_dev_token
from infrastructure.embedded import (
    POSTGRES_LOG,
    REDIS_LOG,
    EmbeddedServiceError,
    start_embedded_postgres,
    start_embedded_redis,
    stop_embedded_postgres,
    stop_embedded_redis,
)
from infrastructure.settings import Settings
from jobs import run_in_process as run_worker_in_process
from projections.projector import run_in_process as run_projector_in_process

_log = logging.getLogger(__name__)

DEV_USER = "dev"
DEV_ROLES = ("auditor", "operator")
DEV_TOKEN_TTL_S = 24 * 3600
DEV_CORS_ORIGINS = ("http://localhost:3000", "http://127.0.0.1:3000")
"""Where a frontend's own dev server usually runs (Next.js, Vite with --port 3000)."""


DEV_LOG = Path("dev.log")
"""The dev server's full log, relative to the data directory."""


@dataclass(frozen=True)
class DevService:
    """A background service ``tasklog dev`` runs on the API's event loop.

    Attributes:
        name: Shown in logs.
        run: Runs until cancelled (``tasklog dev`` cancels it at shutdown). Blocking
            work belongs in a thread (``anyio.to_thread.run_sync``) or its own threads.
            It gets the dev settings: ``database_url`` and ``redis_url`` already point at
            the embedded services when none were configured.
    """

    name: str
    run: Callable[[Settings], Awaitable[None]]


def dev_services(settings: Settings) -> list[DevService]:
    """The services ``tasklog dev`` starts beside the API: the projector, and the job
    worker when there is Redis."""
    worker = [DevService("worker", run_worker_in_process)] if settings.redis_url else []
    return [DevService("projector", run_projector_in_process), *worker]


@dataclass(frozen=True)
class DevEnvironment:
    """The settings ``tasklog dev`` runs with, and which services it started itself."""

    settings: Settings
    embedded_postgres: bool
    embedded_redis: bool

    @property
    def log_path(self) -> Path:
        """Where the whole log goes; the terminal shows only warnings and errors."""
        return self.settings.data_dir / DEV_LOG

    @property
    def _embedded(self) -> tuple[tuple[str, bool], ...]:
        return (("PostgreSQL", self.embedded_postgres), ("Redis", self.embedded_redis))

    @property
    def what_stops(self) -> str:
        """What Ctrl-C stops: ``the API and the embedded PostgreSQL and Redis``."""
        started = [
            name
            for name, embedded in (
                ("PostgreSQL", self.embedded_postgres),
                ("Redis", self.embedded_redis),
            )
            if embedded
        ]
        return "the API" + (" and the embedded " + " and ".join(started) if started else "")


@contextlib.contextmanager
def dev_environment(settings: Settings, *, host: str, port: int) -> Iterator[DevEnvironment]:
    """Settings for dev, with embedded PostgreSQL/Redis for what is unset and the dev JWKS
    when no identity provider is set. The embedded services started here stop on exit
    (Ctrl-C included); servers given by URL are left alone.
    """
    changes: dict[str, Any] = {"env": "dev"}
    if not settings.cors_origins:
        changes["cors_origins"] = DEV_CORS_ORIGINS
    with contextlib.ExitStack() as stack:
        if settings.database_url is None:
            stack.callback(stop_embedded_postgres, settings.data_dir)  # even if interrupted
            changes["database_url"] = start_embedded_postgres(settings.data_dir)
        if settings.redis_url is None:
            stack.callback(stop_embedded_redis, settings.data_dir)
            try:
                changes["redis_url"] = start_embedded_redis(settings.data_dir)
            except (EmbeddedServiceError, OSError) as error:
                _log.warning("embedded Redis unavailable, running without Redis: %s", error)
        if settings.jwks_url is None:
            changes["jwks_url"] = f"http://{_reachable(host)}:{port}{DEV_JWKS_PATH}"
        yield DevEnvironment(
            settings=replace(settings, **changes),
            embedded_postgres=settings.database_url is None,
            embedded_redis="redis_url" in changes,
        )


def banner(dev: DevEnvironment, *, host: str, port: int) -> str:
    """What ``tasklog dev`` prints: where it runs and logs, a token, a curl that creates a task."""
    settings = dev.settings
    base = f"http://{_reachable(host)}:{port}"
    token = mint_dev_token(settings, DEV_USER, DEV_ROLES, DEV_TOKEN_TTL_S)
    body = shlex.quote('{"title": "Water the plants", "priority": "High"}')
    data = settings.data_dir
    if dev.embedded_postgres:
        postgres = f"embedded, data in {data / 'postgres'}, log {data / POSTGRES_LOG}"
    else:
        postgres = "TASKLOG_DATABASE_URL (left running on exit)"
    if dev.embedded_redis:
        redis = f"embedded, data in {data / 'redis'}, log {data / REDIS_LOG}"
    else:
        redis = "TASKLOG_REDIS_URL (left running on exit)" if settings.redis_url else "none"
    lines = [
        f"Tasklog dev API on {base}  (OpenAPI UI: {base}/schema)",
        f"PostgreSQL: {postgres}",
        f"Redis: {redis}",
        f"Log: {dev.log_path} (warnings and errors also here). Ctrl-C stops {dev.what_stops}.",
        f"Token for user {DEV_USER!r} (roles {', '.join(DEV_ROLES)}), valid 24 h:",
        f"export TASKLOG_TOKEN={token}",
        f"Console, signed in as {DEV_USER!r}: {base}/console#token={token}",
        "Create a task:",
        f'curl -sS -X POST {base}/api/v1/tasks -H "Authorization: Bearer $TASKLOG_TOKEN"'
        f" -H 'Content-Type: application/json' -d {body}",
    ]
    if not settings.jwks_url or not settings.jwks_url.endswith(DEV_JWKS_PATH):
        lines.insert(
            -4, f"Note: TASKLOG_JWKS_URL is {settings.jwks_url}; the token needs the dev JWKS."
        )
    return "\n".join(lines)


async def run_dev(settings: Settings, *, host: str, port: int) -> None:
    """Serve the API, with the dev services, until interrupted."""
    app = create_app(settings)
    services = DevServices(settings)
    app.on_startup.append(services.start)
    app.on_shutdown.append(services.stop)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        http=ServerProtocol,  # as `tasklog serve`
        lifespan="on",
        log_config=None,
        access_log=False,  # tasklog.access logs each request already
        server_header=False,
    )
    await uvicorn.Server(config).serve()


class DevServices:
    """Runs the dev services while the app runs: started once its lifespan has opened the
    resources (and the event store's tables exist), stopped before they close."""

    def __init__(self, settings: Settings) -> None:
        """Prepare the services of ``dev_services(settings)``."""
        self._settings = settings
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        """Start every service as a task on the app's event loop."""
        self._tasks = [
            asyncio.create_task(_run_service(service, self._settings), name=f"dev:{service.name}")
            for service in dev_services(self._settings)
        ]

    async def stop(self) -> None:
        """Cancel the services and wait until each has stopped."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task


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
