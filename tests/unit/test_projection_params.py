"""List query parameters and keyset cursors of the task_list read model (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.errors import InvalidTaskInput
from projections.task_list.cursor import CursorCodec, Keyset
from projections.task_list.params import MAX_LIMIT, parse_list_query
from tests.words import assert_in_words


def fields_of(error: pytest.ExceptionInfo[InvalidTaskInput]) -> set[str]:
    return {e.field for e in error.value.errors}


def test_defaults_are_newest_first_every_task_up_to_the_list_max() -> None:
    query = parse_list_query({})

    assert (query.sort.canonical, query.limit, query.status) == ("-created_at", 10_000, "all")
    assert parse_list_query({}, list_max=300).limit == 300


def test_a_cursor_without_limit_continues_in_pages_of_the_list_max() -> None:
    assert parse_list_query({"cursor": ["abc"]}, list_max=300).limit == 300


@pytest.mark.parametrize("limit", ["1", "1000"])
def test_limit_asks_for_pages_of_1_to_1000(limit: str) -> None:
    assert parse_list_query({"limit": [limit]}, list_max=300).limit == int(limit)


@pytest.mark.parametrize("limit", ["0", "1001", "-1", "ten", "1e3"])
def test_a_limit_outside_1_to_1000_is_refused_naming_the_range(limit: str) -> None:
    with pytest.raises(InvalidTaskInput) as error:
        parse_list_query({"limit": [limit]})

    assert [(e.field, e.message) for e in error.value.errors] == [
        ("limit", "must be an integer from 1 to 1,000")
    ]


def test_priority_is_any_of_repeatable_or_comma_separated_case_insensitive() -> None:
    query = parse_list_query({"priority": ["High,low", "LOW"]})

    assert query.priority_ranks == (1, 3)


def test_tags_are_all_of_and_case_folded() -> None:
    assert parse_list_query({"tag": ["Home,WORK", "home"]}).tags == ("home", "work")


@pytest.mark.parametrize(
    ("sort", "column", "descending"),
    [
        ("created_at", "created_at", False),
        ("-created_at", "created_at", True),
        ("priority", "priority_rank", True),
        ("-priority", "priority_rank", False),
        ("due_date", "due_asc", False),
        ("-due_at", "due_desc", True),
        ("title", "title_key", False),
    ],
)
def test_sort_keys_have_natural_directions(sort: str, column: str, descending: bool) -> None:
    query = parse_list_query({"sort": [sort]})

    assert (query.sort.column, query.sort.descending) == (column, descending)


def test_due_bounds_take_a_date_or_an_instant_with_offset() -> None:
    query = parse_list_query({"due_before": ["2026-12-07"], "due_after": ["2026-12-01T09:00:00Z"]})

    assert query.due_before is not None
    assert query.due_before.day == date(2026, 12, 7)
    assert query.due_after is not None
    assert query.due_after.instant == datetime(2026, 12, 1, 9, tzinfo=UTC)


def test_every_invalid_parameter_is_listed() -> None:
    with pytest.raises(InvalidTaskInput) as error:
        parse_list_query(
            {
                "limit": ["1001"],
                "sort": ["colour"],
                "status": ["done"],
                "completed": ["yes"],
                "due_after": ["2026-12-01T09:00:00"],
                "series_id": ["nope"],
            }
        )

    assert fields_of(error) == {"limit", "sort", "status", "completed", "due_after", "series_id"}


def test_messages_say_in_words_what_is_allowed() -> None:
    with pytest.raises(InvalidTaskInput) as error:
        parse_list_query(
            {"priority": ["urgent"], "sort": ["bogus"], "limit": ["0"], "due_before": ["soon"]}
        )

    messages = {e.field: e.message for e in error.value.errors}
    assert messages == {
        "priority": "must be High, Medium or Low (repeatable or comma-separated)",
        "sort": (
            "must be created_at, updated_at, due_at, priority or title,"
            " optionally prefixed with - to reverse it"
        ),
        "limit": f"must be an integer from 1 to {MAX_LIMIT:,}",
        "due_before": (
            "must be a date YYYY-MM-DD or an RFC 3339 date-time with an offset,"
            " such as 2026-12-01T09:00:00Z"
        ),
    }
    assert_in_words(messages.values())


def test_q_is_split_into_case_folded_words() -> None:
    assert parse_list_query({"q": ["  Call   MOM "]}).words == ("call", "mom")


def test_nul_characters_are_refused() -> None:
    with pytest.raises(InvalidTaskInput) as error:
        parse_list_query({"tag": ["a\x00"]})

    assert fields_of(error) == {"tag"}


def test_a_cursor_round_trips_for_its_owner_and_query() -> None:
    codec = CursorCodec(b"s" * 32)
    cursor = codec.encode(Keyset("2026-01-01 00:00:00+00", "abc"), owner="ann", signature="q1")

    assert codec.decode(cursor, owner="ann", signature="q1") == Keyset(
        "2026-01-01 00:00:00+00", "abc"
    )


@pytest.mark.parametrize(
    ("owner", "signature", "secret"),
    [("bob", "q1", b"s" * 32), ("ann", "q2", b"s" * 32), ("ann", "q1", b"t" * 32)],
)
def test_a_cursor_for_another_owner_query_or_key_is_refused(
    owner: str, signature: str, secret: bytes
) -> None:
    cursor = CursorCodec(b"s" * 32).encode(Keyset("k", "i"), owner="ann", signature="q1")

    with pytest.raises(InvalidTaskInput):
        CursorCodec(secret).decode(cursor, owner=owner, signature=signature)


@pytest.mark.parametrize("cursor", ["", "abc", "a.b.c", "!!!.???", "e30.AAAA"])
def test_malformed_cursors_are_refused(cursor: str) -> None:
    with pytest.raises(InvalidTaskInput):
        CursorCodec(b"s" * 32).decode(cursor, owner="ann", signature="q1")


def test_an_edited_cursor_payload_is_refused() -> None:
    codec = CursorCodec(b"s" * 32)
    cursor = codec.encode(Keyset("k", "i"), owner="ann", signature="q1")
    payload, mac = cursor.split(".")
    edited = payload[:-1] + ("A" if payload[-1] != "A" else "B")

    with pytest.raises(InvalidTaskInput):
        codec.decode(f"{edited}.{mac}", owner="ann", signature="q1")
