"""Following a task's hash chain: each kind of damage is named at the first broken link."""

from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

import pytest

from application.tasks import TaskApplication
from audit.chain import TaskChain, recomputed_hash
from domain.task import EventMeta, Task

ALICE = EventMeta("alice", "req-1")


@pytest.fixture
def events() -> list[Task.Event]:
    """Four chained events of one task, from the application on in-memory storage."""
    app = TaskApplication()
    task = app.create_task(owner="alice", fields={"title": "one"}, meta=ALICE).task
    app.complete_task(task.id, user_id="alice", meta=ALICE)
    app.reopen_task(task.id, user_id="alice", meta=ALICE)
    app.update_task(task.id, user_id="alice", fields={"title": "two"}, meta=ALICE)
    stored: list[Any] = list(app.repository.event_store.get(task.id))
    return stored


def follow(events: list[Any], positions: list[int] | None = None) -> TaskChain:
    chain = TaskChain(events[0].originator_id)
    for n, event in enumerate(events):
        version = getattr(event, "originator_version", n + 1)
        chain.feed(version, positions[n] if positions else 10 * (n + 1), event)
    return chain


def _altered(event: Task.Event, **changes: Any) -> Task.Event:
    forged = copy.copy(event)
    forged.__dict__.update(changes)
    return forged


def test_stored_hashes_are_what_the_content_recomputes(events: list[Task.Event]) -> None:
    assert [recomputed_hash(event) for event in events] == [event.hash for event in events]
    assert follow(events).broken is None


def test_altered_data_breaks_at_that_event(events: list[Task.Event]) -> None:
    events[3] = _altered(events[3], title="forged")
    broken = follow(events).broken
    assert broken is not None
    assert broken.version == 4
    assert "does not match its content" in broken.reason


def test_an_altered_actor_or_time_breaks_too(events: list[Task.Event]) -> None:
    events[1] = _altered(events[1], actor="mallory")
    assert follow(events).broken is not None
    assert follow(events).broken.version == 2  # type: ignore[union-attr]


def test_a_removed_event_is_named_missing(events: list[Task.Event]) -> None:
    del events[1]
    broken = follow(events).broken
    assert broken is not None
    assert broken.version == 2
    assert broken.reason.startswith("version 2 is missing")


def test_a_missing_first_event_is_named(events: list[Task.Event]) -> None:
    broken = follow(events[2:]).broken
    assert broken is not None
    assert broken.version == 1
    assert broken.reason.startswith("versions 1 to 2 are missing")


def test_swapped_contents_break_the_prev_hash_link(events: list[Task.Event]) -> None:
    second, third = events[1], events[2]
    events[1] = _altered(third, originator_version=2)
    events[2] = _altered(second, originator_version=3)
    broken = follow(events).broken
    assert broken is not None
    assert broken.version == 2
    assert "prev_hash" in broken.reason


def test_positions_out_of_version_order_are_named_reordered(events: list[Task.Event]) -> None:
    broken = follow(events, positions=[10, 30, 20, 40]).broken
    assert broken is not None
    assert broken.version == 3
    assert "reordered" in broken.reason


def test_an_undecodable_event_is_named(events: list[Any]) -> None:
    chain = TaskChain(UUID(int=1))
    chain.feed(1, 1, events[0])
    chain.feed(2, 2, ValueError("not json"))
    assert chain.broken is not None
    assert "cannot be decoded" in chain.broken.reason


def test_only_the_first_break_is_kept(events: list[Task.Event]) -> None:
    events[1] = _altered(events[1], actor="mallory")
    events[3] = _altered(events[3], title="forged")
    chain = follow(events)
    assert chain.broken is not None
    assert chain.broken.version == 2
