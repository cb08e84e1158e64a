"""The public event type names (``TaskCompleted``) and the stored topics they stand for."""

from __future__ import annotations

from eventsourcing.utils import get_topic

from domain.task import Task


def event_topics() -> dict[str, str]:
    """Every task event's public name (as history shows it) -> its stored topic."""
    return {
        f"Task{name}": get_topic(member)
        for name, member in vars(Task).items()
        if isinstance(member, type) and issubclass(member, Task.Event) and member is not Task.Event
    }
