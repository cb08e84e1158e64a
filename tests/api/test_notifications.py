"""``GET /api/v1/notifications``: fired reminders of the caller, newest first, through HTTP.

The projector and an arq worker run beside the app, as in ``tasklog dev``: a reminder
set in the past fires through the real job, and the notification appears once the
``notifications`` read model has folded the ``ReminderFired`` event.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from infrastructure.settings import Settings
from projections.projector import Projector
from projections.runner.config import RunnerConfig
from tests.api.helpers import Auth, Client, assert_problem, create_task, history
from tests.integration.jobs_support import running_worker
from tests.polling import wait_until_async
from tests.words import assert_in_words

NOTIFICATIONS = "/api/v1/notifications"


@pytest.fixture
def projector(api_settings: Settings) -> Iterator[Projector]:
    with Projector.from_settings(api_settings, RunnerConfig(batch_size=50)) as running:
        yield running


@pytest.fixture
async def client(
    app_factory: Callable[..., Litestar], api_settings: Settings, projector: Projector
) -> AsyncIterator[Client]:
    app = app_factory()
    async with AsyncTestClient(app) as test_client, running_worker(api_settings):
        yield test_client


async def fired_reminder(
    client: Client, headers: dict[str, str], settings: Settings, title: str
) -> dict[str, Any]:
    """Create a task whose reminder is due and wait until its job fired it.

    The task comes back with ``fired_position``, the position of its ``ReminderFired``
    event, for ``Tasklog-Min-Position``.
    """
    soon = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    task = await create_task(client, headers, title=title, due_date=tomorrow, reminder_at=soon)
    past = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
    moved = await client.patch(
        f"/api/v1/tasks/{task['id']}", json={"reminder_at": past}, headers=headers
    )
    assert moved.status_code == 200, moved.text

    async def fired() -> list[dict[str, Any]]:
        entries = await history(client, headers, task["id"])
        return [e for e in entries if e["type"] == "TaskReminderFired"]

    firings = await wait_until_async(fired, timeout_s=15, message="the reminder never fired")
    return {**task, "fired_position": firings[0]["position"]}


def at_least(headers: dict[str, str], task: dict[str, Any]) -> dict[str, str]:
    """``headers`` plus a ``Tasklog-Min-Position`` that covers ``task``'s fired reminder."""
    return {**headers, "Tasklog-Min-Position": str(task["fired_position"])}


async def test_fired_reminders_are_listed_newest_first(
    client: Client, auth: Auth, user: str, api_settings: Settings
) -> None:
    headers = auth(user)
    first = await fired_reminder(client, headers, api_settings, "Call mom")
    second = await fired_reminder(client, headers, api_settings, "Water the plants")

    response = await client.get(NOTIFICATIONS, headers=at_least(headers, second))

    assert response.status_code == 200, response.text
    listed = response.json()
    assert [n["task_id"] for n in listed] == [second["id"], first["id"]]
    assert [n["title"] for n in listed] == ["Water the plants", "Call mom"]
    assert listed[0]["due_at"] == second["due_at"]
    assert set(listed[0]) == {"id", "task_id", "title", "due_at", "fired_at", "reminder_at"}
    assert int(response.headers["Tasklog-Projection-Position"]) >= second["fired_position"]


async def test_a_waiting_read_has_the_paced_read_model_fold_at_once(
    app_factory: Callable[..., Litestar], api_settings: Settings, auth: Auth, user: str
) -> None:
    # notifications folds at most once a minute here; the read below waits at most 2 s.
    config = RunnerConfig(batch_size=50, fold_intervals={"notifications": 60.0})
    with Projector.from_settings(api_settings, config) as projector:
        app = app_factory()
        async with AsyncTestClient(app) as client, running_worker(api_settings):
            headers = auth(user)
            task = await fired_reminder(client, headers, api_settings, "Paced")

            response = await client.get(NOTIFICATIONS, headers=at_least(headers, task))

            assert response.status_code == 200, response.text
            assert [n["task_id"] for n in response.json()] == [task["id"]]
            assert projector.workers["notifications"].demanded >= 1


async def test_since_and_limit_page_through_them(
    client: Client, auth: Auth, user: str, api_settings: Settings
) -> None:
    headers = auth(user)
    await fired_reminder(client, headers, api_settings, "one")
    last = await fired_reminder(client, headers, api_settings, "two")
    headers = at_least(headers, last)
    newest = (await client.get(NOTIFICATIONS, params={"limit": 1}, headers=headers)).json()
    assert [n["title"] for n in newest] == ["two"]

    oldest_fired = (await client.get(NOTIFICATIONS, headers=headers)).json()[-1]["fired_at"]
    later = await client.get(NOTIFICATIONS, params={"since": oldest_fired}, headers=headers)

    assert [n["title"] for n in later.json()] == ["two"]


async def test_another_users_notifications_are_not_listed(
    client: Client, auth: Auth, user: str, other_user: str, api_settings: Settings
) -> None:
    mine = await fired_reminder(client, auth(user), api_settings, "mine")

    response = await client.get(NOTIFICATIONS, headers=at_least(auth(other_user), mine))

    assert response.status_code == 200
    assert response.json() == []


async def test_a_position_not_reached_in_time_is_503(client: Client, auth: Auth, user: str) -> None:
    response = await client.get(NOTIFICATIONS, params={"min_position": 10**12}, headers=auth(user))

    assert_problem(response, 503)
    assert response.headers["Retry-After"] == "1"


_YESTERDAY = datetime.now(UTC) - timedelta(days=1)
"""Inputs are written from the current day, so no test depends on the day it runs."""


@pytest.mark.parametrize(
    "params",
    [
        {"since": _YESTERDAY.strftime("%Y-%m-%dT%H:%M:%S")},  # no offset
        {"since": "yesterday"},
        {"since": "-5"},
        {"since": "1700000000"},
        {"since": _YESTERDAY.date().isoformat()},  # a date, not an instant
        {"since": ""},
        {"limit": "0"},
        {"limit": "201"},
        {"limit": "1.0"},
    ],
)
async def test_bad_parameters_are_400_naming_them(
    client: Client, auth: Auth, user: str, params: Any
) -> None:
    response = await client.get(NOTIFICATIONS, params=params, headers=auth(user))

    problem = assert_problem(response, 400)
    (field,) = params
    assert [error["field"] for error in problem["errors"]] == [field]
    assert problem["errors"][0]["message"].startswith("must be ")
    assert_in_words([problem["errors"][0]["message"], problem["detail"]])


async def test_since_in_words_says_what_an_instant_looks_like(
    client: Client, auth: Auth, user: str
) -> None:
    response = await client.get(NOTIFICATIONS, params={"since": "-5"}, headers=auth(user))

    problem = assert_problem(response, 400)
    assert problem["errors"] == [
        {
            "field": "since",
            "message": "must be an RFC 3339 date-time with an offset, such as 2026-12-01T09:00:00Z",
        }
    ]


async def test_since_with_an_offset_is_taken(client: Client, auth: Auth, user: str) -> None:
    since = _YESTERDAY.astimezone(timezone(timedelta(hours=1))).isoformat(timespec="seconds")

    response = await client.get(NOTIFICATIONS, params={"since": since}, headers=auth(user))

    assert response.status_code == 200, response.text


async def test_a_token_is_required(client: Client) -> None:
    response = await client.get(NOTIFICATIONS)

    assert_problem(response, 401)
