"""Comparing a task replayed from its events with its row in the ``task_list`` read model.

The expected row is computed with the projection's own row function
(``projections.task_list.rows.task_row``), so every column is compared: the rendered
resource (``doc``) and the aggregate state (``state``) key by key, and every sort and
filter column as is. A deleted task must have no row; a live one must have one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.task import Task
from projections.naming import tracking_view
from projections.task_list.rows import COLUMNS, task_row

READ_MODEL = "task_list"
"""The serving view of the read model verified here."""

TRACKING_VIEW = tracking_view(READ_MODEL)
"""Where the read model's position is read from."""

_JSON_COLUMNS = frozenset({"doc", "state"})
_SHOWN = 80


@dataclass(frozen=True)
class Difference:
    """One way a read-model row differs from the task replayed from its events."""

    task_id: UUID
    field: str
    replayed: str
    stored: str

    def __str__(self) -> str:
        return (
            f"task {self.task_id}: {READ_MODEL} differs in {self.field}: "
            f"the events give {self.replayed}, {READ_MODEL} has {self.stored}"
        )


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _json_differences(task_id: UUID, column: str, expected: str, stored: Any) -> list[Difference]:
    try:
        found = json.loads(stored) if isinstance(stored, str | bytes) else stored
    except ValueError:
        return [Difference(task_id, column, "valid JSON", _shown(stored))]
    wanted = json.loads(expected)
    if not isinstance(found, Mapping):
        return [Difference(task_id, column, "a JSON object", _shown(found))]
    return [
        Difference(task_id, f"{column}.{key}", _shown(wanted.get(key)), _shown(found.get(key)))
        for key in sorted(set(wanted) | set(found))
        if wanted.get(key, _MISSING) != found.get(key, _MISSING)
    ]


_MISSING = object()


def _normalised(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def compare(task_id: UUID, task: Task | None, row: Mapping[str, Any] | None) -> list[Difference]:
    """How ``row`` differs from ``task`` (None: the task is deleted or not yet created).

    Args:
        task_id: The task compared.
        task: The task folded from its events up to the read model's position.
        row: Its ``task_list`` row, keyed by column name, or None when there is none.
    """
    if task is None or task.deleted:
        if row is None:
            return []
        state = "not created" if task is None else "deleted"
        return [Difference(task_id, "row", f"a {state} task (no row)", "a row")]
    if row is None:
        return [Difference(task_id, "row", f"a live task at version {task.version}", "no row")]
    expected = dict(zip(COLUMNS, task_row(task).values(), strict=True))
    differences: list[Difference] = []
    for column in COLUMNS:
        if column not in row:
            differences.append(Difference(task_id, column, _shown(expected[column]), "no column"))
        elif column in _JSON_COLUMNS:
            differences += _json_differences(task_id, column, expected[column], row[column])
        elif _normalised(expected[column]) != _normalised(row[column]):
            differences.append(
                Difference(task_id, column, _shown(expected[column]), _shown(row[column]))
            )
    return differences


def compare_values(
    task_id: UUID, task: Task | None, values: Sequence[Any] | None
) -> list[Difference]:
    """``compare`` for a row given as its values in ``COLUMNS`` order.

    The row the task renders to is compared whole first: a matching row (nearly every
    one) costs one rendering and one tuple comparison; only a row that differs is taken
    apart column by column, and its JSON columns key by key, to say how.
    """
    if (
        values is not None
        and task is not None
        and not task.deleted
        and task_row(task).values() == tuple(values)
    ):
        return []
    row = dict(zip(COLUMNS, values, strict=True)) if values is not None else None
    return compare(task_id, task, row)
