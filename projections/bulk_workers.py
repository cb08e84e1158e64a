"""Where a rebuild's chunks are folded: a read model's ``ChunkFold``, in a worker process
(or in this one, for a small backlog), one partition of the aggregates each.

A worker reads its partition's events of the chunk itself and returns plain bytes
(``ChunkFold.fold``); the coordinating ``projections.bulk.BulkLoad`` writes them.
"""

from __future__ import annotations

import gc
import signal
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Protocol

import psycopg
from eventsourcing.persistence import Mapper, StoredEvent
from psycopg import Cursor, sql
from psycopg.rows import DictRow

from projections.fold import Delivered
from projections.tables import Tables

MapperFactory = Callable[[], Mapper[Any]]
"""Builds, in a worker, the mapper that decodes stored events (picklable)."""


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


class Partition(Protocol):
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


class InlinePartition:
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


class ProcessPartition:
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
