"""Normalisation of the plain task fields: title, description, priority and tags."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from enum import StrEnum

from domain.wording import one_of

TITLE_MAX = 200
DESCRIPTION_MAX = 2000
TAGS_MAX = 10
TAG_MAX = 50

_ALLOWED_IN_TEXT = frozenset("\n\r\t")


class Priority(StrEnum):
    """Task priority; sorting uses ``rank`` (high > medium > low), never the name.

    The value (lower case) is what events store; ``label`` is what the API writes back.
    """

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        """Numeric rank: higher is more important."""
        return _RANKS[self]

    @property
    def label(self) -> str:
        """``High``, ``Medium`` or ``Low``: the spelling the original frontend matches exactly."""
        return self.value.capitalize()


_RANKS = {Priority.LOW: 1, Priority.MEDIUM: 2, Priority.HIGH: 3}

PRIORITY_NAMES = tuple(
    p.value.capitalize() for p in sorted(Priority, key=_RANKS.__getitem__, reverse=True)
)
"""Priorities as docs/api.md section 2 spells them, most important first."""

TITLE_RULE = f"a string of 1 to {TITLE_MAX} characters after trimming, without control characters"
DESCRIPTION_RULE = f"a string of at most {DESCRIPTION_MAX} characters"
PRIORITY_RULE = one_of(PRIORITY_NAMES)
TAG_RULE = f"a string of 1 to {TAG_MAX} characters after trimming, without control characters"
TAGS_RULE = (
    f"a list of at most {TAGS_MAX} tags, each 1 to {TAG_MAX} characters after trimming"
    " and without control characters"
)


def _has_control_characters(text: str, allowed: frozenset[str] = frozenset()) -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text)


def normalize_title(value: str) -> str:
    """Trim a title and check its length and characters.

    Raises:
        ValueError: with a message fit for the client when the title breaks a rule.
    """
    title = value.strip()
    if not title:
        raise ValueError("must not be empty")
    if len(title) > TITLE_MAX:
        raise ValueError(f"must be at most {TITLE_MAX} characters")
    if _has_control_characters(title):
        raise ValueError("must not contain control characters")
    return title


def normalize_description(value: str | None) -> str | None:
    """Check a description; ``None`` or blank text means "no description".

    Line breaks and tabs are allowed (descriptions are prose); other control
    characters are not, since they corrupt terminals and logs.
    """
    if value is None or not value.strip():
        return None
    if len(value) > DESCRIPTION_MAX:
        raise ValueError(f"must be at most {DESCRIPTION_MAX} characters")
    if _has_control_characters(value, _ALLOWED_IN_TEXT):
        raise ValueError("must not contain control characters other than line breaks and tabs")
    return value


def parse_priority(value: str) -> Priority:
    """Read a priority case-insensitively (``"High"`` is accepted)."""
    try:
        return Priority(value.strip().lower())
    except ValueError:
        raise ValueError(f"must be {PRIORITY_RULE}") from None


def normalize_tags(values: Sequence[str]) -> list[str]:
    """Trim tags and drop case-insensitive duplicates, keeping the first spelling and order."""
    if isinstance(values, str):
        raise ValueError(f"must be {TAGS_RULE}")
    tags: list[str] = []
    seen: set[str] = set()
    for raw in values:
        tag = raw.strip()
        if not tag or len(tag) > TAG_MAX or _has_control_characters(tag):
            raise ValueError(f"must be {TAGS_RULE}")
        key = tag.casefold()
        if key not in seen:
            seen.add(key)
            tags.append(tag)
    if len(tags) > TAGS_MAX:
        raise ValueError(f"must be {TAGS_RULE} (duplicates counted once)")
    return tags
