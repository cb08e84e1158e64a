"""A command is answered as it ran, even when its response cannot be stored under its
Idempotency-Key because the database connection is lost right then (a failover, a
restart); and a retry then writes nothing again, as after an API process that died
between the events and storing the response.

The connection is lost for real: a trigger on ``idempotency_keys`` makes the backend that
stores the response terminate itself, as ``pg_terminate_backend`` from outside would at
that moment.
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


def drop_trigger(api_settings: Settings, table: str, event: str) -> None:
    """Remove what ``trigger(table, event, ...)`` installed."""
    name = f"before_{event.lower()}_{table}"
    with psycopg.connect(database_url_of(api_settings), autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP TRIGGER {} ON {}").format(
                sql.Identifier(name), sql.Identifier(api_settings.database_schema, table)
            )
        )


def claim_status(api_settings: Settings, user: str, key: str) -> tuple[int | None] | None:
    """The stored status of ``user``'s ``key``: ``(None,)`` while its response is not
    stored, None when the key is not recorded."""
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


async def test_a_retry_of_a_write_whose_response_was_not_stored_writes_nothing(
    client: Client, auth: Auth, user: str, trigger: Trigger, api_settings: Settings
) -> None:
    # The events commit with the key; the response is lost after them, as when the API
    # process dies between the two.
    task = await create_task(client, auth(user))
    trigger(TABLE, "UPDATE", LOSE_CONNECTION)
    keyed = auth(user) | {"Idempotency-Key": "k3"}
    url = f"{TASKS}/{task['id']}"

    first = await client.patch(url, json={"title": "Once"}, headers=keyed)
    retry = await client.patch(url, json={"title": "Once"}, headers=keyed)

    assert first.status_code == 200, first.text
    assert_problem(retry, 409)
    assert retry.headers["Retry-After"] == "1"
    events = await history(client, auth(user), task["id"])
    assert [event["type"] for event in events] == ["TaskCreated", "TaskTitleChanged"]


async def test_a_503_leaves_the_key_free_for_a_retry(
    client: Client, auth: Auth, user: str, trigger: Trigger, api_settings: Settings
) -> None:
    task = await create_task(client, auth(user))
    # Another writer wins every time: the command retries until its deadline, then 503.
    trigger(EVENTS_TABLE, "INSERT", ANOTHER_WRITER_WINS)
    keyed = auth(user) | {"Idempotency-Key": "k2"}
    url = f"{TASKS}/{task['id']}"

    answer = await client.patch(url, json={"title": "Contended"}, headers=keyed)
    assert_problem(answer, 503)
    assert answer.headers["Retry-After"]
    assert claim_status(api_settings, user, "k2") is None
    drop_trigger(api_settings, EVENTS_TABLE, "INSERT")
    retry = await client.patch(url, json={"title": "Contended"}, headers=keyed)
    replay = await client.patch(url, json={"title": "Contended"}, headers=keyed)

    assert retry.status_code == 200, retry.text
    assert retry.json()["title"] == "Contended"
    assert replay.headers["Idempotency-Replayed"] == "true"
    assert replay.json() == retry.json()
