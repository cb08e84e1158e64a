"""A rebuild's backlog folded in parallel: chunks of events, worker processes, one commit each.

Folding an event costs Python time (decoding it, the domain's ``mutate``, rendering the
row) and one interpreter uses one core, so a rebuild that folds in its own thread is bound
to one core however many the host has. ``BulkLoad`` cuts the backlog into chunks of
positions (``BulkConfig.chunk_events``) and has ``BulkConfig.workers`` spawned processes
fold each chunk side by side, each the aggregates of its partition (an aggregate's events
always go to the same worker, in order). It writes what they return in **one transaction
per chunk, with the chunk's tracking record**: the new version is committed only at chunk
boundaries, so a build killed at any point (this process, a worker, the database) resumes
from its tracking position with nothing folded twice. While the workers fold chunk k+1,
this process writes chunk k.

A worker reads its partition's events of the chunk itself, and the committed rows of the
aggregates whose first event in the chunk is not their creation; the aggregates it folded
in the chunk not yet committed (the one being written while it folds the next) it still
has in memory. It returns plain bytes: the rows in ``COPY`` format and what the read
model's own bookkeeping needs (``ChunkFold``). This process only cuts chunks and writes.

A chunk a worker cannot fold (a poison event, rows the table refuses) is not written:
``run`` returns where it stopped and the caller folds that stretch with the careful
``Folder``, which isolates the event at fault and parks it, then calls ``run`` again.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import psycopg
from eventsourcing.application import Application
from eventsourcing.persistence import DataError, IntegrityError, Mapper, Tracking

from projections.base import ReadModelView
from projections.bulk_workers import (
    ChunkFold,
    InlinePartition,
    Partition,
    ProcessPartition,
    WorkerSpec,
)
from projections.decoding import fast_mapper

if TYPE_CHECKING:
    from projections.runner import EventSource  # which imports this module

log = logging.getLogger(__name__)


def default_workers() -> int:
    """Worker processes for a rebuild: one per core, at most four (PostgreSQL needs some)."""
    return max(1, min(os.cpu_count() or 1, 4))


@dataclass(frozen=True)
class BulkConfig:
    """How a rebuild folds its backlog."""

    chunk_events: int = 20_000
    """Positions per chunk (and per transaction): large enough that a transaction's fixed
    cost is nothing per event, small enough that a worker holds a few tens of MB."""
    workers: int = field(default_factory=default_workers)
    """Worker processes folding each chunk's partitions side by side."""
    processes_from: int = 50_000
    """Least backlog (events) for which worker processes are started: starting one costs
    about a second (a fresh interpreter imports the code); a smaller backlog is folded in
    this process, the same way."""
    index_memory: str = "256MB"
    """``maintenance_work_mem`` of the sessions that build the new version's indexes: a
    GIN index over a million rows builds several times faster with it than with the
    server's default 64 MB."""


def standalone_mapper(application_class: type[Application[Any]]) -> Mapper[Any]:
    """The mapper ``application_class`` decodes its events with, without its event store.

    Built in a worker from the application's own class and the process environment (where
    the application reads its cipher and compressor settings too), so a worker decodes
    exactly as the application does.
    """
    return fast_mapper(application_class(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}).mapper)


@dataclass(frozen=True)
class _InFlight:
    """A chunk handed to the partitions and not yet written."""

    number: int
    upto: int
    """Its last position."""


@dataclass(frozen=True)
class BulkOutcome:
    """Where a bulk load stopped."""

    position: int
    """The last position committed."""
    failed_through: int | None = None
    """A chunk up to this position could not be folded in bulk (``error`` says why)."""
    error: str | None = None


class BulkLoad:
    """Folds a version's backlog in chunks, in parallel, one transaction per chunk."""

    def __init__(
        self,
        fold_class: type[ChunkFold],
        view: ReadModelView,
        source: EventSource,
        *,
        config: BulkConfig,
        stop: threading.Event,
    ) -> None:
        self.fold_class = fold_class
        self.view = view
        self.source = source
        self.config = config
        self.stop = stop

    def run(
        self,
        progress: Callable[[int, int], None] | None = None,
        beat: Callable[[int], None] | None = None,
    ) -> BulkOutcome:
        """Fold from the version's tracking position until the head (or stop).

        Args:
            progress: Told ``(position, head)`` before the first chunk and after each.
            beat: Told the position after each chunk is committed (heartbeats).
        """
        position = self.view.position(self.source.application_name)
        head = self.source.head()
        if progress is not None:
            progress(position, head)
        partitions = self._partitions(head - position)
        try:
            return self._run(partitions, position, head, progress, beat)
        finally:
            for partition in partitions:
                partition.close()

    def _partitions(self, backlog: int) -> list[Partition]:
        count = self.config.workers
        if count <= 1 or backlog < self.config.processes_from:
            return [InlinePartition(self.fold_class, self._spec(0, 1))]
        context = multiprocessing.get_context("spawn")  # never fork a threaded process
        return [
            ProcessPartition(context, self.fold_class, self._spec(number, count))
            for number in range(count)
        ]

    def _spec(self, partition: int, partitions: int) -> WorkerSpec:
        return WorkerSpec(
            conninfo=self.source.conninfo,
            events_table=self.source.events_table,
            tables=self.view.tables,
            mapper_factory=self.source.mapper_factory,
            partition=partition,
            partitions=partitions,
        )

    def _run(
        self,
        partitions: list[Partition],
        position: int,
        head: int,
        progress: Callable[[int, int], None] | None,
        beat: Callable[[int], None] | None,
    ) -> BulkOutcome:
        flight = self._dispatch(partitions, 1, 0, position, head)
        while flight is not None:
            answers = [partition.result() for partition in partitions]
            failures = [str(answer) for ok, answer in answers if not ok]
            if failures:
                self._abandon(partitions, None)
                return BulkOutcome(position, flight.upto, "; ".join(failures))
            if flight.upto >= head:
                head = self.source.head()
            # The workers fold the next chunk while this one is written.
            upcoming = (
                None
                if self.stop.is_set()
                else self._dispatch(
                    partitions, flight.number + 1, flight.number - 1, flight.upto, head
                )
            )
            try:
                self._write([part for _, part in answers], flight.upto)
            except (IntegrityError, DataError) as error:
                self._abandon(partitions, upcoming)
                if not isinstance(error.__cause__, psycopg.Error):
                    raise  # not the rows: another writer moved the tracking position
                # The rows do not fit (a task created twice, say): the careful fold decides.
                return BulkOutcome(position, flight.upto, f"{type(error).__name__}: {error}")
            except BaseException:
                self._abandon(partitions, upcoming)
                raise
            position = flight.upto
            if beat is not None:
                beat(position)
            if progress is not None:
                progress(position, head)
            flight = upcoming
        return BulkOutcome(position)

    def _dispatch(
        self, partitions: list[Partition], number: int, settled: int, after: int, head: int
    ) -> _InFlight | None:
        """Hand the chunk after ``after`` (at most ``chunk_events`` positions, not past
        ``head``) to every partition; ``None`` when there is none.

        Every position up to the head read is final: the event store commits its inserts
        in position order (a table lock), so a position not there now never will be.
        """
        if after >= head:
            return None
        upto = min(after + self.config.chunk_events, head)
        for partition in partitions:
            partition.submit(number, settled, after, upto)
        return _InFlight(number, upto)

    @staticmethod
    def _abandon(partitions: list[Partition], upcoming: _InFlight | None) -> None:
        """Drop what the partitions folded on the assumption a chunk would commit."""
        for partition in partitions:
            if upcoming is not None:
                partition.result()
            partition.reset()

    def _write(self, parts: Sequence[bytes], upto: int) -> None:
        """The chunk's rows and its tracking record, in one transaction."""
        view = self.view
        with view.datastore.transaction(commit=True) as curs:
            view.check_version(curs, serving=False)  # also: synchronous_commit off
            self.fold_class.write(curs, view.tables, parts)
            view._insert_tracking(curs, Tracking(self.source.application_name, upto))


Connect = Callable[[], AbstractContextManager[psycopg.Connection[Any]]]


def build_indexes(view: ReadModelView, connect: Connect, *, parallel: int, memory: str) -> None:
    """Create the version's secondary indexes, ``parallel`` at a time (idempotent).

    Each ``CREATE INDEX`` takes a SHARE lock, which others share: several build on one
    table at once, each on a connection (and core) of its own. Each is its own
    transaction, so a build interrupted half-way leaves the indexes already built and
    none half-built.
    """
    statements: queue.Queue[bytes] = queue.Queue()
    for statement in view.index_statements():
        statements.put(statement)
    errors: list[BaseException] = []

    def build() -> None:
        try:
            with connect() as connection:
                connection.execute(
                    "SELECT set_config('maintenance_work_mem', %s, false)", (memory,)
                )
                while True:
                    try:
                        statement = statements.get_nowait()
                    except queue.Empty:
                        return
                    connection.execute(statement)
        except BaseException as error:
            errors.append(error)

    threads = [
        threading.Thread(target=build, name=f"index-{view.projection_name}-{number}")
        for number in range(max(1, min(parallel, statements.qsize())))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
