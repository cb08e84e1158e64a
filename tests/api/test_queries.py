"""The read side over HTTP: lists, pages, one task, tags, read-your-writes, operations."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.resources import running_resources
from infrastructure.settings import Settings
from projections.projector import Projector
from projections.runner.config import RunnerConfig
from tests.api.helpers import TASKS, Auth, Client, assert_problem, field_names
from tests.polling import wait_until_async
from tests.words import assert_in_words

POSITION = "Tasklog-Projection-Position"


@pytest.fixture
def projector(api_settings: Settings) -> Iterator[Projector]:
    with Projector.from_settings(api_settings, RunnerConfig(batch_size=50)) as running:
        yield running


@pytest.fixture
async def client(
    app_factory: Callable[..., Litestar], projector: Projector
) -> AsyncIterator[Client]:
    async with AsyncTestClient(app_factory()) as test_client:
        yield test_client


async def create(
    client: Client, headers: dict[str, str], **fields: object
) -> tuple[dict[str, Any], int]:
    response = await client.post(TASKS, json=fields, headers=headers)
    assert response.status_code == 201, response.text
    return response.json(), int(response.headers["Tasklog-Position"])


async def test_list_pages_through_with_link_and_cursor(
    client: Client, auth: Auth, user: str
) -> None:
    headers = auth(user)
    created = []
    position = 0
    for number in range(7):
        task, position = await create(client, headers, title=f"Task {number}")
        created.append(task["id"])
    seen: list[str] = []
    url = f"{TASKS}?limit=3&sort=created_at&min_position={position}"
    while url:
        response = await client.get(url, headers=headers)
        assert response.status_code == 200, response.text
        assert int(response.headers[POSITION]) >= position
        seen += [task["id"] for task in response.json()]
        link = response.headers.get("Link")
        if link is None:
            assert "Tasklog-Next-Cursor" not in response.headers
            break
        assert link.endswith('>; rel="next"')
        assert response.headers["Tasklog-Next-Cursor"] in link
        url = link[1 : link.index(">")]
    assert seen == created


async def test_default_order_is_newest_first_and_only_the_callers(
    client: Client, auth: Auth, user: str, other_user: str
) -> None:
    first, _ = await create(client, auth(user), title="first")
    second, _ = await create(client, auth(user), title="second")
    _, position = await create(client, auth(other_user), title="not mine")

    response = await client.get(
        TASKS, headers={**auth(user), "Tasklog-Min-Position": str(position)}
    )

    assert [task["id"] for task in response.json()] == [second["id"], first["id"]]
    assert response.json()[0] == second


async def test_a_tampered_cursor_is_400(client: Client, auth: Auth, user: str) -> None:
    headers = auth(user)
    position = 0
    for number in range(3):
        _, position = await create(client, headers, title=f"t{number}")
    first = await client.get(f"{TASKS}?limit=1&min_position={position}", headers=headers)
    cursor = first.headers["Tasklog-Next-Cursor"]
    tampered = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")

    response = await client.get(f"{TASKS}?limit=1&cursor={tampered}", headers=headers)

    assert "cursor" in field_names(assert_problem(response, 400))


async def test_a_cursor_is_bound_to_its_filters(client: Client, auth: Auth, user: str) -> None:
    headers = auth(user)
    position = 0
    for number in range(3):
        _, position = await create(client, headers, title=f"t{number}")
    first = await client.get(f"{TASKS}?limit=1&min_position={position}", headers=headers)
    cursor = first.headers["Tasklog-Next-Cursor"]

    response = await client.get(f"{TASKS}?limit=1&sort=title&cursor={cursor}", headers=headers)

    assert_problem(response, 400)


async def test_invalid_parameters_are_400_listing_each(
    client: Client, auth: Auth, user: str
) -> None:
    response = await client.get(
        f"{TASKS}?limit=0&sort=colour&priority=urgent&due_before=soon&completed=maybe",
        headers=auth(user),
    )

    problem = assert_problem(response, 400)
    assert field_names(problem) == {"limit", "sort", "priority", "due_before", "completed"}
    assert_in_words([error["message"] for error in problem["errors"]] + [problem["detail"]])


async def test_get_one_comes_from_the_projection_with_etag(
    client: Client, auth: Auth, user: str, other_user: str
) -> None:
    task, position = await create(client, auth(user), title="mine", tags=["Home"])
    wait = {"Tasklog-Min-Position": str(position)}

    mine = await client.get(f"{TASKS}/{task['id']}", headers={**auth(user), **wait})
    theirs = await client.get(f"{TASKS}/{task['id']}", headers={**auth(other_user), **wait})

    assert mine.status_code == 200
    assert mine.json() == task
    assert mine.headers["ETag"] == '"1"'
    assert int(mine.headers[POSITION]) >= position
    assert_problem(theirs, 404)


async def test_tags_count_open_and_total(client: Client, auth: Auth, user: str) -> None:
    headers = auth(user)
    await create(client, headers, title="a", tags=["Home", "work"])
    done, _ = await create(client, headers, title="b", tags=["home"])
    completed = await client.post(f"{TASKS}/{done['id']}/complete", headers=headers)
    position = completed.headers["Tasklog-Position"]

    response = await client.get(f"/api/v1/tags?min_position={position}", headers=headers)

    assert response.status_code == 200
    assert response.json() == [
        {"tag": "Home", "open": 1, "total": 2},  # the first spelling seen is kept
        {"tag": "work", "open": 1, "total": 1},
    ]


async def test_read_your_writes_200_times(client: Client, auth: Auth, user: str) -> None:
    headers = auth(user)
    task, _ = await create(client, headers, title="v0")
    for number in range(1, 201):
        changed = await client.patch(
            f"{TASKS}/{task['id']}", json={"title": f"v{number}"}, headers=headers
        )
        assert changed.status_code == 200, changed.text
        wait = {"Tasklog-Min-Position": changed.headers["Tasklog-Position"]}
        read = await client.get(f"{TASKS}/{task['id']}", headers={**headers, **wait})
        assert read.status_code == 200
        assert read.json()["title"] == f"v{number}"


async def test_a_position_not_reached_in_time_is_503(
    app_factory: Callable[..., Litestar], api_settings: Settings, auth: Auth, user: str
) -> None:
    impatient = replace(api_settings, consistency_timeout_ms=100)
    app = app_factory(impatient)
    async with AsyncTestClient(app) as client:
        response = await client.get(f"{TASKS}?min_position=999999999", headers=auth(user))

    assert_problem(response, 503)
    assert response.headers["Retry-After"] == "1"


async def test_min_position_must_be_a_number(client: Client, auth: Auth, user: str) -> None:
    response = await client.get(TASKS, headers={**auth(user), "Tasklog-Min-Position": "soon"})

    assert "Tasklog-Min-Position" in field_names(assert_problem(response, 400))


async def test_ops_needs_the_operator_role(client: Client, auth: Auth, user: str) -> None:
    response = await client.get("/api/v1/ops/projections", headers=auth(user))

    assert_problem(response, 403)


async def test_ops_lists_every_projection(client: Client, auth: Auth, user: str) -> None:
    response = await client.get("/api/v1/ops/projections", headers=auth(user, ["operator"]))

    assert response.status_code == 200
    names = {entry["name"] for entry in response.json()}
    assert "task_list" in names
    entry = next(e for e in response.json() if e["name"] == "task_list")
    assert set(entry) >= {
        "name",
        "version",
        "status",
        "position",
        "head",
        "lag_events",
        "lag_seconds",
        "rebuild",
    }


async def test_a_second_rebuild_request_is_409(client: Client, auth: Auth, user: str) -> None:
    headers = auth(user, ["operator"])
    url = "/api/v1/ops/projections/task_list/rebuild"

    first = await client.post(url, headers=headers)
    second = await client.post(url, headers=headers)
    unknown = await client.post("/api/v1/ops/projections/nope/rebuild", headers=headers)

    assert first.status_code == 202
    assert_problem(second, 409)
    assert_problem(unknown, 404)


def read_models_of(client: Client) -> Any:
    return running_resources(client.app).read_models


async def test_a_cached_page_goes_as_soon_as_its_owner_changes(
    client: Client, auth: Auth, user: str, other_user: str
) -> None:
    models = read_models_of(client)
    _, position = await create(client, auth(user), title="first")
    first = await client.get(TASKS, headers={**auth(user), "Tasklog-Min-Position": str(position)})
    hits = models.pages.hits

    again = await client.get(TASKS, headers=auth(user))
    assert again.content == first.content
    assert models.pages.hits == hits + 1

    # Another user's change leaves this user's page alone.
    _, theirs = await create(client, auth(other_user), title="theirs")
    await wait_until_announced(models, theirs)
    assert (await client.get(TASKS, headers=auth(user))).content == first.content
    assert models.pages.hits == hits + 2

    # The owner's own change drops the page the moment the projector announces it: the
    # next plain read (no minimum position) already lists the new task.
    second, mine = await create(client, auth(user), title="second")
    await wait_until_announced(models, mine)
    fresh = await client.get(TASKS, headers=auth(user))
    assert [task["title"] for task in fresh.json()] == ["second", "first"]
    assert fresh.json()[0] == second
    assert int(fresh.headers[POSITION]) >= mine

    answered = await list_lookups(client)
    assert answered["hit"] == 2
    assert answered["miss"] == 2  # the first read, and the read after the change


async def test_a_cached_page_older_than_the_wanted_position_is_not_served(
    client: Client, auth: Auth, user: str
) -> None:
    _, position = await create(client, auth(user), title="first")
    await client.get(TASKS, headers={**auth(user), "Tasklog-Min-Position": str(position)})

    _, later = await create(client, auth(user), title="second")
    response = await client.get(TASKS, headers={**auth(user), "Tasklog-Min-Position": str(later)})

    assert [task["title"] for task in response.json()] == ["second", "first"]
    assert int(response.headers[POSITION]) >= later


async def list_lookups(client: Client) -> dict[str, float]:
    """``tasklog_list_cache_lookups_total`` by result, from the app's /metrics."""
    text = (await client.get("/metrics")).text
    found = {"hit": 0.0, "miss": 0.0}
    for result in found:
        prefix = f'tasklog_list_cache_lookups_total{{result="{result}"}} '
        for line in text.splitlines():
            if line.startswith(prefix):
                found[result] = float(line.removeprefix(prefix))
    return found


async def wait_until_announced(models: Any, position: int) -> None:
    await wait_until_async(
        lambda: models.watch.known("task_list") >= position,
        timeout_s=5,
        interval_s=0.01,
        message=f"task_list never announced {position}",
    )
