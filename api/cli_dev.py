"""``tasklog dev``: the whole service on this machine with embedded parts and a dev token."""

from __future__ import annotations

import sys

import click

from api.devserver import banner, dev_settings, run_dev
from infrastructure.logging import configure_logging
from infrastructure.settings import Settings


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.pass_obj
def dev(settings: Settings, host: str, port: int) -> None:
    """Run the API (and dev services) with embedded PostgreSQL/Redis when none are set."""
    configure_logging(settings.log_level)
    settings = dev_settings(settings, host=host, port=port)
    click.echo(banner(settings, host=host, port=port))
    sys.stdout.flush()  # a pipe reader sees the token before the server starts
    try:
        import uvloop

        uvloop.run(run_dev(settings, host=host, port=port))
    except KeyboardInterrupt:
        pass
