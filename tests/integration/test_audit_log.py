"""The global event log on real PostgreSQL: owners, filters, pages, streams, damaged events."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from psycopg import sql
from psycopg_pool import AsyncConnectionPool

from application.tasks import TaskApplication
from audit.log import AuditFilter, AuditLog, AuditRecord
from audit.owners import EventTables
from domain.task import EventMeta
from infrastructure.eventstore import EVENTS_TABLE
from infrastructure.settings import Settings
from tests.audit_support import events_table, execute, seed_events
from tests.service_urls import database_url_of


@pytest.fixture
async def audit_log(settings: Settings, app: TaskApplication) -> AsyncIterator[AuditLog]:
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(
        database_url_of(settings), min_size=1, max_size=4, open=False, kwargs={"autocommit": True}
    )
    await pool.open()
    log = AuditLog(
        pool, EventTables(settings.database_schema, EVENTS_TABLE), app.mapper, batch_size=7
    )
    await log.prepare()
    yield log
    await pool.close()


def _meta(user: str) -> EventMeta:
    return EventMeta(user, f"req-{user}")


async def _everything(log: AuditLog, where: AuditFilter | None = None) -> list[AuditRecord]:
    where = where or AuditFilter()
    head = await log.head()
    return [record async for batch in log.stream(where, head) for record in batch]


async def test_every_event_carries_its_tasks_owner_and_entry(
    app: TaskApplication, audit_log: AuditLog
) -> None:
    first = app.create_task(owner="alice", fields={"title": "a"}, meta=_meta("alice")).task
    second = app.create_task(owner="bob", fields={"title": "b"}, meta=_meta("bob")).task
    app.complete_task(first.id, user_id="alice", meta=_meta("alice"))
    records = await _everything(audit_log)
    assert [(r.task_id, r.owner, r.version) for r in records] == [
        (first.id, "alice", 1),
        (second.id, "bob", 1),
        (first.id, "alice", 2),
    ]
    history = app.history(first.id, user_id=None)
    assert [r.entry for r in records if r.task_id == first.id] == history


async def test_positions_increase_and_match_the_store(
    app: TaskApplication, audit_log: AuditLog, settings: Settings
) -> None:
    seed_events(
        app, database_url_of(settings), settings.database_schema, tasks=10, events_per_task=5
    )
    records = await _everything(audit_log)
    positions = [r.position for r in records]
    assert positions == sorted(positions)
    assert len(set(positions)) == 50


async def test_pages_continue_after_the_last_position_without_gaps_or_repeats(
    app: TaskApplication, audit_log: AuditLog, settings: Settings
) -> None:
    seed_events(
        app, database_url_of(settings), settings.database_schema, tasks=9, events_per_task=4
    )
    head = await audit_log.head()
    seen: list[int] = []
    after, more = 0, True
    while more:
        page, more = await audit_log.page(AuditFilter(after=after), 10, head)
        seen += [r.position for r in page]
        after = page[-1].position
    assert seen == [r.position for r in await _everything(audit_log)]
    assert len(seen) == 36


async def test_user_filter_returns_only_that_users_events(
    app: TaskApplication, audit_log: AuditLog, settings: Settings
) -> None:
    seeded = seed_events(
        app,
        database_url_of(settings),
        settings.database_schema,
        tasks=12,
        events_per_task=3,
        owners=("alice", "bob", "carol"),
    )
    records = await _everything(audit_log, AuditFilter(user_id="carol"))
    carols = {t for t, owner in seeded.owners.items() if owner == "carol"}
    assert {r.task_id for r in records} == carols
    assert len(records) == 12
    assert all(r.owner == "carol" for r in records)


async def test_task_filter_returns_that_tasks_events_in_order(
    app: TaskApplication, audit_log: AuditLog
) -> None:
    task = app.create_task(owner="alice", fields={"title": "a"}, meta=_meta("alice")).task
    app.create_task(owner="alice", fields={"title": "other"}, meta=_meta("alice"))
    app.complete_task(task.id, user_id="alice", meta=_meta("alice"))
    app.reopen_task(task.id, user_id="alice", meta=_meta("alice"))
    records = await _everything(audit_log, AuditFilter(task_id=task.id))
    assert [r.version for r in records] == [1, 2, 3]
    assert {r.owner for r in records} == {"alice"}
    other_user = await _everything(audit_log, AuditFilter(user_id="bob", task_id=task.id))
    assert other_user == []


async def test_events_after_the_head_wait_for_the_next_read(
    app: TaskApplication, audit_log: AuditLog
) -> None:
    app.create_task(owner="alice", fields={"title": "a"}, meta=_meta("alice"))
    head = await audit_log.head()
    app.create_task(owner="bob", fields={"title": "late"}, meta=_meta("bob"))
    page, more = await audit_log.page(AuditFilter(), 100, head)
    assert [r.owner for r in page] == ["alice"]
    assert not more
    assert [r.owner for r in await _everything(audit_log)] == ["alice", "bob"]


async def test_a_stream_honours_a_limit(
    app: TaskApplication, audit_log: AuditLog, settings: Settings
) -> None:
    seed_events(
        app, database_url_of(settings), settings.database_schema, tasks=5, events_per_task=5
    )
    head = await audit_log.head()
    records = [r async for batch in audit_log.stream(AuditFilter(after=3), head, 11) for r in batch]
    assert len(records) == 11
    assert records[0].position == 4


async def test_a_damaged_event_keeps_its_place_with_an_error(
    app: TaskApplication, audit_log: AuditLog, settings: Settings
) -> None:
    task = app.create_task(owner="alice", fields={"title": "a"}, meta=_meta("alice")).task
    app.complete_task(task.id, user_id="alice", meta=_meta("alice"))
    execute(
        database_url_of(settings),
        sql.SQL("UPDATE {} SET state = 'not json' WHERE originator_version = 2").format(
            events_table(settings.database_schema)
        ),
    )
    records = await _everything(audit_log)
    assert records[1].entry is None
    assert records[1].error
    assert records[1].owner == "alice"
    assert records[1].version == 2
