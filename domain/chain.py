"""Tamper evidence: every event of a task carries a hash chained to the previous one.

The hash covers what an auditor relies on: the event's type, its task and
version, its data, who caused it and when, and the previous event's hash. Any
edit, removal or reordering of stored events breaks the chain at that point.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

import msgspec

GENESIS = "0" * 64
"""The ``prev_hash`` of a task's first event."""

ENVELOPE_FIELDS = frozenset(
    {
        "originator_id",
        "originator_version",
        "originator_topic",
        "timestamp",
        "actor",
        "correlation_id",
        "prev_hash",
        "hash",
    }
)
"""Event attributes that are not the event's own data."""


_PLAIN = frozenset({str, int, bool, type(None)})
"""Types that are their own canonical form: nearly every value, so tested first (every
event is hashed when written and again by each verification)."""

_SORTED_JSON = msgspec.json.Encoder(order="sorted")


class _FloatFound(Exception):
    """The data holds a float, which only the ``json`` module spells as the hash needs."""


def _canonical(value: Any, *, floats: bool = True) -> Any:
    """``value`` as plain JSON data; ``floats=False`` raises ``_FloatFound`` at a float."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is float:
        if not floats:
            raise _FloatFound
        return value
    if kind is dict:
        return {str(k): _canonical(v, floats=floats) for k, v in value.items()}
    if kind is list:
        return [_canonical(v, floats=floats) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): _canonical(v, floats=floats) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v, floats=floats) for v in value]
    return value


def canonical_json(document: Mapping[str, Any]) -> bytes:
    """``document`` as the hash reads it: ``json.dumps`` with sorted keys, compact, not
    ASCII-escaped, UTF-8.

    msgspec writes exactly those bytes for strings, integers, booleans, null, lists and
    objects, in a tenth of the time (every write hashes its events, every verification
    every event); it spells floats its own way (``1e16`` for ``1e+16``), so data with a
    float is written by ``json`` itself.
    """
    try:
        return _SORTED_JSON.encode(_canonical(document, floats=False))
    except _FloatFound:
        text = json.dumps(
            _canonical(document), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        return text.encode()


def event_hash(
    *,
    event_type: str,
    task_id: UUID,
    version: int,
    timestamp: datetime,
    actor: str,
    data: Mapping[str, Any],
    prev_hash: str,
) -> str:
    """SHA-256 over a canonical JSON of the event's audited content."""
    document = {
        "type": event_type,
        "task_id": str(task_id),
        "version": version,
        "at": timestamp.isoformat(),
        "actor": actor,
        "data": data,
        "prev": prev_hash,
    }
    return hashlib.sha256(canonical_json(document)).hexdigest()


def event_data(attributes: Mapping[str, Any]) -> dict[str, Any]:
    """The event's own data: its attributes without the envelope."""
    return {k: v for k, v in attributes.items() if k not in ENVELOPE_FIELDS}
