"""Parking real events with a real projector: a fold that fails until its cause is removed.

A trigger on the serving ``task_list`` table refuses every row whose document holds a
marker word, so the projector's fold of such a task fails the way a bug in a fold would
(an error from PostgreSQL inside the fold's transaction); dropping the trigger is the fix.
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from projections.naming import versioned

MARKER = "Poison"
"""A task whose title holds this word cannot be folded while the trigger exists."""

_FUNCTION = "refuse_marked_rows"
_TRIGGER = "refuse_marked_rows"


def serving_version(database_url: str, schema: str, name: str = "task_list") -> int:
    """The serving version of ``name`` in the catalog."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        row = connection.execute(
            sql.SQL("SELECT version FROM {} WHERE name = %s").format(
                sql.Identifier(schema, "projection_catalog")
            ),
            (name,),
        ).fetchone()
    assert row is not None, f"{name} is not installed"
    return int(row[0])


def break_task_list_fold(database_url: str, schema: str) -> None:
    """Make folds of tasks titled with ``MARKER`` fail in the serving ``task_list``."""
    table = sql.Identifier(schema, versioned("task_list", serving_version(database_url, schema)))
    function = sql.Identifier(schema, _FUNCTION)
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL(
                "CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "BEGIN IF strpos(NEW.doc, {}) > 0 THEN "
                "RAISE EXCEPTION 'refusing a marked task'; END IF; RETURN NEW; END $$"
            ).format(function, sql.Literal(MARKER))
        )
        connection.execute(
            sql.SQL(
                "CREATE TRIGGER {} BEFORE INSERT OR UPDATE ON {} FOR EACH ROW EXECUTE FUNCTION {}()"
            ).format(sql.Identifier(_TRIGGER), table, function)
        )


def fix_task_list_fold(database_url: str, schema: str) -> None:
    """Remove the cause: folds of marked tasks succeed again."""
    table = sql.Identifier(schema, versioned("task_list", serving_version(database_url, schema)))
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP TRIGGER IF EXISTS {} ON {}").format(sql.Identifier(_TRIGGER), table)
        )
