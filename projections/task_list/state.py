"""A Task's state as JSON text and back, so the fold can resume from a stored row.

The aggregate keeps its state in plain data (strings, lists, dicts), with datetimes and
UUIDs as the only richer values; both are tagged here so they come back as they were.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.task import Task

_SKIPPED = frozenset({"_pending_events"})


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, UUID):
        return {"$uuid": str(value)}
    raise TypeError(f"cannot store {type(value).__name__} in a task state")


def _decode(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        if "$dt" in obj:
            return datetime.fromisoformat(obj["$dt"])
        if "$uuid" in obj:
            return UUID(obj["$uuid"])
    return obj


def dump_state(task: Task) -> str:
    """The task's attributes as JSON text (pending events left out)."""
    data = {key: value for key, value in vars(task).items() if key not in _SKIPPED}
    return json.dumps(data, default=_encode, separators=(",", ":"))


def load_state(text: str) -> Task:
    """A Task rebuilt from ``dump_state`` output, ready for the next ``event.mutate``."""
    task = Task.__new__(Task)
    vars(task).update(json.loads(text, object_hook=_decode))
    task._pending_events = []
    return task
