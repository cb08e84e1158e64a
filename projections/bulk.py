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

import gc
import logging
import multiprocessing
import os
import queue
import signal
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any, Protocol

import psycopg
from eventsourcing.application import Application
from eventsourcing.persistence import DataError, IntegrityError, Mapper, StoredEvent, Tracking
from psycopg import Cursor, sql
from psycopg.rows import DictRow

from projections.base import ReadModelView
from projections.decoding import fast_mapper
from projections.fold import Delivered
from projections.tables import Tables

if TYPE_CHECKING:
    from projections.runner import EventSource  # which imports this module

log = logging.getLogger(__name__)

MapperFactory = Callable[[], Mapper[Any]]
"""Builds, in a worker, the mapper that decodes stored events (picklable)."""


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
class WorkerSpec:
    """Everything a worker needs, sent to it once (picklable)."""

    conninfo: str
    events_table: tuple[str, str]
    """Schema and name of the event store's table."""
    tables: Tables
    mapper_factory: MapperFactory
    partition: int
    partitions: int


class ChunkFold(ABC):
    """A read model's bulk fold: an instance folds one partition in a worker, chunk after
    chunk; ``write`` (a class method) writes every partition's result of a chunk.

    Instances keep what they folded in the chunks not yet committed (after ``settled``):
    the table does not have it yet.
    """

    def __init__(self, spec: WorkerSpec, connection: psycopg.Connection[Any]) -> None:
        self.spec = spec
        self.connection = connection
        self.mapper = spec.mapper_factory()
        schema, table = spec.events_table
        partition = (
            sql.SQL(" AND get_byte(uuid_send(originator_id), 15) %% {} = {}").format(
                sql.Literal(spec.partitions), sql.Literal(spec.partition)
            )
            if spec.partitions > 1
            else sql.SQL("")
        )
        self._read = (
            sql.SQL(
                "SELECT notification_id, originator_id, originator_version, topic, state "
                "FROM {} WHERE notification_id > %s AND notification_id <= %s{} "
                "ORDER BY notification_id"
            )
            .format(sql.Identifier(schema, table), partition)
            .as_bytes(None)
        )

    def events(self, after: int, upto: int) -> list[Delivered]:
        """This partition's stored events in ``(after, upto]``, decoded, with positions."""
        decode = self.mapper.to_domain_event
        with self.connection.cursor(binary=True) as cursor:
            cursor.execute(self._read, (after, upto))
            return [
                Delivered(
                    decode(StoredEvent(originator_id, version, topic, bytes(state))), position
                )
                for position, originator_id, version, topic, state in cursor
            ]

    @abstractmethod
    def fold(self, chunk: int, settled: int, after: int, upto: int) -> bytes:
        """Fold this partition's events in ``(after, upto]`` (chunk number ``chunk``).

        Every chunk up to number ``settled`` is committed (forget them; the table has
        them). Returns what ``write`` needs, encoded.
        """

    @abstractmethod
    def reset(self) -> None:
        """Forget every chunk not settled (they will not be committed)."""

    @classmethod
    @abstractmethod
    def write(cls, curs: Cursor[DictRow], tables: Tables, parts: Sequence[bytes]) -> None:
        """Write what every partition's ``fold`` of one chunk returned (one transaction)."""


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


YOUNG_GENERATION_THRESHOLD = 100_000
"""Net allocations between the cyclic collector's young passes in a worker (CPython's
default: 700). A chunk allocates millions of short-lived objects that reference counting
frees, and each pass walks the young ones (and every tenth, more): a quarter of the time
of a loop that decodes, folds and renders tasks, at the default."""


def settle_worker_heap() -> None:
    """For a worker process, once started: what start-up built (modules, classes) is never
    garbage, so it is frozen out of the collector's sight, and young passes are spaced.

    Also leaves Ctrl-C to the process that started it (a terminal sends SIGINT to the whole
    process group): that one stops its workers by closing their pipes.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, *gc.get_threshold()[1:])


def _serve(pipe: Connection, fold_class: type[ChunkFold], spec: WorkerSpec) -> None:
    """A worker process: fold the chunks it is sent until told to stop or orphaned."""
    with psycopg.connect(spec.conninfo, autocommit=True) as connection:
        folder = fold_class(spec, connection)
        settle_worker_heap()
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
