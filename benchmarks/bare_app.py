"""The ceiling: bare Litestar JSON endpoints on the Tasklog routes, no database, no auth.

``make bench`` serves this with the same uvicorn settings and worker count as ``tasklog
serve`` and drives it with the same wrk script as the real API, so the difference between
the two runs is what Tasklog itself costs (auth, validation, event store, read models).

    uvicorn benchmarks.bare_app:create_app --factory --workers 2 --host 127.0.0.1 --port 8001
"""

from __future__ import annotations

from typing import Any

from litestar import Litestar, get, patch, post

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
    return Litestar(
        route_handlers=[list_tasks, create_task, complete_task, update_task, ready],
        openapi_config=None,
    )
