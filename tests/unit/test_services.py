"""Production runs on configured servers only; dev and test may leave them to embedding."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from infrastructure.services import MissingSettings, require_configured, with_database
from infrastructure.settings import Environment, Settings, SettingsError

PRODUCTION = Settings()


def test_production_names_every_variable_a_command_lacks() -> None:
    with pytest.raises(MissingSettings) as error:
        require_configured(PRODUCTION, redis=True, jwks=True)

    assert error.value.variables == [
        "TASKLOG_DATABASE_URL",
        "TASKLOG_REDIS_URL",
        "TASKLOG_JWKS_URL",
    ]
    assert isinstance(error.value, SettingsError)
    assert str(error.value).startswith(
        "TASKLOG_DATABASE_URL and TASKLOG_REDIS_URL and TASKLOG_JWKS_URL must be set in production"
    )


def test_production_asks_only_for_what_the_command_needs() -> None:
    settings = replace(PRODUCTION, database_url="postgresql://db/tasklog")

    require_configured(settings)
    with pytest.raises(MissingSettings, match=r"^TASKLOG_REDIS_URL must be set"):
        require_configured(settings, redis=True)


@pytest.mark.parametrize("env", ["dev", "test"])
def test_dev_and_test_may_leave_servers_unset(env: Environment) -> None:
    require_configured(replace(PRODUCTION, env=env), redis=True, jwks=True)


def test_production_never_starts_an_embedded_database(tmp_path: Path) -> None:
    settings = replace(PRODUCTION, data_dir=tmp_path)

    with pytest.raises(MissingSettings):
        with_database(settings)
    assert not list(settings.data_dir.iterdir())
