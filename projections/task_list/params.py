"""The list query of docs/api.md section 4: its parameters, validated into a ``ListQuery``,
and what each filter means in SQL (``ListQuery.conditions``), so a filter is one place.

Without ``limit`` a list holds every task of the caller up to ``list_max``
(``TASKLOG_LIST_MAX``), as the original backend's did (its frontend counts and charts
them); the paging headers continue it past that, and a cursor without ``limit`` goes on
in pages of the same size. ``limit`` asks for pages of 1 to ``MAX_LIMIT``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.draft import INSTANT_RULE
from domain.due import DATE_RULE
from domain.errors import FieldError, InvalidTaskInput
from domain.fields import PRIORITY_RULE, Priority
from domain.wording import integer_from, one_of
from projections.task_list.rows import (
    owner_tag_key,
    owner_trigram_keys,
    search_words,
    tag_key,
    trigrams,
)

LIST_MAX = 10_000
"""Default of ``TASKLOG_LIST_MAX``: the most tasks one list answer without ``limit`` holds."""
MAX_LIMIT = 1000
"""The largest page ``limit`` asks for."""
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DUE_BOUND_RULE = f"{DATE_RULE} or {INSTANT_RULE}"


@dataclass(frozen=True)
class SortKey:
    """How a sort key is stored and ordered."""

    name: str
    natural_descending: bool
    column_ascending: str
    column_descending: str
    sql_type: str


SORT_KEYS: dict[str, SortKey] = {
    "created_at": SortKey("created_at", False, "created_at", "created_at", "timestamptz"),
    "updated_at": SortKey("updated_at", False, "updated_at", "updated_at", "timestamptz"),
    # No due date sorts last either way: +infinity ascending, -infinity descending.
    "due_at": SortKey("due_at", False, "due_asc", "due_desc", "timestamptz"),
    "priority": SortKey("priority", True, "priority_rank", "priority_rank", "smallint"),
    "title": SortKey("title", False, "title_key", "title_key", "text"),
}
SORT_ALIASES = {"due_date": "due_at"}


@dataclass(frozen=True)
class Sort:
    """A sort key and the direction the page runs in (ties broken by id, same direction)."""

    key: SortKey
    descending: bool

    @property
    def column(self) -> str:
        """The column that orders the rows in this direction."""
        return self.key.column_descending if self.descending else self.key.column_ascending

    @property
    def canonical(self) -> str:
        """``-created_at`` style name of this sort, as the client would write it."""
        reversed_ = self.descending != self.key.natural_descending
        return ("-" if reversed_ else "") + self.key.name


DEFAULT_SORT = Sort(SORT_KEYS["created_at"], descending=True)


@dataclass(frozen=True)
class DueBound:
    """A ``due_before``/``due_after`` bound.

    A date compares with the task's local ``due_date``, an instant with ``due_at``;
    both bounds are strict, and a task without a due date matches neither.
    """

    day: date | None = None
    instant: datetime | None = None


@dataclass(frozen=True)
class ListQuery:
    """A validated ``GET /tasks`` query (without the owner, which comes from the token)."""

    completed: bool | None = None
    status: str = "all"
    priority_ranks: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    due_before: DueBound | None = None
    due_after: DueBound | None = None
    overdue: bool | None = None
    words: tuple[str, ...] = ()
    series_id: UUID | None = None
    sort: Sort = DEFAULT_SORT
    limit: int = LIST_MAX
    cursor: str | None = None

    def signature(self) -> str:
        """What a cursor is bound to: every filter and the sort (not the limit)."""
        return repr(
            (
                self.completed,
                self.status,
                sorted(self.priority_ranks),
                sorted(self.tags),
                self.due_before,
                self.due_after,
                self.overdue,
                sorted(self.words),
                self.series_id,
                self.sort.canonical,
            )
        )

    def conditions(self, owner: str, now: datetime) -> tuple[list[str], dict[str, Any]]:
        """What each filter means in SQL: the ``WHERE`` conditions over the ``task_list``
        columns (``rows.TaskRow``), and their parameters. ``now`` decides ``overdue``."""
        where = ["owner = %(owner)s"]
        params: dict[str, Any] = {"owner": owner}
        if self.completed is not None:
            where.append("completed = %(completed)s")
            params["completed"] = self.completed
        if self.status != "all":
            where.append("completed = %(status_completed)s")
            params["status_completed"] = self.status == "completed"
        if self.priority_ranks:
            where.append("priority_rank = ANY(%(ranks)s::smallint[])")
            params["ranks"] = list(self.priority_ranks)
        if self.tags:
            where.append("owner_tags @> %(tags)s::text[]")
            params["tags"] = [owner_tag_key(owner, tag) for tag in self.tags]
        for name, bound, operator in (
            ("before", self.due_before, "<"),
            ("after", self.due_after, ">"),
        ):
            if bound is None:
                continue
            if bound.day is not None:
                where.append(f"due_date {operator} %(due_{name})s")
                params[f"due_{name}"] = bound.day
            else:
                where.append(f"due_at {operator} %(due_{name})s")
                params[f"due_{name}"] = bound.instant
        if self.overdue is not None:
            overdue = "(NOT completed AND coalesce(due_at < %(now)s, false))"
            where.append(overdue if self.overdue else "NOT " + overdue)
            params["now"] = now
        grams = set().union(*(trigrams(word) for word in self.words)) if self.words else set()
        if grams:
            where.append("search_grams @> %(grams)s::text[]")
            params["grams"] = owner_trigram_keys(owner, grams)
        for index, word in enumerate(self.words):
            where.append(f"search LIKE %(word_{index})s")
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params[f"word_{index}"] = f"%{escaped}%"
        if self.series_id is not None:
            where.append("series_id = %(series_id)s")
            params["series_id"] = self.series_id
        return where, params


def _split(values: Sequence[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"true", "1"}:
        return True
    if lowered in {"false", "0"}:
        return False
    raise ValueError("must be true or false")


def _due_bound(value: str) -> DueBound:
    text = value.strip()
    if _DATE.match(text):
        try:
            return DueBound(day=date.fromisoformat(text))
        except ValueError:
            raise ValueError(f"must be {_DUE_BOUND_RULE}") from None
    try:
        instant = datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"must be {_DUE_BOUND_RULE}") from None
    if instant.tzinfo is None:
        raise ValueError(f"must be {_DUE_BOUND_RULE}")
    return DueBound(instant=instant)


def _sort(value: str) -> Sort:
    text = value.strip()
    reverse = text.startswith("-")
    name = text.removeprefix("-")
    name = SORT_ALIASES.get(name, name)
    key = SORT_KEYS.get(name)
    if key is None:
        raise ValueError(f"must be {one_of(SORT_KEYS)}, optionally prefixed with - to reverse it")
    return Sort(key, descending=key.natural_descending != reverse)


def _limit(value: str) -> int:
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_LIMIT:
        raise ValueError(f"must be {integer_from(1, MAX_LIMIT)}")
    return int(text)


def _priorities(values: Sequence[str]) -> tuple[int, ...]:
    ranks: list[int] = []
    for part in _split(values):
        try:
            ranks.append(Priority(part.lower()).rank)
        except ValueError:
            raise ValueError(f"must be {PRIORITY_RULE} (repeatable or comma-separated)") from None
    return tuple(sorted(set(ranks)))


def _tags(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(tag_key(tag) for tag in _split(values)))


def _status(value: str) -> str:
    status = value.strip().lower()
    if status not in {"open", "completed", "all"}:
        raise ValueError("must be open, completed or all")
    return status


def _uuid(value: str) -> UUID:
    try:
        return UUID(value.strip())
    except ValueError:
        raise ValueError("must be a UUID") from None


def parse_list_query(params: Mapping[str, Sequence[str]], *, list_max: int = LIST_MAX) -> ListQuery:
    """Validate the query string of ``GET /tasks``; unknown parameters are ignored.

    Args:
        params: the query string's parameters, each with every value given.
        list_max: the page size when ``limit`` is not given (``TASKLOG_LIST_MAX``).

    Raises:
        InvalidTaskInput: listing every invalid parameter (answered as 400).
    """
    errors: list[FieldError] = [
        FieldError(name, "must not contain NUL characters")
        for name, given in params.items()
        if any("\x00" in value for value in given)
    ]
    if errors:
        raise InvalidTaskInput(errors)
    values: dict[str, object] = {"limit": list_max}

    def last(name: str) -> str | None:
        given = params.get(name)
        return given[-1] if given else None

    def take(name: str, field: str, parse: object, *, repeated: bool = False) -> None:
        raw: object = params.get(name) if repeated else last(name)
        if not raw:
            return
        try:
            values[field] = parse(raw)  # type: ignore[operator]
        except ValueError as error:
            errors.append(FieldError(name, str(error)))

    take("completed", "completed", _bool)
    take("status", "status", _status)
    take("priority", "priority_ranks", _priorities, repeated=True)
    take("tag", "tags", _tags, repeated=True)
    take("due_before", "due_before", _due_bound)
    take("due_after", "due_after", _due_bound)
    take("overdue", "overdue", _bool)
    take("series_id", "series_id", _uuid)
    take("sort", "sort", _sort)
    take("limit", "limit", _limit)
    q = last("q")
    if q is not None and q.strip():
        if len(q) > 500:
            errors.append(FieldError("q", "must be at most 500 characters"))
        else:
            values["words"] = tuple(dict.fromkeys(search_words(q)))
    cursor = last("cursor")
    if cursor:
        values["cursor"] = cursor
    if errors:
        raise InvalidTaskInput(errors)
    return ListQuery(**values)  # type: ignore[arg-type]
