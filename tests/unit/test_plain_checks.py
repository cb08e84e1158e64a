"""Replaying and collecting Task events by class gives what eventsourcing's own code gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from eventsourcing.application import ProcessingEvent, project_aggregate
from eventsourcing.domain import Aggregate

from application.plain_checks import TaskProcessingEvent, replay_task
from domain.draft import resolve
from domain.task import EventMeta, Task

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
META = EventMeta("ann", "req-1")


def task_with_history() -> tuple[Task, list[object]]:
    """A task created, changed, completed and reopened, and its four events."""
    task = Task.create(
        task_id=uuid4(),
        owner="ann",
        draft=resolve(None, {"title": "Call mom", "tags": ["home"]}, now=NOW),
        meta=META,
        now=NOW,
    )
    later = NOW + timedelta(minutes=5)
    task.change(resolve(task.draft, {"title": "Call mom and dad"}, now=later), meta=META, now=later)
    task.complete(meta=META, now=later)
    task.reopen(meta=META, now=later + timedelta(minutes=1))
    events: list[object] = list(task.collect_events())
    return task, events


def test_replay_builds_the_task_eventsourcing_builds() -> None:
    _, events = task_with_history()

    ours = replay_task(None, events)
    theirs = project_aggregate(None, events)  # type: ignore[arg-type]

    assert isinstance(ours, Task)
    assert isinstance(theirs, Task)
    assert vars(ours) == vars(theirs)
    assert ours.title == "Call mom and dad"
    assert not ours.completed
    assert ours.version == 4


def test_replay_continues_from_a_given_state() -> None:
    _, events = task_with_history()
    after_two = replay_task(None, events[:2])

    resumed = replay_task(after_two, events[2:])

    assert resumed is not None
    assert vars(resumed) == vars(replay_task(None, events))


def test_a_task_is_collected_as_eventsourcing_collects_it() -> None:
    task, _ = task_with_history()
    task.complete(meta=META, now=NOW + timedelta(hours=1))
    ours = TaskProcessingEvent()
    theirs: ProcessingEvent[UUID] = ProcessingEvent()

    ours.collect_events(task, None, marker="x")
    theirs.collect_events(task, marker="x")  # (ours took the pending events already)

    assert [type(e) for e in ours.events] == [Task.Completed]
    assert ours.aggregates == {task.id: task} == theirs.aggregates
    assert ours.saved_kwargs == {"marker": "x"} == theirs.saved_kwargs


def test_other_aggregates_go_through_eventsourcing() -> None:
    other = Aggregate()
    collected = TaskProcessingEvent()

    collected.collect_events(other)

    assert [type(e) for e in collected.events] == [Aggregate.Created]
    assert collected.aggregates == {other.id: other}
