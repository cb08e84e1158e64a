"""Claim checks made after the signature holds: times, subject and roles."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from domain.task import SYSTEM_ACTOR_PREFIX
from infrastructure.auth.errors import InvalidToken

_ROLE_SEPARATORS = re.compile(r"[\s,]+")

MAX_SUBJECT_LENGTH = 255
"""Longest ``sub`` accepted: every event and log line carries it, and the audit API's
``user_id`` filter takes at most this many characters."""

_FORBIDDEN_IN_SUBJECT = frozenset({"Cc", "Zl", "Zp"})
"""Control characters and Unicode line/paragraph separators: they would break log lines
and could not be given back as the audit API's ``user_id`` filter."""


def roles_from(claims: Mapping[str, Any], roles_claim: str) -> frozenset[str]:
    """Read roles from ``roles_claim``: a list of names, or one space/comma-separated string.

    A missing claim means no roles; any other shape is refused rather than guessed at,
    since roles grant access. List elements are taken exactly as written: ``" auditor "``
    is a role of its own that grants nothing, not ``auditor`` tidied up.
    """
    value = claims.get(roles_claim)
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return _non_empty(_ROLE_SEPARATORS.split(value))
    if isinstance(value, list) and all(isinstance(role, str) for role in value):
        return _non_empty(value)
    raise InvalidToken("malformed roles claim")


def check_times(claims: Mapping[str, Any], now: float, leeway_s: float) -> float:
    """Refuse expired and not-yet-valid tokens; return when the token stops being valid."""
    exp = _numeric_date(claims, "exp")
    if now >= exp + leeway_s:
        raise InvalidToken("expired")
    if _numeric_date(claims, "iat") > now + leeway_s:
        raise InvalidToken("issued in the future")
    if "nbf" in claims and _numeric_date(claims, "nbf") > now + leeway_s:
        raise InvalidToken("not yet valid")
    return exp + leeway_s


def _numeric_date(claims: Mapping[str, Any], name: str) -> float:
    """A JSON number, not a bool or NaN: anything else could skew the comparisons."""
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidToken(f"malformed {name}")
    return float(value)


def subject(claims: Mapping[str, Any]) -> str:
    """Return ``sub``, the user id, refusing one that could not safely name a user.

    It must be a string of 1-255 characters, not blank (that would alias users), with no
    control characters or line breaks, and outside the ``system:`` namespace of the
    service's own actors (compared case-insensitively, leading spaces ignored), so that
    no token can write events that history shows as a job's.
    """
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub.strip():
        raise InvalidToken("malformed sub")
    if len(sub) > MAX_SUBJECT_LENGTH:
        raise InvalidToken("sub too long")
    if any(unicodedata.category(ch) in _FORBIDDEN_IN_SUBJECT for ch in sub):
        raise InvalidToken("control character in sub")
    if sub.lstrip().casefold().startswith(SYSTEM_ACTOR_PREFIX):
        raise InvalidToken("sub in the reserved system: namespace")
    return sub


def _non_empty(names: Iterable[str]) -> frozenset[str]:
    return frozenset(name for name in names if name)
