"""The operations metrics plugged into the API (``infrastructure.opsmetrics``).

Registered in ``api.extensions.default_extensions``: at start-up it times the event
store's writes of this process and starts the background refresh of projection lag, dead
letters and job outcomes; ``/metrics`` then shows them beside the request metrics.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager

from api.runtime import ApiExtension, Resources
from audit.owners import event_tables
from infrastructure.opsmetrics import REFRESH_S, OpsMetrics
from projections.status import ProjectionStatus, projection_statuses

EXTRA_KEY = "ops_metrics"


def ops_metrics_lifespan(
    refresh_s: float = REFRESH_S,
) -> Callable[[Resources], AbstractAsyncContextManager[None]]:
    """Register the operations metrics and refresh them every ``refresh_s`` while the app runs."""
    return lambda resources: _ops_metrics(resources, refresh_s)


@contextlib.asynccontextmanager
async def _ops_metrics(resources: Resources, refresh_s: float) -> AsyncIterator[None]:
    metrics = OpsMetrics(resources.metrics.registry)
    application = resources.application
    metrics.instrument(application.recorder)
    schema = resources.settings.database_schema
    tables = event_tables(application.recorder, schema)

    async def read_projections() -> list[ProjectionStatus]:
        async with resources.pool.connection() as connection:
            return await projection_statuses(connection, schema, tables.events)

    refresher = asyncio.create_task(
        metrics.keep_fresh(read_projections, schema, resources.redis, refresh_s),
        name="ops-metrics",
    )
    resources.extras[EXTRA_KEY] = metrics
    try:
        yield
    finally:
        resources.extras.pop(EXTRA_KEY, None)
        refresher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await refresher


def ops_metrics_extension(refresh_s: float = REFRESH_S) -> ApiExtension:
    """The operations metrics, for ``create_app(extensions=[...])``."""
    return ApiExtension(name=EXTRA_KEY, lifespan=ops_metrics_lifespan(refresh_s))
