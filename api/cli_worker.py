"""``tasklog worker``: the arq worker that spawns next occurrences and fires reminders."""

from __future__ import annotations

import click

from api.cli_settings import configured
from infrastructure.logging import configure_logging
from infrastructure.settings import Settings
from jobs import build_worker, with_services


@click.command()
@click.option("--burst", is_flag=True, help="Stop once no job is queued or due.")
@click.pass_obj
def worker(settings: Settings, burst: bool) -> None:
    """Run the job worker: spawn next occurrences, fire reminders, sweep every minute.

    Needs TASKLOG_DATABASE_URL and TASKLOG_REDIS_URL; with TASKLOG_ENV=dev or test, embedded
    PostgreSQL/Redis stand in for what is unset.
    Stops on SIGINT/SIGTERM; a job it was running is run again by another worker.
    """
    settings = configured(settings, redis=True)
    configure_logging(settings.log_level)
    build_worker(with_services(settings), burst=burst).run()
