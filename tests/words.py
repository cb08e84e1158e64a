"""Checks that a client-facing message is plain words, not a schema's machinery."""

from __future__ import annotations

import re
from collections.abc import Iterable

_MACHINERY = re.compile(r"[\[\]`\\^$|{}]|\(\?|Expected|regex|NoneType|UnsetType")
"""Regular-expression syntax, msgspec's backquoted types and Python type names."""


def assert_in_words(messages: Iterable[str]) -> None:
    """Fail if a message quotes a regular expression or a type name."""
    for message in messages:
        assert message, "an empty message"
        assert not _MACHINERY.search(message), f"not plain words: {message!r}"
