"""The seeded users and their tasks, as pure functions of the user's index.

Tasklog's seeding (benchmarks/seed.py, through the event store) and the lean yardstick's
(benchmarks/lean_seed.py, through its HTTP API) both draw from here, so the two backends
hold the same users with the same tasks whichever process, order or machine seeds them.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

DEFAULT_SEED = 20261127
OPEN_IDS_PER_USER = 30
"""Open task ids kept per user for the complete and update requests of mixed.lua."""

TAGS = ("home", "work", "errand", "health", "finance", "garden", "weekly", "later")
ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo")
_SPREAD_STEP = 37
"""Stride of the task-count spread: neighbouring users get very different counts."""


@dataclass(frozen=True)
class TaskSpan:
    """How many tasks a user owns: from ``low`` to ``high``, spread evenly over the users."""

    low: int
    high: int

    @classmethod
    def parse(cls, text: str) -> TaskSpan:
        """``"10-100"`` or a single ``"100"`` (every user the same)."""
        low, _, high = text.partition("-")
        span = cls(int(low), int(high or low))
        if not 0 <= span.low <= span.high:
            raise ValueError(f"task span {text!r}: want LOW-HIGH with 0 <= LOW <= HIGH")
        return span

    def __str__(self) -> str:
        return f"{self.low}-{self.high}" if self.low != self.high else str(self.low)

    def count(self, index: int) -> int:
        """Tasks of the index-th user.

        ``index * step mod width`` with a step coprime to the width: every run of ``width``
        consecutive users holds each count once, so any slice of users wrk takes (the first
        100, or 1,000 in ten slices) has the same spread, not the smallest counts first.
        """
        width = self.high - self.low + 1
        step = _SPREAD_STEP
        while math.gcd(step, width) != 1:
            step += 1
        return self.low + (index * step) % width

    def mean(self, users: int) -> float:
        """Mean tasks per user over the first ``users`` users."""
        return sum(self.count(i) for i in range(users)) / users if users else 0.0


@dataclass(frozen=True)
class SeedTask:
    """One seeded task: its input fields, when it was created and whether it is done."""

    fields: dict[str, Any]
    created: datetime
    completed_at: datetime | None


def user_id(index: int) -> str:
    """The ``sub`` of the index-th bench user."""
    return f"bench-user-{index:05d}"


def task_fields(rng: random.Random, now: datetime, serial: int) -> dict[str, Any]:
    """Input fields of one plausible task: varied priority, tags, due dates, some recurring."""
    fields: dict[str, Any] = {
        "title": f"Task {serial}: {rng.choice(('water', 'call', 'pay', 'fix', 'read'))} "
        f"{rng.choice(('plants', 'bank', 'bill', 'bike', 'book'))}",
        "priority": rng.choices(("low", "medium", "high"), weights=(3, 5, 2))[0],
        "tags": rng.sample(TAGS, rng.randint(0, 3)),
    }
    if rng.random() < 0.3:
        fields["description"] = "Seeded for the load test. " * rng.randint(1, 4)
    if rng.random() < 0.6:
        due = now.date() + timedelta(days=rng.randint(-30, 60))
        fields["due_date"] = due.isoformat()
        if rng.random() < 0.5:
            fields["due_time"] = f"{rng.randint(7, 20):02d}:{rng.choice((0, 15, 30, 45)):02d}"
            fields["timezone"] = rng.choice(ZONES)
        if rng.random() < 0.1:
            fields["recurring"] = rng.choice(("daily", "weekly", "monthly"))
    return fields


def user_tasks(index: int, span: TaskSpan, seed: int, now: datetime) -> list[SeedTask]:
    """The index-th user's tasks, created over the last 90 days; about 30% completed.

    Recurring tasks stay open: completing them would queue a burst of spawn jobs in
    Tasklog at the start of the run instead of the steady trickle the load causes.
    """
    rng = random.Random(f"{seed}:{index}")
    tasks = []
    for serial in range(span.count(index)):
        created = now - timedelta(seconds=rng.randint(3600, 90 * 86400))
        fields = task_fields(rng, now, serial)
        completed_at = None
        if "recurring" not in fields and rng.random() < 0.3:
            completed_at = min(now, created + timedelta(minutes=rng.randint(1, 600)))
        tasks.append(SeedTask(fields, created, completed_at))
    return tasks


def open_positions(tasks: list[SeedTask]) -> list[int]:
    """Positions of the open tasks whose ids the load script gets (the first few)."""
    return [i for i, task in enumerate(tasks) if task.completed_at is None][:OPEN_IDS_PER_USER]
