"""``tasklog dev`` settings: CORS for a frontend on port 3000 unless origins are set."""

from __future__ import annotations

from dataclasses import replace

from api.devserver import dev_environment
from infrastructure.settings import Settings

# Every service configured, so dev_environment starts no embedded server.
CONFIGURED = Settings(
    database_url="postgresql://tasklog@db.test/tasklog",
    redis_url="redis://cache.test:6379/0",
    jwks_url="https://idp.test/jwks",
)


def test_dev_allows_a_frontend_on_localhost_3000_by_default() -> None:
    with dev_environment(CONFIGURED, host="127.0.0.1", port=8000) as dev:
        settings = dev.settings

    assert settings.cors_origins == ("http://localhost:3000", "http://127.0.0.1:3000")
    assert settings.env == "dev"


def test_dev_keeps_the_origins_it_is_given() -> None:
    given = replace(CONFIGURED, cors_origins=("https://app.example",))

    with dev_environment(given, host="127.0.0.1", port=8000) as dev:
        assert dev.settings.cors_origins == ("https://app.example",)


def test_production_has_no_cors_origins_unless_set() -> None:
    assert Settings.from_env({}).cors_origins == ()
