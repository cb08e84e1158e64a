"""The Task application: one method per use case (load, decide, save), plus history reads."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, PersistenceError, Recording
from eventsourcing.popo import POPOApplicationRecorder
from eventsourcing.utils import EnvType

from application.errors import ConcurrentUpdates, TaskIdTaken, TaskNotFound, VersionMismatch
from application.history import HistoryEntry, history_entry
from application.positions import EventPositions, InMemoryEventPositions
from domain.draft import resolve
from domain.task import EventMeta, Task

RETRY_DEADLINE_S = 5.0
"""How long a command retries against fresh state while concurrent writers keep taking the
task's next version first. docs/api.md promises that a write without ``If-Match`` is never
refused for a conflict, and each retry ends as soon as this writer gets a turn, so the
bound is time, not a count: a count ran out under a burst of hundreds of writers on one
task. Past it the task is too busy to wait for and the caller gets ``ConcurrentUpdates``
(503 with ``Retry-After``); 5 s is far inside clients' timeouts (typically 30 s)."""

RETRY_BACKOFF_FIRST_S = 0.002
"""Longest pause before the first retry (about one command's time)."""

RETRY_BACKOFF_MAX_S = 0.05
"""Longest pause before any retry, so a writer does not sleep through the quiet moments."""

T = TypeVar("T")

SNAPSHOT_EVERY = 50
"""Events between snapshots: long-lived recurring tasks stay cheap to load."""

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    """The present instant, timezone-aware."""
    return datetime.now(UTC)


def conflict_backoff(retry: int) -> float:
    """Seconds to pause before the ``retry``-th retry (1, 2, ...) after a version conflict.

    "Full jitter": uniform between 0 and an exponentially growing cap, so writers that
    collided once spread out instead of colliding again in step.
    """
    cap = min(RETRY_BACKOFF_MAX_S, RETRY_BACKOFF_FIRST_S * 2 ** min(retry - 1, 16))
    return random.uniform(0.0, cap)


@dataclass(frozen=True)
class CommandResult:
    """What a command leaves behind: the task as now stored and where its events stand."""

    task: Task
    position: int
    """Global position of the last event written, or of the task's newest event."""
    written: bool
    """Whether the command wrote any event."""


def occurrence_id(series_id: UUID, occurrence: int) -> UUID:
    """The deterministic id of a series' n-th occurrence, so spawning it twice creates it once."""
    return uuid5(series_id, f"occurrence:{occurrence}")


def idempotent_task_id(user_id: str, idempotency_key: str) -> UUID:
    """The id a create with this user's idempotency key gets, so a retried create is recognised."""
    return uuid5(NAMESPACE_URL, f"tasklog:create:{user_id}:{idempotency_key}")


class TaskApplication(Application[UUID]):
    """Every command and history read on tasks.

    eventsourcing is synchronous: callers on an event loop run these methods in
    worker threads.
    """

    name = "Tasklog"
    is_snapshotting_enabled = True

    def __init__(
        self,
        env: EnvType | None = None,
        *,
        positions: EventPositions | None = None,
        clock: Callable[[], datetime] = utc_now,
        retry_deadline_s: float = RETRY_DEADLINE_S,
    ) -> None:
        super().__init__(env)
        self.clock = clock
        self.retry_deadline_s = retry_deadline_s
        if positions is None and isinstance(self.recorder, POPOApplicationRecorder):
            positions = InMemoryEventPositions(self.recorder)
        self._positions = positions

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """``Application.save``, then a snapshot of a task at every ``SNAPSHOT_EVERY``-th event.

        The snapshot is taken once the events are committed, and one that cannot be written
        then (the connection lost, another process wrote it) does not fail the command,
        whose caller would take it for not done: snapshots only save replay time.
        """
        recordings = super().save(*objs, **kwargs)
        for recording in recordings:
            event = recording.domain_event
            if event.originator_version % SNAPSHOT_EVERY == 0:
                try:
                    self.take_snapshot(event.originator_id, version=event.originator_version)
                except PersistenceError as error:
                    log.warning("snapshot not taken after a committed save: %r", error)
        return recordings

    @property
    def positions(self) -> EventPositions:
        """The position lookup (persistent stores need infrastructure to pass one in)."""
        if self._positions is None:
            raise RuntimeError("this TaskApplication was built without an event positions lookup")
        return self._positions

    # -- loading --------------------------------------------------------------------------

    def _load(self, task_id: UUID, user_id: str | None, *, allow_deleted: bool = False) -> Task:
        """Load a task for ``user_id`` (``None``: any owner, for auditors and jobs)."""
        try:
            task: Task = self.repository.get(task_id)
        except AggregateNotFoundError:
            raise TaskNotFound() from None
        if not isinstance(task, Task):
            raise TaskNotFound()
        if user_id is not None and task.owner != user_id:
            raise TaskNotFound()
        if task.deleted and not allow_deleted:
            raise TaskNotFound()
        return task

    def get_task(self, task_id: UUID, *, user_id: str | None) -> Task:
        """The write model's current state of a live task."""
        return self._load(task_id, user_id)

    # -- commands -------------------------------------------------------------------------

    def create_task(
        self,
        *,
        owner: str,
        fields: Mapping[str, Any],
        meta: EventMeta,
        task_id: UUID | None = None,
    ) -> CommandResult:
        """Create a task; a create retried with the same id returns the first one unchanged."""
        now = self.clock()
        draft = resolve(None, fields, now=now)
        task = Task.create(task_id=task_id or uuid4(), owner=owner, draft=draft, meta=meta, now=now)
        if fields.get("completed"):
            task.complete(meta=meta, now=now)
        try:
            recordings = self.save(task)
        except IntegrityError:
            existing = self._load(task.id, None, allow_deleted=True)
            if existing.owner != owner:
                raise TaskIdTaken() from None
            return CommandResult(existing, self.positions.latest(existing.id), written=False)
        return CommandResult(task, recordings[-1].notification.id, written=True)

    def _command(
        self,
        task_id: UUID,
        *,
        user_id: str | None,
        expected_version: int | None,
        decide: Callable[[Task, datetime], None],
    ) -> CommandResult:
        """Load, check ``If-Match``, decide, save; retry on a concurrent writer's conflict.

        A retry reloads the task, so with ``If-Match`` a version another writer made is a
        ``VersionMismatch`` (412), and without it the change applies to the fresh state.
        """

        def attempt() -> CommandResult:
            task = self._load(task_id, user_id)
            if expected_version is not None and task.version != expected_version:
                raise VersionMismatch(expected_version, task.version)
            decide(task, self.clock())
            recordings = self.save(task)
            if not recordings:
                return CommandResult(task, self.positions.latest(task_id), written=False)
            return CommandResult(task, recordings[-1].notification.id, written=True)

        return self._retrying_conflicts(attempt)

    def _retrying_conflicts(self, attempt: Callable[[], T]) -> T:
        """Run ``attempt`` until it saves without a version conflict (``IntegrityError``).

        Between tries it pauses for ``conflict_backoff``; once the next try would start
        after ``retry_deadline_s`` it gives up. Hand-written rather than tenacity: that
        costs ~40 us per call, on every command, for a loop that nearly always runs once.

        Raises:
            ConcurrentUpdates: writers kept winning until the deadline.
        """
        deadline = time.monotonic() + self.retry_deadline_s
        retry = 0
        while True:
            try:
                return attempt()
            except IntegrityError:
                retry += 1
            pause = conflict_backoff(retry)
            if time.monotonic() + pause >= deadline:
                raise ConcurrentUpdates()
            time.sleep(pause)

    def update_task(
        self,
        task_id: UUID,
        *,
        user_id: str,
        fields: Mapping[str, Any],
        meta: EventMeta,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Change any input fields (PATCH/PUT); ``completed`` completes or reopens."""

        def decide(task: Task, now: datetime) -> None:
            task.change(resolve(task.draft, fields, now=now), meta=meta, now=now)
            completed = fields.get("completed")
            if completed is not None:
                task.set_completed(bool(completed), meta=meta, now=now)

        return self._command(
            task_id, user_id=user_id, expected_version=expected_version, decide=decide
        )

    def complete_task(
        self, task_id: UUID, *, user_id: str, meta: EventMeta, expected_version: int | None = None
    ) -> CommandResult:
        """Mark a task completed."""
        return self._command(
            task_id,
            user_id=user_id,
            expected_version=expected_version,
            decide=lambda task, now: task.complete(meta=meta, now=now),
        )

    def reopen_task(
        self, task_id: UUID, *, user_id: str, meta: EventMeta, expected_version: int | None = None
    ) -> CommandResult:
        """Mark a task open again."""
        return self._command(
            task_id,
            user_id=user_id,
            expected_version=expected_version,
            decide=lambda task, now: task.reopen(meta=meta, now=now),
        )

    def toggle_task(
        self, task_id: UUID, *, user_id: str, meta: EventMeta, expected_version: int | None = None
    ) -> CommandResult:
        """Flip completion (the original backend's toggle)."""
        return self._command(
            task_id,
            user_id=user_id,
            expected_version=expected_version,
            decide=lambda task, now: task.toggle(meta=meta, now=now),
        )

    def delete_task(
        self, task_id: UUID, *, user_id: str, meta: EventMeta, expected_version: int | None = None
    ) -> CommandResult:
        """Delete a task; its history stays."""
        return self._command(
            task_id,
            user_id=user_id,
            expected_version=expected_version,
            decide=lambda task, now: task.delete(meta=meta, now=now),
        )

    def spawn_next_occurrence(self, task_id: UUID, *, meta: EventMeta) -> CommandResult | None:
        """Create the occurrence after a completed one; ``None`` when the series ends.

        Safe to run any number of times: the next occurrence's id is derived from
        the series and its number, so a second run finds it already there.
        """
        try:
            task = self._load(task_id, None)
        except TaskNotFound:
            return None
        next_due = task.next_occurrence_due()
        if next_due is None or task.series_id is None:
            return None
        number = (task.occurrence or 1) + 1
        draft = replace(task.draft, due=next_due)
        current_due = task.due
        if task.reminder_at is not None and current_due is not None:
            draft = replace(draft, reminder_at=next_due.at - (current_due.at - task.reminder_at))
        new_task = Task.create(
            task_id=occurrence_id(task.series_id, number),
            owner=task.owner,
            draft=draft,
            meta=meta,
            now=self.clock(),
            series_id=task.series_id,
            occurrence=number,
        )
        try:
            recordings = self.save(new_task)
        except IntegrityError:
            existing = self._load(new_task.id, None, allow_deleted=True)
            return CommandResult(existing, self.positions.latest(existing.id), written=False)
        return CommandResult(new_task, recordings[-1].notification.id, written=True)

    def fire_reminder(
        self, task_id: UUID, reminder_at: datetime, *, meta: EventMeta
    ) -> CommandResult | None:
        """Record that a task's reminder fired, once; ``None`` when it no longer should."""

        def attempt() -> CommandResult | None:
            try:
                task = self._load(task_id, None)
            except TaskNotFound:
                return None
            if not task.fire_reminder(reminder_at, meta=meta, now=self.clock()):
                return None
            recordings = self.save(task)
            return CommandResult(task, recordings[-1].notification.id, written=True)

        return self._retrying_conflicts(attempt)

    # -- history and time travel ----------------------------------------------------------

    def history(self, task_id: UUID, *, user_id: str | None) -> list[HistoryEntry]:
        """Every event of the task in order, deleted tasks included."""
        self._load(task_id, user_id, allow_deleted=True)
        events = list(self.repository.event_store.get(task_id))
        # Positions are read after the events, so an event committed in between (a job's)
        # is either not listed or listed with its position, never with 0.
        positions = self.positions.positions(task_id)
        return [
            history_entry(event, positions.get(event.originator_version, 0)) for event in events
        ]

    def state_at(
        self,
        task_id: UUID,
        *,
        user_id: str | None,
        version: int | None = None,
        as_of: datetime | None = None,
    ) -> Task:
        """The task as it was after event ``version``, or at instant ``as_of``.

        Raises:
            TaskNotFound: the task did not exist (or was deleted) at that point.
        """
        current = self._load(task_id, user_id, allow_deleted=True)
        if as_of is not None:
            version = None
            for event in self.repository.event_store.get(task_id):
                if not isinstance(event, Task.Event) or event.timestamp > as_of:
                    break
                version = event.originator_version
            if version is None:
                raise TaskNotFound()
        if version is None or version < 1 or version > current.version:
            raise TaskNotFound()
        task: Task = self.repository.get(task_id, version=version)
        if not isinstance(task, Task) or task.deleted:
            raise TaskNotFound()
        return task
