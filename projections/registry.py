"""Every read model Tasklog runs. Adding one is a ``ReadModelProjection`` class and a line here."""

from __future__ import annotations

from projections.base import ReadModelProjection
from projections.notifications.projection import NotificationsProjection
from projections.recurrence.projection import RecurrenceProjection
from projections.reminders.projection import RemindersProjection
from projections.task_list.projection import TaskListProjection

PROJECTIONS: tuple[type[ReadModelProjection], ...] = (
    TaskListProjection,
    RecurrenceProjection,
    RemindersProjection,
    NotificationsProjection,
)


def projection_named(name: str) -> type[ReadModelProjection]:
    """The read model called ``name``.

    Raises:
        KeyError: no read model has that name.
    """
    for projection in PROJECTIONS:
        if projection.name == name:
            return projection
    raise KeyError(name)
