"""A read model's columns, declared once: a msgspec Struct whose fields are the columns.

The Struct is what a fold builds for each row (in C) and sends as JSON; the column names,
their SQL types, the ``CREATE TABLE`` and the ``json_to_recordset`` record of an upsert
are read from its fields. A field's SQL type follows from its Python type (``UUID`` ->
``uuid``, ``X | None`` -> nullable, ...); ``Column`` says what the type does not
(``smallint``, ``bigint``, a collation).
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Union
from uuid import UUID

import msgspec
from psycopg import sql


@dataclass(frozen=True)
class Column:
    """What a row field's Python type does not say about its column (``Annotated`` metadata)."""

    sql_type: str | None = None
    """The SQL type, instead of the one its Python type maps to."""
    collate: str | None = None
    """A collation (``"C"``: code point order, so an index serves ``ORDER BY`` and ranges)."""


_SQL_TYPES: dict[Any, str] = {
    UUID: "uuid",
    str: "text",
    int: "integer",
    bool: "boolean",
    datetime: "timestamptz",
    date: "date",
    float: "double precision",
}


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a read model's table."""

    name: str
    sql_type: str
    nullable: bool
    collate: str | None = None

    def definition(self) -> str:
        """The column's definition in ``CREATE TABLE``."""
        parts = [_quoted(self.name), self.sql_type]
        if self.collate is not None:
            parts.append(f"COLLATE {_quoted(self.collate)}")
        if not self.nullable:
            parts.append("NOT NULL")
        return " ".join(parts)


def _quoted(name: str) -> str:
    return sql.Identifier(name).as_string(None)


def _sql_type(annotation: Any) -> tuple[str, bool]:
    """The SQL type a Python annotation maps to, and whether ``None`` is allowed."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (Union, types.UnionType) and type(None) in args:
        (inner,) = [arg for arg in args if arg is not type(None)]
        return _sql_type(inner)[0], True
    if typing.get_origin(annotation) is list:
        return _sql_type(args[0])[0] + "[]", False
    try:
        return _SQL_TYPES[annotation], False
    except KeyError:
        raise TypeError(f"no SQL type for {annotation!r}: annotate it with Column") from None


@functools.cache
def columns(row: type[msgspec.Struct]) -> tuple[ColumnSpec, ...]:
    """The columns of ``row``'s table, in field order (the order of ``astuple``)."""
    hints = typing.get_type_hints(row, include_extras=True)
    specs = []
    for name in row.__struct_fields__:
        hint = hints[name]
        declared = Column()
        if typing.get_origin(hint) is typing.Annotated:
            hint, *metadata = typing.get_args(hint)
            declared = next((m for m in metadata if isinstance(m, Column)), declared)
        sql_type, nullable = _sql_type(hint)
        specs.append(ColumnSpec(name, declared.sql_type or sql_type, nullable, declared.collate))
    return tuple(specs)


def column_names(row: type[msgspec.Struct]) -> list[str]:
    """The columns of ``row``, quoted, for a statement's column list."""
    return [_quoted(spec.name) for spec in columns(row)]


def recordset(row: type[msgspec.Struct]) -> str:
    """``"a" type, ...``: the record of ``json_to_recordset`` that reads rows of ``row``.

    A fold sends a batch's rows as one JSON array (``projections.base.json_rows``) that
    this record turns back into typed columns.
    """
    return ", ".join(f"{_quoted(spec.name)} {spec.sql_type}" for spec in columns(row))


def create_table(
    table: sql.Identifier,
    row: type[msgspec.Struct],
    *,
    primary_key: Sequence[str],
    generated: Sequence[str] = (),
) -> sql.Composed:
    """``CREATE TABLE IF NOT EXISTS`` of ``row``'s columns.

    Args:
        table: The physical table.
        row: The row Struct.
        primary_key: Its key columns.
        generated: Definitions of columns PostgreSQL computes from the others (not
            written by the fold, so not fields of ``row``).
    """
    definitions = [spec.definition() for spec in columns(row)]
    definitions.extend(generated)
    definitions.append("PRIMARY KEY ({})".format(", ".join(map(_quoted, primary_key))))
    return sql.SQL("CREATE TABLE IF NOT EXISTS {} (" + ", ".join(definitions) + ")").format(table)
