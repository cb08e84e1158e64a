"""What a running API holds (``Resources``) and what other packages plug in (``ApiExtension``).

``create_app`` builds an empty ``Runtime``; the lifespan fills it with ``Resources`` at
start-up and empties it at shutdown. Controllers receive the resources by dependency
injection (a parameter named ``resources``); middleware reads them from the runtime.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from litestar import Request, Response
from litestar.types import ControllerRouterHandler
from psycopg_pool import AsyncConnectionPool

from api.threads import WorkerThreads
from application.tasks import TaskApplication
from infrastructure.idempotency import IdempotencyStore
from infrastructure.jwks import JwtVerifier, Principal
from infrastructure.metrics import Metrics
from infrastructure.ratelimit import RateLimiter
from infrastructure.settings import Settings


@dataclass(slots=True)
class Resources:
    """Everything a request may need, built once per process by the lifespan."""

    settings: Settings
    """The settings, with ``database_url`` resolved (embedded PostgreSQL when unset)."""
    application: TaskApplication
    """The write model; synchronous, so call it through ``run_in_worker``."""
    pool: AsyncConnectionPool[Any]
    """Async psycopg pool (autocommit; search_path = the Tasklog schema) for our own tables."""
    verifier: JwtVerifier
    redis: Any | None
    """``redis.asyncio.Redis`` when ``TASKLOG_REDIS_URL`` is set, else None."""
    workers: WorkerThreads
    """The threads that call the write model (as many as its pool has connections)."""
    idempotency: IdempotencyStore
    rate_limiter: RateLimiter | None
    metrics: Metrics
    extras: dict[str, Any] = field(default_factory=dict)
    """Objects an extension's lifespan adds for its own handlers, under its own name."""

    async def run_in_worker(self, function: Callable[[], Any]) -> Any:
        """Run a blocking call (the write model) in a worker thread, never on the loop."""
        return await self.workers.run(function)


class Runtime:
    """Holds the ``Resources`` of a started app; empty before start-up and after shutdown."""

    def __init__(self) -> None:
        """Create an empty runtime."""
        self.resources: Resources | None = None

    def get(self) -> Resources:
        """The resources (a dependency provider for controllers)."""
        if self.resources is None:
            raise RuntimeError("the app is not started (its lifespan has not run)")
        return self.resources


ReadTask = Callable[[Request[Principal, str, Any], Resources, UUID], Awaitable[Response[Any]]]
"""Answers ``GET /api/v1/tasks/{id}`` (no ``version``/``as_of``) for the caller.

Arguments: the request (``request.user`` is the ``Principal``), the resources, the task
id. Returns the whole response (body, ``ETag``, ``Tasklog-Projection-Position``...);
raise ``application.errors.TaskNotFound`` for a task that is missing or not the caller's.
"""

ExtensionLifespan = Callable[[Resources], AbstractAsyncContextManager[None]]
"""Runs around the app's life, after the core resources exist (entered in order)."""


@dataclass(frozen=True)
class ApiExtension:
    """A package's contribution to the API (see ``api.app`` for how to plug one in).

    Attributes:
        name: Short name; also the conventional key in ``Resources.extras``.
        route_handlers: Controllers, routers or handlers to register.
        lifespan: Opens the extension's own resources (pools, LISTEN connections,
            background tasks) with the core ``Resources`` at hand, and closes them.
        read_task: Replaces the default one-task read (the write model).
    """

    name: str
    route_handlers: Sequence[ControllerRouterHandler] = ()
    lifespan: ExtensionLifespan | None = None
    read_task: ReadTask | None = None
