"""What a read model's fold takes and gives back: positioned events in, ``Changed`` out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple


class PositionedEvent(NamedTuple):
    """One stored event as the fold sees it: the domain event and its global position."""

    event: Any
    position: int


class FoldError(Exception):
    """An event does not fit the read model's state (it names a task never created, or
    creates one twice); the runner retries it, then parks it as a dead letter."""


@dataclass(frozen=True, slots=True)
class Changed:
    """What a fold's batch changed, as the NOTIFY sent at its commit tells listeners."""

    notify: bool = True
    """Someone waits to hear of it; ``False``: no NOTIFY (a job view whose batch brought
    no new work, so the job worker is not woken for nothing)."""
    owners: frozenset[str] | None = None
    """The owners whose rows changed (readers that cache per owner drop just theirs);
    ``None``: anyone's may have."""


ANY_CHANGE = Changed()
"""The batch may have changed anything: NOTIFY, naming no owners."""
NOTHING_NEW = Changed(notify=False)
"""Nothing anyone waits for changed: no NOTIFY."""
