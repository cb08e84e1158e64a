"""Property: every list query over the read model equals a brute-force filter of the write model.

Random command sequences for several users go through the TaskApplication; once the
projector has folded them (waited for by tracking position), every filter and every
sort, paged through with cursors of a small limit, must return exactly the tasks a
brute-force filter over the aggregates' states returns, in the same order, with no
duplicate and no gap.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from application.tasks import TaskApplication
from domain.fields import Priority
from domain.task import Task
from infrastructure.settings import Settings
from projections.projector import Projector
from projections.runner.config import RunnerConfig
from projections.task_list.cursor import CursorCodec
from projections.task_list.params import parse_list_query
from projections.task_list.queries import list_tasks, tag_counts
from projections.task_list.rows import search_text, tag_key, title_key
from tests.integration.projection_support import live_tasks, meta, wait_for_position
from tests.service_urls import database_url_of

TODAY = datetime.now(UTC).date()
WORDS = ["Water", "plants", "buy", "Milk", "call", "mom", "fix", "bike", "ß", "Straße"]
TAGS = ["home", "Home", "work", "urgent", "Errand", "errand", "x_y", "50%"]
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo"]


@pytest.fixture
def projector(settings: Settings) -> Iterator[Projector]:
    with Projector.from_settings(settings, RunnerConfig(batch_size=64)) as running:
        yield running


texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
due_dates = st.none() | st.integers(-4, 4).map(lambda d: (TODAY + timedelta(days=d)).isoformat())
fields = st.fixed_dictionaries(
    {},
    optional={
        "title": texts,
        "description": st.none() | texts,
        "priority": st.sampled_from(["low", "Medium", "HIGH"]),
        "tags": st.lists(st.sampled_from(TAGS), max_size=3),
        "due_date": due_dates,
        "timezone": st.sampled_from(ZONES),
        "recurring": st.sampled_from(["daily", "weekly"]),
    },
)
commands = st.lists(
    st.tuples(
        st.sampled_from(["create", "create", "create", "update", "complete", "reopen", "delete"]),
        st.integers(0, 2),  # user
        st.integers(0, 50),  # which of the user's tasks
        fields,
    ),
    min_size=5,
    max_size=30,
)


def run_commands(
    app: TaskApplication, users: list[str], script: list[Any]
) -> tuple[set[UUID], int]:
    owned: dict[str, list[UUID]] = {user: [] for user in users}
    position = 0
    for kind, user_index, pick, given_fields in script:
        user = users[user_index]
        if kind == "create" or not owned[user]:
            body = {"title": "Task", **given_fields}
            if body.get("recurring") and not body.get("due_date"):
                body["due_date"] = TODAY.isoformat()
            result = app.create_task(owner=user, fields=body, meta=meta(user))
            owned[user].append(result.task.id)
            position = max(position, result.position)
            continue
        task_id = owned[user][pick % len(owned[user])]
        try:
            if kind == "update":
                changes = {k: v for k, v in given_fields.items() if k != "recurring"}
                result = app.update_task(task_id, user_id=user, fields=changes, meta=meta(user))
            elif kind == "complete":
                result = app.complete_task(task_id, user_id=user, meta=meta(user))
            elif kind == "reopen":
                result = app.reopen_task(task_id, user_id=user, meta=meta(user))
            else:
                result = app.delete_task(task_id, user_id=user, meta=meta(user))
        except Exception as error:
            if type(error).__name__ not in {"TaskNotFound", "InvalidTaskInput"}:
                raise
            continue
        position = max(position, result.position)
    return {task_id for ids in owned.values() for task_id in ids}, position


# -- the brute force ----------------------------------------------------------------------

INF = datetime.max.replace(tzinfo=UTC)
NEG_INF = datetime.min.replace(tzinfo=UTC)


def brute_force(tasks: list[Task], params: dict[str, list[str]], now: datetime) -> list[UUID]:
    def one(name: str) -> str | None:
        return params[name][-1] if name in params else None

    def keep(task: Task) -> bool:
        due = task.due
        if (value := one("completed")) is not None and task.completed != (value == "true"):
            return False
        status = one("status") or "all"
        if (status == "open" and task.completed) or (status == "completed" and not task.completed):
            return False
        if "priority" in params:
            wanted = {p.lower() for v in params["priority"] for p in v.split(",")}
            if task.priority_name not in wanted:
                return False
        if "tag" in params:
            wanted = {tag_key(t) for v in params["tag"] for t in v.split(",")}
            if not wanted <= {tag_key(t) for t in task.tag_list}:
                return False
        for name, before in (("due_before", True), ("due_after", False)):
            if (value := one(name)) is None:
                continue
            if due is None:
                return False
            if len(value) == 10:
                mine, bound = due.date, date.fromisoformat(value)
            else:
                mine, bound = due.at, datetime.fromisoformat(value.replace("Z", "+00:00"))
            if (mine >= bound) if before else (mine <= bound):
                return False
        if (value := one("overdue")) is not None:
            overdue = not task.completed and due is not None and due.at < now
            if overdue != (value == "true"):
                return False
        if (value := one("q")) is not None:
            text = search_text(task.title, task.description)
            if not all(word in text for word in value.casefold().split()):
                return False
        value = one("series_id")
        return value is None or str(task.series_id) == value

    sort = one("sort") or "-created_at"
    reverse = sort.startswith("-")
    name = {"due_date": "due_at"}.get(sort.lstrip("-"), sort.lstrip("-"))
    natural_desc = name == "priority"
    descending = natural_desc != reverse

    def key(task: Task) -> tuple[Any, UUID]:
        if name == "due_at":
            due = task.due
            missing = NEG_INF if descending else INF
            return (due.at if due else missing, task.id)
        if name == "priority":
            return (Priority(task.priority_name).rank, task.id)
        if name == "title":
            return (title_key(task.title), task.id)
        return (getattr(task, name), task.id)

    chosen = sorted((t for t in tasks if keep(t)), key=key, reverse=descending)
    return [t.id for t in chosen]


def query_variants(users: list[str], tasks: list[Task]) -> list[dict[str, list[str]]]:
    series = next((str(t.series_id) for t in tasks if t.series_id), str(uuid4()))
    filters: list[dict[str, list[str]]] = [
        {},
        {"completed": ["true"]},
        {"completed": ["false"]},
        {"status": ["open"]},
        {"status": ["completed"]},
        {"priority": ["high"]},
        {"priority": ["low,medium"]},
        {"priority": ["low", "high"]},
        {"tag": ["HOME"]},
        {"tag": ["home", "errand"]},
        {"tag": ["50%,x_y"]},
        {"due_before": [(TODAY + timedelta(days=1)).isoformat()]},
        {"due_after": [TODAY.isoformat()]},
        {"due_before": [(datetime.now(UTC) + timedelta(hours=30)).isoformat()]},
        {"due_after": ["2000-01-01T00:00:00Z"], "status": ["open"]},
        {"overdue": ["true"]},
        {"overdue": ["false"]},
        {"q": ["milk"]},
        {"q": ["MOM call"]},
        {"q": ["strasse"]},
        {"series_id": [series]},
    ]
    sorts = [
        "created_at",
        "-created_at",
        "updated_at",
        "-updated_at",
        "due_at",
        "-due_date",
        "priority",
        "-priority",
        "title",
        "-title",
    ]
    variants = [dict(f) for f in filters]
    variants += [{"sort": [s]} for s in sorts]
    variants += [
        {"sort": [s], **f} for s, f in zip(sorts, itertools.cycle(filters[1:]), strict=False)
    ]
    return variants


async def page_through(
    database_url: str, schema: str, owner: str, params: dict[str, list[str]], now: datetime
) -> list[UUID]:
    codec = CursorCodec(b"k" * 32)
    seen: list[UUID] = []
    cursor: str | None = None
    async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as conn:
        for _ in range(100):
            current = {**params, "limit": ["3"], **({"cursor": [cursor]} if cursor else {})}
            page = await list_tasks(
                conn, schema, owner=owner, query=parse_list_query(current), codec=codec, now=now
            )
            docs = json.loads(page.body)
            assert len(docs) <= 3
            seen.extend(UUID(doc["id"]) for doc in docs)
            cursor = page.next_cursor
            if cursor is None:
                return seen
    raise AssertionError("paging did not end")


async def tags_of(database_url: str, schema: str, owner: str) -> list[dict[str, Any]]:
    async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as conn:
        counts: list[dict[str, Any]] = json.loads(
            (await tag_counts(conn, schema, owner=owner)).body
        )
        return counts


@hypothesis_settings(
    max_examples=12,
    phases=[Phase.generate],
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(script=commands)
def test_every_list_query_equals_brute_force(
    projector: Projector, settings: Settings, script: list[Any]
) -> None:
    url, schema = database_url_of(settings), settings.database_schema
    users = [f"user-{uuid4().hex[:8]}" for _ in range(3)]
    ids, position = run_commands(projector.app, users, script)
    wait_for_position(url, schema, "task_list", position)
    live = live_tasks(projector.app, ids)
    now = datetime.now(UTC)
    for user in users:
        mine = [t for t in live.values() if t.owner == user]
        for params in query_variants(users, mine):
            expected = brute_force(mine, params, now)
            got = asyncio.run(page_through(url, schema, user, params, now))
            assert got == expected, params
        expected_tags: dict[str, list[int]] = {}
        for task in mine:
            for tag in task.tag_list:
                counts = expected_tags.setdefault(tag_key(tag), [0, 0])
                counts[0] += 0 if task.completed else 1
                counts[1] += 1
        got_tags = asyncio.run(tags_of(url, schema, user))
        assert [(tag_key(t["tag"]), [t["open"], t["total"]]) for t in got_tags] == sorted(
            expected_tags.items()
        )
