"""A row Struct's fields are its table's columns: names, SQL types and nullability follow."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec
import pytest
from psycopg import sql

from projections.columns import Column, ColumnSpec, columns, create_table, recordset


class Sample(msgspec.Struct):
    id: UUID
    name: Annotated[str, Column(collate="C")]
    rank: Annotated[int, Column("smallint")]
    count: int
    at: datetime | None
    day: date
    tags: list[str]
    done: bool


def test_each_field_is_a_column_of_the_type_its_python_type_maps_to() -> None:
    assert columns(Sample) == (
        ColumnSpec("id", "uuid", nullable=False),
        ColumnSpec("name", "text", nullable=False, collate="C"),
        ColumnSpec("rank", "smallint", nullable=False),
        ColumnSpec("count", "integer", nullable=False),
        ColumnSpec("at", "timestamptz", nullable=True),
        ColumnSpec("day", "date", nullable=False),
        ColumnSpec("tags", "text[]", nullable=False),
        ColumnSpec("done", "boolean", nullable=False),
    )


def test_the_table_and_the_upsert_record_follow_the_fields() -> None:
    ddl = create_table(sql.Identifier("s", "t"), Sample, primary_key=["id"]).as_string(None)
    assert ddl.startswith('CREATE TABLE IF NOT EXISTS "s"."t" ("id" uuid NOT NULL, ')
    assert '"name" text COLLATE "C" NOT NULL' in ddl
    assert '"at" timestamptz, ' in ddl
    assert ddl.endswith('PRIMARY KEY ("id"))')
    assert recordset(Sample).startswith('"id" uuid, "name" text, "rank" smallint, ')


def test_a_field_whose_type_has_no_sql_type_must_say_it() -> None:
    class Unknown(msgspec.Struct):
        ratio: complex

    with pytest.raises(TypeError, match="annotate it with Column"):
        columns(Unknown)
