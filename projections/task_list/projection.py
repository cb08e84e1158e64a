"""The ``task_list`` read model: one row per live task, and per-user tag counts.

The fold reuses the domain exactly: each row keeps the aggregate's state as JSON, an
event is applied with ``event.mutate(task)`` on the state rebuilt from that row, and
the row's columns and pre-rendered resource come from the resulting Task.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from uuid import UUID

from psycopg import Cursor, sql
from psycopg.rows import DictRow

from domain.task import Task
from projections.base import ReadModelProjection
from projections.bulk import ChunkFold
from projections.columns import column_names, create_table, recordset
from projections.fold import Changed, PositionedEvent
from projections.tables import Tables, json_rows, uuid_array
from projections.task_list.rows import TagCountRow, TagSubject, TaskRow, tag_key, task_row
from projections.task_list.state import load_state
from projections.task_states import evolve

TASKS = "task_list"
TAGS = "task_list_tags"


_TasksBefore = dict[UUID, tuple[str, list[str], bool]]


@dataclass
class _TagDelta:
    """How one (owner, tag) count changes in a batch.

    A new row takes the first spelling the batch brings (the first task that carries the
    tag, in the order the batch met the tasks), so a tag shows the spelling its owner first
    used however the events were batched: one by one live, or thousands at once in a
    rebuild. An existing row keeps its spelling.
    """

    spelling: str
    open: int = 0
    total: int = 0


_DUE_SORT_KEYS = (
    # Sentinels instead of NULL so "no due date sorts last" in either direction is a plain
    # (key, id) row comparison on one index each.
    "due_asc timestamptz GENERATED ALWAYS AS (coalesce(due_at, 'infinity'::timestamptz)) STORED",
    "due_desc timestamptz GENERATED ALWAYS AS (coalesce(due_at, '-infinity'::timestamptz)) STORED",
)


class TaskListProjection(ReadModelProjection):
    """Tasks for the list, get and tags reads."""

    name = "task_list"
    revision = 6
    rendering = "0db660fe107b3ac3255ea88f14717cccb2be52c0140a359a04e45bbdc81f0f3f"
    tables = (TASKS, TAGS)

    @classmethod
    def ddl(cls, tables: Tables, extension_schemas: Mapping[str, str]) -> list[sql.Composed]:
        """The tables: tasks (with the columns every filter and sort needs) and tag counts."""
        return [
            create_table(tables[TASKS], TaskRow, primary_key=["id"], generated=_DUE_SORT_KEYS),
            create_table(tables[TAGS], TagCountRow, primary_key=["owner", "tag_key"]),
        ]

    @classmethod
    def index_ddl(cls, tables: Tables, extension_schemas: Mapping[str, str]) -> list[sql.Composed]:
        """Owner-first (key, id) indexes for each sort; owner-keyed GIN for tags and ``q``.

        Slowest first: a rebuild builds them a few at a time, and the search index takes
        as long as four of the others (1,000,000 tasks: 5.7 s against 1.3 s), so started
        last it would finish alone.
        """
        tasks = tables[TASKS]
        base = tables.names[TASKS]

        def index(suffix: str, body: str) -> sql.Composed:
            return sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} " + body).format(
                sql.Identifier(f"{base}_{suffix}"), tasks
            )

        statements = [
            index("search", "USING gin (search_grams)"),
            index("tags", "USING gin (owner_tags)"),
            index("created", "(owner, created_at, id)"),
            index("updated", "(owner, updated_at, id)"),
            index("due_asc", "(owner, due_asc, id)"),
            index("due_desc", "(owner, due_desc, id)"),
            index("priority", "(owner, priority_rank, id)"),
            index("title", "(owner, title_key, id)"),
            index("series", "(owner, series_id) WHERE series_id IS NOT NULL"),
        ]
        return statements

    @classmethod
    def bulk_fold(cls) -> type[ChunkFold]:
        """A rebuild folds the backlog in worker processes and loads rows with COPY."""
        from projections.task_list.bulk import TaskListChunkFold  # it builds on this module

        return TaskListChunkFold

    def fold(
        self, curs: Cursor[DictRow], events: Sequence[PositionedEvent], tables: Tables
    ) -> Changed:
        """Apply task events to their rows; deleted tasks leave the table.

        Returns the owners whose tasks or tag counts changed: API processes cache list
        pages per owner and drop just those owners' pages.
        """
        first_events: dict[UUID, Task.Event] = {}
        for delivered in events:
            if isinstance(delivered.event, Task.Event):
                first_events.setdefault(delivered.event.originator_id, delivered.event)
        if not first_events:
            return Changed(owners=frozenset())
        # A task whose first event here is its creation has no row yet: skip the lookup.
        stored = [i for i, first in first_events.items() if not isinstance(first, Task.Created)]
        tasks, before = self._load(curs, tables, stored)
        touched = list(evolve(tasks, events).tasks.values())
        self._write_rows(curs, tables, touched)
        self._write_tag_counts(curs, tables, before, touched)
        return Changed(owners=frozenset(task.owner for task in touched))

    @staticmethod
    def _load(
        curs: Cursor[DictRow], tables: Tables, ids: list[UUID]
    ) -> tuple[dict[UUID, Task], _TasksBefore]:
        if not ids:
            return {}, {}
        curs.execute(_statements(tables).load, (uuid_array(ids),))
        tasks: dict[UUID, Task] = {}
        before: _TasksBefore = {}
        for row in curs.fetchall():
            tasks[row["id"]] = load_state(row["state"])
            before[row["id"]] = (row["owner"], list(row["tags"]), bool(row["completed"]))
        return tasks, before

    @staticmethod
    def _write_rows(curs: Cursor[DictRow], tables: Tables, touched: Iterable[Task]) -> None:
        live: list[TaskRow] = []
        gone: list[UUID] = []
        for task in touched:
            if task.deleted:
                gone.append(task.id)
            else:
                live.append(task_row(task))
        if gone:
            curs.execute(_statements(tables).delete, (uuid_array(gone),))
        if live:
            curs.execute(_statements(tables).upsert, (json_rows(live),))

    @staticmethod
    def _write_tag_counts(
        curs: Cursor[DictRow], tables: Tables, before: _TasksBefore, touched: Iterable[TagSubject]
    ) -> None:
        deltas: dict[tuple[str, str], _TagDelta] = {}

        def add(owner: str, tag: str, open_delta: int, total_delta: int) -> None:
            delta = deltas.setdefault((owner, tag_key(tag)), _TagDelta(tag))
            delta.open += open_delta
            delta.total += total_delta

        for task in touched:
            if task.id in before:
                owner, old_tags, completed = before[task.id]
                for tag in old_tags:
                    add(owner, tag, 0 if completed else -1, -1)
            if not task.deleted:
                for tag in task.tag_list:
                    add(task.owner, tag, 0 if task.completed else 1, 1)
        changes = {key: delta for key, delta in deltas.items() if delta.open or delta.total}
        if not changes:
            return
        rows = [
            TagCountRow(owner, key, d.spelling, d.open, d.total)
            for (owner, key), d in changes.items()
        ]
        curs.execute(_statements(tables).tags_upsert, (json_rows(rows),))
        # Only a count that went down can have reached zero: most batches (creates, edits
        # that keep the tags) need no DELETE.
        fallen = [{"owner": o, "tag_key": k} for (o, k), d in changes.items() if d.total < 0]
        if fallen:
            curs.execute(_statements(tables).tags_delete, (json_rows(fallen),))


@dataclass(frozen=True)
class _Statements:
    """The fold's SQL for one version's tables, composed once (as bytes: psycopg converts
    those once, a ``Composable`` on every execution)."""

    load: bytes
    delete: bytes
    upsert: bytes
    tags_upsert: bytes
    tags_delete: bytes


@functools.lru_cache(maxsize=64)
def _statements_for(schema: str, tasks_table: str, tags_table: str) -> _Statements:
    tasks, tags = sql.Identifier(schema, tasks_table), sql.Identifier(schema, tags_table)
    updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in column_names(TaskRow)[1:])
    tag_columns = ", ".join(column_names(TagCountRow))
    # The rows arrive as one JSON array of objects (``TaskRow`` fields); lists become
    # arrays, timestamps and dates are RFC 3339 / ISO 8601 text.
    composed = {
        "load": sql.SQL(
            "SELECT id, state, owner, tags, completed FROM {} WHERE id = ANY(%s::uuid[])"
        ).format(tasks),
        "delete": sql.SQL("DELETE FROM {} WHERE id = ANY(%s::uuid[])").format(tasks),
        "upsert": sql.SQL(
            f"INSERT INTO {{}} ({', '.join(column_names(TaskRow))}) "
            f"SELECT * FROM json_to_recordset(%s::json) AS u({recordset(TaskRow)}) "
            f"ON CONFLICT (id) DO UPDATE SET {updates}"
        ).format(tasks),
        "tags_upsert": sql.SQL(
            f"INSERT INTO {{}} AS t ({tag_columns}) "
            f"SELECT * FROM json_to_recordset(%s::json) AS u({recordset(TagCountRow)}) "
            "ON CONFLICT (owner, tag_key) DO UPDATE SET "
            "open = t.open + EXCLUDED.open, total = t.total + EXCLUDED.total"
        ).format(tags),
        "tags_delete": sql.SQL(
            "DELETE FROM {} WHERE total <= 0 AND (owner, tag_key) IN (SELECT owner, tag_key "
            "FROM json_to_recordset(%s::json) AS u(owner text, tag_key text))"
        ).format(tags),
    }
    return _Statements(**{name: text.as_bytes(None) for name, text in composed.items()})


def _statements(tables: Tables) -> _Statements:
    return _statements_for(tables.schema, tables.names[TASKS], tables.names[TAGS])
