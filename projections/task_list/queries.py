"""Async reads of the ``task_list`` read model: list pages, one task, tag counts.

PostgreSQL does the work: it keyset-scans an owner-first index, and builds the JSON
array by concatenating the stored, pre-rendered resources, so Python only passes bytes
through. Each statement also reads the tracking position, in the same snapshot as the
rows, so the position reported is exactly the one the rows reflect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, sql

from projections.naming import qualified, tracking_view
from projections.task_list.cursor import CursorCodec, Keyset
from projections.task_list.params import ListQuery
from projections.task_list.projection import TAGS, TASKS, TaskListProjection

APPLICATION_NAME = "Tasklog"
"""Tracking records carry the name of the application whose events were folded."""

_MAX_CACHED_STATEMENTS = 1024
_statements: dict[tuple[Any, ...], sql.SQL] = {}
"""SQL text per statement shape (schema, which filters, sort, cursor or not), composed once.

Composing with ``psycopg.sql`` on every request cost more than running the statement's
Python side; the text of one shape never changes, and psycopg prepares a statement it has
seen five times on a connection, so a cached shape is also a prepared one."""


def _cached(key: tuple[Any, ...], compose: Callable[[], sql.Composable]) -> sql.SQL:
    statement = _statements.get(key)
    if statement is None:
        statement = sql.SQL(compose().as_string())
        if len(_statements) < _MAX_CACHED_STATEMENTS:
            _statements[key] = statement
    return statement


@dataclass(frozen=True)
class Page:
    """One page of tasks: the JSON array text and the cursor of the next page, if any."""

    position: int
    body: bytes
    next_cursor: str | None


@dataclass(frozen=True)
class OneTask:
    """One task's resource (``None`` when missing or not the caller's)."""

    position: int
    doc: str | None
    version: int | None


@dataclass(frozen=True)
class TagCounts:
    """The caller's tags with open and total counts, as a JSON array text."""

    position: int
    body: str


def _position_sql(schema: str) -> sql.Composed:
    return sql.SQL(
        "(SELECT coalesce(max(notification_id), 0) FROM {} WHERE application_name = {})"
    ).format(
        qualified(schema, tracking_view(TaskListProjection.name)), sql.Literal(APPLICATION_NAME)
    )


@dataclass(frozen=True)
class ListStatement:
    """One page's statement and parameters, and how its one row becomes a ``Page``."""

    statement: sql.SQL
    params: dict[str, Any]
    owner: str
    limit: int
    signature: str
    codec: CursorCodec

    def page(self, row: Any) -> Page:
        """The page of the statement's row."""
        position, body, count, last_key, last_id = row
        next_cursor = None
        if count > self.limit:
            next_cursor = self.codec.encode(
                Keyset(last_key, last_id), owner=self.owner, signature=self.signature
            )
        return Page(int(position), bytes(body), next_cursor)


def list_statement(
    schema: str, *, owner: str, query: ListQuery, codec: CursorCodec, now: datetime
) -> ListStatement:
    """The statement of one page of the owner's tasks matching ``query``, in its sort order.

    Raises:
        InvalidTaskInput: the query's cursor does not verify.
    """
    where, params = query.conditions(owner, now)
    sort = query.sort
    signature = query.signature()
    if query.cursor is not None:
        keyset = codec.decode(query.cursor, owner=owner, signature=signature)
        params["after_key"], params["after_id"] = keyset.key, keyset.id
    params["limit"] = query.limit
    params["fetch"] = query.limit + 1
    shape = (
        "list",
        schema,
        sort.column,
        sort.descending,
        sort.key.sql_type,
        query.cursor is not None,
        *where,
    )

    def compose() -> sql.Composable:
        column = sql.Identifier(sort.column)
        direction = sql.SQL("DESC" if sort.descending else "ASC")
        conditions: list[sql.Composable] = [sql.SQL(condition) for condition in where]
        if query.cursor is not None:
            conditions.append(
                sql.SQL("({}, id) {} (%(after_key)s::{}, %(after_id)s::uuid)").format(
                    column,
                    sql.SQL("<" if sort.descending else ">"),
                    sql.SQL(sort.key.sql_type),
                )
            )
        order = sql.SQL("{} {}, id {}").format(column, direction, direction)
        # The array travels as bytea in binary format: the bytes PostgreSQL built are the
        # response body, with no decoding into str and encoding back.
        return sql.SQL(
            "WITH page AS ("
            " SELECT doc, {column}::text AS k, id, row_number() OVER (ORDER BY {order}) AS rn"
            " FROM {table} WHERE {where} ORDER BY {order} LIMIT %(fetch)s)"
            " SELECT {position} AS position,"
            " convert_to('[' || coalesce(string_agg(doc, ',' ORDER BY rn)"
            " FILTER (WHERE rn <= %(limit)s), '') || ']', 'UTF8') AS body,"
            " count(*) AS n,"
            " max(k) FILTER (WHERE rn = %(limit)s) AS last_key,"
            " max(id::text) FILTER (WHERE rn = %(limit)s) AS last_id"
            " FROM page"
        ).format(
            column=column,
            order=order,
            table=qualified(schema, TASKS),
            where=sql.SQL(" AND ").join(conditions),
            position=_position_sql(schema),
        )

    return ListStatement(_cached(shape, compose), params, owner, query.limit, signature, codec)


async def list_tasks(
    connection: AsyncConnection[Any],
    schema: str,
    *,
    owner: str,
    query: ListQuery,
    codec: CursorCodec,
    now: datetime,
) -> Page:
    """One page of the owner's tasks matching ``query`` (see ``list_statement``)."""
    listing = list_statement(schema, owner=owner, query=query, codec=codec, now=now)
    cursor = await connection.execute(listing.statement, listing.params, binary=True)
    row = await cursor.fetchone()
    assert row is not None
    return listing.page(row)


async def get_task(
    connection: AsyncConnection[Any], schema: str, *, owner: str, task_id: UUID
) -> OneTask:
    """The owner's task ``task_id`` from the read model."""
    statement = _cached(
        ("get", schema),
        lambda: sql.SQL(
            "SELECT {position}, t.doc, t.version FROM (SELECT 1) AS one "
            "LEFT JOIN {table} AS t ON t.id = %s AND t.owner = %s"
        ).format(position=_position_sql(schema), table=qualified(schema, TASKS)),
    )
    cursor = await connection.execute(statement, (task_id, owner))
    row = await cursor.fetchone()
    assert row is not None
    return OneTask(int(row[0]), row[1], row[2])


async def tag_counts(connection: AsyncConnection[Any], schema: str, *, owner: str) -> TagCounts:
    """The owner's tags, sorted, with how many open and how many tasks in all carry each."""
    statement = _cached(
        ("tags", schema),
        lambda: sql.SQL(
            "SELECT {position}, coalesce((SELECT json_agg(json_build_object("
            "'tag', tag, 'open', open, 'total', total) ORDER BY tag_key) "
            "FROM {table} WHERE owner = %s)::text, '[]')"
        ).format(position=_position_sql(schema), table=qualified(schema, TAGS)),
    )
    cursor = await connection.execute(statement, (owner,))
    row = await cursor.fetchone()
    assert row is not None
    return TagCounts(int(row[0]), row[1])
