"""History entries: what auditors and owners see of each stored event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from application.views import event_data_view
from domain.chain import event_data
from domain.task import Task


@dataclass(frozen=True)
class HistoryEntry:
    """One event of a task, with its place in the global log and its audit envelope."""

    task_id: UUID
    position: int
    version: int
    type: str
    at: datetime
    actor: str
    correlation_id: str
    data: dict[str, Any]
    """The event's own data as clients see it (``application.views.event_data_view``)."""
    prev_hash: str
    hash: str


def history_entry(event: Any, position: int) -> HistoryEntry:
    """Build a history entry from a stored task event."""
    if not isinstance(event, Task.Event):
        raise TypeError(f"not a task event: {type(event).__name__}")
    return HistoryEntry(
        task_id=event.originator_id,
        position=position,
        version=event.originator_version,
        type=type(event).__name__,
        at=event.timestamp,
        actor=event.actor,
        correlation_id=event.correlation_id,
        data=event_data_view(event_data(event.__dict__)),
        prev_hash=event.prev_hash,
        hash=event.hash,
    )
