"""How deeply a JSON document nests, measured without decoding it.

Decoders recurse once per level of arrays and objects: msgspec gives up with a
``RecursionError`` near 1,000 levels, far beyond any honest body. ``nests_deeper_than``
scans the raw bytes with one regular expression, so a body can be refused before any
decoder sees it, at a cost that grows with its brackets and quotes only.
"""

from __future__ import annotations

import re

MAX_JSON_DEPTH = 32
"""Deepest nesting of arrays and objects accepted in a request body. A task body nests 3
levels (body, ``recurrence``, ``by_weekday``); 32 leaves room for any extension's body and
stays far below the depth at which decoders fail."""

_TOKENS = re.compile(rb'\\.|["\[\]{}]', re.DOTALL)
"""A backslash escape (two bytes, so an escaped quote is skipped), a quote or a bracket."""

_OPENERS = frozenset({b"[", b"{"})


def nests_deeper_than(raw: bytes, limit: int) -> bool:
    """Whether ``raw`` opens more than ``limit`` arrays and objects inside one another.

    Brackets inside strings do not count. Up to the first byte that is not JSON this
    counts exactly as a decoder nests, and a decoder stops at that byte: so a body a
    decoder would follow deeper than ``limit`` is always caught, and a body caught here
    that is not JSON would have been refused anyway.
    """
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    depth = 0
    in_string = False
    for token in _TOKENS.findall(raw):
        if token == b'"':
            in_string = not in_string
        elif in_string or len(token) == 2:
            continue
        elif token in _OPENERS:
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False
