"""Liveness, readiness (PostgreSQL, and Redis when configured) and Prometheus metrics."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Literal

import msgspec
from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec

from api.resources import Resources
from infrastructure.metrics import CONTENT_TYPE

_log = logging.getLogger(__name__)

CHECK_TIMEOUT_S = 2.0

CheckState = Literal["ok", "failed"]


class Health(msgspec.Struct):
    """Overall status and, for readiness, each dependency's."""

    status: Literal["ok", "unavailable"]
    checks: dict[str, CheckState] = msgspec.field(default_factory=dict)


async def _postgres_ok(resources: Resources) -> bool:
    async with resources.pool.connection(timeout=CHECK_TIMEOUT_S) as connection:
        await connection.execute("SELECT 1")
    return True


async def _redis_ok(redis: Any) -> bool:
    return bool(await redis.ping())


async def _check(name: str, probe: Any) -> CheckState:
    try:
        await asyncio.wait_for(probe, CHECK_TIMEOUT_S)
    except Exception as exc:  # any failure means "not ready"; say which dependency
        _log.warning("readiness check %s failed: %r", name, exc)
        return "failed"
    return "ok"


class HealthController(Controller):
    """Open to all, no token (docs/api.md section 6)."""

    tags = ["operations"]
    include_in_schema = True

    @get("/health/live", summary="200 while the process runs")
    async def live(self) -> Health:
        """The process is up."""
        return Health(status="ok")

    @get(
        "/health/ready",
        summary="200 when PostgreSQL (and Redis, where configured) answer, else 503",
        responses={503: ResponseSpec(Health, description="A dependency failed (see checks)")},
    )
    async def ready(self, resources: NamedDependency[Resources]) -> Response[Health]:
        """Check each dependency; 503 names the failed ones."""
        checks: dict[str, CheckState] = {
            "postgres": await _check("postgres", _postgres_ok(resources))
        }
        if resources.redis is not None:
            checks["redis"] = await _check("redis", _redis_ok(resources.redis))
        ok = all(state == "ok" for state in checks.values())
        health = Health(status="ok" if ok else "unavailable", checks=checks)
        headers = {} if ok else {"Retry-After": "5"}
        return Response(health, status_code=200 if ok else 503, headers=headers)

    @get("/metrics", summary="Prometheus metrics", media_type=CONTENT_TYPE)
    async def metrics(self, resources: NamedDependency[Resources]) -> Response[bytes]:
        """Request counts and latencies by route and status; event-store writes."""
        return Response(resources.metrics.render(), media_type=CONTENT_TYPE)
