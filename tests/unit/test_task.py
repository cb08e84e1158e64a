"""The Task aggregate: given past events, when a command runs, expect new events or an error."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from uuid import uuid4

import pytest

from domain.chain import GENESIS, event_data, event_hash
from domain.draft import resolve
from domain.errors import TaskIsDeleted
from domain.task import EventMeta, Task

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
"""The pinned clock of every command here; every date below is written from it."""
SOON = (NOW.date() + timedelta(days=4)).isoformat()
DUE_DAY = NOW.date() + timedelta(days=10)
DUE = DUE_DAY.isoformat()
META = EventMeta(actor="user-1", correlation_id="req-1")


def new_task(**fields: Any) -> Task:
    fields.setdefault("title", "Water the plants")
    task = Task.create(
        task_id=uuid4(), owner="user-1", draft=resolve(None, fields, now=NOW), meta=META, now=NOW
    )
    task.collect_events()
    return task


def change(task: Task, **fields: Any) -> list[str]:
    task.change(resolve(task.draft, fields, now=NOW), meta=META, now=NOW)
    return [type(e).__name__ for e in task.collect_events()]


def test_create_records_one_created_event_with_actor_and_correlation_id() -> None:
    task = Task.create(
        task_id=uuid4(),
        owner="user-1",
        draft=resolve(None, {"title": "t"}, now=NOW),
        meta=META,
        now=NOW,
    )
    (event,) = task.collect_events()
    assert isinstance(event, Task.Created)
    assert (event.actor, event.correlation_id, event.timestamp) == ("user-1", "req-1", NOW)


def test_each_changed_aspect_records_its_own_event() -> None:
    task = new_task()
    events = change(task, title="New", priority="high", tags=["x"], due_date=SOON)
    assert events == ["TitleChanged", "PriorityChanged", "TagsChanged", "DueChanged"]


def test_a_change_to_the_same_values_records_nothing() -> None:
    task = new_task(priority="high", tags=["a", "b"], due_date=SOON)
    assert change(task, title="  Water the plants ", priority="HIGH", tags=["a", " b"]) == []
    assert task.version == 1


def test_complete_then_complete_again_records_once() -> None:
    task = new_task()
    task.complete(meta=META, now=NOW)
    task.complete(meta=META, now=NOW)
    assert [type(e).__name__ for e in task.collect_events()] == ["Completed"]
    assert task.completed_at == NOW


def test_reopen_an_open_task_records_nothing() -> None:
    task = new_task()
    task.reopen(meta=META, now=NOW)
    assert task.collect_events() == []


def test_toggle_flips_completion() -> None:
    task = new_task()
    task.toggle(meta=META, now=NOW)
    task.toggle(meta=META, now=NOW)
    assert [type(e).__name__ for e in task.collect_events()] == ["Completed", "Reopened"]
    assert not task.completed


@pytest.mark.parametrize(
    "command",
    [
        lambda t: t.complete(meta=META, now=NOW),
        lambda t: t.reopen(meta=META, now=NOW),
        lambda t: t.delete(meta=META, now=NOW),
        lambda t: t.change(resolve(t.draft, {"title": "x"}, now=NOW), meta=META, now=NOW),
    ],
)
def test_a_deleted_task_accepts_no_command(command: Any) -> None:
    task = new_task()
    task.delete(meta=META, now=NOW)
    with pytest.raises(TaskIsDeleted):
        command(task)


def test_setting_recurrence_on_an_existing_task_starts_a_new_series() -> None:
    task = new_task()
    assert (task.series_id, task.occurrence) == (None, None)
    change(task, recurring="weekly")
    assert (task.series_id, task.occurrence) == (task.id, 1)
    assert task.due is not None


def test_a_task_created_recurring_is_occurrence_one_of_its_own_series() -> None:
    task = new_task(recurring="daily")
    assert (task.series_id, task.occurrence) == (task.id, 1)


def test_clearing_recurrence_keeps_series_membership() -> None:
    task = new_task(recurring="daily")
    change(task, recurring=None)
    assert task.recurrence is None
    assert task.series_id == task.id


def test_reminder_fires_once_for_its_instant() -> None:
    task = new_task(due_date=DUE, due_time="09:00", reminder_minutes_before=15)
    reminder = task.effective_reminder_at
    assert reminder == datetime.combine(DUE_DAY, time(8, 45), UTC)
    assert task.fire_reminder(reminder, meta=META, now=NOW)
    assert not task.fire_reminder(reminder, meta=META, now=NOW)


def test_reminder_does_not_fire_after_it_moved_or_the_task_was_completed() -> None:
    task = new_task(due_date=DUE, reminder_at=f"{DUE}T08:00:00Z")
    old = task.effective_reminder_at
    assert old is not None
    change(task, reminder_at=f"{DUE}T09:00:00Z")
    assert not task.fire_reminder(old, meta=META, now=NOW)
    task.complete(meta=META, now=NOW)
    assert not task.fire_reminder(old + timedelta(hours=1), meta=META, now=NOW)


def test_events_chain_their_hashes() -> None:
    task = Task.create(
        task_id=uuid4(), owner="u", draft=resolve(None, {"title": "t"}, now=NOW), meta=META, now=NOW
    )
    task.complete(meta=META, now=NOW)
    created, completed = (e for e in task.collect_events() if isinstance(e, Task.Event))
    assert created.prev_hash == GENESIS
    assert completed.prev_hash == created.hash
    for event in (created, completed):
        assert event.hash == event_hash(
            event_type=type(event).__name__,
            task_id=event.originator_id,
            version=event.originator_version,
            timestamp=event.timestamp,
            actor=event.actor,
            data=event_data(event.__dict__),
            prev_hash=event.prev_hash,
        )


def test_the_hash_covers_the_data() -> None:
    task = new_task()
    task.change(resolve(task.draft, {"title": "A"}, now=NOW), meta=META, now=NOW)
    (event,) = (e for e in task.collect_events() if isinstance(e, Task.Event))
    forged = event_hash(
        event_type="TitleChanged",
        task_id=task.id,
        version=event.originator_version,
        timestamp=event.timestamp,
        actor=event.actor,
        data={"title": "B"},
        prev_hash=event.prev_hash,
    )
    assert forged != event.hash


def test_next_occurrence_is_none_until_completed() -> None:
    task = new_task(recurring="daily", due_date=SOON)
    assert task.next_occurrence_due() is None
    task.complete(meta=META, now=NOW)
    nxt = task.next_occurrence_due()
    assert nxt is not None
    assert nxt.date == NOW.date() + timedelta(days=5)  # the day after SOON
