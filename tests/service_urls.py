"""The servers a test's settings name, typed as present: every test deployment has both."""

from infrastructure.settings import Settings


def database_url_of(settings: Settings) -> str:
    """The PostgreSQL URL of a test's settings (which always name one)."""
    assert settings.database_url is not None, "test settings without a database"
    return settings.database_url


def redis_url_of(settings: Settings) -> str:
    """The Redis URL of a test's settings (which always name one)."""
    assert settings.redis_url is not None, "test settings without Redis"
    return settings.redis_url
