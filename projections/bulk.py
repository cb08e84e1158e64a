"""A read model's bulk fold: what a rebuild's worker processes run to fold its backlog.

Folding an event costs Python time (decoding it, the domain's ``mutate``, rendering the
row) and one interpreter uses one core, so a rebuild that folds in its own thread is bound
to one core however many the host has. A rebuild therefore cuts the backlog into chunks
of positions (``BulkConfig.chunk_events``) and has ``BulkConfig.workers`` spawned
processes fold each chunk side by side, each the aggregates of its partition
(an aggregate's events always go to the same worker, in order);
``projections.runner.bulk_load`` hands out the chunks and writes each one, with its
tracking record, in one transaction.

A worker reads its partition's events of the chunk itself, and the committed rows of the
aggregates whose first event in the chunk is not their creation; the aggregates it folded
in the chunk not yet committed (the one being written while it folds the next) it still
has in memory. It returns plain bytes: the rows in ``COPY`` format and what the read
model's own bookkeeping needs (``ChunkFold``).
"""

from __future__ import annotations

import gc
import os
import signal
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg
from eventsourcing.application import Application
from eventsourcing.persistence import Mapper, StoredEvent
from psycopg import Cursor, sql
from psycopg.rows import DictRow

from projections.decoding import fast_mapper
from projections.fold import PositionedEvent
from projections.tables import Tables

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

    def events(self, after: int, upto: int) -> list[PositionedEvent]:
        """This partition's stored events in ``(after, upto]``, decoded, with positions."""
        decode = self.mapper.to_domain_event
        with self.connection.cursor(binary=True) as cursor:
            cursor.execute(self._read, (after, upto))
            return [
                PositionedEvent(
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


YOUNG_GENERATION_THRESHOLD = 100_000
"""Net allocations between the cyclic collector's young passes in a worker (CPython's
default: 700). A chunk allocates millions of short-lived objects that reference counting
frees, and each pass walks the young ones (and every tenth, more): a quarter of the time
of a loop that decodes, folds and renders tasks, at the default."""


def prepare_worker_process() -> None:
    """For a worker process, once started: what start-up built (modules, classes) is never
    garbage, so it is frozen out of the collector's sight, and young passes are spaced.

    Also leaves Ctrl-C to the process that started it (a terminal sends SIGINT to the whole
    process group): that one stops its workers by closing their pipes.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, *gc.get_threshold()[1:])
