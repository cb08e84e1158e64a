"""Names in Redis: the queue of a deployment and the deterministic ids of its jobs.

A job id names one piece of work, so enqueueing it again while it waits, runs, or its
result is kept does nothing (arq answers ``None``). Ids and the queue carry the
deployment's schema: deployments (and tests) sharing a Redis never run each other's jobs.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

SPAWN_NEXT_OCCURRENCE = "spawn_next_occurrence"
FIRE_REMINDER = "fire_reminder"


def queue_name(schema: str) -> str:
    """The arq queue of the deployment whose tables live in ``schema``."""
    return f"tasklog:{schema}:jobs"


def sweep_name(schema: str) -> str:
    """The sweeper's cron name (also its job id prefix, so one sweep per minute per deployment)."""
    return f"tasklog:{schema}:sweep"


def spawn_job_id(schema: str, task_id: UUID, completed_version: int) -> str:
    """One spawn per completion: completing the same occurrence again is new work."""
    return f"tasklog:{schema}:spawn:{task_id}:{completed_version}"


def reminder_job_id(schema: str, task_id: UUID, reminder_at: datetime) -> str:
    """One firing per reminder instant: moving the reminder is new work."""
    return f"tasklog:{schema}:remind:{task_id}:{reminder_at.astimezone(UTC).isoformat()}"
