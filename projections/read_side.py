"""What an API process needs to serve projection reads: pool, position watch, cursor key,
and the list page cache the watch keeps fresh."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from psycopg_pool import AsyncConnectionPool

from infrastructure.database import conninfo_with_search_path
from infrastructure.datastore import build_datastore
from infrastructure.pools import API, connector, listen_name, named
from infrastructure.settings import Settings
from projections.consistency import Demand, PositionWatch
from projections.install import install
from projections.naming import demand_channel
from projections.projector import cursor_secret
from projections.registry import PROJECTIONS
from projections.task_list.cursor import CursorCodec
from projections.task_list.page_cache import PageCache
from projections.task_list.projection import TaskListProjection

PAGE_MAX_AGE_S = 300.0
"""Longest a cached list page is served; changes drop pages at once, this only bounds how
long a page could outlive a notification that never came."""


@dataclass
class ReadModels:
    """The read side's resources in one API process."""

    schema: str
    pool: AsyncConnectionPool[Any]
    watch: PositionWatch
    codec: CursorCodec
    consistency_timeout_s: float
    list_max: int
    """``TASKLOG_LIST_MAX``: the page size of a list without ``limit``."""
    pages: PageCache


def pool_demand(pool: AsyncConnectionPool[Any], schema: str) -> Demand:
    """Ask for folds over ``pool``: one ``pg_notify`` on the schema's demand channel."""
    channel = demand_channel(schema)

    async def demand(name: str) -> None:
        async with pool.connection() as connection:
            await connection.execute("SELECT pg_notify(%s, %s)", (channel, name))

    return demand


def _prepare_database(database_url: str, schema: str) -> bytes:
    """Install the read models (idempotent) and fetch the cursor key; blocking."""
    datastore = build_datastore(database_url, schema, 2, application_name=API)
    try:
        install(datastore, connector(database_url, API), PROJECTIONS)
        return cursor_secret(datastore)
    finally:
        datastore.close()


async def open_read_models(
    settings: Settings,
    database_url: str,
    pool: AsyncConnectionPool[Any],
) -> ReadModels:
    """Make the read models readable and start this process's one LISTEN connection."""
    schema = settings.database_schema
    secret = await asyncio.to_thread(_prepare_database, database_url, schema)
    watch = PositionWatch(
        named(conninfo_with_search_path(database_url, schema), listen_name(API)),
        schema,
        demand=pool_demand(pool, schema),
        on_demand=[projection.name for projection in PROJECTIONS if projection.folds_on_demand],
    )
    pages = PageCache(
        TaskListProjection.name,
        max_bytes=settings.list_cache_mb * 1024 * 1024,
        max_age_s=PAGE_MAX_AGE_S,
    )
    watch.add_listener(pages)
    await watch.start()
    return ReadModels(
        schema=schema,
        pool=pool,
        watch=watch,
        codec=CursorCodec(secret),
        consistency_timeout_s=settings.consistency_timeout_ms / 1000,
        list_max=settings.list_max,
        pages=pages,
    )
