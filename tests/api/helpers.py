"""Small helpers shared by the API tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

Client = AsyncTestClient[Litestar]
Auth = Callable[..., dict[str, str]]

TASKS = "/api/v1/tasks"


async def create_task(client: Client, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    """Create a task (title "Water the plants" unless given) and return its resource."""
    body = {"title": "Water the plants", **fields}
    response = await client.post(TASKS, json=body, headers=headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def history(client: Client, headers: dict[str, str], task_id: str) -> list[dict[str, Any]]:
    """The task's history as its owner (or an auditor) sees it."""
    response = await client.get(f"{TASKS}/{task_id}/history", headers=headers)
    assert response.status_code == 200, response.text
    result: list[dict[str, Any]] = response.json()
    return result


def field_names(problem: dict[str, Any]) -> set[str]:
    """The fields a 400 problem lists."""
    return {error["field"] for error in problem.get("errors") or []}


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """Check a problem+json answer of ``status`` and return its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem: dict[str, Any] = response.json()
    assert problem["status"] == status
    assert problem["type"] == "about:blank"
    assert problem["title"]
    assert problem["detail"]
    text = response.text.lower()
    assert "traceback" not in text
    assert "select " not in text
    return problem
