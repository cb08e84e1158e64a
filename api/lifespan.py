"""Start-up and shutdown of everything an API process holds (``api.resources.Resources``)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

import anyio
import msgspec
import redis.asyncio as aioredis
from psycopg_pool import AsyncConnectionPool

from api.devtokens import dev_key
from api.ops_metrics import ops_metrics_refreshed
from api.resources import Resources
from api.threads import WorkerThreads
from api.verify_runs import open_verify_runs
from application.tasks import TaskApplication
from audit.log import AuditLog
from audit.owners import event_tables
from infrastructure.database import conninfo_with_search_path
from infrastructure.devkeys import dev_jwks
from infrastructure.eventstore import build_task_application
from infrastructure.idempotency import IdempotencyStore
from infrastructure.jwks import Fetch, JwtVerifier
from infrastructure.metrics import Metrics
from infrastructure.pools import API, async_pool, sizing
from infrastructure.ratelimit import (
    InProcessRateLimiter,
    RateLimit,
    RateLimiter,
    RedisRateLimiter,
)
from infrastructure.services import require_configured, with_database
from infrastructure.settings import Settings
from projections.read_side import open_read_models

_log = logging.getLogger(__name__)

LOCAL_DEV_JWKS_URL = "local:dev-signing-key"
"""Stand-in JWKS URL when none is configured in dev/test: keys come from the dev key file."""

PURGE_EVERY_S = 600.0
POOL_OPEN_TIMEOUT_S = 10.0


@contextlib.asynccontextmanager
async def open_resources(
    settings: Settings, metrics: Metrics, jwks_fetch: Fetch | None, ops_metrics_refresh_s: float
) -> AsyncIterator[Resources]:
    """Open everything the API needs; close it all on exit, in reverse order.

    Args:
        settings: The process settings; ``database_url`` None starts embedded PostgreSQL
            outside production (production refuses, as without ``jwks_url``).
        metrics: The app's metrics (created with the app, so the edge can count early).
        jwks_fetch: Replaces the JWKS download (tests); None fetches over HTTP.
        ops_metrics_refresh_s: How often the operations metrics are refreshed.
    """
    require_configured(settings, jwks=True)
    async with contextlib.AsyncExitStack() as stack:
        settings = await anyio.to_thread.run_sync(with_database, settings)
        database_url: str = settings.database_url  # type: ignore[assignment]
        schema = settings.database_schema
        application = await anyio.to_thread.run_sync(_task_application, settings, database_url)
        stack.callback(application.close)
        workers = WorkerThreads(settings.eventstore_pool_size, name="tasklog-write-model")
        stack.callback(workers.close)  # before the application closes
        pool: AsyncConnectionPool[Any] = async_pool(
            conninfo_with_search_path(database_url, schema),
            sizing(settings, settings.db_pool_size),
            API,
        )
        await pool.open(wait=True, timeout=POOL_OPEN_TIMEOUT_S)
        stack.push_async_callback(pool.close)
        idempotency = IdempotencyStore(pool)
        await idempotency.create_table()
        stack.push_async_callback(idempotency.flush)  # before the pool closes
        verifier = _verifier(settings, jwks_fetch)
        stack.push_async_callback(verifier.aclose)
        redis_client = None
        if settings.redis_url is not None:
            redis_client = aioredis.Redis.from_url(settings.redis_url)
            stack.push_async_callback(redis_client.aclose)
        read_models = await open_read_models(settings, database_url, pool)
        stack.push_async_callback(read_models.watch.stop)
        audit_log = AuditLog(pool, event_tables(application.recorder, schema), application.mapper)
        await audit_log.prepare()
        verify_runs = await stack.enter_async_context(open_verify_runs(schema, database_url, pool))
        resources = Resources(
            settings=settings,
            application=application,
            pool=pool,
            verifier=verifier,
            redis=redis_client,
            workers=workers,
            idempotency=idempotency,
            rate_limiter=_rate_limiter(settings, redis_client),
            metrics=metrics,
            read_models=read_models,
            audit_log=audit_log,
            verify_runs=verify_runs,
        )
        purger = asyncio.create_task(_purge_idempotency_keys(idempotency), name="idempotency-purge")
        stack.push_async_callback(_cancel, purger)
        await stack.enter_async_context(ops_metrics_refreshed(resources, ops_metrics_refresh_s))
        yield resources


def _task_application(settings: Settings, database_url: str) -> TaskApplication:
    return build_task_application(
        database_url,
        settings.database_schema,
        settings.eventstore_pool_size,
        min_size=settings.pool_min_size,
        max_idle_s=settings.pool_max_idle_s,
        application_name=API,
    )


def _verifier(settings: Settings, jwks_fetch: Fetch | None) -> JwtVerifier:
    url = settings.jwks_url
    fetch = jwks_fetch
    if url is None:  # dev and test only (``require_configured``)
        url = LOCAL_DEV_JWKS_URL
        if fetch is None:
            fetch = _dev_key_fetch(settings)
    kwargs: dict[str, Any] = {} if fetch is None else {"fetch": fetch}
    return JwtVerifier(
        url,
        algorithms=settings.jwt_algorithms,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        leeway_s=settings.jwt_leeway_s,
        roles_claim=settings.jwt_roles_claim,
        refetch_interval_s=settings.jwks_refetch_interval_s,
        **kwargs,
    )


def _dev_key_fetch(settings: Settings) -> Fetch:
    async def fetch(_url: str) -> bytes:
        key = await anyio.to_thread.run_sync(dev_key, settings)
        return msgspec.json.encode(dev_jwks(key))

    return fetch


def _rate_limiter(settings: Settings, redis_client: Any | None) -> RateLimiter | None:
    if settings.rate_limit is None:
        return None
    rate = RateLimit.parse(settings.rate_limit)
    if redis_client is not None:
        return RedisRateLimiter(rate, redis_client)
    return InProcessRateLimiter(rate)


async def _purge_idempotency_keys(store: IdempotencyStore) -> None:
    while True:
        await asyncio.sleep(PURGE_EVERY_S)
        try:
            await store.purge_expired()
        except Exception as exc:  # a failed purge is retried next round
            _log.warning("purging idempotency keys failed: %r", exc)


async def _cancel(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
