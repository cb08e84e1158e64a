"""A command is answered as it ran, even when its Idempotency-Key claim cannot be settled
because the database connection is lost right then (a failover, a restart).

The connection is lost for real: a trigger on ``idempotency_keys`` makes the backend that
stores the response (or releases the claim) terminate itself, as ``pg_terminate_backend``
from outside would at that moment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import psycopg
import pytest
from psycopg import sql

from infrastructure.eventstore import EVENTS_TABLE
from infrastructure.idempotency import TABLE
from infrastructure.settings import Settings
from tests.api.helpers import TASKS, Auth, Client, assert_problem, create_task, history
from tests.service_urls import database_url_of

LOSE_CONNECTION = "PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL;"
ANOTHER_WRITER_WINS = "RAISE unique_violation USING MESSAGE = 'another writer won';"

Trigger = Callable[[str, str, str], None]


@pytest.fixture
def trigger(client: Client, api_settings: Settings) -> Iterator[Trigger]:
    """``trigger(table, "UPDATE", body)``: each such statement on the schema's ``table``
    runs the PL/pgSQL ``body`` first (the app is up: its tables exist)."""
    schema = api_settings.database_schema
    with psycopg.connect(database_url_of(api_settings), autocommit=True) as connection:

        def install(table: str, event: str, body: str) -> None:
            name = f"before_{event.lower()}_{table}"
            function = sql.Identifier(schema, name)
            connection.execute(
                sql.SQL(
                    "CREATE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {} END $$"
                ).format(function, sql.SQL(body))
            )
            connection.execute(
                sql.SQL(
                    "CREATE TRIGGER {} BEFORE {} ON {} FOR EACH ROW EXECUTE FUNCTION {}()"
                ).format(
                    sql.Identifier(name),
                    sql.SQL(event),
                    sql.Identifier(schema, table),
                    function,
                )
            )

        yield install


def claim_status(api_settings: Settings, user: str, key: str) -> tuple[int | None] | None:
    """The stored status of ``user``'s ``key``: ``(None,)`` while the claim is in progress."""
    with psycopg.connect(database_url_of(api_settings), autocommit=True) as connection:
        row = connection.execute(
            sql.SQL("SELECT status FROM {} WHERE user_id = %s AND key = %s").format(
                sql.Identifier(api_settings.database_schema, TABLE)
            ),
            (user, key),
        ).fetchone()
    return (row[0],) if row else None


async def test_a_create_whose_response_cannot_be_stored_is_answered_201(
    client: Client, auth: Auth, user: str, trigger: Trigger, api_settings: Settings
) -> None:
    trigger(TABLE, "UPDATE", LOSE_CONNECTION)

    answer = await client.post(
        TASKS, json={"title": "Stored?"}, headers=auth(user) | {"Idempotency-Key": "k1"}
    )

    assert answer.status_code == 201, answer.text
    assert answer.json()["title"] == "Stored?"
    assert answer.headers["ETag"] == '"1"'
    events = await history(client, auth(user), answer.json()["id"])
    assert [event["type"] for event in events] == ["TaskCreated"]
    assert claim_status(api_settings, user, "k1") == (None,)


async def test_a_503_whose_claim_cannot_be_released_is_answered_503(
    client: Client, auth: Auth, user: str, trigger: Trigger, api_settings: Settings
) -> None:
    task = await create_task(client, auth(user))
    # Another writer wins every time: the command retries until its deadline, then 503.
    trigger(EVENTS_TABLE, "INSERT", ANOTHER_WRITER_WINS)
    trigger(TABLE, "DELETE", LOSE_CONNECTION)

    answer = await client.patch(
        f"{TASKS}/{task['id']}",
        json={"title": "Contended"},
        headers=auth(user) | {"Idempotency-Key": "k2"},
    )

    assert_problem(answer, 503)
    assert answer.headers["Retry-After"]
    assert claim_status(api_settings, user, "k2") == (None,)
