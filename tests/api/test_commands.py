"""Every command of docs/api.md section 3 against the real database: the shared behaviours."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import psycopg
import pytest
from psycopg import sql

from tests.api.helpers import TASKS, Auth, Client, assert_problem, create_task, field_names, history
from tests.words import assert_in_words


@dataclass(frozen=True)
class Command:
    """A command on an existing task, with a body that succeeds and its expected status."""

    name: str
    method: str
    suffix: str
    body: dict[str, Any] | None
    status: int
    task_fields: dict[str, Any] = field(default_factory=dict)
    events: int = 1

    def url(self, task_id: str) -> str:
        return f"{TASKS}/{task_id}{self.suffix}"


COMMANDS = [
    Command("patch", "PATCH", "", {"title": "Changed"}, 200),
    Command("put", "PUT", "", {"title": "Changed", "completed": True}, 200, events=2),
    Command("complete", "POST", "/complete", None, 200),
    Command("reopen", "POST", "/reopen", None, 200, {"completed": True}),
    Command("toggle", "PATCH", "/complete", None, 200),
    Command("delete", "DELETE", "", None, 204),
]
BODY_COMMANDS = [c for c in COMMANDS if c.body is not None]
IDS = [c.name for c in COMMANDS]


async def send(
    client: Client, command: Command, task_id: str, headers: dict[str, str], body: Any = None
) -> Any:
    payload = command.body if body is None else body
    if payload is None:
        return await client.request(command.method, command.url(task_id), headers=headers)
    return await client.request(command.method, command.url(task_id), headers=headers, json=payload)


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
async def test_command_succeeds_with_etag_and_position(
    client: Client, auth: Auth, user: str, command: Command
) -> None:
    task = await create_task(client, auth(user), **command.task_fields)
    before = await history(client, auth(user), task["id"])

    response = await send(client, command, task["id"], auth(user))

    assert response.status_code == command.status, response.text
    after = await history(client, auth(user), task["id"])
    assert len(after) == len(before) + command.events
    assert response.headers["ETag"] == f'"{after[-1]["version"]}"'
    assert int(response.headers["Tasklog-Position"]) == after[-1]["position"]
    if command.status == 204:
        assert response.content == b""
    else:
        assert response.json()["version"] == after[-1]["version"]
        assert response.json()["id"] == task["id"]


async def test_create_answers_201_with_location(client: Client, auth: Auth, user: str) -> None:
    response = await client.post(
        TASKS,
        json={"title": "  Water  ", "priority": "High", "tags": ["Home", "home", "x"]},
        headers=auth(user),
    )

    assert response.status_code == 201
    task = response.json()
    assert response.headers["Location"] == f"{TASKS}/{task['id']}"
    assert response.headers["ETag"] == '"1"'
    assert int(response.headers["Tasklog-Position"]) >= 1
    assert task["title"] == "Water"
    assert task["priority"] == "High"
    assert task["tags"] == ["Home", "x"]
    assert task["user_id"] == user


async def test_create_accepts_the_recurring_shorthand(
    client: Client, auth: Auth, user: str
) -> None:
    task = await create_task(client, auth(user), recurring="weekly", due_date="2030-01-07")

    assert task["recurring"] == "weekly"
    assert task["recurrence"]["frequency"] == "weekly"
    assert task["recurrence"]["rrule"] == "FREQ=WEEKLY;INTERVAL=1"


async def test_create_lists_every_offending_field(client: Client, auth: Auth, user: str) -> None:
    response = await client.post(
        TASKS,
        json={"title": 5, "colour": "red", "size": 1, "priority": "urgent", "completed": "yes"},
        headers=auth(user),
    )

    problem = assert_problem(response, 400)
    assert field_names(problem) == {"title", "colour", "size", "priority", "completed"}


async def test_create_lists_every_rule_the_domain_refuses(
    client: Client, auth: Auth, user: str
) -> None:
    response = await client.post(
        TASKS,
        json={"title": "   ", "due_time": "09:00", "timezone": "Mars/Olympus", "tags": ["a"] * 1},
        headers=auth(user),
    )

    problem = assert_problem(response, 400)
    assert {"title", "timezone"} <= field_names(problem)


MANY_MISTAKES = {
    "title": "Water the plants",
    "colour": "red",
    "priority": "urgent",
    "tags": 3,
    "due_time": "25:00",
    "recurrence": {"frequency": "hourly", "interval": 0},
    "reminder_minutes_before": 10_081,
    "timezone": "Mars/Olympus",
    "completed": "yes",
}
"""An unknown field, wrong types, bad choices, a bad nested object, values out of range."""


async def stored_events(database_url: str, schema: str) -> int:
    async with await psycopg.AsyncConnection.connect(database_url) as connection:
        table = sql.Identifier(schema, "tasklog_events")
        cursor = await connection.execute(sql.SQL("SELECT count(*) FROM {}").format(table))
        row = await cursor.fetchone()
        assert row is not None
        return int(row[0])


async def test_every_kind_of_mistake_is_listed_in_words_and_nothing_is_written(
    client: Client, auth: Auth, user: str, database_url: str, schema: str
) -> None:
    task = await create_task(client, auth(user))
    before = await stored_events(database_url, schema)

    created = await client.post(TASKS, json=MANY_MISTAKES, headers=auth(user))
    changed = await client.put(f"{TASKS}/{task['id']}", json=MANY_MISTAKES, headers=auth(user))

    for response in (created, changed):
        problem = assert_problem(response, 400)
        messages = {error["field"]: error["message"] for error in problem["errors"]}
        assert messages == {
            "colour": "is not a known field",
            "priority": "must be High, Medium or Low",
            "tags": (
                "must be a list of at most 10 tags, each 1 to 50 characters after trimming"
                " and without control characters"
            ),
            "due_time": "must be a time HH:MM from 00:00 to 23:59",
            "recurrence.frequency": "must be daily, weekly, monthly or yearly",
            "recurrence.interval": "must be an integer from 1 to 365",
            "reminder_minutes_before": "must be an integer from 0 to 10,080",
            "timezone": "must be an IANA time zone name such as Europe/Berlin",
            "completed": "must be true or false",
        }
        assert problem["detail"].startswith(
            "colour is not a known field; priority must be High, Medium or Low; tags must be"
        )
        assert problem["detail"].endswith("; and 4 more (see errors).")
        assert_in_words([*messages.values(), problem["detail"]])
    assert await stored_events(database_url, schema) == before


async def test_a_body_that_is_not_json_is_named_body(client: Client, auth: Auth, user: str) -> None:
    response = await client.post(
        TASKS, content=b'{"title": ', headers=auth(user) | {"Content-Type": "application/json"}
    )

    problem = assert_problem(response, 400)
    assert problem["errors"] == [{"field": "body", "message": "must be a valid JSON document"}]
    assert problem["detail"] == "body must be a valid JSON document."


@pytest.mark.parametrize("method", ["POST", "PATCH", "PUT"])
async def test_an_empty_body_is_named_body(
    client: Client, auth: Auth, user: str, method: str
) -> None:
    task = await create_task(client, auth(user))
    url = TASKS if method == "POST" else f"{TASKS}/{task['id']}"

    response = await client.request(method, url, content=b"", headers=auth(user))

    problem = assert_problem(response, 400)
    assert problem["errors"] == [{"field": "body", "message": "must be a valid JSON document"}]


async def test_create_refuses_a_body_that_is_not_an_object(
    client: Client, auth: Auth, user: str
) -> None:
    response = await client.post(TASKS, content=b"[1, 2]", headers=auth(user))

    problem = assert_problem(response, 400)
    assert field_names(problem) == {"body"}


@pytest.mark.parametrize("command", BODY_COMMANDS, ids=[c.name for c in BODY_COMMANDS])
async def test_command_refuses_a_malformed_body_and_writes_nothing(
    client: Client, auth: Auth, user: str, command: Command
) -> None:
    task = await create_task(client, auth(user))

    response = await send(client, command, task["id"], auth(user), {"title": 5, "colour": "red"})

    problem = assert_problem(response, 400)
    assert field_names(problem) == {"title", "colour"}
    assert len(await history(client, auth(user), task["id"])) == 1


@pytest.mark.parametrize("command", BODY_COMMANDS, ids=[c.name for c in BODY_COMMANDS])
async def test_command_refuses_wrong_types_instead_of_coercing(
    client: Client, auth: Auth, user: str, command: Command
) -> None:
    task = await create_task(client, auth(user))

    response = await send(
        client,
        command,
        task["id"],
        auth(user),
        {"completed": "true", "reminder_minutes_before": "5"},
    )

    problem = assert_problem(response, 400)
    assert field_names(problem) == {"completed", "reminder_minutes_before"}


async def test_create_refuses_a_malformed_idempotency_key(
    client: Client, auth: Auth, user: str
) -> None:
    response = await client.post(
        TASKS, json={"title": "x"}, headers=auth(user) | {"Idempotency-Key": "k" * 201}
    )

    problem = assert_problem(response, 400)
    assert field_names(problem) == {"Idempotency-Key"}


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
async def test_command_refuses_a_malformed_idempotency_key(
    client: Client, auth: Auth, user: str, command: Command
) -> None:
    task = await create_task(client, auth(user), **command.task_fields)
    base = len(await history(client, auth(user), task["id"]))

    response = await send(client, command, task["id"], auth(user) | {"Idempotency-Key": "k" * 201})

    problem = assert_problem(response, 400)
    assert field_names(problem) == {"Idempotency-Key"}
    assert len(await history(client, auth(user), task["id"])) == base


@pytest.mark.parametrize(
    "authorization", [None, "Bearer", "Bearer not-a-jwt", "Basic dXNlcjpwdw=="]
)
async def test_create_without_a_valid_token_is_401(
    client: Client, authorization: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}

    response = await client.post(TASKS, json={"title": "x"}, headers=headers)

    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
async def test_command_without_a_valid_token_is_401_and_writes_nothing(
    client: Client, auth: Auth, user: str, command: Command
) -> None:
    task = await create_task(client, auth(user), **command.task_fields)
    base = len(await history(client, auth(user), task["id"]))

    missing = await send(client, command, task["id"], {})
    garbage = await send(client, command, task["id"], {"Authorization": "Bearer abc.def.ghi"})

    for response in (missing, garbage):
        assert_problem(response, 401)
        assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert len(await history(client, auth(user), task["id"])) == base


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
async def test_command_on_another_users_task_is_404_and_writes_nothing(
    client: Client, auth: Auth, user: str, other_user: str, command: Command
) -> None:
    task = await create_task(client, auth(user), **command.task_fields)
    base = len(await history(client, auth(user), task["id"]))

    response = await send(client, command, task["id"], auth(other_user))
    missing = await send(client, command, str(uuid.uuid4()), auth(other_user))

    problem = assert_problem(response, 404)
    assert problem == assert_problem(missing, 404)
    events = await history(client, auth(user), task["id"])
    assert len(events) == base
    owner_view = await client.get(
        f"{TASKS}/{task['id']}?version={task['version']}", headers=auth(user)
    )
    assert owner_view.json() == task


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
async def test_command_with_a_stale_if_match_is_412_and_writes_nothing(
    client: Client, auth: Auth, user: str, command: Command
) -> None:
    task = await create_task(client, auth(user), **command.task_fields)
    base = len(await history(client, auth(user), task["id"]))

    stale = await send(client, command, task["id"], auth(user) | {"If-Match": '"7"'})
    garbled = await send(client, command, task["id"], auth(user) | {"If-Match": "nonsense"})

    assert_problem(stale, 412)
    assert_problem(garbled, 412)
    assert len(await history(client, auth(user), task["id"])) == base


@pytest.mark.parametrize("if_match", ['"7"', "", "nonsense", '"', "W/", '"1", "2"'])
@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
async def test_if_match_on_a_task_the_caller_cannot_see_is_404_not_412(
    client: Client, auth: Auth, user: str, other_user: str, command: Command, if_match: str
) -> None:
    task = await create_task(client, auth(user), **command.task_fields)
    base = len(await history(client, auth(user), task["id"]))
    condition = {"If-Match": if_match}

    others = await send(client, command, task["id"], auth(other_user) | condition)
    missing = await send(client, command, str(uuid.uuid4()), auth(user) | condition)

    assert_problem(others, 404)
    assert_problem(missing, 404)
    assert len(await history(client, auth(user), task["id"])) == base


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
async def test_a_malformed_if_match_on_the_callers_task_is_412_with_the_etag(
    client: Client, auth: Auth, user: str, command: Command
) -> None:
    task = await create_task(client, auth(user), **command.task_fields)

    response = await send(client, command, task["id"], auth(user) | {"If-Match": ""})

    assert_problem(response, 412)
    assert response.headers["ETag"] == f'"{task["version"]}"'


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
async def test_command_with_a_matching_if_match_succeeds(
    client: Client, auth: Auth, user: str, command: Command
) -> None:
    task = await create_task(client, auth(user), **command.task_fields)
    version = task["version"]

    response = await send(client, command, task["id"], auth(user) | {"If-Match": f'"{version}"'})

    assert response.status_code == command.status, response.text


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
async def test_command_retried_with_its_key_replays_and_writes_once(
    client: Client, auth: Auth, user: str, command: Command
) -> None:
    task = await create_task(client, auth(user), **command.task_fields)
    base = len(await history(client, auth(user), task["id"]))
    key = {"Idempotency-Key": f"key-{uuid.uuid4()}"}

    first = await send(client, command, task["id"], auth(user) | key)
    second = await send(client, command, task["id"], auth(user) | key)

    assert first.status_code == second.status_code == command.status
    assert first.content == second.content
    for header in ("ETag", "Tasklog-Position", "Content-Type"):
        assert first.headers.get(header) == second.headers.get(header)
    assert second.headers["Idempotency-Replayed"] == "true"
    assert len(await history(client, auth(user), task["id"])) == base + command.events


async def test_create_retried_with_its_key_replays_and_creates_once(
    client: Client, auth: Auth, user: str
) -> None:
    key = {"Idempotency-Key": "create-1"}
    body = {"title": "Once"}

    first = await client.post(TASKS, json=body, headers=auth(user) | key)
    second = await client.post(TASKS, json=body, headers=auth(user) | key)

    assert first.status_code == second.status_code == 201
    assert first.content == second.content
    for header in ("ETag", "Tasklog-Position", "Location"):
        assert first.headers[header] == second.headers[header]
    assert len(await history(client, auth(user), first.json()["id"])) == 1


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
async def test_command_key_reused_for_another_request_is_422(
    client: Client, auth: Auth, user: str, command: Command
) -> None:
    task = await create_task(client, auth(user), **command.task_fields)
    other = await create_task(client, auth(user), **command.task_fields)
    other_base = len(await history(client, auth(user), other["id"]))
    key = {"Idempotency-Key": f"key-{uuid.uuid4()}"}

    first = await send(client, command, task["id"], auth(user) | key)
    reused = await send(client, command, other["id"], auth(user) | key)

    assert first.status_code == command.status
    assert_problem(reused, 422)
    assert len(await history(client, auth(user), other["id"])) == other_base


@pytest.mark.parametrize("command", BODY_COMMANDS, ids=[c.name for c in BODY_COMMANDS])
async def test_command_key_reused_with_another_body_is_422(
    client: Client, auth: Auth, user: str, command: Command
) -> None:
    task = await create_task(client, auth(user))
    key = {"Idempotency-Key": f"key-{uuid.uuid4()}"}

    await send(client, command, task["id"], auth(user) | key)
    reused = await send(client, command, task["id"], auth(user) | key, {"title": "Other"})

    assert_problem(reused, 422)
    assert len(await history(client, auth(user), task["id"])) == 1 + command.events


async def test_create_key_reused_with_another_body_is_422(
    client: Client, auth: Auth, user: str
) -> None:
    key = {"Idempotency-Key": "create-2"}

    await client.post(TASKS, json={"title": "First"}, headers=auth(user) | key)
    reused = await client.post(TASKS, json={"title": "Second"}, headers=auth(user) | key)

    assert_problem(reused, 422)


async def test_the_same_key_from_two_users_creates_two_tasks(
    client: Client, auth: Auth, user: str, other_user: str
) -> None:
    key = {"Idempotency-Key": "shared-key"}

    mine = await client.post(TASKS, json={"title": "Mine"}, headers=auth(user) | key)
    theirs = await client.post(TASKS, json={"title": "Theirs"}, headers=auth(other_user) | key)

    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["id"] != theirs.json()["id"]


async def test_a_command_that_changes_nothing_writes_nothing(
    client: Client, auth: Auth, user: str
) -> None:
    task = await create_task(client, auth(user))
    first = await client.post(f"{TASKS}/{task['id']}/complete", headers=auth(user))

    again = await client.post(f"{TASKS}/{task['id']}/complete", headers=auth(user))
    same = await client.patch(
        f"{TASKS}/{task['id']}", json={"title": task["title"]}, headers=auth(user)
    )

    assert again.status_code == same.status_code == 200
    assert again.headers["ETag"] == same.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Tasklog-Position"] == first.headers["Tasklog-Position"]
    assert len(await history(client, auth(user), task["id"])) == 2


async def test_patch_with_null_clears_an_optional_field(
    client: Client, auth: Auth, user: str
) -> None:
    task = await create_task(client, auth(user), description="Balcony first")

    response = await client.patch(
        f"{TASKS}/{task['id']}", json={"description": None}, headers=auth(user)
    )

    assert response.status_code == 200
    assert response.json()["description"] is None


async def test_a_deleted_task_answers_404_to_commands_but_keeps_its_history(
    client: Client, auth: Auth, user: str
) -> None:
    task = await create_task(client, auth(user))
    await client.delete(f"{TASKS}/{task['id']}", headers=auth(user))

    for command in COMMANDS:
        response = await send(client, command, task["id"], auth(user))
        assert_problem(response, 404)
    events = await history(client, auth(user), task["id"])
    assert [e["type"] for e in events] == ["TaskCreated", "TaskDeleted"]


async def test_events_carry_the_actor_and_the_request_id(
    client: Client, auth: Auth, user: str
) -> None:
    response = await client.post(
        TASKS, json={"title": "Traced"}, headers=auth(user) | {"X-Request-ID": "trace-42"}
    )

    assert response.headers["X-Request-ID"] == "trace-42"
    [event] = await history(client, auth(user), response.json()["id"])
    assert event["actor"] == user
    assert event["correlation_id"] == "trace-42"


async def test_an_unusable_request_id_is_replaced(client: Client, auth: Auth, user: str) -> None:
    response = await client.post(
        TASKS, json={"title": "Traced"}, headers=auth(user) | {"X-Request-ID": "x" * 201}
    )

    generated = response.headers["X-Request-ID"]
    assert generated != "x" * 201
    [event] = await history(client, auth(user), response.json()["id"])
    assert event["correlation_id"] == generated


@pytest.mark.parametrize("with_key", [False, True])
async def test_a_body_over_64_kib_is_413(
    client: Client, auth: Auth, user: str, with_key: bool
) -> None:
    headers = auth(user) | ({"Idempotency-Key": "big"} if with_key else {})
    body = b'{"title": "' + b"x" * (65 * 1024) + b'"}'

    response = await client.post(
        TASKS, content=body, headers=headers | {"Content-Type": "application/json"}
    )

    assert_problem(response, 413)
