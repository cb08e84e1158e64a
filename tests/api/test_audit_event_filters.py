"""``GET /api/v1/audit/events`` filters by event type and by time range (since, until)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import quote

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.api.helpers import TASKS, Auth, Client, assert_problem, create_task, field_names

EVENTS = "/api/v1/audit/events"
AUDITOR = ("auditor",)


@pytest.fixture
async def client(app_factory: Callable[..., Litestar]) -> AsyncIterator[Client]:
    async with AsyncTestClient(app_factory()) as test_client:
        yield test_client


async def _log(client: Client, auth: Auth, query: str = "") -> list[dict[str, Any]]:
    response = await client.get(f"{EVENTS}?limit=1000{query}", headers=auth("aud", AUDITOR))
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()
    return items


async def _three_tasks(client: Client, auth: Auth, user: str) -> list[dict[str, Any]]:
    """Three tasks, created one after the other, the first completed; the whole log."""
    first = await create_task(client, auth(user), title="first")
    await client.post(f"{TASKS}/{first['id']}/complete", headers=auth(user))
    await create_task(client, auth(user), title="second")
    await create_task(client, auth(user), title="third")
    return await _log(client, auth)


async def test_type_keeps_only_events_of_the_types_named(
    client: Client, auth: Auth, user: str
) -> None:
    everything = await _three_tasks(client, auth, user)

    completed = await _log(client, auth, "&type=TaskCompleted")
    either = await _log(client, auth, "&type=TaskCompleted,TaskCreated")
    repeated = await _log(client, auth, "&type=TaskCompleted&type=TaskCreated")

    assert [e["type"] for e in completed] == ["TaskCompleted"]
    assert either == repeated == everything
    assert {e["type"] for e in everything} == {"TaskCreated", "TaskCompleted"}


async def test_an_unknown_type_is_400_naming_the_field(client: Client, auth: Auth) -> None:
    response = await client.get(f"{EVENTS}?type=TaskExploded", headers=auth("aud", AUDITOR))

    assert field_names(assert_problem(response, 400)) == {"type"}


async def test_since_and_until_keep_the_events_stamped_inside_the_range(
    client: Client, auth: Auth, user: str
) -> None:
    everything = await _three_tasks(client, auth, user)
    times = [event["at"] for event in everything]
    since, until = quote(times[1]), quote(times[3])

    inside = await _log(client, auth, f"&since={since}&until={until}")
    from_second = await _log(client, auth, f"&since={since}")
    before_last = await _log(client, auth, f"&until={until}")

    assert inside == everything[1:3]
    assert from_second == everything[1:]
    assert before_last == everything[:3]


async def test_a_time_range_pages_with_next_after(client: Client, auth: Auth, user: str) -> None:
    everything = await _three_tasks(client, auth, user)
    since = quote(everything[1]["at"])
    seen: list[dict[str, Any]] = []
    url = f"{EVENTS}?limit=1&since={since}"
    while True:
        response = await client.get(url, headers=auth("aud", AUDITOR))
        assert response.status_code == 200, response.text
        seen += response.json()
        following = response.headers.get("Tasklog-Next-After")
        if following is None:
            break
        url = f"{EVENTS}?limit=1&since={since}&after={following}"

    assert seen == everything[1:]


async def test_filters_apply_to_the_ndjson_stream(client: Client, auth: Auth, user: str) -> None:
    everything = await _three_tasks(client, auth, user)
    since = quote(everything[2]["at"])

    response = await client.get(
        f"{EVENTS}?since={since}&type=TaskCreated",
        headers={**auth("aud", AUDITOR), "Accept": "application/x-ndjson"},
    )

    lines = [json.loads(line) for line in response.text.splitlines()]
    assert lines == everything[2:]


async def test_a_time_without_an_offset_is_400_naming_the_field(client: Client, auth: Auth) -> None:
    response = await client.get(f"{EVENTS}?until=2026-01-01T00:00:00", headers=auth("a", AUDITOR))

    assert field_names(assert_problem(response, 400)) == {"until"}
