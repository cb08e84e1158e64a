"""Where a task's events stand in the global event log.

eventsourcing returns positions for the events it writes, but not for events it
reads back; history and "nothing changed" answers need them. The lookup is a
protocol so this layer stays free of SQL: infrastructure passes the PostgreSQL
implementation in, tests use the in-memory one below.
"""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from eventsourcing.popo import POPOApplicationRecorder


class EventPositions(Protocol):
    """Looks up the global positions of a task's stored events."""

    def positions(self, task_id: UUID) -> dict[int, int]:
        """Map each stored version of the task to its global position."""
        ...

    def latest(self, task_id: UUID) -> int:
        """The global position of the task's newest event (0 when it has none)."""
        ...


class InMemoryEventPositions:
    """Positions from eventsourcing's in-memory (POPO) recorder, for tests and tools."""

    def __init__(self, recorder: POPOApplicationRecorder) -> None:
        self._recorder = recorder

    def positions(self, task_id: UUID) -> dict[int, int]:
        """Map versions to positions (the recorder's list index plus one)."""
        index = self._recorder._stored_events_index.get(str(task_id), {})
        return {version: offset + 1 for version, offset in index.items()}

    def latest(self, task_id: UUID) -> int:
        """The newest event's position."""
        return max(self.positions(task_id).values(), default=0)
