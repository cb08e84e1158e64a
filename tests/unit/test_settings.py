"""Settings.from_env: defaults, parsing and one error per kind of bad value."""

from __future__ import annotations

from pathlib import Path

import pytest

from infrastructure.settings import Settings, SettingsError


def test_defaults_when_nothing_is_set() -> None:
    settings = Settings.from_env({})

    assert settings == Settings()
    assert settings.database_url is None
    assert settings.database_schema == "public"
    assert settings.redis_url is None
    assert settings.jwks_url is None
    assert settings.jwt_issuer is None
    assert settings.jwt_audience is None
    assert settings.jwt_algorithms == ("EdDSA", "ES256", "RS256")
    assert settings.jwt_roles_claim == "roles"
    assert settings.jwt_leeway_s == 30
    assert settings.jwks_refetch_interval_s == 10.0
    assert settings.consistency_timeout_ms == 2000
    assert settings.list_max == 10_000
    assert settings.rate_limit is None
    assert settings.max_in_flight == 32
    assert settings.queue_wait_ms == 1000
    assert settings.cors_origins == ()
    assert settings.db_pool_size == 10
    assert settings.eventstore_pool_size == 10
    assert settings.projector_pool_size == 6
    assert settings.pool_min_size == 1
    assert settings.pool_max_idle_s == 60.0
    assert settings.data_dir == Path(".tasklog")
    assert settings.log_level == "INFO"
    assert settings.env == "production"


def test_every_variable_is_read() -> None:
    settings = Settings.from_env(
        {
            "TASKLOG_DATABASE_URL": "postgresql://u:p@db:5432/tasklog",
            "TASKLOG_DATABASE_SCHEMA": "tasklog",
            "TASKLOG_REDIS_URL": "redis://cache:6379/1",
            "TASKLOG_JWKS_URL": "https://idp.example/.well-known/jwks.json",
            "TASKLOG_JWT_ISSUER": "https://idp.example/",
            "TASKLOG_JWT_AUDIENCE": "tasklog",
            "TASKLOG_JWT_ALGORITHMS": " ES256 , PS256 ",
            "TASKLOG_JWT_ROLES_CLAIM": "groups",
            "TASKLOG_JWT_LEEWAY_S": "0",
            "TASKLOG_JWKS_REFETCH_INTERVAL_S": "2.5",
            "TASKLOG_CONSISTENCY_TIMEOUT_MS": "500",
            "TASKLOG_LIST_CACHE_MB": "0",
            "TASKLOG_LIST_MAX": "100000",
            "TASKLOG_RATE_LIMIT": "100 / minute",
            "TASKLOG_MAX_IN_FLIGHT": "0",
            "TASKLOG_QUEUE_WAIT_MS": "0",
            "TASKLOG_CORS_ORIGINS": "http://localhost:3000, https://app.example",
            "TASKLOG_DB_POOL_SIZE": "4",
            "TASKLOG_EVENTSTORE_POOL_SIZE": "6",
            "TASKLOG_PROJECTOR_POOL_SIZE": "3",
            "TASKLOG_POOL_MIN_SIZE": "0",
            "TASKLOG_POOL_MAX_IDLE_S": "15",
            "TASKLOG_DATA_DIR": "/var/lib/tasklog",
            "TASKLOG_LOG_LEVEL": "debug",
            "TASKLOG_ENV": "dev",
        }
    )

    assert settings == Settings(
        database_url="postgresql://u:p@db:5432/tasklog",
        database_schema="tasklog",
        redis_url="redis://cache:6379/1",
        jwks_url="https://idp.example/.well-known/jwks.json",
        jwt_issuer="https://idp.example/",
        jwt_audience="tasklog",
        jwt_algorithms=("ES256", "PS256"),
        jwt_roles_claim="groups",
        jwt_leeway_s=0,
        jwks_refetch_interval_s=2.5,
        consistency_timeout_ms=500,
        list_cache_mb=0,
        list_max=100_000,
        rate_limit="100/minute",
        max_in_flight=0,
        queue_wait_ms=0,
        cors_origins=("http://localhost:3000", "https://app.example"),
        db_pool_size=4,
        eventstore_pool_size=6,
        projector_pool_size=3,
        pool_min_size=0,
        pool_max_idle_s=15.0,
        data_dir=Path("/var/lib/tasklog"),
        log_level="DEBUG",
        env="dev",
    )


def test_empty_value_counts_as_unset() -> None:
    settings = Settings.from_env({"TASKLOG_DATABASE_URL": "", "TASKLOG_JWT_LEEWAY_S": "  "})

    assert settings.database_url is None
    assert settings.jwt_leeway_s == 30


def test_other_variables_are_ignored() -> None:
    assert Settings.from_env({"DATABASE_URL": "nonsense", "PATH": "/bin"}) == Settings()


def test_settings_are_frozen() -> None:
    settings = Settings()

    with pytest.raises(AttributeError):
        settings.env = "dev"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("DATABASE_URL", "mysql://db/tasklog", "PostgreSQL URL"),
        ("DATABASE_SCHEMA", "Tasklog; DROP", "PostgreSQL identifier"),
        ("DATABASE_SCHEMA", "x" * 64, "PostgreSQL identifier"),
        ("REDIS_URL", "http://cache:6379", "Redis URL"),
        ("JWKS_URL", "ftp://idp/jwks", "HTTP(S) URL"),
        ("JWT_ALGORITHMS", " , ", "comma-separated list"),
        ("JWT_ALGORITHMS", "ES256,XX999", "a list of"),
        ("JWT_LEEWAY_S", "-1", "an integer >= 0"),
        ("JWT_LEEWAY_S", "thirty", "an integer >= 0"),
        ("JWKS_REFETCH_INTERVAL_S", "-0.5", "a number >= 0"),
        ("JWKS_REFETCH_INTERVAL_S", "nan", "a number >= 0"),
        ("JWKS_REFETCH_INTERVAL_S", "soon", "a number >= 0"),
        ("CONSISTENCY_TIMEOUT_MS", "1.5", "an integer >= 0"),
        ("LIST_CACHE_MB", "-1", "an integer >= 0"),
        ("LIST_MAX", "0", "an integer from 1 to 100,000"),
        ("LIST_MAX", "100001", "an integer from 1 to 100,000"),
        ("LIST_MAX", "all", "an integer from 1 to 100,000"),
        ("RATE_LIMIT", "100", "like 100/minute"),
        ("RATE_LIMIT", "0/minute", "like 100/minute"),
        ("RATE_LIMIT", "100/fortnight", "like 100/minute"),
        ("MAX_IN_FLIGHT", "-1", "an integer >= 0"),
        ("QUEUE_WAIT_MS", "60001", "an integer from 0 to 60,000"),
        ("CORS_ORIGINS", "http://localhost:3000/", "origins like http://localhost:3000"),
        ("CORS_ORIGINS", "*", "no wildcard"),
        ("CORS_ORIGINS", "localhost:3000", "origins like http://localhost:3000"),
        ("CORS_ORIGINS", "http://localhost:99999", "origins like http://localhost:3000"),
        ("DB_POOL_SIZE", "0", "an integer >= 1"),
        ("EVENTSTORE_POOL_SIZE", "many", "an integer >= 1"),
        ("PROJECTOR_POOL_SIZE", "1", "an integer >= 2"),
        ("POOL_MIN_SIZE", "-1", "an integer >= 0"),
        ("POOL_MAX_IDLE_S", "0.5", "a number >= 1.0"),
        ("LOG_LEVEL", "LOUD", "one of DEBUG"),
        ("ENV", "staging", "one of production, dev, test"),
    ],
)
def test_bad_value_names_variable_and_expectation(name: str, value: str, expected: str) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({f"TASKLOG_{name}": value})

    assert raised.value.variable == f"TASKLOG_{name}"
    assert str(raised.value).startswith(f"TASKLOG_{name} must be ")
    assert expected in str(raised.value)
    assert repr(value.strip()) in str(raised.value)


@pytest.mark.parametrize("algorithms", ["none", "ES256,None", "HS256", "RS256,hs512"])
def test_unsigned_and_shared_secret_algorithms_are_refused(algorithms: str) -> None:
    with pytest.raises(SettingsError, match="TASKLOG_JWT_ALGORITHMS must be asymmetric"):
        Settings.from_env({"TASKLOG_JWT_ALGORITHMS": algorithms})


def test_cors_origins_are_written_as_browsers_send_them() -> None:
    settings = Settings.from_env(
        {"TASKLOG_CORS_ORIGINS": "HTTP://LocalHost:80,https://app.example:443,http://[::1]:3000"}
    )

    assert settings.cors_origins == ("http://localhost", "https://app.example", "http://[::1]:3000")


def test_cors_origins_error_names_the_entries_that_are_not_origins() -> None:
    with pytest.raises(SettingsError, match=r"not an origin: 'ftp://files', 'app\.example/x'"):
        Settings.from_env({"TASKLOG_CORS_ORIGINS": "http://ok.example, ftp://files, app.example/x"})


def test_settings_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="TASKLOG_ENV"):
        Settings.from_env({"TASKLOG_ENV": "prod"})
