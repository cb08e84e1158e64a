"""A rebuild's backlog folded in bulk: chunks handed to partitions, one commit per chunk.

``BulkLoad`` cuts the backlog into chunks of positions (``BulkConfig.chunk_events``) and
has each partition fold its aggregates' events of a chunk (``projections.bulk.ChunkFold``),
in ``BulkConfig.workers`` spawned processes side by side, or in this process for a small
backlog. It writes what they return in one transaction per chunk, with the chunk's
tracking record, while the partitions fold the next chunk. A chunk that cannot be folded
in bulk is not written: ``run`` says where it stopped, and the rebuild folds that stretch
the careful way (``BatchFolder``) before it calls ``run`` again.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Protocol

import psycopg
from eventsourcing.persistence import DataError, IntegrityError, Tracking

from projections.base import ReadModelView
from projections.bulk import BulkConfig, ChunkFold, WorkerSpec, prepare_worker_process
from projections.runner.event_source import EventSource


class _Partition(Protocol):
    """Where one partition's chunks are folded: this process or a worker process."""

    def submit(self, chunk: int, settled: int, after: int, upto: int) -> None: ...

    def result(self) -> tuple[bool, Any]: ...

    def reset(self) -> None: ...

    def close(self) -> None: ...


def _fold_safely(folder: ChunkFold, message: tuple[int, int, int, int]) -> tuple[bool, Any]:
    """``(True, part)``, or ``(False, error text)`` after forgetting the unsettled chunks."""
    try:
        return True, folder.fold(*message)
    except Exception as error:  # the chunk goes to the careful fold, which names the event
        folder.reset()
        return False, f"{type(error).__name__}: {error}"


class _Inline:
    """A partition folded in this process (a small backlog: no process is worth starting)."""

    def __init__(self, fold_class: type[ChunkFold], spec: WorkerSpec) -> None:
        self._connection = psycopg.connect(spec.conninfo, autocommit=True)
        self._folder = fold_class(spec, self._connection)
        self._result: tuple[bool, Any] = (False, "nothing submitted")

    def submit(self, chunk: int, settled: int, after: int, upto: int) -> None:
        self._result = _fold_safely(self._folder, (chunk, settled, after, upto))

    def result(self) -> tuple[bool, Any]:
        return self._result

    def reset(self) -> None:
        self._folder.reset()

    def close(self) -> None:
        self._connection.close()


def _serve(pipe: Connection, fold_class: type[ChunkFold], spec: WorkerSpec) -> None:
    """A worker process: fold the chunks it is sent until told to stop or orphaned."""
    with psycopg.connect(spec.conninfo, autocommit=True) as connection:
        folder = fold_class(spec, connection)
        prepare_worker_process()
        while True:
            try:
                message = pipe.recv()
            except (EOFError, OSError):  # the coordinator is gone
                return
            if message is None:
                return
            if message == "reset":
                folder.reset()
                continue
            pipe.send(_fold_safely(folder, message))


class _Process:
    """A partition folded in a spawned worker process, talked to through a pipe."""

    def __init__(self, context: Any, fold_class: type[ChunkFold], spec: WorkerSpec) -> None:
        self._pipe, child = context.Pipe()
        self.name = f"rebuild-{spec.tables.names}-{spec.partition}"
        self._process = context.Process(
            target=_serve, args=(child, fold_class, spec), name=self.name, daemon=True
        )
        self._process.start()
        child.close()

    def submit(self, chunk: int, settled: int, after: int, upto: int) -> None:
        self._pipe.send((chunk, settled, after, upto))

    def result(self) -> tuple[bool, Any]:
        try:
            answer: tuple[bool, Any] = self._pipe.recv()
        except (EOFError, OSError):  # it could not connect, was killed, ran out of memory
            self._process.join(1)
            raise RuntimeError(
                f"rebuild worker {self._process.pid} died (exit code {self._process.exitcode})"
            ) from None
        return answer

    def reset(self) -> None:
        self._pipe.send("reset")

    def close(self) -> None:
        with suppress(OSError):  # a worker that died has closed its end
            self._pipe.send(None)
        self._process.join(5)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(5)
        self._pipe.close()


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

    def _partitions(self, backlog: int) -> list[_Partition]:
        count = self.config.workers
        if count <= 1 or backlog < self.config.processes_from:
            return [_Inline(self.fold_class, self._spec(0, 1))]
        context = multiprocessing.get_context("spawn")  # never fork a threaded process
        return [
            _Process(context, self.fold_class, self._spec(number, count)) for number in range(count)
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
        partitions: list[_Partition],
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
        self, partitions: list[_Partition], number: int, settled: int, after: int, head: int
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
    def _abandon(partitions: list[_Partition], upcoming: _InFlight | None) -> None:
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
