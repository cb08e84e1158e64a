"""The ``tasklog`` command: a thin click group; each command's work lives in its own module.

Add a command by importing it here and registering it with ``main.add_command``. The
group reads the settings once and passes them to every command as the click context
object (``@click.pass_obj``, or ``ctx.find_object(Settings)``).
"""

from __future__ import annotations

import os

import click

from api.cli_audit import audit
from api.cli_dead_letters import dead_letters, retry
from api.cli_dev import dev
from api.cli_projections import projections, projector
from api.cli_serve import serve
from api.cli_settings import BadSettings
from api.cli_token import token
from api.cli_worker import worker
from infrastructure.settings import Settings, SettingsError


@click.group()
@click.pass_context
def main(ctx: click.Context) -> None:
    """Tasklog: an event-sourced task service."""
    try:
        ctx.obj = Settings.from_env(os.environ)
    except SettingsError as error:
        raise BadSettings(error) from None


main.add_command(serve)
main.add_command(token)
main.add_command(dev)
main.add_command(audit)
main.add_command(worker)
main.add_command(projector)
main.add_command(projections)
projections.add_command(dead_letters)
projections.add_command(retry)
