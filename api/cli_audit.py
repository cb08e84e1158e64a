"""``tasklog audit``: a task's history, an NDJSON export of the log, and ``verify``.

``verify`` exits 0 when every hash chain holds and every task replays to its
``task_list`` row, and 1 otherwise, naming each damaged task (findings on stdout, one
a line; the progress bar on stderr). Registered into the ``tasklog`` group in
``api/cli.py``.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO
from uuid import UUID

import click
from eventsourcing.persistence import StoredEvent
from psycopg_pool import AsyncConnectionPool
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from api.cli_settings import configured
from api.controllers.audit import ndjson_lines
from api.controllers.history import event_type_name
from application.history import history_entry
from application.tasks import TaskApplication
from application.views import rfc3339
from audit.chain import TaskChain
from audit.findings import Finding, Summary
from audit.log import AuditFilter, AuditLog
from audit.owners import event_tables
from audit.verify import StoreVerifier
from domain.task import Task
from infrastructure.eventstore import build_task_application
from infrastructure.pools import CLI, named
from infrastructure.services import with_database
from infrastructure.settings import Settings

EXIT_DAMAGED = 1
_DATA_SHOWN = 60


def _settings(ctx: click.Context) -> Settings:
    """The settings the ``tasklog`` group put on the context, else from the environment."""
    found = ctx.find_object(Settings)
    if found is None and isinstance(ctx.obj, dict):
        found = ctx.obj.get("settings")
    settings = found if isinstance(found, Settings) else Settings.from_env(os.environ)
    return with_database(configured(settings))


def _url(settings: Settings) -> str:
    if settings.database_url is None:
        raise click.ClickException("no database URL")
    return settings.database_url


@contextmanager
def _application(settings: Settings) -> Iterator[TaskApplication]:
    app = build_task_application(_url(settings), settings.database_schema, 2)
    try:
        yield app
    finally:
        app.close()


@click.group("audit")
def audit() -> None:
    """Auditors' tools: a task's history, the event log as NDJSON, verification."""


# -- history -----------------------------------------------------------------------------


@audit.command("history")
@click.argument("task_id", type=click.UUID)
@click.pass_context
def history(ctx: click.Context, task_id: UUID) -> None:
    """Every stored event of TASK_ID in a table, each link of its hash chain checked."""
    settings = _settings(ctx)
    with _application(settings) as app:
        stored = app.recorder.select_events(task_id)
        if not stored:
            raise click.ClickException(f"no events for task {task_id}")
        positions = app.positions.positions(task_id)
        table = _history_table(app, task_id, stored, positions)
    Console().print(table)


def _history_table(
    app: TaskApplication,
    task_id: UUID,
    stored: Any,
    positions: dict[int, int],
) -> Table:
    chain = TaskChain(task_id)
    table = Table(title=f"Task {task_id}", header_style="bold")
    for column in ("v", "position", "type", "at", "actor", "correlation id", "data", "hash"):
        table.add_column(column, overflow="fold")
    table.add_column("chain")
    for event in stored:
        position = positions.get(event.originator_version, 0)
        decoded: object
        try:
            decoded = app.mapper.to_domain_event(event)
        except Exception as error:  # shown as damaged, the table goes on
            decoded = error
        broken = chain.feed(event.originator_version, position, decoded)
        mark = "[green]ok[/]" if chain.broken is None else "[red]BROKEN[/]" if broken else "-"
        table.add_row(*_history_cells(event, position, decoded), mark)
    if chain.broken is not None:
        table.caption = f"[red]{chain.broken}[/]"
    else:
        table.caption = "hash chain intact"
    return table


def _history_cells(event: StoredEvent, position: int, decoded: object) -> list[str]:
    if not isinstance(decoded, Task.Event):
        topic = event.topic.rpartition(".")[2]
        return [str(event.originator_version), str(position), topic, "", "", "", "undecodable", ""]
    entry = history_entry(decoded, position)
    data = json.dumps(entry.data, default=str, ensure_ascii=False)
    if len(data) > _DATA_SHOWN:
        data = data[: _DATA_SHOWN - 3] + "..."
    return [
        str(entry.version),
        str(entry.position),
        event_type_name(entry),
        rfc3339(entry.at) or "",
        entry.actor,
        entry.correlation_id,
        data,
        entry.hash[:12],
    ]


# -- export ------------------------------------------------------------------------------


@audit.command("export")
@click.option("--user", "user_id", help="Only events of tasks this user (sub) owns.")
@click.option("--task", "task_id", type=click.UUID, help="Only this task's events.")
@click.option(
    "--after", type=click.IntRange(min=0), default=0, show_default=True, help="Start after."
)
@click.pass_context
def export(ctx: click.Context, user_id: str | None, task_id: UUID | None, after: int) -> None:
    """Write the global event log as NDJSON to stdout, in position order.

    Each line has the shape of GET /api/v1/audit/events items. Memory stays flat
    however long the log is.
    """
    settings = _settings(ctx)
    with _application(settings) as app:
        tables = event_tables(app.recorder, settings.database_schema)
        where = AuditFilter(after=after, user_id=user_id, task_id=task_id)
        out = sys.stdout.buffer
        count, head = asyncio.run(_export(_url(settings), tables, app, where, out))
    click.echo(f"exported {count} events up to position {head}", err=True)


async def _export(
    url: str, tables: Any, app: TaskApplication, where: AuditFilter, out: BinaryIO
) -> tuple[int, int]:
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(
        named(url, CLI), min_size=1, max_size=1, open=False, kwargs={"autocommit": True}
    )
    await pool.open(wait=True)
    try:
        log = AuditLog(pool, tables, app.mapper)
        await log.prepare()
        head = await log.head()
        count = 0
        async for batch in log.stream(where, head):
            out.write(ndjson_lines(batch))
            count += len(batch)
        out.flush()
        return count, head
    finally:
        await pool.close()


# -- verify ------------------------------------------------------------------------------


@audit.command("verify")
@click.option(
    "--skip-read-model",
    is_flag=True,
    help="Check the hash chains only, not the task_list read model.",
)
@click.option("--batch", type=click.IntRange(min=1), default=2_000, hidden=True)
@click.pass_context
def verify(ctx: click.Context, skip_read_model: bool, batch: int) -> None:
    """Replay every task from its events; check every hash chain and the read model.

    Prints each broken chain (its first broken link) and each difference between a
    replayed task and its task_list row; exits 1 if there is any, 0 otherwise.
    """
    settings = _settings(ctx)
    with _application(settings) as app:
        verifier = StoreVerifier(
            named(_url(settings), CLI),
            event_tables(app.recorder, settings.database_schema),
            app.mapper,
            application_name=app.name,
            check_read_model=not skip_read_model,
            batch=batch,
        )
        summary = _run_with_progress(verifier)
    _print_summary(summary)
    if not summary.ok:
        ctx.exit(EXIT_DAMAGED)


def _run_with_progress(verifier: StoreVerifier) -> Summary:
    progress = Progress(
        TextColumn("verifying"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    bar = progress.add_task("events", total=None, rate="")

    def report(finding: Finding) -> None:
        click.echo(str(finding))

    def advance(done: int) -> None:
        progress.advance(bar, done)
        elapsed = progress.tasks[bar].elapsed or 0.0
        if elapsed > 0:
            rate = progress.tasks[bar].completed / elapsed
            progress.update(bar, rate=f"{rate:,.0f} events/s")

    with progress:
        return verifier.run(
            report,
            on_total=lambda total: progress.update(bar, total=total),
            on_progress=advance,
        )


def _print_summary(summary: Summary) -> None:
    read_model = (
        f"task_list at position {summary.read_model_position}"
        if summary.read_model_position is not None
        else "no read model compared"
    )
    click.echo(
        f"checked {summary.events} events of {summary.tasks} tasks ({read_model}): "
        f"{summary.broken_tasks} broken chains, {summary.differing_tasks} tasks differing "
        f"from the read model, {summary.problems} other problems"
    )
    click.echo("OK" if summary.ok else "DAMAGED")
