"""Plugging into the API: extra routes, a lifespan with the core resources, the one-task read."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any
from uuid import UUID

from litestar import Litestar, Request, Response, get
from litestar.di import NamedDependency
from litestar.testing import AsyncTestClient

from api.runtime import ApiExtension, Resources
from tests.api.helpers import TASKS, Auth, create_task


@contextlib.asynccontextmanager
async def remember_start(resources: Resources) -> AsyncIterator[None]:
    resources.extras["demo"] = {"started": True, "schema": resources.settings.database_schema}
    yield
    resources.extras.pop("demo")


@get("/api/v1/demo", sync_to_thread=False)
def demo(resources: NamedDependency[Resources], request: Request[Any, Any, Any]) -> dict[str, Any]:
    return {**resources.extras["demo"], "user": request.user.user_id}


async def read_from_elsewhere(
    request: Request[Any, Any, Any], resources: Resources, task_id: UUID
) -> Response[Any]:
    return Response(
        {"id": str(task_id), "from": "projection"}, headers={"Tasklog-Projection-Position": "7"}
    )


DEMO = ApiExtension(
    name="demo", route_handlers=[demo], lifespan=remember_start, read_task=read_from_elsewhere
)


async def test_an_extension_adds_routes_behind_auth_with_its_lifespan(
    app_factory: Callable[..., Litestar], auth: Auth, user: str
) -> None:
    async with AsyncTestClient(app_factory(extensions=[DEMO])) as client:
        response = await client.get("/api/v1/demo", headers=auth(user))
        anonymous = await client.get("/api/v1/demo")

    assert response.status_code == 200
    assert response.json()["started"] is True
    assert response.json()["user"] == user
    assert anonymous.status_code == 401


async def test_an_extension_replaces_the_one_task_read_but_not_time_travel(
    app_factory: Callable[..., Litestar], auth: Auth, user: str
) -> None:
    async with AsyncTestClient(app_factory(extensions=[DEMO])) as client:
        task = await create_task(client, auth(user))
        plain = await client.get(f"{TASKS}/{task['id']}", headers=auth(user))
        travelled = await client.get(f"{TASKS}/{task['id']}?version=1", headers=auth(user))

    assert plain.json() == {"id": task["id"], "from": "projection"}
    assert plain.headers["Tasklog-Projection-Position"] == "7"
    assert travelled.json()["title"] == task["title"]
