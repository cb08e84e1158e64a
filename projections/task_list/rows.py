"""The columns one task row carries: sort keys, filter keys and the rendered resource.

The brute-force checks in the tests use the same key functions, so "what the query
means" is written once: titles sort by ``casefold`` in code point order, tags compare
by ``casefold``, text search matches every word as a case-folded substring.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from datetime import date, datetime
from typing import Annotated, Any, Protocol
from uuid import UUID

import msgspec

from application.views import task_resource
from domain.fields import Priority
from domain.task import Task
from projections.columns import Column, columns
from projections.task_list.state import dump_state

_encoder = msgspec.json.Encoder()


def title_key(title: str) -> str:
    """The title as sorted: case-insensitive, code point order (``COLLATE "C"``)."""
    return title.casefold()


def tag_key(tag: str) -> str:
    """A tag as compared: case-insensitive."""
    return tag.casefold()


def owner_tag_key(owner: str, tag: str) -> str:
    """A tag as indexed: prefixed with its owner, so the GIN index answers per user.

    With plain tag keys a popular tag's posting list spans every user, and a tag filter
    would cost more as the store grows; with the owner in the key it costs what that
    user's matching tasks cost.
    """
    return f"{owner}\x1f{tag_key(tag)}"


def search_text(title: str, description: str | None) -> str:
    """The text ``q`` searches: title and description, case-folded."""
    return f"{title}\n{description or ''}".casefold()


@functools.lru_cache(maxsize=65_536)
def _owner_prefix(owner: str) -> str:
    """Cached: a rebuild renders every task of an owner, and the hash is a fixed cost each."""
    digest = hashlib.blake2b(owner.encode(), digest_size=6).digest()
    return base64.b64encode(digest).decode()


def trigrams(text: str) -> set[str]:
    """Every three-character run of ``text`` without whitespace (query words have none).

    A run without whitespace lies inside one of the words ``str.split`` returns (it splits
    at exactly the characters ``str.isspace`` accepts), so the words are cut up directly.
    """
    return {word[start : start + 3] for word in text.split() for start in range(len(word) - 2)}


def owner_trigram_keys(owner: str, grams: set[str]) -> list[str]:
    """Trigrams prefixed with a short hash of their owner, as the search GIN index holds them.

    A trigram index over everybody's text (pg_trgm) has posting lists as long as the whole
    store for common trigrams, so a search costs more as the store grows (13 ms at
    1,000,000 tasks against 0.6 ms at 1,000 in the benchmark). Keyed by owner, a search
    reads only that user's lists. A hash collision between two owners only costs a
    little selectivity: every query also filters on ``owner`` and rechecks with LIKE.
    """
    prefix = _owner_prefix(owner)
    return [prefix + gram for gram in sorted(grams)]  # one prefix: the same order


def search_words(q: str) -> list[str]:
    """The words of a ``q`` query, case-folded; each must occur in the searched text."""
    return q.casefold().split()


class TagSubject(Protocol):
    """What the tag counts read of a task: a ``Task``, or its summary from a rebuild's worker."""

    @property
    def id(self) -> UUID: ...

    @property
    def owner(self) -> str: ...

    @property
    def tag_list(self) -> list[str]: ...

    @property
    def completed(self) -> bool: ...

    @property
    def deleted(self) -> bool: ...


class TaskRow(msgspec.Struct, frozen=True):
    """A ``task_list`` row: its fields are the table's columns (``projections.columns``).

    A struct: built in C, once per task folded, and sent to PostgreSQL as JSON (live
    folds) or in ``COPY`` format (rebuilds). A change here changes what the read model
    stores: the revision test then asks for a new ``TaskListProjection.revision``.
    """

    id: UUID
    owner: str
    version: int
    state: str
    doc: str
    created_at: datetime
    updated_at: datetime
    due_at: datetime | None
    due_date: date | None
    priority_rank: Annotated[int, Column("smallint")]
    title_key: Annotated[str, Column(collate="C")]
    completed: bool
    tags: list[str]
    owner_tags: list[str]
    search: str
    search_grams: list[str]
    series_id: UUID | None

    def values(self) -> tuple[Any, ...]:
        """Column values in ``columns(TaskRow)`` order."""
        return msgspec.structs.astuple(self)


COLUMNS: tuple[str, ...] = tuple(spec.name for spec in columns(TaskRow))
"""The columns of a row, in ``TaskRow`` order (also the order of ``TaskRow.values``)."""
COLUMN_TYPES: tuple[str, ...] = tuple(spec.sql_type for spec in columns(TaskRow))
"""The SQL type of each of ``COLUMNS`` (a rebuild's ``COPY`` writes them as these)."""


class TagCountRow(msgspec.Struct, frozen=True):
    """A ``task_list_tags`` row: how many of an owner's tasks carry a tag, open and in all.

    A fold writes the changes of a batch as rows of this shape: the counts are added.
    """

    owner: str
    tag_key: Annotated[str, Column(collate="C")]
    tag: str
    open: int
    total: int


_RANKS = {priority.value: priority.rank for priority in Priority}
"""Each stored priority's rank, looked up without building the enum member."""


def task_row(task: Task) -> TaskRow:
    """The row for a live task, with its resource pre-rendered as JSON text."""
    due = task.due
    search = search_text(task.title, task.description)
    if task.created_at is None or task.updated_at is None:
        raise ValueError(f"task {task.id} has no creation time")
    return TaskRow(
        id=task.id,
        owner=task.owner,
        version=task.version,
        state=dump_state(task),
        doc=_encoder.encode(task_resource(task)).decode(),
        created_at=task.created_at,
        updated_at=task.updated_at,
        due_at=due.at if due is not None else None,
        due_date=due.date if due is not None else None,
        priority_rank=_RANKS[task.priority_name],
        title_key=title_key(task.title),
        completed=task.completed,
        tags=list(task.tag_list),
        owner_tags=[owner_tag_key(task.owner, tag) for tag in task.tag_list],
        search=search,
        search_grams=owner_trigram_keys(task.owner, trigrams(search)),
        series_id=task.series_id,
    )
