"""The ceiling: bare Litestar JSON endpoints on the Tasklog routes, no database, no auth.

``make bench`` serves this with the same ``uvicorn.run`` parameters, logging setup and
worker count as ``tasklog serve`` (api/cli_serve.py) and drives it with the same wrk script
as the real API, so the difference between the two runs is what Tasklog itself costs
(auth, validation, event store, read models).

    python benchmarks/bare_app.py --host 127.0.0.1 --port 8001 --workers 2
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import uvicorn
from litestar import Litestar, get, patch, post

ROOT = Path(__file__).resolve().parents[1]

_TASK: dict[str, Any] = {
    "id": "0b6f6c1e-3c1d-4c62-9d0a-6a3b5f1d2e10",
    "title": "Water the plants",
    "priority": "high",
    "completed": False,
}


@get("/api/v1/tasks", sync_to_thread=False)
def list_tasks() -> list[dict[str, Any]]:
    """A constant one-item list."""
    return [_TASK]


@post("/api/v1/tasks", sync_to_thread=False)
def create_task() -> dict[str, Any]:
    """A constant task, 201."""
    return _TASK


@post("/api/v1/tasks/{task_id:str}/complete", status_code=200, sync_to_thread=False)
def complete_task(task_id: str) -> dict[str, Any]:
    """A constant task."""
    return _TASK


@patch("/api/v1/tasks/{task_id:str}", sync_to_thread=False)
def update_task(task_id: str) -> dict[str, Any]:
    """A constant task."""
    return _TASK


@get("/health/ready", sync_to_thread=False)
def ready() -> dict[str, str]:
    """Always ready."""
    return {"status": "ok"}


def create_app() -> Litestar:
    """The bare app (a factory, like Tasklog's, so nothing is built at import)."""
    from infrastructure.logging import configure_logging

    configure_logging("INFO")  # what Tasklog's app factory does at its default level
    return Litestar(
        route_handlers=[list_tasks, create_task, complete_task, update_task, ready],
        openapi_config=None,
    )


def main() -> None:
    """Serve the bare app the way ``tasklog serve`` serves Tasklog."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--access-log", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))  # for the workers: benchmarks.bare_app and infrastructure

    uvicorn.run(
        "benchmarks.bare_app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        loop="uvloop",
        http="httptools",
        lifespan="on",
        access_log=args.access_log,
        log_config=None,
        server_header=False,
        proxy_headers=True,
        app_dir=str(ROOT),
    )


if __name__ == "__main__":
    main()
