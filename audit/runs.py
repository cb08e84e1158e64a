"""Verification runs started over HTTP: one row each in ``audit_verify_runs``.

A run is carried out by a process of its own (``verify_process``), which writes its
progress, findings and outcome into its row; any API process answers its status from
there, so it does not matter which one started it (``tasklog serve --workers N``). One
run at a time per deployment (a unique index on the running row): a verification reads
the whole store, and a second one at once would only halve the speed of both. A running
row whose process stopped writing for ``STALE_AFTER_S`` counts as failed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from typing import Any
from uuid import UUID, uuid4

import msgspec
import psycopg
from psycopg import AsyncConnection, sql
from psycopg.rows import dict_row

RUNS_TABLE = "audit_verify_runs"
STALE_AFTER_S = 30
"""A running row not written for this long belongs to a process that is gone."""
HEARTBEAT_S = 1.0
"""How often a run's process writes its progress."""
MAX_FINDINGS = 1_000
"""Findings kept with a run (the summary counts all of them)."""

_STALE = "the verification process stopped answering"


class RunAlreadyGoing(Exception):
    """A verification is running; ``run_id`` is the one."""

    def __init__(self, run_id: UUID) -> None:
        super().__init__(f"verification {run_id} is running")
        self.run_id = run_id


@dataclass(frozen=True)
class RunTable:
    """Where one deployment's runs live."""

    schema: str

    def table(self) -> sql.Identifier:
        """The qualified table."""
        return sql.Identifier(self.schema, RUNS_TABLE)


async def create_runs_table(connection: AsyncConnection[Any], runs: RunTable) -> None:
    """Create the table and its one-running index if missing."""
    async with connection.transaction():
        await connection.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))", (f"{runs.schema}.{RUNS_TABLE}",)
        )
        await connection.execute(
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} ("
                "id uuid PRIMARY KEY, started_by text NOT NULL, "
                "check_read_model boolean NOT NULL, state text NOT NULL, "
                "started_at timestamptz NOT NULL DEFAULT now(), "
                "heartbeat_at timestamptz NOT NULL DEFAULT now(), finished_at timestamptz, "
                "events_total bigint, events_checked bigint NOT NULL DEFAULT 0, "
                "summary jsonb, findings jsonb NOT NULL DEFAULT '[]', "
                "findings_count integer NOT NULL DEFAULT 0, error text)"
            ).format(runs.table())
        )
        await connection.execute(
            sql.SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS {} ON {} ((true)) WHERE state = 'running'"
            ).format(sql.Identifier(f"{RUNS_TABLE}_one_running"), runs.table())
        )


async def start_run(
    connection: AsyncConnection[Any], runs: RunTable, *, started_by: str, check_read_model: bool
) -> UUID:
    """Record a new running verification; its process is started by the caller.

    Raises:
        RunAlreadyGoing: another one is running (and still answering).
    """
    run_id = uuid4()
    async with connection.transaction():
        await connection.execute(
            sql.SQL(
                "UPDATE {} SET state = 'failed', error = %s, finished_at = now() "
                "WHERE state = 'running' AND heartbeat_at < now() - make_interval(secs => %s)"
            ).format(runs.table()),
            (_STALE, STALE_AFTER_S),
        )
        cursor = await connection.execute(
            sql.SQL(
                "INSERT INTO {} (id, started_by, check_read_model, state) "
                "VALUES (%s, %s, %s, 'running') ON CONFLICT DO NOTHING RETURNING id"
            ).format(runs.table()),
            (run_id, started_by, check_read_model),
        )
        if await cursor.fetchone() is not None:
            return run_id
        cursor = await connection.execute(
            sql.SQL("SELECT id FROM {} WHERE state = 'running'").format(runs.table())
        )
        row = await cursor.fetchone()
    raise RunAlreadyGoing(row[0] if row else run_id)


async def read_run(
    connection: AsyncConnection[Any], runs: RunTable, run_id: UUID
) -> dict[str, Any] | None:
    """The run as ``GET /api/v1/audit/verify/{id}`` shows it; ``None`` if unknown."""
    async with connection.cursor(row_factory=dict_row) as cursor:
        await cursor.execute(
            sql.SQL(
                "SELECT id, started_by, check_read_model, state, started_at, finished_at, "
                "events_total, events_checked, summary, findings, findings_count, error, "
                "extract(epoch FROM now() - heartbeat_at) AS silent_s, "
                "extract(epoch FROM coalesce(finished_at, now()) - started_at) AS elapsed_s "
                "FROM {} WHERE id = %s"
            ).format(runs.table()),
            (run_id,),
        )
        row = await cursor.fetchone()
    if row is None:
        return None
    silent_s = float(row.pop("silent_s"))
    elapsed_s = float(row.pop("elapsed_s"))
    if row["state"] == "running" and silent_s > STALE_AFTER_S:
        row["state"], row["error"] = "failed", _STALE
    for column in ("started_at", "finished_at"):
        if row[column] is not None:
            row[column] = row[column].astimezone(UTC)
    row["elapsed_s"] = round(elapsed_s, 3)
    row["events_per_s"] = round(row["events_checked"] / elapsed_s) if elapsed_s > 0 else 0
    return row


async def recent_runs(
    connection: AsyncConnection[Any], runs: RunTable, limit: int
) -> list[dict[str, Any]]:
    """The ``limit`` most recently started runs, newest first, without their findings."""
    cursor = await connection.execute(
        sql.SQL("SELECT id FROM {} ORDER BY started_at DESC LIMIT %s").format(runs.table()),
        (limit,),
    )
    found: list[dict[str, Any]] = []
    for (run_id,) in await cursor.fetchall():
        run = await read_run(connection, runs, run_id)
        if run is not None:
            run.pop("findings")
            found.append(run)
    return found


async def fail_run(
    connection: AsyncConnection[Any], runs: RunTable, run_id: UUID, error: str
) -> None:
    """Mark a run failed unless it already finished (its process ended without a word)."""
    await connection.execute(
        sql.SQL(
            "UPDATE {} SET state = 'failed', error = %s, finished_at = now() "
            "WHERE id = %s AND state = 'running'"
        ).format(runs.table()),
        (error, run_id),
    )


# -- written by the run's own process (synchronous psycopg) ------------------------------


def write_progress(
    connection: psycopg.Connection[Any],
    runs: RunTable,
    run_id: UUID,
    *,
    total: int | None,
    checked: int,
    findings: list[dict[str, Any]],
    findings_count: int,
) -> None:
    """Record how far a run has come (also its heartbeat)."""
    connection.execute(
        sql.SQL(
            "UPDATE {} SET heartbeat_at = now(), events_total = %s, events_checked = %s, "
            "findings = %s::jsonb, findings_count = %s WHERE id = %s"
        ).format(runs.table()),
        (total, checked, msgspec.json.encode(findings).decode(), findings_count, run_id),
    )


def write_outcome(
    connection: psycopg.Connection[Any],
    runs: RunTable,
    run_id: UUID,
    *,
    summary: dict[str, Any] | None,
    error: str | None,
) -> None:
    """Record how a run ended: ``finished`` with its summary, or ``failed`` with an error."""
    connection.execute(
        sql.SQL(
            "UPDATE {} SET state = %s, summary = %s::jsonb, error = %s, finished_at = now(), "
            "heartbeat_at = now() WHERE id = %s"
        ).format(runs.table()),
        (
            "finished" if error is None else "failed",
            None if summary is None else msgspec.json.encode(summary).decode(),
            error,
            run_id,
        ),
    )
