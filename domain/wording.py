"""How rules are put into words, so every message about a field reads the same way.

A rule is a noun phrase that completes "<field> must be ...": ``"High, Medium or Low"``,
``"an integer from 1 to 365"``. The domain states each rule once, next to its limits; the
API's request schemas carry the same phrases as their descriptions, and both the domain's
checks and the API's shape checks say ``must be <rule>``.
"""

from __future__ import annotations

from collections.abc import Iterable


def one_of(words: Iterable[str]) -> str:
    """``"a, b or c"``: the alternatives as a reader says them."""
    listed = list(words)
    if len(listed) < 2:
        return "".join(listed)
    return f"{', '.join(listed[:-1])} or {listed[-1]}"


def integer_from(low: int, high: int) -> str:
    """The rule of an integer in a closed range."""
    return f"an integer from {low:,} to {high:,}"
