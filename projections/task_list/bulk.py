"""``task_list``'s bulk fold: what a rebuild's workers do with a chunk, and how it is written.

The same fold as ``TaskListProjection.fold`` on a batch the size of a chunk: each task's
events are applied with the domain's ``event.mutate`` to the state its row keeps (or to
nothing, for its creation), and the row is rendered once per chunk by ``task_row``. What
differs is where it runs and how it is written:

- a worker folds the tasks of its partition and formats their rows for a binary ``COPY``
  (psycopg's own formatting, into a buffer);
- the chunk's transaction deletes the rows it replaces and loads every new or changed row
  with that ``COPY`` (a fraction of the server's work of an ``INSERT ... ON CONFLICT``
  per row), then applies the tag counts with the projection's own code, over the tasks
  in the order their first event came in the chunk, as a fold of that batch does.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import msgspec
import psycopg
from psycopg import Cursor, sql
from psycopg.copy import Copy, FileWriter
from psycopg.rows import DictRow

from domain.task import Task
from projections.bulk import ChunkFold, WorkerSpec
from projections.tables import Tables, uuid_array
from projections.task_list.projection import TASKS, TaskListProjection
from projections.task_list.rows import COLUMN_TYPES, COLUMNS, task_row
from projections.task_list.state import load_state
from projections.task_states import evolve


class Subject(msgspec.Struct, array_like=True, frozen=True):
    """A task as the tag counts see it (``rows.TagSubject``)."""

    id: UUID
    owner: str
    tag_list: list[str]
    completed: bool
    deleted: bool


class Touched(msgspec.Struct, array_like=True, frozen=True):
    """One task a partition's chunk touched."""

    first: int
    """Position of its first event in the chunk (tag counts go in this order)."""
    before: tuple[str, list[str], bool] | None
    """Owner, tags and completion of its row before the chunk; ``None``: it had no row."""
    after: Subject


class Part(msgspec.Struct, array_like=True, frozen=True):
    """What a worker returns for its partition of a chunk (sent as msgpack)."""

    copy: bytes
    """Every touched task still live, as one binary ``COPY`` stream."""
    replaced: list[UUID]
    """Tasks whose existing rows the chunk deletes (before the ``COPY``)."""
    touched: list[Touched]


_part_decoder = msgspec.msgpack.Decoder(Part)
_LOAD = "SELECT id, state, owner, tags, completed FROM {} WHERE id = ANY(%s::uuid[])"
_DELETE = "DELETE FROM {} WHERE id = ANY(%s::uuid[])"
_COPY = "COPY {} (%s) FROM STDIN (FORMAT BINARY)" % ", ".join(  # noqa: UP031 (braces)
    sql.Identifier(column).as_string(None) for column in COLUMNS
)


class TaskListChunkFold(ChunkFold):
    """Folds one partition of the tasks, chunk after chunk (in a rebuild's worker)."""

    def __init__(self, spec: WorkerSpec, connection: psycopg.Connection[Any]) -> None:
        super().__init__(spec, connection)
        self._unsettled: dict[int, dict[UUID, Task]] = {}
        """Tasks as the chunks not yet committed left them, by chunk number."""
        self._encoder = msgspec.msgpack.Encoder()
        self._load = spec.tables.sql(_LOAD, TASKS)

    def reset(self) -> None:
        self._unsettled.clear()

    def fold(self, chunk: int, settled: int, after: int, upto: int) -> bytes:
        for number in [n for n in self._unsettled if n <= settled]:
            del self._unsettled[number]
        events = [
            delivered
            for delivered in self.events(after, upto)
            if isinstance(delivered.event, Task.Event)
        ]
        firsts: dict[UUID, int] = {}
        for event, position in events:
            firsts.setdefault(event.originator_id, position)
        tasks, before = self._priors([delivered.event for delivered in events])
        folded = evolve(tasks, events).tasks
        self._unsettled[chunk] = folded
        touched = [
            Touched(
                firsts[task_id],
                before.get(task_id),
                Subject(task_id, task.owner, list(task.tag_list), task.completed, task.deleted),
            )
            for task_id, task in folded.items()
        ]
        part = Part(
            self._copy([task for task in folded.values() if not task.deleted]),
            list(before),
            touched,
        )
        return self._encoder.encode(part)

    def _priors(
        self, events: list[Any]
    ) -> tuple[dict[UUID, Task], dict[UUID, tuple[str, list[str], bool]]]:
        """The tasks whose first event here is not their creation, as their rows stand,
        with those rows' owner, tags and completion (``None`` rows are left out)."""
        wanted: list[UUID] = []
        seen: set[UUID] = set()
        for event in events:
            task_id = event.originator_id
            if task_id not in seen:
                seen.add(task_id)
                if not isinstance(event, Task.Created):
                    wanted.append(task_id)
        tasks: dict[UUID, Task] = {}
        from_table: list[UUID] = []
        for task_id in wanted:
            for number in sorted(self._unsettled, reverse=True):
                unsettled = self._unsettled[number].get(task_id)
                if unsettled is not None:
                    if not unsettled.deleted:
                        tasks[task_id] = unsettled
                    break
            else:
                from_table.append(task_id)
        if from_table:
            with self.connection.cursor() as cursor:
                cursor.execute(self._load, (uuid_array(from_table),))
                for task_id, state, _owner, _tags, _completed in cursor:
                    tasks[task_id] = load_state(state)
        before = {
            task_id: (task.owner, list(task.tag_list), task.completed)
            for task_id, task in tasks.items()
        }
        return tasks, before

    def _copy(self, live: list[Task]) -> bytes:
        """The rows of ``live`` as a binary ``COPY`` stream (header and trailer included;
        nothing at all without rows)."""
        if not live:
            return b""
        buffer = io.BytesIO()
        with (
            self.connection.cursor() as cursor,
            Copy(cursor, binary=True, writer=FileWriter(buffer)) as copy,
        ):
            copy.set_types(list(COLUMN_TYPES))
            for task in live:
                copy.write_row(task_row(task).values())
        return buffer.getvalue()

    @classmethod
    def write(cls, curs: Cursor[DictRow], tables: Tables, parts: Sequence[bytes]) -> None:
        decoded = [_part_decoder.decode(part) for part in parts]
        replaced = [task_id for part in decoded for task_id in part.replaced]
        if replaced:
            curs.execute(tables.sql(_DELETE, TASKS), (uuid_array(replaced),))
        for part in decoded:
            if part.copy:
                with curs.copy(tables.sql(_COPY, TASKS)) as copy:
                    copy.write(part.copy)
        touched = sorted((item for part in decoded for item in part.touched), key=_first)
        before = {item.after.id: item.before for item in touched if item.before is not None}
        TaskListProjection._write_tag_counts(curs, tables, before, [item.after for item in touched])


def _first(item: Touched) -> int:
    return item.first
