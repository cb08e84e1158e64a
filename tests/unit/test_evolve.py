"""The one fold loop: a batch of task events applied with the domain's own ``mutate``."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest

from domain.draft import resolve
from domain.task import EventMeta, Task
from projections.fold import FoldError, PositionedEvent
from projections.task_states import evolve

_NOW = datetime(2030, 3, 1, 9, 30, tzinfo=UTC)
_META = EventMeta("ann", "req")


def _history(task_id: UUID) -> list[PositionedEvent]:
    task = Task.create(
        task_id=task_id,
        owner="ann",
        draft=resolve(None, {"title": "Water"}, now=_NOW),
        meta=_META,
        now=_NOW,
    )
    task.complete(meta=_META, now=_NOW)
    return [
        PositionedEvent(event, position) for position, event in enumerate(task.collect_events(), 1)
    ]


def test_a_batch_creates_and_changes_its_tasks_and_says_what_it_touched() -> None:
    first, second = _history(UUID(int=1)), _history(UUID(int=2))
    known: dict[UUID, Task] = {}
    other_aggregate = PositionedEvent(object(), 3)
    folded = evolve(known, [first[0], second[0], first[1], other_aggregate])
    assert list(folded.tasks) == [UUID(int=1), UUID(int=2)]
    assert folded.created == [UUID(int=1), UUID(int=2)]
    assert folded.positions == {UUID(int=1): 2, UUID(int=2): 1}
    assert known[UUID(int=1)].completed
    assert not known[UUID(int=2)].completed


def test_an_event_for_a_task_never_created_does_not_fit() -> None:
    with pytest.raises(FoldError, match="unknown or deleted task"):
        evolve({}, _history(UUID(int=1))[1:])


def test_a_task_created_twice_does_not_fit() -> None:
    created = _history(UUID(int=1))[0]
    with pytest.raises(FoldError, match="created twice"):
        evolve({}, [created, created])
