"""Recurrence through the HTTP API: completing an occurrence makes the next one appear.

The projector and an arq worker run beside the app (as in ``tasklog dev``): a completion
is folded into the ``recurrence`` view, the worker's fast path enqueues the spawn, the job
writes the next occurrence, and it shows in ``GET /api/v1/tasks?series_id=...``.
"""

from __future__ import annotations

import calendar
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from psycopg import sql

from infrastructure.settings import Settings
from projections.projector import Projector
from projections.runner.config import RunnerConfig
from tests.api.helpers import Auth, Client, create_task, history
from tests.integration.jobs_support import running_worker, wait_for_position
from tests.polling import wait_until_async
from tests.service_urls import database_url_of

TASKS = "/api/v1/tasks"
SPAWN_WITHIN_S = 10.0


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


@pytest.fixture
def headers(auth: Auth, user: str) -> dict[str, str]:
    return auth(user)


async def series(client: Client, headers: dict[str, str], series_id: str) -> list[dict[str, Any]]:
    """Every live occurrence of a series, by number."""
    response = await client.get(TASKS, params={"series_id": series_id}, headers=headers)
    assert response.status_code == 200, response.text
    return sorted(response.json(), key=lambda task: task["occurrence"])


async def complete(client: Client, headers: dict[str, str], task: dict[str, Any]) -> int:
    """Complete an occurrence; the position of the completion."""
    response = await client.post(f"{TASKS}/{task['id']}/complete", headers=headers)
    assert response.status_code == 200, response.text
    return int(response.headers["Tasklog-Position"])


async def next_occurrence(
    client: Client, headers: dict[str, str], task: dict[str, Any]
) -> dict[str, Any]:
    """Complete ``task`` and wait until its next occurrence is listed; return it."""
    await complete(client, headers, task)
    wanted = task["occurrence"] + 1

    async def listed() -> list[dict[str, Any]]:
        return [
            t for t in await series(client, headers, task["series_id"]) if t["occurrence"] == wanted
        ]

    found: list[dict[str, Any]] = await wait_until_async(
        listed, timeout_s=SPAWN_WITHIN_S, message=f"occurrence {wanted} was never listed"
    )
    return found[0]


async def due_dates(
    client: Client, headers: dict[str, str], first: dict[str, Any], count: int
) -> list[str]:
    """The due dates of ``first`` and the ``count`` occurrences after it, completing each."""
    dates = [first["due_date"]]
    task = first
    for _ in range(count):
        task = await next_occurrence(client, headers, task)
        dates.append(task["due_date"])
    return dates


def owes_nothing(settings: Settings, position: int, task_id: str) -> bool:
    """Whether the ``recurrence`` view, at ``position``, owes ``task_id`` no next occurrence."""
    url = database_url_of(settings)
    schema = settings.database_schema
    wait_for_position(url, schema, "recurrence", position)
    with psycopg.connect(url) as connection:
        row = connection.execute(
            sql.SQL("SELECT count(*) FROM {} WHERE task_id = %s").format(
                sql.Identifier(schema, "recurrence")
            ),
            (task_id,),
        ).fetchone()
    return row is not None and row[0] == 0


async def test_daily(client: Client, headers: dict[str, str]) -> None:
    first = await create_task(client, headers, due_date="2030-01-10", recurring="daily")

    assert await due_dates(client, headers, first, 2) == ["2030-01-10", "2030-01-11", "2030-01-12"]


async def test_weekly_on_chosen_weekdays(client: Client, headers: dict[str, str]) -> None:
    rule = {"frequency": "weekly", "by_weekday": ["MO", "WE", "FR"]}
    first = await create_task(client, headers, due_date="2030-01-07", recurrence=rule)

    assert await due_dates(client, headers, first, 3) == [
        "2030-01-07",
        "2030-01-09",
        "2030-01-11",
        "2030-01-14",
    ]


async def test_monthly_on_the_31st_skips_shorter_months(
    client: Client, headers: dict[str, str]
) -> None:
    rule = {"frequency": "monthly", "by_month_day": [31]}
    first = await create_task(client, headers, due_date="2030-01-31", recurrence=rule)

    assert await due_dates(client, headers, first, 2) == ["2030-01-31", "2030-03-31", "2030-05-31"]


async def test_monthly_on_the_last_day(client: Client, headers: dict[str, str]) -> None:
    rule = {"frequency": "monthly", "by_month_day": [-1]}
    first = await create_task(client, headers, due_date="2030-01-31", recurrence=rule)

    assert await due_dates(client, headers, first, 2) == ["2030-01-31", "2030-02-28", "2030-03-31"]


def leap_year_after(year: int) -> int:
    """The first leap year after ``year``."""
    year += 1
    while not calendar.isleap(year):
        year += 1
    return year


async def test_yearly_on_29_february(client: Client, headers: dict[str, str]) -> None:
    # Years from now, so the series never starts in the past whatever day the test runs.
    first_year = leap_year_after(datetime.now(UTC).year + 2)
    next_year = leap_year_after(first_year)
    first = await create_task(client, headers, due_date=f"{first_year}-02-29", recurring="yearly")

    assert await due_dates(client, headers, first, 1) == [
        f"{first_year}-02-29",
        f"{next_year}-02-29",
    ]


async def test_interval(client: Client, headers: dict[str, str]) -> None:
    rule = {"frequency": "daily", "interval": 3}
    first = await create_task(client, headers, due_date="2030-01-10", recurrence=rule)

    assert await due_dates(client, headers, first, 2) == ["2030-01-10", "2030-01-13", "2030-01-16"]


async def test_count_ends_the_series(
    client: Client, headers: dict[str, str], api_settings: Settings
) -> None:
    rule = {"frequency": "daily", "count": 2}
    first = await create_task(client, headers, due_date="2030-01-10", recurrence=rule)
    second = await next_occurrence(client, headers, first)

    position = await complete(client, headers, second)

    assert owes_nothing(api_settings, position, second["id"])
    assert [t["due_date"] for t in await series(client, headers, first["id"])] == [
        "2030-01-10",
        "2030-01-11",
    ]


async def test_until_ends_the_series(
    client: Client, headers: dict[str, str], api_settings: Settings
) -> None:
    rule = {"frequency": "daily", "until": "2030-01-11"}
    first = await create_task(client, headers, due_date="2030-01-10", recurrence=rule)
    second = await next_occurrence(client, headers, first)

    position = await complete(client, headers, second)

    assert second["due_date"] == "2030-01-11"
    assert owes_nothing(api_settings, position, second["id"])
    assert len(await series(client, headers, first["id"])) == 2


async def test_completion_mode_counts_from_the_completion(
    client: Client, headers: dict[str, str]
) -> None:
    rule = {"frequency": "daily", "interval": 2, "mode": "completion"}
    first = await create_task(
        client,
        headers,
        due_date="2030-01-10",
        due_time="18:30",
        timezone="America/New_York",
        recurrence=rule,
    )

    second = await next_occurrence(client, headers, first)

    done = next(t for t in await series(client, headers, first["id"]) if t["occurrence"] == 1)
    completed_at = datetime.fromisoformat(done["completed_at"])
    local_day = completed_at.astimezone(ZoneInfo("America/New_York")).date()
    assert second["due_date"] == (local_day + timedelta(days=2)).isoformat()
    assert second["due_time"] == "18:30"


async def test_weekly_0900_berlin_stays_0900_across_the_october_change(
    client: Client, headers: dict[str, str]
) -> None:
    first = await create_task(
        client,
        headers,
        due_date="2030-10-21",
        due_time="09:00",
        timezone="Europe/Berlin",
        recurring="weekly",
    )

    second = await next_occurrence(client, headers, first)

    assert (first["due_at"], first["due_time"]) == ("2030-10-21T07:00:00Z", "09:00")
    assert (second["due_date"], second["due_time"]) == ("2030-10-28", "09:00")
    assert second["due_at"] == "2030-10-28T08:00:00Z"


async def test_the_next_occurrence_carries_the_task_forward(
    client: Client, headers: dict[str, str]
) -> None:
    # Weeks ahead: a reminder in the past is refused on create.
    due = datetime.now(UTC).date() + timedelta(weeks=3)
    berlin = ZoneInfo("Europe/Berlin")
    next_due = datetime.combine(due + timedelta(weeks=1), time(9, 0), berlin)
    next_reminder = (next_due - timedelta(minutes=15)).astimezone(UTC)
    first = await create_task(
        client,
        headers,
        title="Water the plants",
        description="Balcony first",
        priority="high",
        tags=["home", "weekly"],
        due_date=due.isoformat(),
        due_time="09:00",
        timezone="Europe/Berlin",
        recurring="weekly",
        reminder_minutes_before=15,
    )

    second = await next_occurrence(client, headers, first)

    kept = ("title", "description", "priority", "tags", "timezone", "recurrence", "due_time")
    assert {key: second[key] for key in kept} == {key: first[key] for key in kept}
    assert (second["series_id"], second["occurrence"]) == (first["id"], 2)
    assert second["reminder_minutes_before"] == 15
    assert second["reminder_at"] == next_reminder.strftime("%Y-%m-%dT%H:%M:%SZ")
    [created] = await history(client, headers, second["id"])
    assert created["actor"] == "system:recurrence"


async def test_reopening_keeps_the_next_occurrence(client: Client, headers: dict[str, str]) -> None:
    first = await create_task(client, headers, due_date="2030-01-10", recurring="daily")
    second = await next_occurrence(client, headers, first)

    reopened = await client.post(f"{TASKS}/{first['id']}/reopen", headers=headers)

    assert reopened.status_code == 200
    listed = await series(client, headers, first["id"])
    assert [t["id"] for t in listed] == [first["id"], second["id"]]
