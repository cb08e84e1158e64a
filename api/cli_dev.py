"""``tasklog dev``: the whole service on this machine with embedded parts and a dev token."""

from __future__ import annotations

import signal
import sys
from types import FrameType

import click

from api.devserver import DEV_LOG, banner, dev_environment, run_dev
from infrastructure.logging import configure_logging, log_to_file
from infrastructure.settings import Settings


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.pass_obj
def dev(settings: Settings, host: str, port: int) -> None:
    """Run the API (and dev services) with embedded PostgreSQL/Redis when none are set.

    The terminal shows the banner and warnings; the whole log is in the data directory.
    Ctrl-C stops the API and the embedded PostgreSQL and Redis it started.
    """
    configure_logging(settings.log_level)
    log_to_file(settings.data_dir / DEV_LOG)
    signal.signal(signal.SIGTERM, _interrupt)
    stopped = "the API"
    try:
        with dev_environment(settings, host=host, port=port) as environment:
            stopped = environment.what_stops
            click.echo(banner(environment, host=host, port=port))
            sys.stdout.flush()  # a pipe reader sees the token before the server starts
            import uvloop

            uvloop.run(run_dev(environment.settings, host=host, port=port))
    except KeyboardInterrupt:
        pass
    click.echo(f"Stopped {stopped}.")


def _interrupt(_signum: int, frame: FrameType | None) -> None:
    """SIGTERM stops ``tasklog dev`` as Ctrl-C does, embedded services included (uvicorn
    shuts down gracefully, then raises the signal again, which lands here)."""
    raise KeyboardInterrupt
