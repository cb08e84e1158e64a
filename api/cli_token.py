"""``tasklog token USER``: a bearer token signed with the dev key (development only)."""

from __future__ import annotations

import click

from api.devtokens import mint_dev_token
from infrastructure.auth.claims import subject
from infrastructure.auth.errors import InvalidToken
from infrastructure.settings import Settings


@click.command()
@click.argument("user")
@click.option("--roles", default="", help="Comma-separated roles, e.g. auditor,operator.")
@click.option(
    "--ttl", default=3600, show_default=True, type=click.IntRange(1, 366 * 86400), help="Seconds."
)
@click.pass_obj
def token(settings: Settings, user: str, roles: str, ttl: int) -> None:
    """Print a token for USER, verifiable through the dev JWKS of `tasklog dev`."""
    try:
        subject({"sub": user})
    except InvalidToken as refused:  # the API would answer such a token with 401
        raise click.BadParameter(
            f"not a user id a token may carry ({refused.reason})", param_hint="USER"
        ) from None
    names = [role.strip() for role in roles.split(",") if role.strip()]
    click.echo(mint_dev_token(settings, user, names, ttl))
