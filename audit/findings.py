"""What a verification reports: each finding as it is found, and the summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

from audit.chain import BrokenLink
from audit.readmodel import Difference

MAX_LISTED = 1_000
"""Most damaged tasks a summary lists by id (the rest are counted)."""


@dataclass(frozen=True)
class Problem:
    """Something verify found that is not a chain break or a row difference."""

    task_id: UUID | None
    message: str

    def __str__(self) -> str:
        return f"task {self.task_id}: {self.message}" if self.task_id else self.message


Finding = BrokenLink | Difference | Problem
"""Anything a verification reports."""


@dataclass
class Summary:
    """What a verification covered and found."""

    events: int = 0
    tasks: int = 0
    read_model_position: int | None = None
    broken_tasks: int = 0
    differing_tasks: int = 0
    problems: int = 0
    damaged: list[UUID] = field(default_factory=list)
    """Tasks with a broken chain, up to ``MAX_LISTED`` of them (the rest are counted)."""

    @property
    def ok(self) -> bool:
        """Whether nothing at all was found."""
        return not (self.broken_tasks or self.differing_tasks or self.problems)

    def add(self, other: Summary) -> None:
        """Count ``other`` (a range's pass) in this summary."""
        self.events += other.events
        self.tasks += other.tasks
        self.broken_tasks += other.broken_tasks
        self.differing_tasks += other.differing_tasks
        self.problems += other.problems
        self.damaged += other.damaged[: MAX_LISTED - len(self.damaged)]


Report = Callable[[Finding], None]
"""Receives each finding as soon as it is known."""
Progress = Callable[[int], None]
"""Receives the number of events checked since its last call."""
