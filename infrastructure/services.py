"""The servers a process runs on: the configured ones, or embedded ones outside production.

``TASKLOG_ENV=production`` (the default) never starts an embedded PostgreSQL or Redis and
never trusts the dev signing key: a command that lacks one of those settings stops before
it starts anything, with one error naming every variable it needs. In ``dev`` and ``test``
what is unset is started embedded under ``TASKLOG_DATA_DIR`` (``infrastructure.embedded``).
"""

from __future__ import annotations

from dataclasses import replace

from infrastructure.embedded import start_embedded_postgres, start_embedded_redis
from infrastructure.settings import PREFIX, Settings, SettingsError


class MissingSettings(SettingsError):
    """Production lacks variables that only dev and test may leave unset."""

    def __init__(self, names: list[str]) -> None:
        self.variables = [PREFIX + name for name in names]
        self.variable = self.variables[0]
        refusals = []
        if {"DATABASE_URL", "REDIS_URL"} & set(names):
            refusals.append("starts no embedded PostgreSQL or Redis")
        if "JWKS_URL" in names:
            refusals.append("does not trust the dev signing key")
        ValueError.__init__(  # SettingsError's own wording names one variable
            self,
            f"{' and '.join(self.variables)} must be set in production (TASKLOG_ENV=production, "
            f"the default, {' and '.join(refusals)}; TASKLOG_ENV=dev does)",
        )


def require_configured(settings: Settings, *, redis: bool = False, jwks: bool = False) -> None:
    """Refuse production settings that would need an embedded service or the dev key.

    Args:
        settings: The process settings.
        redis: The command cannot run without Redis (the job worker).
        jwks: The command verifies tokens (the API).

    Raises:
        MissingSettings: In production, naming every variable the command needs and lacks.
    """
    if settings.env != "production":
        return
    missing = [] if settings.database_url is not None else ["DATABASE_URL"]
    if redis and settings.redis_url is None:
        missing.append("REDIS_URL")
    if jwks and settings.jwks_url is None:
        missing.append("JWKS_URL")
    if missing:
        raise MissingSettings(missing)


def with_database(settings: Settings) -> Settings:
    """``settings`` with a database URL: the configured one, else an embedded PostgreSQL.

    Raises:
        MissingSettings: In production without ``TASKLOG_DATABASE_URL``.
    """
    require_configured(settings)
    if settings.database_url is not None:
        return settings
    return replace(settings, database_url=start_embedded_postgres(settings.data_dir))


def with_database_and_redis(settings: Settings) -> Settings:
    """``settings`` with database and Redis URLs, embedded ones for what dev/test leave unset.

    Raises:
        MissingSettings: In production without ``TASKLOG_DATABASE_URL`` or ``TASKLOG_REDIS_URL``.
    """
    require_configured(settings, redis=True)
    settings = with_database(settings)
    if settings.redis_url is not None:
        return settings
    return replace(settings, redis_url=start_embedded_redis(settings.data_dir))
