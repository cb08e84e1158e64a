"""How ``tasklog`` commands refuse settings they cannot run with: one line, exit code 2.

A misconfigured process should say which variable is wrong and stop before it starts
anything (an embedded server, worker processes, threads), not later inside a JSON log
line with a traceback; 2 is the exit code of a usage error, as click's own.
"""

from __future__ import annotations

from typing import IO, Any

import click

from infrastructure.services import require_configured
from infrastructure.settings import Settings, SettingsError

EXIT_BAD_SETTINGS = 2


class BadSettings(click.ClickException):
    """A ``TASKLOG_*`` variable is missing or wrong; shown as ``tasklog: <what is wrong>``."""

    exit_code = EXIT_BAD_SETTINGS

    def __init__(self, error: SettingsError) -> None:
        super().__init__(str(error))

    def show(self, file: IO[Any] | None = None) -> None:
        """Write the one line to stderr (click's default adds an ``Error:`` prefix)."""
        click.echo(f"tasklog: {self.format_message()}", file=file, err=True)


def configured(settings: Settings, *, redis: bool = False, jwks: bool = False) -> Settings:
    """``settings`` if the command can run with them, else exit with ``BadSettings``.

    Args:
        settings: The process settings.
        redis: The command needs Redis.
        jwks: The command verifies tokens.
    """
    try:
        require_configured(settings, redis=redis, jwks=jwks)
    except SettingsError as error:
        raise BadSettings(error) from None
    return settings
