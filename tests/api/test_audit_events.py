"""``GET /api/v1/audit/events`` through the app on the real database (docs/api.md section 5)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.api.helpers import TASKS, Auth, Client, assert_problem, create_task, history
from tests.words import assert_in_words

EVENTS = "/api/v1/audit/events"
AUDITOR = ("auditor",)


@pytest.fixture
async def client(app_factory: Callable[..., Litestar]) -> AsyncIterator[Client]:
    async with AsyncTestClient(app_factory()) as test_client:
        yield test_client


async def _two_users_tasks(client: Client, auth: Auth, user: str, other_user: str) -> list[str]:
    """Tasks of two users with a few events each; returns the task ids."""
    mine = await create_task(client, auth(user), title="mine")
    theirs = await create_task(client, auth(other_user), title="theirs")
    await client.post(f"{TASKS}/{mine['id']}/complete", headers=auth(user))
    await client.patch(
        f"{TASKS}/{theirs['id']}", json={"title": "renamed"}, headers=auth(other_user)
    )
    await client.delete(f"{TASKS}/{mine['id']}", headers=auth(user))
    return [mine["id"], theirs["id"]]


async def _all_pages(client: Client, headers: dict[str, str], query: str = "") -> list[Any]:
    items: list[Any] = []
    url = f"{EVENTS}?limit=2{query}"
    while True:
        response = await client.get(url, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page) <= 2
        items += page
        if "Tasklog-Next-After" not in response.headers:
            return items
        assert int(response.headers["Tasklog-Next-After"]) == page[-1]["position"]
        assert response.headers["Link"].endswith('rel="next"')
        url = f"{EVENTS}?limit=2{query}&after={response.headers['Tasklog-Next-After']}"


async def test_an_auditor_pages_through_the_whole_log_in_position_order(
    client: Client, auth: Auth, user: str, other_user: str
) -> None:
    task_ids = await _two_users_tasks(client, auth, user, other_user)
    items = await _all_pages(client, auth("auditor-1", AUDITOR))
    assert len(items) == 5
    assert [item["position"] for item in items] == sorted(item["position"] for item in items)
    for task_id, owner in zip(task_ids, (user, other_user), strict=True):
        expected = await history(client, auth(owner), task_id)
        found = [item for item in items if item["task_id"] == task_id]
        assert {item["owner"] for item in found} == {owner}
        assert [
            {k: v for k, v in item.items() if k not in ("task_id", "owner")} for item in found
        ] == expected


async def test_items_carry_the_history_shape_and_the_hash_chain(
    client: Client, auth: Auth, user: str
) -> None:
    task = await create_task(client, auth(user))
    await client.post(f"{TASKS}/{task['id']}/complete", headers=auth(user))
    response = await client.get(f"{EVENTS}?task_id={task['id']}", headers=auth("a", AUDITOR))
    created, completed = response.json()
    assert set(created) == {
        "position",
        "version",
        "type",
        "at",
        "actor",
        "correlation_id",
        "data",
        "hash",
        "prev_hash",
        "task_id",
        "owner",
    }
    assert created["type"] == "TaskCreated"
    assert created["data"]["title"] == "Water the plants"
    assert created["actor"] == user
    assert created["prev_hash"] == "0" * 64
    assert completed["prev_hash"] == created["hash"]
    assert completed["at"].endswith("Z")


async def test_items_spell_priorities_as_the_resource_does_in_json_and_ndjson(
    client: Client, auth: Auth, user: str
) -> None:
    task = await create_task(client, auth(user), priority="medium")
    await client.patch(f"{TASKS}/{task['id']}", json={"priority": "high"}, headers=auth(user))
    url = f"{EVENTS}?task_id={task['id']}"
    pages = await client.get(url, headers=auth("a", AUDITOR))
    stream = await client.get(url, headers={**auth("a", AUDITOR), "Accept": "application/x-ndjson"})
    lines = [json.loads(line) for line in stream.text.splitlines()]
    assert [item["data"]["priority"] for item in pages.json()] == ["Medium", "High"]
    assert [item["data"]["priority"] for item in lines] == ["Medium", "High"]


async def test_a_plain_user_gets_403(client: Client, auth: Auth, user: str) -> None:
    await create_task(client, auth(user))
    assert_problem(await client.get(EVENTS, headers=auth(user)), 403)
    ndjson = {**auth(user), "Accept": "application/x-ndjson"}
    assert_problem(await client.get(EVENTS, headers=ndjson), 403)
    assert_problem(await client.get(EVENTS, headers=auth(user, ("operator",))), 403)


async def test_no_token_gets_401(client: Client) -> None:
    response = await client.get(EVENTS)
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
        ("limit=ten", "limit"),
        ("after=-1", "after"),
        ("after=x", "after"),
        ("task_id=not-a-uuid", "task_id"),
        ("user_id=", "user_id"),
        ("user_id=a%00b", "user_id"),
        ("user_id=" + "u" * 256, "user_id"),
        ("after=9223372036854775808", "after"),
        ("limit=1.0", "limit"),
        ("limit=1e2", "limit"),
        ("after=0.0", "after"),
    ],
)
async def test_invalid_parameters_are_400_naming_the_field(
    client: Client, auth: Auth, query: str, field: str
) -> None:
    problem = assert_problem(await client.get(f"{EVENTS}?{query}", headers=auth("a", AUDITOR)), 400)
    messages = {error["field"]: error["message"] for error in problem.get("errors") or []}
    assert messages[field].startswith("must be "), problem
    assert_in_words([*messages.values(), problem["detail"]])


async def test_the_largest_position_is_accepted(client: Client, auth: Auth) -> None:
    response = await client.get(f"{EVENTS}?after=9223372036854775807", headers=auth("a", AUDITOR))
    assert response.status_code == 200
    assert response.json() == []


async def test_limit_defaults_to_100_and_goes_up_to_1000(
    client: Client, auth: Auth, user: str
) -> None:
    task = await create_task(client, auth(user))
    for n in range(110):
        await client.patch(f"{TASKS}/{task['id']}", json={"title": f"t{n}"}, headers=auth(user))
    response = await client.get(EVENTS, headers=auth("a", AUDITOR))
    assert len(response.json()) == 100
    assert response.headers["Tasklog-Next-After"] == str(response.json()[-1]["position"])
    response = await client.get(f"{EVENTS}?limit=1000", headers=auth("a", AUDITOR))
    assert len(response.json()) == 111
    assert "Tasklog-Next-After" not in response.headers


async def test_filters_by_user_and_by_task(
    client: Client, auth: Auth, user: str, other_user: str
) -> None:
    mine, theirs = await _two_users_tasks(client, auth, user, other_user)
    headers = auth("a", AUDITOR)
    by_user = await _all_pages(client, headers, f"&user_id={other_user}")
    assert {(i["task_id"], i["owner"]) for i in by_user} == {(theirs, other_user)}
    assert len(by_user) == 2
    by_task = await _all_pages(client, headers, f"&task_id={mine}")
    assert [i["type"] for i in by_task] == ["TaskCreated", "TaskCompleted", "TaskDeleted"]
    both = await _all_pages(client, headers, f"&task_id={mine}&user_id={other_user}")
    assert both == []


async def test_after_skips_what_was_seen(
    client: Client, auth: Auth, user: str, other_user: str
) -> None:
    await _two_users_tasks(client, auth, user, other_user)
    everything = await _all_pages(client, auth("a", AUDITOR))
    response = await client.get(
        f"{EVENTS}?after={everything[2]['position']}", headers=auth("a", AUDITOR)
    )
    assert response.json() == everything[3:]


async def test_ndjson_streams_the_whole_log(
    client: Client, auth: Auth, user: str, other_user: str
) -> None:
    await _two_users_tasks(client, auth, user, other_user)
    for n in range(5):
        await create_task(client, auth(user), title=f"more {n}")
    pages = await _all_pages(client, auth("a", AUDITOR))
    response = await client.get(
        EVENTS, headers={**auth("a", AUDITOR), "Accept": "application/x-ndjson"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    assert response.text.endswith("\n")
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert lines == pages
    assert int(response.headers["Tasklog-Head"]) == pages[-1]["position"]


async def test_ndjson_honours_filters(
    client: Client, auth: Auth, user: str, other_user: str
) -> None:
    _, theirs = await _two_users_tasks(client, auth, user, other_user)
    response = await client.get(
        f"{EVENTS}?user_id={other_user}",
        headers={**auth("a", AUDITOR), "Accept": "application/x-ndjson"},
    )
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert [line["task_id"] for line in lines] == [theirs, theirs]
