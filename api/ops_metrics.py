"""The operations metrics of an API process (``infrastructure.opsmetrics``).

Entered by the lifespan once the resources are open: it times the event store's writes
of this process and keeps projection lag, dead letters and job outcomes fresh in the
background; ``/metrics`` then shows them beside the request metrics.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from api.resources import Resources
from audit.owners import event_tables
from infrastructure.opsmetrics import OpsMetrics
from projections.status import ProjectionStatus, projection_statuses


@contextlib.asynccontextmanager
async def ops_metrics_refreshed(resources: Resources, refresh_s: float) -> AsyncIterator[None]:
    """Register the operations metrics and refresh them every ``refresh_s`` until exit."""
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
    try:
        yield
    finally:
        refresher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await refresher
