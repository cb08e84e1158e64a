"""A Task's state as JSON text and back, so the fold can resume from a stored row.

The aggregate keeps its state in plain data (strings, lists, dicts), with datetimes and
UUIDs as the only richer values; both are tagged here (``{"$dt": ...}``, ``{"$uuid": ...}``)
so they come back as they were. msgspec does the JSON: this runs once per event folded.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec

from domain.task import Task

_SKIPPED = frozenset({"_pending_events"})
_PLAIN = frozenset({str, int, bool, float, type(None)})
"""Types stored as they are: most of a task's attributes, tested first (a rebuild or a
verification dumps and compares every task's state)."""
_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder()


def _tag(value: Any) -> Any:
    kind = type(value)
    if kind is datetime:
        return {"$dt": value.isoformat()}
    if kind is UUID:
        return {"$uuid": str(value)}
    if kind is dict:
        return {key: _tag(item) for key, item in value.items()}
    if kind is list:
        return [_tag(item) for item in value]
    return value


def _untag(value: Any) -> Any:
    kind = type(value)
    if kind is dict:
        if len(value) == 1:
            if "$dt" in value:
                return datetime.fromisoformat(value["$dt"])
            if "$uuid" in value:
                return UUID(value["$uuid"])
        return {key: _untag(item) for key, item in value.items()}
    if kind is list:
        return [_untag(item) for item in value]
    return value


def dump_state(task: Task) -> str:
    """The task's attributes as JSON text (pending events left out).

    The common types are tagged here rather than through ``_tag``, and a datetime the
    task holds twice (eventsourcing's clock fields and the task's own) is formatted once:
    every row a rebuild writes and every task a verification compares is dumped.
    (Skipped keys are checked after the plain types: ``_pending_events`` is a list.)
    """
    data: dict[str, Any] = {}
    formatted: dict[int, str] = {}  # by identity: equal instants may differ in offset
    for key, value in vars(task).items():
        kind = type(value)
        if kind in _PLAIN:
            data[key] = value
        elif kind is datetime:
            text = formatted.get(id(value))
            if text is None:
                text = formatted[id(value)] = value.isoformat()
            data[key] = {"$dt": text}
        elif kind is UUID:
            data[key] = {"$uuid": str(value)}
        elif key in _SKIPPED:
            continue
        elif kind is list:
            data[key] = [item if type(item) in _PLAIN else _tag(item) for item in value]
        else:
            data[key] = _tag(value)
    return _encoder.encode(data).decode()


def load_state(text: str) -> Task:
    """A Task rebuilt from ``dump_state`` output, ready for the next ``event.mutate``."""
    task = Task.__new__(Task)
    data = _decoder.decode(text)
    for key, value in data.items():
        if type(value) not in _PLAIN:
            data[key] = _untag(value)
    vars(task).update(data)
    task._pending_events = []
    return task
