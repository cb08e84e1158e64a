"""Prometheus metrics of the API: requests by route and status, latencies, event-store writes.

Each ``Metrics`` has its own registry (several apps in one test process do not collide).
With several worker processes (``tasklog serve --workers N``) the CLI sets
``PROMETHEUS_MULTIPROC_DIR`` before the workers start; prometheus_client then keeps values
in files there and ``render`` merges every process's files, so any worker answers
``/metrics`` for all of them. With one process, values stay in memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, get_args

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.multiprocess import MultiProcessCollector

CONTENT_TYPE = CONTENT_TYPE_LATEST
"""Media type of the text exposition format."""

ListCacheResult = Literal["hit", "miss"]
"""Where a task-list read was answered from: this process's pages, or the read model."""
LIST_CACHE_RESULTS: tuple[ListCacheResult, ...] = get_args(ListCacheResult)

_MAX_CACHED_LABELS = 4096
"""Label children kept per ``Metrics``; beyond that (an attack on methods?) look them up."""

_LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    """The API's metrics and their exposition."""

    def __init__(self, multiprocess_dir: Path | None = None) -> None:
        """Create the metrics.

        Args:
            multiprocess_dir: ``PROMETHEUS_MULTIPROC_DIR`` when several processes serve the
                API (it must be set in the environment before prometheus_client is
                imported); None for one process.
        """
        self._multiprocess_dir = multiprocess_dir
        self._request_children: dict[tuple[str, str, int], tuple[Any, Any]] = {}
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "tasklog_http_requests",
            "HTTP requests answered, by method, route template and status.",
            ("method", "route", "status"),
            registry=self.registry,
        )
        self.latency = Histogram(
            "tasklog_http_request_duration_seconds",
            "Time from request start to the last response byte, by method and route.",
            ("method", "route"),
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.eventstore_writes = Counter(
            "tasklog_eventstore_writes",
            "Commands that wrote events to the event store, by command.",
            ("command",),
            registry=self.registry,
        )
        self.commands = Counter(
            "tasklog_commands",
            "Commands run, by command and whether they wrote anything.",
            ("command", "written"),
            registry=self.registry,
        )

        lookups = Counter(
            "tasklog_list_cache_lookups",
            "Task-list reads answered from this process's page cache (hit) or from the "
            "read model (miss).",
            ("result",),
            registry=self.registry,
        )
        self._list_cache = {result: lookups.labels(result) for result in LIST_CACHE_RESULTS}

    def observe_list_cache(self, result: ListCacheResult) -> None:
        """Record where a task-list read was answered from (``LIST_CACHE_RESULTS``)."""
        self._list_cache[result].inc()

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        """Record one answered request.

        The label children are looked up once per (method, route, status) and kept:
        ``labels()`` takes a lock and builds keys on every call. (In multiprocess mode a
        child's value follows a fork by itself: it checks the pid when written.)
        """
        key = (method, route, status)
        children = self._request_children.get(key)
        if children is None:
            children = (
                self.requests.labels(method, route, str(status)),
                self.latency.labels(method, route),
            )
            if len(self._request_children) < _MAX_CACHED_LABELS:
                self._request_children[key] = children
        children[0].inc()
        children[1].observe(seconds)

    def observe_command(self, command: str, *, written: bool) -> None:
        """Record one command and, if it wrote, one event-store write."""
        self.commands.labels(command, "true" if written else "false").inc()
        if written:
            self.eventstore_writes.labels(command).inc()

    def render(self) -> bytes:
        """The text exposition of every metric (of every process, in multiprocess mode)."""
        if self._multiprocess_dir is None:
            return generate_latest(self.registry)
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=str(self._multiprocess_dir))  # type: ignore[no-untyped-call]
        return generate_latest(registry)
