"""Task states a read model keeps for itself, so its fold can ask the domain its own questions.

The job-feeding read models (``recurrence``, ``reminders``, ``notifications``) decide with
the aggregate's rules (``Task.next_occurrence_due``, ``Task.wants_reminder_at``), so each
keeps every task's state in a table of its own (read models are rebuilt independently and
never read each other's tables) and evolves it with the domain's ``event.mutate``, as
``task_list`` does. Deleted tasks keep their row: an id once used stays known.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from uuid import UUID

from psycopg import Cursor, sql
from psycopg.rows import DictRow

from domain.task import Task
from projections.base import PositionedEvent, Tables, json_rows, uuid_array
from projections.task_list.state import dump_state, load_state

OnEvent = Callable[[PositionedEvent, Task], None]
"""Called after each event is applied, with the task as that event left it."""


class FoldError(Exception):
    """An event does not fit the stored states (it names a task never created, or twice)."""


@dataclass
class Folded:
    """What a batch did to the tasks it touched."""

    tasks: dict[UUID, Task] = field(default_factory=dict)
    """Every touched task as the batch left it, in order of first touch."""
    created: list[UUID] = field(default_factory=list)
    """Tasks whose ``Created`` event is in the batch."""
    positions: dict[UUID, int] = field(default_factory=dict)
    """Position of the last event of the batch that touched each task."""


def state_table_ddl(table: sql.Identifier) -> sql.Composed:
    """The ``CREATE TABLE`` of a task-state table: ``(id, state)``."""
    return sql.SQL(
        "CREATE TABLE IF NOT EXISTS {} (id uuid PRIMARY KEY, state text NOT NULL)"
    ).format(table)


_LOAD = "SELECT id, state FROM {} WHERE id = ANY(%s::uuid[])"
_STORE = (
    "INSERT INTO {} (id, state) SELECT key::uuid, value FROM json_each_text(%s::json) "
    "ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state"
)


def fold_states(
    curs: Cursor[DictRow],
    tables: Tables,
    table: str,
    events: Sequence[PositionedEvent],
    on_event: OnEvent | None = None,
) -> Folded:
    """Apply the task events of a batch to the stored states and store the results.

    Args:
        curs: The batch's transaction.
        tables: The read model's tables.
        table: The logical name of its task-state table.
        events: The batch, in position order (events of other aggregates are skipped).
        on_event: Sees each task event and the task right after it.

    Raises:
        FoldError: An event names a task the table does not know, or creates one twice.
    """
    delivered = [d for d in events if isinstance(d.event, Task.Event)]
    folded = Folded()
    if not delivered:
        return folded
    ids = dict.fromkeys(d.event.originator_id for d in delivered)
    curs.execute(tables.sql(_LOAD, table), (uuid_array(ids),))
    known = {row["id"]: load_state(row["state"]) for row in curs.fetchall()}
    for item in delivered:
        event = item.event
        task_id = event.originator_id
        if isinstance(event, Task.Created):
            if task_id in known:
                raise FoldError(f"task {task_id} created twice")
            task = event.mutate(None)
            if task is None:
                raise FoldError(f"task {task_id} was not created")
            known[task_id] = task
            folded.created.append(task_id)
        else:
            task = known.get(task_id)
            if task is None:
                raise FoldError(f"event for unknown task {task_id}")
            event.mutate(task)
        folded.tasks.setdefault(task_id, task)
        folded.positions[task_id] = item.position
        if on_event is not None:
            on_event(item, task)
    # One statement for the batch: the states travel as one JSON object {id: state}.
    states = {task_id: dump_state(task) for task_id, task in folded.tasks.items()}
    curs.execute(tables.sql(_STORE, table), (json_rows(states),))
    return folded
