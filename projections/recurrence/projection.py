"""The ``recurrence`` read model: one row per completed occurrence still waiting for its next.

A row appears when an occurrence of a recurring task is completed and the domain says
the series goes on (``Task.next_occurrence_due``), and goes when the next occurrence's
``Created`` arrives, or the series ends: the occurrence is deleted or reopened, or its
rule changed so that it has no next. The spawn job (``spawn_next_occurrence``) acts on
the rows; the fold itself has no side effects.

An occurrence whose next one already exists (even deleted) gets no row: reopening and
completing it again does not spawn again, and reopening does not remove the next one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from uuid import UUID

from psycopg import Cursor, sql
from psycopg.rows import DictRow

from application.tasks import occurrence_id
from domain.task import Task
from projections.base import Delivered, ReadModelProjection, Tables, json_rows, uuid_array
from projections.task_states import fold_states, state_table_ddl

PENDING = "recurrence"
TASKS = "recurrence_tasks"


def next_occurrence_id(task: Task) -> UUID | None:
    """The id the next occurrence of ``task`` gets, if the task is owed one now.

    Mirrors ``TaskApplication.spawn_next_occurrence``: a live, completed occurrence of
    a series whose rule yields a next due date.
    """
    if task.deleted or task.series_id is None or task.next_occurrence_due() is None:
        return None
    return occurrence_id(task.series_id, (task.occurrence or 1) + 1)


class RecurrenceProjection(ReadModelProjection):
    """Pending spawns of next occurrences, for the recurrence job."""

    name = "recurrence"
    revision = 2
    read_waited = False
    tables = (PENDING, TASKS)

    @classmethod
    def ddl(cls, tables: Tables, extension_schemas: Mapping[str, str]) -> list[sql.Composed]:
        """The pending table (by task, by expected next id) and the task states."""
        pending = tables[PENDING]
        base = tables.names[PENDING]
        return [
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} ("
                "task_id uuid PRIMARY KEY, "
                "owner text NOT NULL, "
                "series_id uuid NOT NULL, "
                "occurrence integer NOT NULL, "
                "next_id uuid NOT NULL, "
                "completed_version integer NOT NULL, "
                "completed_at timestamptz NOT NULL, "
                "position bigint NOT NULL)"
            ).format(pending),
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (next_id)").format(
                sql.Identifier(f"{base}_next"), pending
            ),
            state_table_ddl(tables[TASKS]),
        ]

    @classmethod
    def index_ddl(cls, tables: Tables, extension_schemas: Mapping[str, str]) -> list[sql.Composed]:
        """Pending rows by position, for the dispatcher (the fold does not need it)."""
        return [
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (position, task_id)").format(
                sql.Identifier(f"{tables.names[PENDING]}_position"), tables[PENDING]
            )
        ]

    def fold(self, curs: Cursor[DictRow], events: Sequence[Delivered], tables: Tables) -> bool:
        """Keep one row per completed occurrence whose next occurrence does not exist yet.

        Returns whether a pending row became new work (the NOTIFY the worker waits for).
        """
        folded = fold_states(curs, tables, TASKS, events)
        if not folded.tasks:
            return False
        owed = {
            task_id: next_id
            for task_id, task in folded.tasks.items()
            if (next_id := next_occurrence_id(task)) is not None
        }
        existing: set[UUID] = set()
        if owed:
            curs.execute(tables.sql(_EXISTING, TASKS), (uuid_array(owed.values()),))
            existing = {row["id"] for row in curs.fetchall()}
        wanted = {task_id: next_id for task_id, next_id in owed.items() if next_id not in existing}
        gone = [task_id for task_id in folded.tasks if task_id not in wanted]
        if folded.created or gone:
            # Rows whose next occurrence this batch created, and rows no longer owed.
            curs.execute(
                tables.sql(_DELETE, PENDING), (uuid_array(folded.created), uuid_array(gone))
            )
        if not wanted:
            return False
        return _upsert(curs, tables, folded.tasks, wanted, folded.positions, events[0].position)


_EXISTING = "SELECT id FROM {} WHERE id = ANY(%s::uuid[])"
_DELETE = "DELETE FROM {} WHERE next_id = ANY(%s::uuid[]) OR task_id = ANY(%s::uuid[])"
_UPSERT = (
    "WITH u AS (INSERT INTO {} AS r (task_id, owner, series_id, occurrence, next_id, "
    "completed_version, completed_at, position) "
    "SELECT task_id, owner, series_id, occurrence, next_id, completed_version, completed_at, "
    "position FROM json_to_recordset(%s::json) AS j(task_id uuid, owner text, series_id uuid, "
    "occurrence integer, next_id uuid, completed_version integer, completed_at timestamptz, "
    "position bigint) "
    "ON CONFLICT (task_id) DO UPDATE SET owner = EXCLUDED.owner, "
    "series_id = EXCLUDED.series_id, occurrence = EXCLUDED.occurrence, "
    "next_id = EXCLUDED.next_id, completed_at = EXCLUDED.completed_at, "
    "completed_version = CASE WHEN r.completed_at = EXCLUDED.completed_at "
    "THEN r.completed_version ELSE EXCLUDED.completed_version END, "
    "position = CASE WHEN r.completed_at = EXCLUDED.completed_at "
    "THEN r.position ELSE EXCLUDED.position END "
    "RETURNING r.position) "
    "SELECT coalesce(bool_or(position >= %s), false) AS new FROM u"
)


def _upsert(
    curs: Cursor[DictRow],
    tables: Tables,
    tasks: Mapping[UUID, Task],
    wanted: Mapping[UUID, UUID],
    positions: Mapping[UUID, int],
    first: int,
) -> bool:
    """Insert or refresh pending rows; a row keeps its version and position until a new
    completion (a new ``completed_at``) makes it a new piece of work.

    Returns whether one of the rows is new work: its position is ``first`` (the batch's
    first event) or later, so the batch put it there.
    """
    rows = []
    for task_id, next_id in wanted.items():
        task = tasks[task_id]
        rows.append(
            {
                "task_id": task_id,
                "owner": task.owner,
                "series_id": task.series_id,
                "occurrence": task.occurrence or 1,
                "next_id": next_id,
                "completed_version": task.version,
                "completed_at": task.completed_at,
                "position": positions[task_id],
            }
        )
    curs.execute(tables.sql(_UPSERT, PENDING), (json_rows(rows), first))
    row = curs.fetchone()
    return bool(row and row["new"])
