"""``/api/v1/ops/projections/{name}/dead-letters``: list and retry, operators only."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator

import anyio
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from infrastructure.settings import Settings
from projections.projector import Projector
from projections.runner.config import RunnerConfig
from tests.api.helpers import Auth, Client, assert_problem, create_task
from tests.integration.dead_letter_support import (
    MARKER,
    break_task_list_fold,
    fix_task_list_fold,
)
from tests.integration.projection_support import wait_for_position
from tests.service_urls import database_url_of

LETTERS = "/api/v1/ops/projections/task_list/dead-letters"
OPERATOR = ("operator",)


@pytest.fixture
def projector(api_settings: Settings) -> Iterator[Projector]:
    config = RunnerConfig(backoff_initial_s=0.02, backoff_max_s=0.1, max_attempts=2)
    with Projector.from_settings(api_settings, config) as running:
        yield running


@pytest.fixture
async def client(
    app_factory: Callable[..., Litestar], projector: Projector
) -> AsyncIterator[Client]:
    async with AsyncTestClient(app_factory()) as test_client:
        yield test_client


@pytest.fixture
async def parked(client: Client, auth: Auth, user: str, api_settings: Settings) -> int:
    """The position of a parked event (its fold fails until ``fix_task_list_fold``)."""
    url, schema = database_url_of(api_settings), api_settings.database_schema
    break_task_list_fold(url, schema)
    marked = await create_task(client, auth(user), title=f"{MARKER} pill")
    after = await create_task(client, auth(user), title="after")
    positions = [await _created_at(client, auth(user), task["id"]) for task in (marked, after)]
    await anyio.to_thread.run_sync(wait_for_position, url, schema, "task_list", positions[1])
    return positions[0]


async def _created_at(client: Client, headers: dict[str, str], task_id: str) -> int:
    history = await client.get(f"/api/v1/tasks/{task_id}/history", headers=headers)
    return int(history.json()[0]["position"])


async def test_an_operator_lists_the_parked_event_with_its_error_and_attempts(
    client: Client, auth: Auth, parked: int
) -> None:
    response = await client.get(LETTERS, headers=auth("op", OPERATOR))

    assert response.status_code == 200, response.text
    (letter,) = response.json()
    assert letter["position"] == parked
    assert letter["type"] == "TaskCreated"
    assert letter["attempts"] == 2
    assert "refusing a marked task" in letter["error"]


async def test_a_retry_after_the_fix_folds_the_event_and_empties_the_list(
    client: Client, auth: Auth, user: str, parked: int, api_settings: Settings
) -> None:
    fix_task_list_fold(database_url_of(api_settings), api_settings.database_schema)

    response = await client.post(f"{LETTERS}/{parked}/retry", headers=auth("op", OPERATOR))

    assert response.status_code == 200, response.text
    assert response.json()["outcome"] == "folded"
    assert (await client.get(LETTERS, headers=auth("op", OPERATOR))).json() == []
    again = await client.post(f"{LETTERS}/{parked}/retry", headers=auth("op", OPERATOR))
    assert_problem(again, 404)


async def test_a_retry_that_fails_again_answers_parked_with_one_more_attempt(
    client: Client, auth: Auth, parked: int
) -> None:
    response = await client.post(f"{LETTERS}/{parked}/retry", headers=auth("op", OPERATOR))

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["outcome"], body["attempts"]) == ("parked", 3)


async def test_a_plain_user_gets_403_on_listing_and_retrying(
    client: Client, auth: Auth, user: str, parked: int
) -> None:
    assert_problem(await client.get(LETTERS, headers=auth(user)), 403)
    assert_problem(await client.post(f"{LETTERS}/{parked}/retry", headers=auth(user)), 403)
    assert_problem(
        await client.post(f"{LETTERS}/{parked}/retry", headers=auth("a", ("auditor",))), 403
    )


async def test_an_unknown_read_model_is_404(client: Client, auth: Auth) -> None:
    response = await client.get(
        "/api/v1/ops/projections/nope/dead-letters", headers=auth("op", OPERATOR)
    )
    assert_problem(response, 404)
