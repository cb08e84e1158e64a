"""``POST /api/v1/audit/verify`` runs a verification in its own process; GET follows it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import anyio
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from psycopg import sql

from infrastructure.settings import Settings
from projections.projector import Projector
from tests.api.helpers import Auth, Client, assert_problem, create_task
from tests.audit_support import events_table, execute
from tests.integration.projection_support import wait_for_position
from tests.polling import wait_until_async
from tests.service_urls import database_url_of

VERIFY = "/api/v1/audit/verify"
AUDITOR = ("auditor",)


@pytest.fixture
def projector(api_settings: Settings) -> Iterator[Projector]:
    with Projector.from_settings(api_settings) as running:
        yield running


@pytest.fixture
async def client(
    app_factory: Callable[..., Litestar], projector: Projector
) -> AsyncIterator[Client]:
    async with AsyncTestClient(app_factory()) as test_client:
        yield test_client


async def _projected_tasks(client: Client, auth: Auth, user: str, settings: Settings) -> list[str]:
    ids = [(await create_task(client, auth(user), title=f"task {n}"))["id"] for n in range(3)]
    history = await client.get(f"/api/v1/tasks/{ids[-1]}/history", headers=auth(user))
    position = history.json()[-1]["position"]
    url = database_url_of(settings)
    await anyio.to_thread.run_sync(
        wait_for_position, url, settings.database_schema, "task_list", position
    )
    return ids


async def _finished(client: Client, auth: Auth, location: str) -> dict[str, Any]:
    async def ended() -> dict[str, Any] | None:
        response = await client.get(location, headers=auth("aud", AUDITOR))
        assert response.status_code == 200, response.text
        run: dict[str, Any] = response.json()
        return run if run["state"] != "running" else None

    return await wait_until_async(
        ended, timeout_s=60, interval_s=0.2, message=f"{location} still running"
    )


async def test_a_run_on_an_intact_store_finishes_ok_with_no_findings(
    client: Client, auth: Auth, user: str, api_settings: Settings
) -> None:
    await _projected_tasks(client, auth, user, api_settings)

    started = await client.post(VERIFY, headers=auth("aud", AUDITOR))

    assert started.status_code == 202, started.text
    assert started.json()["state"] == "running"
    assert started.json()["started_by"] == "aud"
    run = await _finished(client, auth, started.headers["Location"])
    assert run["state"] == "finished", run
    assert run["summary"]["ok"] is True
    assert run["summary"]["tasks"] == 3
    assert (run["events_checked"], run["events_total"]) == (3, 3)
    assert run["findings"] == []
    recent = await client.get(VERIFY, headers=auth("aud", AUDITOR))
    assert [listed["id"] for listed in recent.json()] == [run["id"]]
    assert "findings" not in recent.json()[0]


async def test_a_run_names_a_task_whose_event_was_edited_in_the_database(
    client: Client, auth: Auth, user: str, api_settings: Settings
) -> None:
    ids = await _projected_tasks(client, auth, user, api_settings)
    table = events_table(api_settings.database_schema)
    touched = execute(
        database_url_of(api_settings),
        sql.SQL(
            "UPDATE {} SET state = convert_to(replace(convert_from(state, 'UTF8'), "
            "'task 1', 'task X'), 'UTF8') WHERE originator_id = %s"
        ).format(table),
        (ids[1],),
    )
    assert touched == 1

    started = await client.post(VERIFY, headers=auth("aud", AUDITOR))
    run = await _finished(client, auth, started.headers["Location"])

    assert run["state"] == "finished", run
    assert run["summary"]["ok"] is False
    assert ids[1] in {finding["task_id"] for finding in run["findings"]}
    assert run["findings_count"] == len(run["findings"])


async def test_a_second_start_while_one_runs_is_409_pointing_at_it(
    client: Client, auth: Auth
) -> None:
    first = await client.post(VERIFY, headers=auth("aud", AUDITOR))
    second = await client.post(VERIFY, headers=auth("aud", AUDITOR))

    assert_problem(second, 409)
    assert second.headers["Location"] == first.headers["Location"]
    await _finished(client, auth, first.headers["Location"])


async def test_runs_are_for_auditors_only(client: Client, auth: Auth, user: str) -> None:
    assert_problem(await client.post(VERIFY, headers=auth(user)), 403)
    assert_problem(await client.post(VERIFY, headers=auth("op", ("operator",))), 403)
    assert_problem(await client.get(VERIFY, headers=auth(user)), 403)


async def test_an_unknown_run_is_404(client: Client, auth: Auth) -> None:
    response = await client.get(
        f"{VERIFY}/00000000-0000-0000-0000-000000000000", headers=auth("aud", AUDITOR)
    )
    assert_problem(response, 404)
