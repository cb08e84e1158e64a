"""Task states evolved with the domain's own ``event.mutate``: every read model's fold loop.

``evolve`` is the one loop that applies a batch of task events; ``task_list`` keeps the
states in its rows. The job-feeding read models (``recurrence``, ``reminders``,
``notifications``) decide with the aggregate's rules (``Task.next_occurrence_due``,
``Task.wants_reminder_at``), so each keeps every task's state in a table of its own (read
models are rebuilt independently and never read each other's tables). Deleted tasks keep
their row there: an id once used stays known.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from uuid import UUID

import msgspec
from psycopg import Cursor, sql
from psycopg.rows import DictRow

from domain.task import Task
from projections.columns import create_table
from projections.fold import FoldError, PositionedEvent
from projections.tables import Tables, json_rows, uuid_array
from projections.task_list.state import dump_state, load_state

OnEvent = Callable[[PositionedEvent, Task], None]
"""Called after each event is applied, with the task as that event left it."""


@dataclass
class Folded:
    """What a batch did to the tasks it touched."""

    tasks: dict[UUID, Task] = field(default_factory=dict)
    """Every touched task as the batch left it, in order of first touch."""
    created: list[UUID] = field(default_factory=list)
    """Tasks whose ``Created`` event is in the batch."""
    positions: dict[UUID, int] = field(default_factory=dict)
    """Position of the last event of the batch that touched each task."""


def evolve(
    known: dict[UUID, Task], events: Iterable[PositionedEvent], on_event: OnEvent | None = None
) -> Folded:
    """Apply a batch's task events, in order, to the tasks in ``known`` (every read model's
    one fold loop: the domain's own ``event.mutate``). Events of other aggregates are skipped.

    Args:
        known: The tasks the batch may touch, by id, as stored; creations are added.
        events: The batch, in position order.
        on_event: Sees each task event and the task right after it.

    Raises:
        FoldError: An event names a task not in ``known``, or creates one twice.
    """
    folded = Folded()
    for item in events:
        event = item.event
        if not isinstance(event, Task.Event):
            continue
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
            found = known.get(task_id)
            if found is None:
                raise FoldError(f"event for unknown or deleted task {task_id}")
            task = found
            event.mutate(task)
        folded.tasks.setdefault(task_id, task)
        folded.positions[task_id] = item.position
        if on_event is not None:
            on_event(item, task)
    return folded


class TaskState(msgspec.Struct, frozen=True):
    """A row of a task-state table: a task's state as ``dump_state`` wrote it."""

    id: UUID
    state: str


def state_table_ddl(table: sql.Identifier) -> sql.Composed:
    """The ``CREATE TABLE`` of a task-state table."""
    return create_table(table, TaskState, primary_key=["id"])


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
    if not delivered:
        return Folded()
    ids = dict.fromkeys(d.event.originator_id for d in delivered)
    curs.execute(tables.sql(_LOAD, table), (uuid_array(ids),))
    known = {row["id"]: load_state(row["state"]) for row in curs.fetchall()}
    folded = evolve(known, delivered, on_event)
    # One statement for the batch: the states travel as one JSON object {id: state}.
    states = {task_id: dump_state(task) for task_id, task in folded.tasks.items()}
    curs.execute(tables.sql(_STORE, table), (json_rows(states),))
    return folded
