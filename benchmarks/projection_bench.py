"""Projection benchmarks: lag under write load, read-your-writes wait, list latency, rebuild.

    python benchmarks/projection_bench.py lag     URL SCHEMA [--rate 100 --seconds 30]
    python benchmarks/projection_bench.py ryw     URL SCHEMA [--pairs 500]
    python benchmarks/projection_bench.py list    URL SCHEMA --user user-1 [--runs 300]
    python benchmarks/projection_bench.py rebuild URL SCHEMA

``lag`` and ``ryw`` need a ``tasklog projector`` running on the same schema (the script
starts none itself so it measures the real, separate process); ``rebuild`` runs the
rebuild in this process, as ``tasklog projections rebuild`` does. Each prints one JSON
line of results.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import threading
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import sql
from psycopg_pool import AsyncConnectionPool

from domain.task import EventMeta
from infrastructure.database import conninfo_with_search_path
from infrastructure.eventstore import build_task_application
from infrastructure.settings import Settings
from projections import catalog
from projections.consistency import PositionWatch
from projections.install import install
from projections.naming import notify_channel
from projections.projector import Projector
from projections.registry import projection_named
from projections.task_list.cursor import CursorCodec
from projections.task_list.params import parse_list_query
from projections.task_list.queries import get_task, list_tasks

META = EventMeta(actor="bench", correlation_id="bench")


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50/p90/p99/max/mean in milliseconds (samples in seconds)."""
    if not samples:
        return {"n": 0}
    ordered = sorted(samples)

    def at(fraction: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000, 2)

    return {
        "n": len(ordered),
        "p50_ms": at(0.5),
        "p90_ms": at(0.9),
        "p99_ms": at(0.99),
        "max_ms": round(ordered[-1] * 1000, 2),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 2),
    }


def lag(url: str, schema: str, rate: float, seconds: float) -> dict[str, Any]:
    """Commit-to-visible lag: command saved -> NOTIFY of a position >= its own arrives."""
    app = build_task_application(url, schema, 2)
    seen: list[tuple[int, float]] = []
    ready = threading.Event()
    stop = threading.Event()

    def listen() -> None:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(notify_channel(schema))))
            ready.set()
            while not stop.is_set():
                for note in connection.notifies(timeout=0.2):
                    name, _, position = note.payload.rpartition(":")
                    if name == "task_list":
                        seen.append((int(position), time.perf_counter()))

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    ready.wait()
    written: list[tuple[int, float]] = []
    interval = 1.0 / rate
    started = time.perf_counter()
    next_at = started
    number = 0
    while time.perf_counter() - started < seconds:
        number += 1
        result = app.create_task(
            owner=f"lag-{number % 50}", fields={"title": f"lag {number}"}, meta=META
        )
        written.append((result.position, time.perf_counter()))
        next_at += interval
        time.sleep(max(0.0, next_at - time.perf_counter()))
    time.sleep(2.0)
    stop.set()
    listener.join()
    app.close()
    lags: list[float] = []
    index = 0
    for position, committed in written:  # both in position order: one merge pass
        while index < len(seen) and seen[index][0] < position:
            index += 1
        if index < len(seen):
            lags.append(max(0.0, seen[index][1] - committed))
    summary: dict[str, Any] = percentiles(lags)
    summary.update(
        rate_per_s=rate, seconds=seconds, commands=len(written), missing=len(written) - len(lags)
    )
    return summary


async def _timed(call: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    await call()
    return time.perf_counter() - started


async def ryw(url: str, schema: str, pairs: int) -> dict[str, Any]:
    """Latency of a one-task read with and without waiting for the write just made."""
    app = await asyncio.to_thread(build_task_application, url, schema, 2)
    conninfo = conninfo_with_search_path(url, schema)
    watch = PositionWatch(conninfo, schema)
    await watch.start()
    waited: list[float] = []
    plain: list[float] = []
    timeouts = 0
    async with AsyncConnectionPool(
        conninfo, min_size=2, max_size=2, kwargs={"autocommit": True}
    ) as pool:
        for number in range(pairs):
            result = await asyncio.to_thread(
                app.create_task, owner="ryw", fields={"title": f"ryw {number}"}, meta=META
            )
            task_id, wanted = result.task.id, result.position

            async def read(task_id: Any = task_id) -> Any:
                async with pool.connection() as connection:
                    return await get_task(connection, schema, owner="ryw", task_id=task_id)

            try:
                waited.append(
                    await _timed(
                        lambda: watch.read_at_least("task_list", wanted, 2.0, read)  # noqa: B023
                    )
                )
            except Exception:
                timeouts += 1
            plain.append(await _timed(read))
    await watch.stop()
    app.close()
    with_wait, without = percentiles(waited), percentiles(plain)
    return {
        "pairs": pairs,
        "timeouts": timeouts,
        "read_with_min_position": with_wait,
        "read_without": without,
        "added_p50_ms": round(with_wait["p50_ms"] - without["p50_ms"], 2),
        "added_p99_ms": round(with_wait["p99_ms"] - without["p99_ms"], 2),
    }


async def list_latency(url: str, schema: str, user: str, runs: int) -> dict[str, Any]:
    """p50/p99 of list queries for one user, first page and a page deep into the list."""
    conninfo = conninfo_with_search_path(url, schema)
    codec = CursorCodec(b"bench" * 8)
    now = datetime.now(UTC)
    shapes = {
        "default_first_page": {},
        "due_at_sort": {"sort": ["due_at"]},
        "tag_filter": {"tag": ["home"]},
        "open_by_priority": {"status": ["open"], "sort": ["priority"]},
        "text_search": {"q": ["milk call"]},
    }
    results: dict[str, Any] = {}
    async with AsyncConnectionPool(
        conninfo, min_size=1, max_size=1, kwargs={"autocommit": True}
    ) as pool:
        async with pool.connection() as connection:
            count_row = await (
                await connection.execute(
                    sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(schema, "task_list"))
                )
            ).fetchone()
            mine_row = await (
                await connection.execute(
                    sql.SQL("SELECT count(*) FROM {} WHERE owner = %s").format(
                        sql.Identifier(schema, "task_list")
                    ),
                    (user,),
                )
            ).fetchone()
        results["tasks_in_table"] = count_row[0] if count_row else 0
        results["tasks_of_user"] = mine_row[0] if mine_row else 0
        for name, params in shapes.items():
            samples: list[float] = []
            deep: list[float] = []
            query = parse_list_query({**params, "limit": ["50"]})
            async with pool.connection() as connection:
                page = await list_tasks(
                    connection, schema, owner=user, query=query, codec=codec, now=now
                )
                cursor = page.next_cursor
                for _ in range(9):  # the 10th page, for the deep-page timing
                    if cursor is None:
                        break
                    nxt = parse_list_query({**params, "limit": ["50"], "cursor": [cursor]})
                    cursor = (
                        await list_tasks(
                            connection, schema, owner=user, query=nxt, codec=codec, now=now
                        )
                    ).next_cursor
                deep_query = (
                    parse_list_query({**params, "limit": ["50"], "cursor": [cursor]})
                    if cursor is not None
                    else None
                )
                for _ in range(runs):
                    started = time.perf_counter()
                    await list_tasks(
                        connection, schema, owner=user, query=query, codec=codec, now=now
                    )
                    samples.append(time.perf_counter() - started)
                    if deep_query is not None:
                        started = time.perf_counter()
                        await list_tasks(
                            connection, schema, owner=user, query=deep_query, codec=codec, now=now
                        )
                        deep.append(time.perf_counter() - started)
            results[name] = {
                "first_page": percentiles(samples),
                **({"page_10": percentiles(deep)} if deep else {}),
            }
    return results


def rebuild(url: str, schema: str) -> dict[str, Any]:
    """Time a blue/green rebuild of task_list from position 0 to the head."""
    settings = Settings.from_env({"TASKLOG_DATABASE_URL": url, "TASKLOG_DATABASE_SCHEMA": schema})
    projector = Projector.from_settings(settings)
    install(projector.datastore, projector.connect, projector.projections)
    with projector.datastore.transaction(commit=True) as curs:
        version = catalog.request_rebuild(curs, schema, "task_list", 1)
    head = projector.source.head()
    marks: dict[str, float] = {}

    def progress(position: int, _head: int) -> None:
        marks.setdefault("first", time.perf_counter())
        marks["last"] = time.perf_counter()

    started = time.perf_counter()
    projector.rebuild(projection_named("task_list")).run(progress)
    took = time.perf_counter() - started
    projector.stop()
    return {
        "events": head,
        "version": version,
        "seconds": round(took, 1),
        "events_per_s": round(head / took),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["lag", "ryw", "list", "rebuild"])
    parser.add_argument("url")
    parser.add_argument("schema")
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--user", default="user-1")
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    if args.what == "lag":
        result = lag(args.url, args.schema, args.rate, args.seconds)
    elif args.what == "ryw":
        result = asyncio.run(ryw(args.url, args.schema, args.pairs))
    elif args.what == "list":
        result = asyncio.run(list_latency(args.url, args.schema, args.user, args.runs))
    else:
        result = rebuild(args.url, args.schema)
    print(json.dumps({"benchmark": args.what, "schema": args.schema, **result}))


if __name__ == "__main__":
    main()
