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
    """The task's attributes as JSON text (pending events left out)."""
    data: dict[str, Any] = {}
    for key, value in vars(task).items():
        if type(value) in _PLAIN:
            data[key] = value
        elif key not in _SKIPPED:
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
