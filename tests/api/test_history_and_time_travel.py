"""History (docs/api.md section 5) and time travel (section 4) from the event store."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from infrastructure.settings import Settings
from projections.projector import Projector
from projections.runner.config import RunnerConfig
from tests.api.helpers import TASKS, Auth, Client, assert_problem, create_task, field_names, history
from tests.words import assert_in_words


async def test_history_lists_every_event_in_order_with_its_envelope(
    client: Client, auth: Auth, user: str
) -> None:
    task = await create_task(client, auth(user))
    await client.post(f"{TASKS}/{task['id']}/complete", headers=auth(user))

    events = await history(client, auth(user), task["id"])

    assert [e["type"] for e in events] == ["TaskCreated", "TaskCompleted"]
    assert [e["version"] for e in events] == [1, 2]
    assert events[0]["position"] < events[1]["position"]
    assert events[0]["data"]["title"] == "Water the plants"
    assert events[1]["data"] == {}
    assert events[1]["prev_hash"] == events[0]["hash"]
    for event in events:
        assert event["actor"] == user
        assert event["correlation_id"]
        assert event["at"].endswith("Z")


async def test_history_and_time_travel_spell_priorities_as_the_resource_does(
    client: Client, auth: Auth, user: str
) -> None:
    task = await create_task(client, auth(user), priority="high")
    await client.patch(f"{TASKS}/{task['id']}", json={"priority": "LOW"}, headers=auth(user))

    events = await history(client, auth(user), task["id"])
    then = await client.get(f"{TASKS}/{task['id']}", params={"version": 1}, headers=auth(user))

    assert [e["data"]["priority"] for e in events] == ["High", "Low"]
    assert then.json()["priority"] == "High"
    assert then.json()["user_id"] == user


async def test_history_includes_deleted_tasks(client: Client, auth: Auth, user: str) -> None:
    task = await create_task(client, auth(user))
    await client.delete(f"{TASKS}/{task['id']}", headers=auth(user))

    events = await history(client, auth(user), task["id"])

    assert events[-1]["type"] == "TaskDeleted"


async def test_history_of_another_users_task_is_404(
    client: Client, auth: Auth, user: str, other_user: str
) -> None:
    task = await create_task(client, auth(user))

    response = await client.get(f"{TASKS}/{task['id']}/history", headers=auth(other_user))
    missing = await client.get(f"{TASKS}/{uuid.uuid4()}/history", headers=auth(other_user))

    assert assert_problem(response, 404) == assert_problem(missing, 404)


async def test_an_auditor_reads_any_users_history(
    client: Client, auth: Auth, user: str, other_user: str
) -> None:
    task = await create_task(client, auth(user))

    events = await history(client, auth(other_user, ["auditor"]), task["id"])

    assert events[0]["actor"] == user


async def test_history_without_a_token_is_401(client: Client, auth: Auth, user: str) -> None:
    task = await create_task(client, auth(user))

    response = await client.get(f"{TASKS}/{task['id']}/history")

    assert_problem(response, 401)


async def test_a_task_id_that_is_not_a_uuid_is_404(client: Client, auth: Auth, user: str) -> None:
    response = await client.get(f"{TASKS}/not-a-uuid/history", headers=auth(user))

    assert_problem(response, 404)


async def test_get_without_version_reads_the_current_task_from_the_read_model(
    client: Client, auth: Auth, user: str, api_settings: Settings
) -> None:
    with Projector.from_settings(api_settings, RunnerConfig(batch_size=50)):
        task = await create_task(client, auth(user))
        changed = await client.patch(
            f"{TASKS}/{task['id']}", json={"title": "Now"}, headers=auth(user)
        )
        wait = {"Tasklog-Min-Position": changed.headers["Tasklog-Position"]}

        response = await client.get(f"{TASKS}/{task['id']}", headers=auth(user) | wait)

    assert response.status_code == 200
    assert response.json()["title"] == "Now"
    assert response.headers["ETag"] == '"2"'


async def test_version_rebuilds_the_task_after_that_event(
    client: Client, auth: Auth, user: str
) -> None:
    task = await create_task(client, auth(user))
    await client.patch(f"{TASKS}/{task['id']}", json={"title": "Later"}, headers=auth(user))

    response = await client.get(f"{TASKS}/{task['id']}", params={"version": 1}, headers=auth(user))

    assert response.status_code == 200
    assert response.json()["title"] == "Water the plants"
    assert response.json()["version"] == 1


async def test_as_of_rebuilds_the_task_at_that_instant(
    client: Client, auth: Auth, user: str
) -> None:
    task = await create_task(client, auth(user))
    await asyncio.sleep(0.01)
    between = datetime.now(UTC)
    await asyncio.sleep(0.01)
    await client.patch(f"{TASKS}/{task['id']}", json={"title": "Later"}, headers=auth(user))

    response = await client.get(
        f"{TASKS}/{task['id']}", params={"as_of": between.isoformat()}, headers=auth(user)
    )
    before = await client.get(
        f"{TASKS}/{task['id']}",
        params={"as_of": (between - timedelta(days=1)).isoformat()},
        headers=auth(user),
    )

    assert response.status_code == 200
    assert response.json()["title"] == "Water the plants"
    assert_problem(before, 404)


async def test_time_travel_beyond_the_last_version_is_404(
    client: Client, auth: Auth, user: str
) -> None:
    task = await create_task(client, auth(user))

    response = await client.get(f"{TASKS}/{task['id']}", params={"version": 9}, headers=auth(user))

    assert_problem(response, 404)


async def test_time_travel_on_another_users_task_is_404_but_auditors_may(
    client: Client, auth: Auth, user: str, other_user: str
) -> None:
    task = await create_task(client, auth(user))
    url = f"{TASKS}/{task['id']}"

    stranger = await client.get(url, params={"version": 1}, headers=auth(other_user))
    auditor = await client.get(url, params={"version": 1}, headers=auth(other_user, ["auditor"]))
    plain = await client.get(url, headers=auth(other_user))

    assert_problem(stranger, 404)
    assert auditor.status_code == 200
    assert_problem(plain, 404)


async def test_malformed_time_travel_parameters_are_400(
    client: Client, auth: Auth, user: str
) -> None:
    task = await create_task(client, auth(user))
    url = f"{TASKS}/{task['id']}"

    now = datetime.now(UTC).replace(microsecond=0)
    word = await client.get(url, params={"version": "first"}, headers=auth(user))
    zero = await client.get(url, params={"version": 0}, headers=auth(user))
    naive = await client.get(
        url, params={"as_of": now.replace(tzinfo=None).isoformat()}, headers=auth(user)
    )
    both = await client.get(
        url,
        params={"version": 1, "as_of": now.isoformat().replace("+00:00", "Z")},
        headers=auth(user),
    )

    problems = [assert_problem(answer, 400) for answer in (word, zero, naive, both)]
    assert [field_names(problem) for problem in problems] == [
        {"version"},
        {"version"},
        {"as_of"},
        {"as_of"},
    ]
    assert problems[0]["detail"] == "version must be an integer of at least 1."
    assert_in_words([error["message"] for problem in problems for error in problem["errors"]])


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"as_of": "-5"}, "as_of"),
        ({"as_of": "1700000000"}, "as_of"),
        ({"as_of": datetime.now(UTC).date().isoformat()}, "as_of"),
        ({"as_of": "yesterday"}, "as_of"),
        ({"version": "1.0"}, "version"),
    ],
)
async def test_time_travel_parameters_not_written_as_the_contract_says_are_400(
    client: Client, auth: Auth, user: str, params: dict[str, str], field: str
) -> None:
    task = await create_task(client, auth(user))

    response = await client.get(f"{TASKS}/{task['id']}", params=params, headers=auth(user))

    problem = assert_problem(response, 400)
    assert [error["field"] for error in problem["errors"]] == [field]
    assert problem["errors"][0]["message"].startswith("must be")


async def test_a_deleted_task_is_404_now_but_visible_before_its_deletion(
    client: Client, auth: Auth, user: str
) -> None:
    task = await create_task(client, auth(user))
    await client.delete(f"{TASKS}/{task['id']}", headers=auth(user))
    url = f"{TASKS}/{task['id']}"

    now = await client.get(url, headers=auth(user))
    then = await client.get(url, params={"version": 1}, headers=auth(user))

    assert_problem(now, 404)
    assert then.status_code == 200
