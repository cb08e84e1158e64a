"""Following one task's hash chain event by event and naming its first broken link.

A task's stored events must be versions 1, 2, 3... with nothing missing, at increasing
global positions; each must carry the hash of its predecessor (``GENESIS`` for the
first) and a hash that ``domain.chain.event_hash`` recomputes from its own content. An
event edited, removed or moved directly in the database breaks one of these at that
event. The chain is tamper-evident, not tamper-proof: whoever rewrites an event and
recomputes every later hash is not detected here (the read model comparison, snapshots
and backups are the other witnesses).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast
from uuid import UUID

from domain.chain import GENESIS, event_data, event_hash
from domain.task import Task


@dataclass(frozen=True)
class BrokenLink:
    """Where and why a task's chain breaks."""

    task_id: UUID
    version: int
    """The stored version at which the break shows (the expected one when it is missing)."""
    reason: str

    def __str__(self) -> str:
        return f"task {self.task_id}: chain broken at version {self.version}: {self.reason}"


def recomputed_hash(event: Task.Event) -> str:
    """The hash ``event`` should carry, computed from what is stored of it."""
    return event_hash(
        event_type=type(event).__name__,
        task_id=event.originator_id,
        version=event.originator_version,
        timestamp=event.timestamp,
        actor=event.actor,
        data=event_data(event.__dict__),
        prev_hash=event.prev_hash,
    )


class TaskChain:
    """Checks one task's stored events, fed in version order; remembers the first break."""

    def __init__(self, task_id: UUID) -> None:
        """Start at the task's first event."""
        self.task_id = task_id
        self.broken: BrokenLink | None = None
        self._expected_version = 1
        self._prev_hash = GENESIS
        self._prev_position = 0

    def feed(self, version: int, position: int, event: object) -> BrokenLink | None:
        """Check the next stored event; return the break if this event is the first one.

        Args:
            version: The stored ``originator_version``.
            position: The stored global position (``notification_id``).
            event: The decoded domain event, or the exception decoding raised.
        """
        if self.broken is not None:
            return None
        reason = self._problem(version, position, event)
        if reason is not None:
            self.broken = BrokenLink(self.task_id, min(version, self._expected_version), reason)
            return self.broken
        self._expected_version = version + 1
        self._prev_hash = cast(Task.Event, event).hash
        self._prev_position = position
        return None

    def _problem(self, version: int, position: int, event: object) -> str | None:
        expected = self._expected_version
        if version != expected:
            missing = (
                f"version {expected} is missing"
                if version == expected + 1
                else f"versions {expected} to {version - 1} are missing"
            )
            return f"{missing} (the next stored event is version {version})"
        if isinstance(event, Exception):
            return f"the stored event cannot be decoded ({type(event).__name__})"
        if not isinstance(event, Task.Event):
            return f"the stored event is not a task event ({type(event).__name__})"
        if position <= self._prev_position:
            return (
                f"it is at position {position}, before version {version - 1} "
                f"(position {self._prev_position}): events were reordered"
            )
        if getattr(event, "prev_hash", None) != self._prev_hash:
            previous = "GENESIS" if version == 1 else f"the hash of version {version - 1}"
            return f"prev_hash is not {previous}: an earlier event was removed or reordered"
        try:
            expected_hash = recomputed_hash(event)
        except (AttributeError, TypeError, ValueError) as error:
            return f"its audited fields are damaged ({type(error).__name__}: {error})"
        if getattr(event, "hash", None) != expected_hash:
            return "its hash does not match its content: the event was altered"
        return None
