"""One version's tables as a fold addresses them, and the parameters its statements take."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import msgspec
from psycopg import sql

from projections.naming import qualified

_json_encoder = msgspec.json.Encoder()


@dataclass(frozen=True)
class Tables:
    """The physical tables of one version of a read model, keyed by logical name."""

    schema: str
    names: Mapping[str, str]

    def __getitem__(self, logical: str) -> sql.Identifier:
        return qualified(self.schema, self.names[logical])

    def sql(self, template: str, *logical: str) -> bytes:
        """``template`` with each ``{}`` the quoted table of one of ``logical``, as bytes.

        Composed once per template and tables (``psycopg.sql`` parses the template with a
        regular expression every time, and psycopg converts a ``Composable`` on every
        execution, a bytes query once); folds call this for every statement.
        """
        return _composed(template, self.schema, tuple(self.names[name] for name in logical))


@functools.lru_cache(maxsize=512)
def _composed(template: str, schema: str, tables: tuple[str, ...]) -> bytes:
    return sql.SQL(template).format(*(qualified(schema, table) for table in tables)).as_bytes(None)


def uuid_array(ids: Iterable[UUID]) -> str:
    """``ids`` as a PostgreSQL array literal, for a ``%s::uuid[]`` parameter.

    A UUID's text needs no quoting; psycopg dumps a list in Python, element by element,
    at a few times the cost.
    """
    return "{" + ",".join(map(str, ids)) + "}"


def json_rows(rows: Any) -> str:
    """``rows`` (dataclasses, dicts, lists) as JSON text, for a ``%s::json`` parameter.

    Folds send a batch's rows as one JSON document (``json_to_recordset``): msgspec
    encodes it in C, where psycopg would dump one array per column in Python (escaping
    every string), which was the largest part of a fold's CPU.
    """
    return _json_encoder.encode(rows).decode()
