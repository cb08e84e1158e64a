"""Folding batches of stored events into one version of a read model, and parking poison.

A batch is folded in one transaction with its tracking record (``ReadModelView.record``),
so a version is never ahead of or behind its position. A batch that fails is folded again
one event at a time, so only the event at fault is counted; once it has failed
``max_attempts`` times it is parked in the dead-letter table (``projections.dead_letters``
lists and retries it) and the fold goes on after it. A failure that is not an event's
fault (``TRANSIENT``) is raised to the thread's supervision and never counts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import psycopg
from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    Notification,
    OperationalError,
    Tracking,
)
from psycopg import Cursor
from psycopg.rows import DictRow

from projections import catalog
from projections.base import ReadModelProjection, ReadModelView, VersionSwapped
from projections.fold import Changed, PositionedEvent
from projections.runner.event_source import EventSource

log = logging.getLogger(__name__)

FoldHeartbeat = Callable[[Cursor[DictRow], int], None]
"""Writes a live worker's heartbeat in a fold's own transaction, given the position the
fold reaches."""

TRANSIENT = (
    OperationalError,
    InterfaceError,
    IntegrityError,
    VersionSwapped,
    psycopg.OperationalError,
)
"""Failures that are not an event's fault: they never count towards parking it."""


class BatchFolder:
    """Folds batches into one version of a read model; isolates and parks poison events."""

    def __init__(
        self,
        projection_class: type[ReadModelProjection],
        view: ReadModelView,
        source: EventSource,
        *,
        serving: bool,
        max_attempts: int,
    ) -> None:
        self.projection = projection_class(view=view)
        self.view = view
        self.source = source
        self.serving = serving
        self.max_attempts = max_attempts
        self.failures: dict[int, int] = {}
        """Failures so far of each event at fault (by position), until it is parked."""

    def fold(
        self, notifications: Sequence[Notification], heartbeat: FoldHeartbeat | None = None
    ) -> int:
        """Fold ``notifications`` (consecutive, in order); return the position reached.

        A failing batch is retried one event at a time, so only the event at fault is
        counted; it is parked once it has failed ``max_attempts`` times. ``heartbeat``
        is written in each fold's transaction (given the position that fold reaches).
        """
        try:
            self._fold(notifications, heartbeat)
        except TRANSIENT:
            raise
        except Exception as error:
            if len(notifications) > 1:
                for notification in notifications:
                    self.fold([notification], heartbeat)
                return notifications[-1].id
            self._count_failure(notifications[0], error)
        return notifications[-1].id

    def _fold(self, notifications: Sequence[Notification], heartbeat: FoldHeartbeat | None) -> None:
        events = [PositionedEvent(self.source.decode(n), n.id) for n in notifications]
        tracking = Tracking(self.source.application_name, notifications[-1].id)

        def write(curs: Cursor[DictRow]) -> Changed:
            changed = self.projection.fold(curs, events, self.view.tables)
            if heartbeat is not None:
                heartbeat(curs, tracking.notification_id)
            return changed

        self.view.record(write, tracking, serving=self.serving)

    def _count_failure(self, notification: Notification, error: Exception) -> None:
        attempts = self.failures.get(notification.id, 0) + 1
        self.failures[notification.id] = attempts
        if attempts < self.max_attempts:
            raise error
        log.error(
            "parking event %s of %s after %s failures: %r",
            notification.id,
            self.view.projection_name,
            attempts,
            error,
        )
        with self.view.datastore.transaction(commit=True) as curs:
            self.view.check_version(curs, serving=self.serving)
            catalog.park(
                curs,
                self.view.schema,
                name=self.view.projection_name,
                version=self.view.version,
                position=notification.id,
                originator_id=str(notification.originator_id),
                topic=notification.topic,
                error=f"{type(error).__name__}: {error}"[:2000],
                attempts=attempts,
            )
            self.view._insert_tracking(
                curs, Tracking(self.source.application_name, notification.id)
            )
            self.view.notify(curs, notification.id)
        del self.failures[notification.id]
