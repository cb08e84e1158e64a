"""``GET /api/v1/tasks`` without ``limit``: every task up to ``TASKLOG_LIST_MAX``, then pages.

The original frontend lists without ``limit`` and counts everything it gets (docs/api.md
section 4); ``limit`` asks for pages of 1-1,000.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from infrastructure.settings import Settings
from projections.projector import Projector
from projections.runner.config import RunnerConfig
from tests.api.helpers import TASKS, Auth, Client, assert_problem, field_names

LIST_MAX = 20
"""``TASKLOG_LIST_MAX`` of these tests, so that a few dozen tasks go past it."""


@pytest.fixture
def list_settings(api_settings: Settings) -> Settings:
    return replace(api_settings, list_max=LIST_MAX)


@pytest.fixture
def projector(list_settings: Settings) -> Iterator[Projector]:
    with Projector.from_settings(list_settings, RunnerConfig(batch_size=100)) as running:
        yield running


@pytest.fixture
async def client(
    app_factory: Callable[..., Litestar], list_settings: Settings, projector: Projector
) -> AsyncIterator[Client]:
    app = app_factory(list_settings)
    async with AsyncTestClient(app) as test_client:
        yield test_client


async def create_many(client: Client, headers: dict[str, str], count: int) -> tuple[list[str], int]:
    """``count`` tasks, oldest first; their ids and the position of the last."""
    ids: list[str] = []
    position = 0
    for number in range(count):
        response = await client.post(TASKS, json={"title": f"task {number}"}, headers=headers)
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
        position = int(response.headers["Tasklog-Position"])
    return ids, position


async def test_a_list_without_limit_holds_all_56_tasks(
    app_factory: Callable[..., Litestar], projector: Projector, auth: Auth, user: str
) -> None:
    async with AsyncTestClient(app_factory()) as client:
        ids, position = await create_many(client, auth(user), 56)
        response = await client.get(TASKS, params={"min_position": position}, headers=auth(user))

    assert response.status_code == 200
    assert [task["id"] for task in response.json()] == ids[::-1]
    assert "Link" not in response.headers
    assert "Tasklog-Next-Cursor" not in response.headers


async def test_limit_goes_up_to_1000(client: Client, auth: Auth, user: str) -> None:
    ids, position = await create_many(client, auth(user), 3)

    largest = await client.get(f"{TASKS}?limit=1000&min_position={position}", headers=auth(user))
    too_large = await client.get(f"{TASKS}?limit=1001", headers=auth(user))

    assert [task["id"] for task in largest.json()] == ids[::-1]
    problem = assert_problem(too_large, 400)
    assert field_names(problem) == {"limit"}
    assert "1,000" in problem["errors"][0]["message"]


async def test_past_list_max_the_paging_headers_continue_and_yield_each_task_once(
    client: Client, auth: Auth, user: str
) -> None:
    ids, position = await create_many(client, auth(user), 56)
    pages: list[list[str]] = []
    url: str | None = f"{TASKS}?min_position={position}"
    while url is not None:
        response = await client.get(url, headers=auth(user))
        assert response.status_code == 200, response.text
        pages.append([task["id"] for task in response.json()])
        link = response.headers.get("Link")
        if link is None:
            assert "Tasklog-Next-Cursor" not in response.headers
            url = None
        else:
            assert response.headers["Tasklog-Next-Cursor"] in link
            url = link[1 : link.index(">")]
            assert "limit=" not in url

    assert [len(page) for page in pages] == [LIST_MAX, LIST_MAX, 56 - 2 * LIST_MAX]
    assert [task for page in pages for task in page] == ids[::-1]
