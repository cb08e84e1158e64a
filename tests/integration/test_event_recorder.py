"""The one-round-trip event insert (infrastructure.eventstore.TasklogApplicationRecorder).

It must store exactly what eventsourcing's own insert stores, under the same table lock
and NOTIFY, so the two can write to one table side by side (a rolling deploy) and every
reader keeps seeing events in commit order.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from uuid import uuid4

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg import sql

from application.tasks import TaskApplication
from domain.task import EventMeta
from infrastructure.database import eventsourcing_env
from infrastructure.eventstore import (
    EVENTS_TABLE,
    PostgresEventPositions,
    TasklogApplicationRecorder,
    build_task_application,
)
from infrastructure.settings import Settings
from tests.service_urls import database_url_of

ALICE = EventMeta("alice", "req-1")


@pytest.fixture
def plain_app(app: TaskApplication, settings: Settings) -> Iterator[TaskApplication]:
    """The same store through eventsourcing's own recorder (what older processes run)."""
    env = eventsourcing_env(database_url_of(settings), settings.database_schema, 2)
    application = TaskApplication(env=env)
    recorder = application.recorder
    assert type(recorder) is PostgresApplicationRecorder
    application._positions = PostgresEventPositions(recorder.datastore, EVENTS_TABLE)
    yield application
    application.close()


def _recorder(app: TaskApplication) -> TasklogApplicationRecorder:
    recorder = app.recorder
    assert isinstance(recorder, TasklogApplicationRecorder)
    return recorder


def _table(settings: Settings) -> sql.Composed:
    return sql.SQL("{}").format(sql.Identifier(settings.database_schema, EVENTS_TABLE))


def test_the_application_inserts_through_the_one_round_trip_recorder(
    app: TaskApplication,
) -> None:
    recorder = _recorder(app)
    events = [StoredEvent(uuid4(), 1, "tests:Topic", b'{"n":1}') for _ in range(3)]
    positions = recorder.insert_events(events)
    assert positions is not None
    assert len(positions) == 3
    assert positions == sorted(positions)
    assert positions[-1] - positions[0] == 2
    for event in events:
        assert list(recorder.select_events(event.originator_id)) == [event]


def test_a_save_of_several_events_returns_the_last_position(app: TaskApplication) -> None:
    result = app.create_task(
        owner="alice", fields={"title": "t", "tags": [], "completed": True}, meta=ALICE
    )
    assert result.task.version == 2
    assert result.position == app.positions.latest(result.task.id)
    assert sorted(app.positions.positions(result.task.id)) == [1, 2]


def test_both_recorders_write_one_table_and_read_each_others_events(
    app: TaskApplication, plain_app: TaskApplication
) -> None:
    mine = app.create_task(owner="alice", fields={"title": "mine", "tags": []}, meta=ALICE)
    theirs = plain_app.create_task(
        owner="alice", fields={"title": "theirs", "tags": []}, meta=ALICE
    )
    assert theirs.position == mine.position + 1
    plain_app.complete_task(mine.task.id, user_id="alice", meta=ALICE)
    app.update_task(theirs.task.id, user_id="alice", fields={"title": "renamed"}, meta=ALICE)
    assert app.get_task(mine.task.id, user_id="alice").completed
    assert plain_app.get_task(theirs.task.id, user_id="alice").title == "renamed"
    # The rows are alike: same topics and state documents, decoded by either mapper.
    for task_id in (mine.task.id, theirs.task.id):
        ours = list(app.recorder.select_events(task_id))
        assert ours == list(plain_app.recorder.select_events(task_id))
        assert [e.originator_version for e in ours] == [1, 2]
    history = app.history(mine.task.id, user_id="alice")
    assert history[-1].hash == app.get_task(mine.task.id, user_id="alice").chain_head


def test_a_conflicting_version_raises_integrity_error_and_stores_nothing(
    app: TaskApplication,
) -> None:
    recorder = _recorder(app)
    taken = StoredEvent(uuid4(), 1, "tests:Topic", b"{}")
    recorder.insert_events([taken])
    fresh = StoredEvent(uuid4(), 1, "tests:Topic", b"{}")
    clash = StoredEvent(taken.originator_id, 1, "tests:Topic", b'{"other":1}')
    with pytest.raises(IntegrityError):
        recorder.insert_events([fresh, clash])
    assert list(recorder.select_events(fresh.originator_id)) == []
    assert list(recorder.select_events(taken.originator_id)) == [taken]


def test_the_insert_waits_for_the_table_lock_like_eventsourcings(
    app: TaskApplication, settings: Settings
) -> None:
    # A plain INSERT's ROW EXCLUSIVE lock does not conflict with another's; the
    # EXCLUSIVE lock eventsourcing takes does, and so must ours.
    recorder = _recorder(app)
    done = threading.Event()

    def insert() -> None:
        recorder.insert_events([StoredEvent(uuid4(), 1, "tests:Topic", b"{}")])
        done.set()

    with psycopg.connect(database_url_of(settings)) as holder:
        holder.execute(sql.SQL("LOCK TABLE {} IN ROW EXCLUSIVE MODE").format(_table(settings)))
        thread = threading.Thread(target=insert)
        thread.start()
        time.sleep(0.5)
        assert not done.is_set()
        holder.commit()
        thread.join(timeout=10)
    assert done.is_set()


def test_the_insert_notifies_the_events_channel(app: TaskApplication, settings: Settings) -> None:
    recorder = _recorder(app)
    with psycopg.connect(database_url_of(settings), autocommit=True) as listener:
        listener.execute(sql.SQL("LISTEN {}").format(sql.Identifier(recorder.channel_name)))
        recorder.insert_events([StoredEvent(uuid4(), 1, "tests:Topic", b"{}")])
        heard = list(listener.notifies(timeout=5, stop_after=1))
    assert [n.channel for n in heard] == [recorder.channel_name]


def test_processes_starting_together_create_the_tables_once(settings: Settings) -> None:
    url, schema = database_url_of(settings), settings.database_schema
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def start() -> None:
        try:
            barrier.wait()
            build_task_application(url, schema, 1).close()
        except BaseException as error:  # re-raised below
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


@pytest.mark.parametrize("desc", [False, True])
@pytest.mark.parametrize("limit", [None, 2])
@pytest.mark.parametrize(("gt", "lte"), [(None, None), (1, None), (None, 4), (1, 4)])
def test_select_events_answers_as_eventsourcings_does(
    app: TaskApplication, gt: int | None, lte: int | None, desc: bool, limit: int | None
) -> None:
    recorder = _recorder(app)
    task_id = uuid4()
    events = [StoredEvent(task_id, v, "tests:Topic", b'{"v":%d}' % v) for v in range(1, 6)]
    recorder.insert_events(events)
    recorder.insert_events([StoredEvent(uuid4(), 1, "tests:Topic", b"{}")])  # another task
    ours = recorder.select_events(task_id, gt=gt, lte=lte, desc=desc, limit=limit)
    theirs = PostgresApplicationRecorder.select_events(
        recorder, task_id, gt=gt, lte=lte, desc=desc, limit=limit
    )
    assert list(ours) == list(theirs)
    assert ours  # every case selects something


def test_positions_of_a_task_and_its_latest(app: TaskApplication) -> None:
    created = app.create_task(owner="alice", fields={"title": "t", "tags": []}, meta=ALICE)
    completed = app.complete_task(created.task.id, user_id="alice", meta=ALICE)
    assert app.positions.positions(created.task.id) == {
        1: created.position,
        2: completed.position,
    }
    assert app.positions.latest(created.task.id) == completed.position
    assert app.positions.latest(uuid4()) == 0
    assert app.positions.positions(uuid4()) == {}


def test_a_command_that_changes_nothing_stores_nothing(
    app: TaskApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    created = app.create_task(owner="alice", fields={"title": "t", "tags": []}, meta=ALICE)
    first = app.complete_task(created.task.id, user_id="alice", meta=ALICE)
    recorder = _recorder(app)

    def no_connection() -> None:
        raise AssertionError("an empty save went to the database")

    monkeypatch.setattr(recorder.datastore, "get_connection", no_connection)
    assert recorder.insert_events([]) is None
    monkeypatch.undo()
    again = app.complete_task(created.task.id, user_id="alice", meta=ALICE)
    assert not again.written
    assert again.position == first.position
    assert again.task.version == 2
