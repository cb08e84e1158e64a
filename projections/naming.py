"""Names of projection objects in PostgreSQL: versioned tables, serving views, locks, channels."""

from __future__ import annotations

import hashlib

from psycopg import sql

CATALOG_TABLE = "projection_catalog"
DEAD_LETTER_TABLE = "projection_dead_letters"
WORKERS_TABLE = "projection_workers"
SECRETS_TABLE = "projection_secrets"


def versioned(logical: str, version: int) -> str:
    """Physical name of a logical read-model table in one version (``task_list_v3``)."""
    return f"{logical}_v{version}"


def tracking_table(projection: str, version: int) -> str:
    """Physical tracking table of one version of a projection."""
    return f"{projection}_v{version}_tracking"


def tracking_view(projection: str) -> str:
    """The view over the serving version's tracking table (what reads take the position from)."""
    return f"{projection}_tracking"


def qualified(schema: str, name: str) -> sql.Identifier:
    """``"schema"."name"`` as a safely quoted identifier."""
    return sql.Identifier(schema, name)


def notify_channel(schema: str) -> str:
    """The channel projections NOTIFY on after each commit; payload ``name:position``.

    The schema is part of the channel because NOTIFY is database-wide: two deployments
    (or two tests) in one database must not wake each other's readers.
    """
    return f"tasklog_projection.{schema}"


def jobs_notify_channel(schema: str) -> str:
    """The channel the job views (``recurrence``, ``reminders``) NOTIFY on; payload as above.

    Apart from ``notify_channel`` so that the API's LISTEN connection hears only the read
    models reads wait on, and the worker's only the job views it dispatches from.
    """
    return f"tasklog_jobs.{schema}"


def demand_channel(schema: str) -> str:
    """The channel an API process NOTIFYs when a read waits on a read model; payload its name.

    A live worker that paces its folds (``RunnerConfig.fold_interval``) folds at once when
    it hears its name here, so a read-your-writes wait does not sit out the pacing.
    """
    return f"tasklog_demand.{schema}"


def advisory_key(*parts: str) -> int:
    """A stable signed 64-bit advisory lock key for ``parts`` (e.g. schema, role, name)."""
    digest = hashlib.blake2b(":".join(("tasklog", *parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
