"""``tasklog projections dead-letters NAME`` and ``tasklog projections retry NAME POSITION``.

``retry`` folds one parked event into the serving version (``projections.dead_letters``)
and exits 0 when it folded, 1 when it failed again and stays parked (the new error is
printed), 2 when nothing is parked there. Registered on the ``projections`` group in
``api/cli.py``.
"""

from __future__ import annotations

from dataclasses import replace

import click
from rich.console import Console
from rich.table import Table

from infrastructure.embedded import start_embedded_postgres
from infrastructure.settings import Settings
from projections.catalog import UnknownProjection
from projections.dead_letters import (
    DeadLetterNotFound,
    event_type,
    list_dead_letters,
    retry_dead_letter,
)
from projections.projector import Projector
from projections.registry import PROJECTIONS, projection_named

EXIT_STILL_PARKED = 1
EXIT_NOT_PARKED = 2

_NAMES = click.Choice([p.name for p in PROJECTIONS])


def _projector(settings: Settings) -> Projector:
    if settings.database_url is None:
        settings = replace(settings, database_url=start_embedded_postgres(settings.data_dir))
    return Projector.from_settings(settings)


@click.command("dead-letters")
@click.argument("name", type=_NAMES)
@click.pass_obj
def dead_letters(settings: Settings, name: str) -> None:
    """List the events of NAME's serving version that are parked, oldest first."""
    projector = _projector(settings)
    try:
        with projector.datastore.transaction(commit=False) as curs:
            letters = list_dead_letters(curs, projector.datastore.schema, name)
    except UnknownProjection:
        raise click.ClickException(f"{name} is not installed") from None
    finally:
        projector.stop()
    table = Table(title=f"{name}: parked events")
    for column in ("position", "task", "type", "attempts", "parked at", "error"):
        table.add_column(column, overflow="fold")
    for letter in letters:
        table.add_row(
            str(letter.position),
            letter.task_id or "",
            event_type(letter.topic) or "",
            str(letter.attempts),
            letter.parked_at.isoformat(timespec="seconds"),
            letter.error,
        )
    Console().print(table)


@click.command("retry")
@click.argument("name", type=_NAMES)
@click.argument("position", type=click.IntRange(min=1))
@click.pass_context
def retry(ctx: click.Context, name: str, position: int) -> None:
    """Fold the event parked at POSITION into NAME's serving version, exactly once.

    Folded: the dead letter is removed (NAME leaves "degraded" when none remain). Failed
    again: it stays parked with one more attempt and the new error; exit status 1.
    """
    projector = _projector(ctx.obj)
    try:
        outcome = retry_dead_letter(
            projection_named(name),
            datastore=projector.datastore,
            source=projector.source,
            position=position,
        )
    except (UnknownProjection, DeadLetterNotFound):
        click.echo(f"{name} has no event parked at position {position}", err=True)
        ctx.exit(EXIT_NOT_PARKED)
    finally:
        projector.stop()
    if outcome.folded:
        click.echo(f"{name}: folded the event at position {position}")
        return
    click.echo(
        f"{name}: the event at position {position} failed again "
        f"(attempt {outcome.letter.attempts}): {outcome.letter.error}",
        err=True,
    )
    ctx.exit(EXIT_STILL_PARKED)
