"""``tasklog projector`` and ``tasklog projections status|rebuild``."""

from __future__ import annotations

import asyncio
import signal
import threading
import time
from types import FrameType
from typing import Any

import click
import psycopg
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from api.cli_settings import configured
from infrastructure.gc_tuning import tune_gc_after_startup
from infrastructure.logging import configure_logging
from infrastructure.pools import CLI, named
from infrastructure.services import with_database
from infrastructure.settings import Settings
from infrastructure.startup import when_refused_retry
from projections import catalog
from projections.install import install
from projections.projector import Projector
from projections.registry import PROJECTIONS, projection_named
from projections.status import ProjectionStatus, projection_statuses


@click.command()
@click.pass_obj
def projector(settings: Settings) -> None:
    """Run every projection, each in its own supervised thread, until SIGINT/SIGTERM.

    Several projector processes may run: per projection, one holds a PostgreSQL advisory
    lock and works, the others stand by and take over within a second when it dies.
    """
    settings = configured(settings)
    configure_logging(settings.log_level)
    # A projector that exits while PostgreSQL refuses leaves every read model standing.
    running = when_refused_retry(lambda: Projector.from_settings(with_database(settings)))

    def stop(_signum: int, frame: FrameType | None) -> None:
        running.stop_event.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    when_refused_retry(running.start)  # it installs the read models before it starts any
    tune_gc_after_startup()
    running.run_forever()
    running.stop()


@click.group()
def projections() -> None:
    """Inspect and rebuild the read models."""


async def _statuses(settings: Settings) -> list[ProjectionStatus]:
    assert settings.database_url is not None
    async with await psycopg.AsyncConnection.connect(
        named(settings.database_url, CLI), autocommit=True
    ) as connection:
        return await projection_statuses(connection, settings.database_schema, "tasklog_events")


@projections.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def status(settings: Settings, as_json: bool) -> None:
    """Name, version, status, position, head and lag of every read model."""
    settings = with_database(configured(settings))
    found = asyncio.run(_statuses(settings))
    console = Console()
    if as_json:
        console.print_json(data=[entry.as_dict() for entry in found])
        return
    table = Table(title="Tasklog projections")
    for column in ("name", "version", "status", "position", "head", "lag", "lag s", "rebuild"):
        table.add_column(column, justify="right" if column not in {"name", "status"} else "left")
    colours = {"running": "green", "rebuilding": "cyan", "degraded": "yellow"}
    for entry in found:
        rebuild = ""
        if entry.rebuild is not None:
            rebuild = f"v{entry.rebuild.version} {entry.rebuild.position}/{entry.rebuild.head}"
        colour = colours.get(entry.status, "red")
        table.add_row(
            entry.name,
            str(entry.version),
            f"[{colour}]{entry.status}[/{colour}]",
            str(entry.position),
            str(entry.head),
            str(entry.lag_events),
            f"{entry.lag_seconds:.1f}",
            rebuild,
        )
    console.print(table)


class _Rate:
    """Events per second over a sliding few seconds, for the progress bar."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, int]] = []

    def update(self, position: int) -> float:
        now = time.monotonic()
        self.samples.append((now, position))
        self.samples = [(t, p) for t, p in self.samples if now - t <= 5.0] or self.samples[-1:]
        (t0, p0), (t1, p1) = self.samples[0], self.samples[-1]
        return (p1 - p0) / (t1 - t0) if t1 > t0 else 0.0


@projections.command()
@click.argument("name", type=click.Choice([p.name for p in PROJECTIONS]))
@click.pass_obj
def rebuild(settings: Settings, name: str) -> None:
    """Rebuild NAME blue/green: build a new version beside the serving one, then swap.

    Reads keep answering from the old version until the new one has caught up; the swap
    is one transaction. If a projector is already building it, this follows its progress.
    """
    configure_logging("WARNING")
    settings = with_database(configured(settings))
    projection = projection_named(name)
    running = Projector.from_settings(settings, application_name=CLI)
    worker = running.rebuild(projection)
    install(running.datastore, running.connect, running.projections)
    with running.datastore.transaction(commit=True) as curs:
        try:
            version = catalog.request_rebuild(
                curs, running.datastore.schema, name, projection.revision
            )
            click.echo(f"rebuilding {name} as version {version}")
        except catalog.RebuildAlreadyRunning:
            current = catalog.entry(curs, running.datastore.schema, name)
            version = current.rebuild_version or 0
            click.echo(f"a rebuild of {name} (version {version}) is already under way; joining it")
    rate = _Rate()
    columns: list[Any] = [
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>9,.0f} events/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    ]
    interrupted = threading.Event()

    def interrupt(_signum: int, frame: FrameType | None) -> None:
        interrupted.set()
        running.stop_event.set()

    signal.signal(signal.SIGINT, interrupt)
    try:
        with Progress(*columns, transient=False) as bar:
            task = bar.add_task(f"{name} v{version}", total=None, rate=0.0)

            def progress(position: int, head: int) -> None:
                bar.update(task, completed=position, total=max(head, 1), rate=rate.update(position))

            done = worker.run(progress)
            while not done and not interrupted.is_set():
                # Another process holds the rebuild lock: follow its progress.
                pending = worker.pending()
                if pending is None or pending.rebuild_version != version:
                    break
                built = asyncio.run(_statuses(settings))
                entry = next(e for e in built if e.name == name)
                if entry.rebuild is not None:
                    progress(entry.rebuild.position, entry.rebuild.head)
                interrupted.wait(0.5)
                done = worker.run(progress) if worker.pending() is not None else True
    finally:
        running.stop()
    if interrupted.is_set():
        raise click.ClickException("interrupted; run the command again (or a projector) to resume")
    click.echo(f"{name}: version {version} serves")
