"""Operations metrics beside the API's own: projection lag, dead letters, jobs, write latency.

They are registered on the API's ``Metrics.registry`` (so ``/metrics`` shows them with the
request metrics, in one process or many):

- ``tasklog_eventstore_write_duration_seconds{outcome}``: every event-store insert of
  this process, timed around the recorder (lock wait included); ``outcome`` is ``ok``,
  ``conflict`` (a concurrent writer won; the command retries) or ``error``.
- ``tasklog_eventstore_head_position``, ``tasklog_projection_position{projection}``,
  ``tasklog_projection_lag_events{projection}``, ``tasklog_projection_lag_seconds``,
  ``tasklog_projection_dead_letters{projection}`` and
  ``tasklog_projection_status{projection,status}`` (1 for the current status): read from
  the projection catalog (by the reader the API passes in, ``projections.status``) every
  ``REFRESH_S`` seconds by a background task, so a scrape never waits on the database.
- ``tasklog_job_runs{job,outcome}``: job runs of every worker, counted in Redis by
  ``observed_job`` (workers are other processes) and read with the projections.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol, TypeVar, cast

from eventsourcing.persistence import IntegrityError
from prometheus_client import CollectorRegistry, Gauge, Histogram

from infrastructure.logging import log_job

log = logging.getLogger(__name__)

REFRESH_S = 5.0
"""Seconds between two reads of the projection catalog and the job counts."""

STATUSES = ("running", "rebuilding", "stopped", "failed", "degraded")
_WRITE_BUCKETS = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class ProjectionFigures(Protocol):
    """What the gauges show of one read model (``projections.status.ProjectionStatus``)."""

    @property
    def name(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def position(self) -> int: ...
    @property
    def head(self) -> int: ...
    @property
    def lag_events(self) -> int: ...
    @property
    def lag_seconds(self) -> float: ...
    @property
    def dead_letters(self) -> int: ...


ReadProjectionFigures = Callable[[], Awaitable[Sequence[ProjectionFigures]]]
"""Reads every read model's figures from the projection catalog."""


def job_outcomes_key(schema: str) -> str:
    """The Redis hash (``<job>:<outcome>`` -> runs) of the deployment in ``schema``."""
    return f"tasklog:{schema}:job_outcomes"


class OpsMetrics:
    """The operations metrics of one API process, on the API's registry."""

    def __init__(self, registry: CollectorRegistry) -> None:
        """Register the metrics on ``registry`` (``Metrics.registry``)."""
        self.write_latency = Histogram(
            "tasklog_eventstore_write_duration_seconds",
            "Event-store inserts of this process, from the call to the commit, by outcome.",
            ("outcome",),
            buckets=_WRITE_BUCKETS,
            registry=registry,
        )
        gauge = functools.partial(Gauge, registry=registry, multiprocess_mode="mostrecent")
        self.head = gauge(
            "tasklog_eventstore_head_position", "Global position of the newest stored event."
        )
        self.position = gauge(
            "tasklog_projection_position",
            "Last event position folded into the serving version.",
            ("projection",),
        )
        self.lag_events = gauge(
            "tasklog_projection_lag_events",
            "Events stored but not yet folded into the serving version.",
            ("projection",),
        )
        self.lag_seconds = gauge(
            "tasklog_projection_lag_seconds",
            "Age of the oldest event not yet folded (0 when caught up).",
            ("projection",),
        )
        self.dead_letters = gauge(
            "tasklog_projection_dead_letters",
            "Events parked after failing too often, in the serving version.",
            ("projection",),
        )
        self.status = gauge(
            "tasklog_projection_status",
            "1 for the projection's current status, 0 for the others.",
            ("projection", "status"),
        )
        self.job_runs = gauge(
            "tasklog_job_runs",
            "Job runs of every worker since the Redis data began, by job and outcome.",
            ("job", "outcome"),
        )

    def instrument(self, recorder: Any) -> None:
        """Time every ``insert_events`` of an application's recorder (``app.recorder``)."""
        insert = recorder.insert_events
        histogram = self.write_latency

        def timed_insert(stored_events: Sequence[Any], **kwargs: Any) -> Any:
            started = time.perf_counter()
            outcome = "error"
            try:
                result = insert(stored_events, **kwargs)
                outcome = "ok"
                return result
            except IntegrityError:
                outcome = "conflict"
                raise
            finally:
                histogram.labels(outcome).observe(time.perf_counter() - started)

        recorder.insert_events = timed_insert

    async def refresh(
        self, read_projections: ReadProjectionFigures, schema: str, redis: Any | None
    ) -> None:
        """Read the projection catalog (and the job counts in Redis) into the gauges."""
        for status in await read_projections():
            self.head.set(status.head)
            self.position.labels(status.name).set(status.position)
            self.lag_events.labels(status.name).set(status.lag_events)
            self.lag_seconds.labels(status.name).set(status.lag_seconds)
            self.dead_letters.labels(status.name).set(status.dead_letters)
            for name in {*STATUSES, status.status}:
                self.status.labels(status.name, name).set(1 if name == status.status else 0)
        if redis is not None:
            counts = await redis.hgetall(job_outcomes_key(schema))
            for field, value in counts.items():
                job, _, outcome = _text(field).rpartition(":")
                self.job_runs.labels(job, outcome).set(int(value))

    async def keep_fresh(
        self,
        read_projections: ReadProjectionFigures,
        schema: str,
        redis: Any | None,
        interval_s: float = REFRESH_S,
    ) -> None:
        """Refresh every ``interval_s`` until cancelled; a failed read is logged, not fatal."""
        while True:
            try:
                await self.refresh(read_projections, schema, redis)
            except Exception:  # the next round tries again; metrics never stop the API
                log.warning("could not refresh the operations metrics", exc_info=True)
            await asyncio.sleep(interval_s)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


JobFunction = TypeVar("JobFunction", bound=Callable[..., Awaitable[Any]])

_counting: set[asyncio.Future[None]] = set()
"""Counts of cancelled runs still being written (kept referenced until done)."""


def observed_job(function: JobFunction, *, outcomes_key: str) -> JobFunction:
    """Wrap an arq job function: one log line per run and its outcome counted in Redis.

    Args:
        function: The job (``async def job(ctx, *args)``).
        outcomes_key: The Redis hash to count in (``job_outcomes_key(schema)``).
    """
    name = function.__name__

    @functools.wraps(function)
    async def run(ctx: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        outcome, result, error = "failed", None, None
        try:
            value = await function(ctx, *args, **kwargs)
            outcome, result = "ok", str(value)
            return value
        except asyncio.CancelledError:
            outcome = "cancelled"
            raise
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            log_job(
                job=name,
                job_id=str(ctx.get("job_id")),
                attempt=int(ctx.get("job_try") or 1),
                outcome=outcome,
                duration_s=time.perf_counter() - started,
                result=result,
                error=error,
            )
            counted = _count(ctx.get("redis"), outcomes_key, f"{name}:{outcome}")
            if outcome == "cancelled":  # awaiting here would swallow the cancel
                task = asyncio.ensure_future(counted)
                _counting.add(task)
                task.add_done_callback(_counting.discard)
            else:
                await counted

    return cast(JobFunction, run)


async def _count(redis: Any | None, key: str, field: str) -> None:
    if redis is None:
        return
    with contextlib.suppress(Exception):  # counting must never fail a job
        await redis.hincrby(key, field, 1)
