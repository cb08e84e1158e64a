"""The pieces a rebuild and a verification run for every task: rows, states, decoding.

Each fast path is checked against the plain definition it replaces, on generated input.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.persistence import JSONTranscoder, StoredEvent, TranscodingNotRegisteredError
from hypothesis import given, settings
from hypothesis import strategies as st

from application.tasks import TaskApplication
from domain.chain import _canonical, canonical_json
from domain.due import stored_due
from domain.task import EventMeta, Task
from projections.decoding import FastJSONTranscoder, fast_mapper
from projections.task_list.rows import owner_trigram_keys, task_row, trigrams
from projections.task_list.state import dump_state, load_state

META = EventMeta("ann", "test")


def brute_trigrams(text: str) -> set[str]:
    """Every three-character run of ``text`` with no whitespace in it."""
    return {
        text[start : start + 3]
        for start in range(len(text) - 2)
        if not any(character.isspace() for character in text[start : start + 3])
    }


WHITESPACE_AND_MORE = st.text(
    alphabet=st.sampled_from(list(" \t\n\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2028\u3000abcXÉ日本ß")),
    max_size=30,
)


@given(st.one_of(WHITESPACE_AND_MORE, st.text(max_size=30)))
def test_trigrams_are_every_run_of_three_without_whitespace(text: str) -> None:
    assert trigrams(text) == brute_trigrams(text)


@given(st.text(min_size=1, max_size=10), st.sets(st.text(min_size=3, max_size=3), max_size=20))
def test_owner_trigram_keys_are_sorted_and_prefixed(owner: str, grams: set[str]) -> None:
    keys = owner_trigram_keys(owner, grams)
    assert keys == sorted(keys)
    assert len(keys) == len(grams)


def _app() -> TaskApplication:
    return TaskApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def test_a_state_dumped_and_loaded_renders_the_same_row() -> None:
    app = _app()
    now = datetime.now(UTC)
    created = app.create_task(
        owner="ann",
        fields={
            "title": "Water the plants",
            "description": "all of them",
            "tags": ["Home", "x"],
            "due_date": (now + timedelta(days=3)).date().isoformat(),
            "due_time": "09:30",
            "timezone": "Europe/Berlin",
            "recurrence": {"frequency": "weekly", "by_weekday": ["MO"]},
            "reminder_minutes_before": 15,
        },
        meta=META,
    )
    task_id = created.task.id
    app.complete_task(task_id, user_id="ann", meta=META)
    task = app.get_task(task_id, user_id="ann")
    text = dump_state(task)
    assert load_state(text).__dict__ == {**task.__dict__, "_pending_events": []}
    assert task_row(load_state(text)) == task_row(task)
    # eventsourcing's snapshot in its JSON transcoding, without the snapshot's timestamp:
    # the application's own transcoder reads it back.
    data = _app().mapper.transcoder.decode(text.encode())
    assert set(data) == {"id", "version", "state"}
    assert data["id"] == task_id
    assert data["version"] == task.version
    assert data["state"]["created_at"] == task.created_at
    assert data["state"]["created_at"].tzinfo is UTC
    assert "_pending_events" not in data["state"]
    assert dump_state(load_state(text)) == text


def test_a_state_of_an_older_task_class_version_is_upcast(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    task = _app().create_task(owner="ann", fields={"title": "t"}, meta=META).task
    text = dump_state(task)

    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["title"] = state["title"].upper()

    monkeypatch.setattr(Task, "class_version", 2, raising=False)
    monkeypatch.setattr(Task, "upcast_v1_v2", staticmethod(upcast_v1_v2), raising=False)

    assert load_state(text).title == "T"


def test_equal_instants_in_other_offsets_keep_their_own_text() -> None:
    app = _app()
    task = app.create_task(owner="ann", fields={"title": "t"}, meta=META).task
    at = datetime(2030, 1, 1, 12, tzinfo=UTC)
    task.reminder_at = at
    task.last_reminder_fired = at.astimezone(timezone(timedelta(hours=2)))
    state = json.loads(dump_state(task))["state"]
    assert state["reminder_at"]["_data_"] == "2030-01-01T12:00:00Z"
    assert state["last_reminder_fired"]["_data_"] == "2030-01-01T14:00:00+02:00"
    loaded = load_state(dump_state(task))
    assert loaded.last_reminder_fired is not None
    assert loaded.last_reminder_fired.utcoffset() == timedelta(hours=2)


def test_a_stored_due_is_shared_and_its_instant_right() -> None:
    due = stored_due("2030-03-31", "02:30", "Europe/Berlin")
    assert due is stored_due("2030-03-31", "02:30", "Europe/Berlin")
    # 02:30 does not exist in Berlin that night: the zone's own rule moves it to 01:30 UTC.
    assert due.at == datetime(2030, 3, 31, 0, 30, tzinfo=UTC) + timedelta(hours=1)
    assert stored_due("2030-04-01", None, "UTC").at == datetime(2030, 4, 1, 23, 59, 59, tzinfo=UTC)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=False),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=300)
@given(JSON_VALUES, st.datetimes(timezones=st.just(UTC)))
def test_the_fast_transcoder_decodes_what_the_standard_one_does(
    value: Any, instant: datetime
) -> None:
    standard = _app().mapper.transcoder
    assert isinstance(standard, JSONTranscoder)
    fast = FastJSONTranscoder(standard)
    document = {"plain": value, "when": instant, "ids": [uuid4()], "nested": {"at": [instant]}}
    data = standard.encode(document)
    assert fast.decode(data) == standard.decode(data)


OFFSETS = st.timedeltas(min_value=timedelta(hours=-23), max_value=timedelta(hours=23)).map(timezone)


@settings(max_examples=300)
@given(
    JSON_VALUES | st.floats(),
    st.datetimes(timezones=st.just(UTC) | OFFSETS | st.none()),
    st.text(),
)
def test_the_fast_transcoder_encodes_what_the_standard_one_reads_back_equal(
    value: Any, instant: datetime, text: str
) -> None:
    standard = _app().mapper.transcoder
    assert isinstance(standard, JSONTranscoder)
    fast = FastJSONTranscoder(standard)
    document = {"plain": value, "when": instant, "ids": (uuid4(),), "nested": {text: [instant]}}
    decoded = standard.decode(fast.encode(document))
    expected = standard.decode(standard.encode(document))
    assert json.dumps(decoded, default=repr) == json.dumps(expected, default=repr)
    assert decoded["when"].utcoffset() == expected["when"].utcoffset()  # repr: tzinfo too


def test_the_fast_transcoder_writes_plain_data_as_the_standard_one_does() -> None:
    standard = _app().mapper.transcoder
    assert isinstance(standard, JSONTranscoder)
    document = {"a": [1, 2.5, None, True, "é\n\x1f"], "b": {"c": "日本"}, "at": uuid4()}
    assert FastJSONTranscoder(standard).encode(document) == standard.encode(document)


def test_the_fast_transcoder_refuses_unencodable_values_as_the_standard_one_does() -> None:
    standard = _app().mapper.transcoder
    assert isinstance(standard, JSONTranscoder)
    for transcoder in (standard, FastJSONTranscoder(standard)):
        with pytest.raises(TranscodingNotRegisteredError):
            transcoder.encode({"a": [object()]})


def test_the_fast_transcoder_refuses_unknown_transcodings_as_the_standard_one_does() -> None:
    standard = _app().mapper.transcoder
    assert isinstance(standard, JSONTranscoder)
    data = b'{"a": {"_type_": "nobody_knows", "_data_": 1}}'
    for transcoder in (standard, FastJSONTranscoder(standard)):
        with pytest.raises(TranscodingNotRegisteredError):
            transcoder.decode(data)


def test_a_fast_mapper_decodes_every_event_of_a_task_as_the_application_does() -> None:
    app = _app()
    task_id = app.create_task(
        owner="ann", fields={"title": "t", "reminder_at": "2099-01-01T10:00:00+02:00"}, meta=META
    ).task.id
    app.update_task(task_id, user_id="ann", fields={"tags": ["a"]}, meta=META)
    app.delete_task(task_id, user_id="ann", meta=META)
    mapper = fast_mapper(app.mapper)
    for event in app.repository.event_store.get(task_id):
        stored: StoredEvent = app.mapper.to_stored_event(event)
        assert mapper.to_domain_event(stored).__dict__ == event.__dict__


@given(JSON_VALUES)
def test_canonical_form_of_plain_data_is_unchanged_by_the_fast_path(value: Any) -> None:
    def reference(item: Any) -> Any:
        if isinstance(item, dict):
            return {str(k): reference(v) for k, v in item.items()}
        if isinstance(item, list | tuple):
            return [reference(v) for v in item]
        return item

    assert _canonical(value) == reference(value)


@settings(max_examples=500)
@given(JSON_VALUES | st.floats(allow_nan=False), st.text())
def test_canonical_json_is_what_json_dumps_writes(value: Any, key: str) -> None:
    document = {"data": value, key: [value, {"z": 1, key: None}], "at": "2030-01-01T00:00:00Z"}
    reference = json.dumps(
        _canonical(document), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert canonical_json(document) == reference.encode()
