"""The payload of a read model's NOTIFY: its name, the position reached, whose rows changed.

Projectors send it at each commit (``ReadModelView.record``); API processes parse it
(``projections.consistency``) to wake waiting reads and to drop cached pages of just the
owners named.
"""

from __future__ import annotations

import msgspec

MAX_NOTIFY_OWNERS_BYTES = 7000
"""Owner lists longer than this (JSON) are not sent: PostgreSQL caps a payload at 8000
bytes, and a batch that touched that many owners tells listeners "anything changed"."""


def notify_payload(name: str, position: int, owners: frozenset[str] | None = None) -> str:
    """``name:position``, then a newline and the JSON array of owners whose rows changed.

    Without the owner line (none given, or too many to fit) a listener must assume that
    any owner's rows changed.
    """
    payload = f"{name}:{position}"
    if owners is None:
        return payload
    listed = msgspec.json.encode(sorted(owners))
    if len(listed) > MAX_NOTIFY_OWNERS_BYTES:
        return payload
    return f"{payload}\n{listed.decode()}"


def parse_notify_payload(payload: str) -> tuple[str, int, frozenset[str] | None] | None:
    """``(name, position, owners or None)`` of a ``notify_payload``; ``None`` if malformed."""
    head, newline, listed = payload.partition("\n")
    name, _, text = head.rpartition(":")
    if not text.isdigit():
        return None
    if not newline:
        return name, int(text), None
    try:
        owners = msgspec.json.decode(listed, type=frozenset[str])
    except msgspec.DecodeError:
        return name, int(text), None
    return name, int(text), owners
