"""``nests_deeper_than``: the nesting of a JSON body measured on its bytes."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.json_depth import MAX_JSON_DEPTH, nests_deeper_than


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def depth_of(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((depth_of(item) for item in value), default=0)
    if isinstance(value, dict):
        return 1 + max((depth_of(item) for item in value.values()), default=0)
    return 0


@pytest.mark.parametrize(
    ("raw", "depth"),
    [
        (b"", 0),
        (b"42", 0),
        (b'{"title": "x"}', 1),
        (b'{"recurrence": {"by_weekday": ["MO"]}}', 3),
        (nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH),
        (b"[" + b"[]," * 5000 + b"[]]", 2),
        (b'{"a": "' + b"[" * 100 + b'"}', 1),
        (b'["\\"' + b"[" * 100 + b'"]', 1),
        (b'["\\\\", ' + nested(40) + b"]", 41),
        (b'["\\u005b' + b"{" * 50 + b'"]', 1),
        (b"[" * 10_000, 10_000),
    ],
)
def test_depth_is_counted_outside_strings_only(raw: bytes, depth: int) -> None:
    assert not nests_deeper_than(raw, depth)
    if depth > 0:
        assert nests_deeper_than(raw, depth - 1)


def test_a_thousand_levels_exceed_the_limit() -> None:
    assert nests_deeper_than(b'{"title": "x", "tags": ' + nested(1000) + b"}", MAX_JSON_DEPTH)
    assert nests_deeper_than(b'{"a":' * 1000 + b"1" + b"}" * 1000, MAX_JSON_DEPTH)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab\n,:'),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(alphabet='[]{}"\\a'), children, max_size=3)
    ),
    max_leaves=40,
)


@given(json_values)
def test_the_count_is_the_depth_a_decoder_sees(value: Any) -> None:
    raw = msgspec.json.encode(value)
    depth = depth_of(value)

    assert not nests_deeper_than(raw, depth)
    if depth > 0:
        assert nests_deeper_than(raw, depth - 1)
