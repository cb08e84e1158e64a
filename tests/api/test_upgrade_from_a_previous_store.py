"""Deploying this code on a store written by the previous code: the blue/green upgrade.

``tests/data/store_before_contract_v2.sql`` is a ``pg_dump --inserts`` of a store that the
previous code wrote through its HTTP API (alice, bob and carol; ``task_list`` built by
revision 3, which stored lower-case priorities and no ``user_id``). Here it is loaded into
the test's schema, the API of this code serves it, and ``tasklog projector`` (this code,
a real process) finds the serving ``task_list`` built by another revision and rebuilds it
beside the old one. Meanwhile every user polls their list: each answer must be the whole
list, old or new, never part of one; once the API process has heard the swap, every
answer is the new rendering (no page the process kept before the swap is served again).

The rebuild of 41 events is over in milliseconds, too quickly to read during it. Before
the projector starts, tasks of another user are written (by this code's application, as
any write after the deploy would be): the rebuild folds them too, while the old version,
which nobody folds any more, keeps serving the three users' lists as they were.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import psycopg
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from psycopg import sql

from api.resources import running_resources
from domain.draft import resolve
from domain.task import EventMeta, Task
from infrastructure.eventstore import build_task_application
from infrastructure.settings import Settings
from projections.notifications.projection import NotificationsProjection
from projections.recurrence.projection import RecurrenceProjection
from projections.reminders.projection import RemindersProjection
from projections.task_list.projection import TaskListProjection
from tests.api.helpers import TASKS, Auth
from tests.integration.projection_support import projection_position, projector_process
from tests.polling import wait_until_async
from tests.service_urls import database_url_of

OTHER_READ_MODELS = (RecurrenceProjection, RemindersProjection, NotificationsProjection)
"""Read models besides ``task_list`` in the previous store, built by their revision 1."""

pytestmark = pytest.mark.slow

DUMP = Path(__file__).parents[1] / "data" / "store_before_contract_v2.sql"
USERS = ("alice", "bob", "carol")
OLD = "old"
NEW = "new"
FILLER_TASKS = 5_000
"""Tasks written after the deploy, before the projector starts: they make the rebuild last
a second or more, so that reads during it can be observed (no setting slows a rebuild)."""


def load_dump(settings: Settings) -> None:
    """Replace the test's empty schema by the dumped store, on a connection of its own."""
    schema = settings.database_schema
    text = DUMP.read_text().replace("__SCHEMA__", schema)
    # psql meta-commands (\restrict, \unrestrict) are not SQL.
    script = "\n".join(line for line in text.splitlines() if not line.startswith("\\"))
    with psycopg.connect(database_url_of(settings), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
        connection.execute(script.encode())


def old_documents(settings: Settings) -> dict[str, dict[str, dict[str, Any]]]:
    """The dumped ``task_list`` documents: owner -> task id -> resource (revision 3)."""
    with psycopg.connect(database_url_of(settings), autocommit=True) as connection:
        rows = connection.execute(
            sql.SQL("SELECT owner, id::text, doc FROM {}").format(
                sql.Identifier(settings.database_schema, "task_list_v1")
            )
        ).fetchall()
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for owner, task_id, doc in rows:
        found.setdefault(owner, {})[task_id] = json.loads(doc)
    return found


def _catalog_query(settings: Settings) -> sql.Composed:
    return sql.SQL("SELECT version, revision, rebuild_version FROM {} WHERE name = %s").format(
        sql.Identifier(settings.database_schema, "projection_catalog")
    )


def catalog_row(settings: Settings, name: str) -> tuple[int, int, int | None]:
    """``(version, revision, rebuild_version)`` of a read model."""
    with psycopg.connect(database_url_of(settings), autocommit=True) as connection:
        row = connection.execute(_catalog_query(settings), (name,)).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), row[2]


async def task_list_catalog(
    connection: psycopg.AsyncConnection[Any], settings: Settings
) -> tuple[int, int, int | None]:
    """``catalog_row`` of ``task_list`` on an open connection (read between two list reads)."""
    cursor = await connection.execute(_catalog_query(settings), ("task_list",))
    row = await cursor.fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), row[2]


def write_filler(settings: Settings, count: int) -> None:
    """``count`` tasks of a user the assertions leave alone, 500 to a transaction."""
    app = build_task_application(database_url_of(settings), settings.database_schema, 1)
    meta = EventMeta("filler", "upgrade-test")
    now = datetime.now(UTC)
    draft = resolve(None, {"title": "filler", "priority": "low"}, now=now)
    try:
        for start in range(0, count, 500):
            batch = [
                Task.create(task_id=uuid4(), owner="filler", draft=draft, meta=meta, now=now)
                for _ in range(start, min(start + 500, count))
            ]
            app.save(*batch)
    finally:
        app.close()


def rendering(answer: list[dict[str, Any]]) -> str:
    """Which code rendered a whole list: every task old, or every task new (else fail)."""
    kinds = {NEW if "user_id" in task else OLD for task in answer}
    assert len(kinds) == 1, f"one answer mixes renderings: {answer}"
    kind = kinds.pop()
    spelled = {task["priority"] for task in answer}
    allowed = {"High", "Medium", "Low"} if kind == NEW else {"high", "medium", "low"}
    assert spelled <= allowed, f"{kind} answer with priorities {spelled}"
    return kind


def new_document(old: dict[str, Any], owner: str) -> dict[str, Any]:
    """What this code renders for a task the old code rendered as ``old``."""
    return {**old, "priority": old["priority"].capitalize(), "user_id": owner}


@dataclass
class Observed:
    """Every list answer of one user, in order, and where the rebuild stood around it."""

    answers: list[tuple[str, bool]] = field(default_factory=list)
    """``(rendering, answered while the catalog said "rebuilding" before and after)``."""
    last: list[dict[str, Any]] = field(default_factory=list)
    catalog: tuple[int, int, int | None] = (0, 0, None)
    """The ``task_list`` catalog row read after the last answer."""


async def poll_lists(
    client: AsyncTestClient[Litestar],
    auth: Auth,
    settings: Settings,
    expected: dict[str, dict[str, dict[str, Any]]],
    done: Callable[[dict[str, Observed]], bool],
    timeout_s: float,
) -> dict[str, Observed]:
    """Read every user's list over and over until ``done``; check each answer is whole."""
    observed = {user: Observed() for user in USERS}
    async with await psycopg.AsyncConnection.connect(
        database_url_of(settings), autocommit=True
    ) as catalog:

        async def read_each() -> bool:
            for user in USERS:
                await read_once(client, auth, settings, catalog, expected, user, observed[user])
            return done(observed)

        await wait_until_async(
            read_each, timeout_s=timeout_s, interval_s=0, message="still not done"
        )
    return observed


async def read_once(
    client: AsyncTestClient[Litestar],
    auth: Auth,
    settings: Settings,
    catalog: psycopg.AsyncConnection[Any],
    expected: dict[str, dict[str, dict[str, Any]]],
    user: str,
    observed: Observed,
) -> None:
    """One list read of ``user``, checked whole, with where the rebuild stood around it."""
    before = await task_list_catalog(catalog, settings)
    response = await client.get(TASKS, headers=auth(user))
    after = await task_list_catalog(catalog, settings)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert sorted(task["id"] for task in answer) == sorted(expected[user]), (
        f"{user} got part of a list"
    )
    during = before[2] is not None and after[2] is not None and after[0] == before[0]
    observed.answers.append((rendering(answer), during))
    observed.last = answer
    observed.catalog = after


def swapped(observed: dict[str, Observed]) -> bool:
    """Whether the rebuilt version serves (as the catalog said after the last read)."""
    return observed[USERS[-1]].catalog[0] > 1


async def announced(client: AsyncTestClient[Litestar], settings: Settings) -> None:
    """Wait until the API process has heard the NOTIFY of the swap."""
    models = running_resources(client.app).read_models
    with psycopg.connect(database_url_of(settings), autocommit=True) as connection:
        position = projection_position(connection, settings.database_schema, "task_list")
    await wait_until_async(
        lambda: models.watch.known("task_list") >= position,
        timeout_s=10,
        interval_s=0.01,
        message="the swap was never announced",
    )


async def test_a_store_of_the_previous_code_is_rebuilt_while_its_old_lists_keep_serving(
    app_factory: Callable[..., Litestar],
    api_settings: Settings,
    auth: Auth,
    tmp_path: Path,
) -> None:
    load_dump(api_settings)
    expected = old_documents(api_settings)
    assert sorted(expected) == list(USERS)
    assert catalog_row(api_settings, "task_list") == (1, 3, None)
    # They keep task states too, stored in another format then: rebuilt as well.
    others = {projection.name: projection.revision for projection in OTHER_READ_MODELS}
    assert {name: catalog_row(api_settings, name) for name in others} == {
        name: (1, 1, None) for name in others
    }
    write_filler(api_settings, FILLER_TASKS)

    async with AsyncTestClient(app_factory()) as client:
        before = await poll_lists(
            client, auth, api_settings, expected, lambda o: len(o["carol"].answers) >= 2, 30
        )
        assert {kind for o in before.values() for kind, _ in o.answers} == {OLD}

        with projector_process(api_settings, tmp_path / "projector.log") as projector:
            observed = await poll_lists(client, auth, api_settings, expected, swapped, 60)
            await announced(client, api_settings)
            # From now on only the new rendering: no page this process kept before the swap
            # may be served.
            after = await poll_lists(
                client, auth, api_settings, expected, lambda o: len(o["carol"].answers) >= 3, 30
            )
            assert projector.poll() is None, (tmp_path / "projector.log").read_text()
            rebuilt = {name: (2, revision, None) for name, revision in others.items()}
            await wait_until_async(
                lambda: {name: catalog_row(api_settings, name) for name in others} == rebuilt,
                timeout_s=30,
                interval_s=0.05,
                message="the other read models were not rebuilt",
            )

    during = [kind for o in observed.values() for kind, inside in o.answers if inside]
    assert len(during) >= 3, "no read fell inside the rebuild"
    assert set(during) == {OLD}
    for user, seen in observed.items():
        kinds = [kind for kind, _ in seen.answers]
        if NEW in kinds:
            first_new = kinds.index(NEW)
            assert set(kinds[first_new:]) == {NEW}, f"{user} was served the old rendering again"
        assert {kind for kind, _ in after[user].answers} == {NEW}
        assert {task["id"]: task for task in after[user].last} == {
            task_id: new_document(doc, user) for task_id, doc in expected[user].items()
        }
    version, revision, rebuilding = catalog_row(api_settings, "task_list")
    assert (version, revision, rebuilding) == (2, TaskListProjection.revision, None)
