"""Replaying and collecting Task events without eventsourcing's runtime Protocol checks.

eventsourcing 9.5.6 checks every event it replays (``project_aggregate`` asserts
``isinstance(event, CanMutateProtocol)``) and every aggregate it saves
(``ProcessingEvent.collect_events`` tries ``DomainEventProtocol``, then
``CollectEventsProtocol``) against ``typing.runtime_checkable`` protocols. On Python 3.11
such a check walks the protocol's members on every call: 10-34 us each on the benchmark
machine, 3 or more per command (measured with benchmarks/write_bench.py).
Tasklog's aggregates and events are its own classes, so a plain class check says the
same; anything else still goes through eventsourcing's own code.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from eventsourcing.application import ProcessingEvent, project_aggregate

from domain.task import Task


def replay_task(task: Task | None, events: Iterable[Any]) -> Task | None:
    """Apply ``events`` to ``task`` in order: ``project_aggregate`` for Task events.

    The repository's ``projector_func``; events of other types go to eventsourcing's.
    """
    for event in events:
        if isinstance(event, Task.Event):
            task = event.mutate(task)
        else:
            task = project_aggregate(task, [event])
    return task


class TaskProcessingEvent(ProcessingEvent[UUID]):
    """``ProcessingEvent`` that recognises a Task by its class."""

    def collect_events(self, *objs: Any, **kwargs: Any) -> None:
        """Collect the pending events of each Task; other objects as eventsourcing does."""
        for obj in objs:
            if isinstance(obj, Task):
                self.events.extend(obj.collect_events())
                self.aggregates[obj.id] = obj
            elif obj is not None:
                super().collect_events(obj)
        self.saved_kwargs.update(kwargs)
