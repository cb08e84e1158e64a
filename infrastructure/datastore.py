"""eventsourcing's PostgreSQL datastore on Tasklog's pool (``infrastructure.pools``).

eventsourcing builds its ``PostgresDatastore`` from ``POSTGRES_*`` keys with a pool that
keeps ``POSTGRES_POOL_SIZE`` connections open for good and cannot be named. Tasklog's
datastore has the same behaviour on a ``CheckedConnectionPool``: ``min_size`` connections
when idle, growth on demand, idle ones closed after ``max_idle_s``, its process kind as
``application_name``, and a check of the idle connections after one was lost. An
application gets it through ``TasklogPostgresFactory`` (``PERSISTENCE_MODULE``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eventsourcing.postgres import PostgresDatastore, PostgresFactory
from psycopg import Connection
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import DictRow, dict_row

from infrastructure.database import eventsourcing_env
from infrastructure.pools import CLI, CheckedConnectionPool, PoolSizing

CONNECT_TIMEOUT_S = 5.0
DEFAULT_MAX_IDLE_S = 60.0

MAX_IDLE_KEY = "TASKLOG_POOL_MAX_IDLE_S"
"""eventsourcing environment key (not a process variable): ``PoolSizing.max_idle_s``."""
APPLICATION_NAME_KEY = "TASKLOG_APPLICATION_NAME"
"""eventsourcing environment key (not a process variable): the pool's application_name."""


class TasklogDatastore(PostgresDatastore):
    """``PostgresDatastore`` whose pool is a named, growing, checked ``CheckedConnectionPool``."""

    def __init__(
        self,
        dbname: str,
        host: str,
        port: str | int,
        user: str,
        password: str,
        *,
        schema: str,
        sizing: PoolSizing,
        application_name: str,
        connect_timeout: float = CONNECT_TIMEOUT_S,
        idle_in_transaction_session_timeout: float = 0,
        lock_timeout: int = 0,
        get_password_func: Callable[[], str] | None = None,
    ) -> None:
        super().__init__(
            dbname,
            host,
            port,
            user,
            password,
            connect_timeout=connect_timeout,
            idle_in_transaction_session_timeout=idle_in_transaction_session_timeout,
            pool_size=sizing.min_size,
            max_overflow=sizing.max_size - sizing.min_size,
            lock_timeout=lock_timeout,
            schema=schema,
            get_password_func=get_password_func,
        )
        # The pool the base class built was never opened: this one replaces it.
        self.pool = CheckedConnectionPool(
            get_password_func=get_password_func,
            connection_class=Connection[DictRow],
            kwargs={
                "dbname": dbname,
                "host": host,
                "port": port,
                "user": user,
                "password": password,
                "row_factory": dict_row,
                "application_name": application_name,
            },
            min_size=sizing.min_size,
            max_size=sizing.max_size,
            max_idle=sizing.max_idle_s,
            open=False,
            configure=self.after_connect_func(),
            timeout=connect_timeout,
            name=application_name,
        )


class TasklogPostgresFactory(PostgresFactory):
    """eventsourcing's PostgreSQL factory, giving applications a ``TasklogDatastore``."""

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        built = self.datastore  # checked and parsed the keys; its pool was never opened
        self.datastore = TasklogDatastore(
            self.env.get(self.POSTGRES_DBNAME) or "",
            self.env.get(self.POSTGRES_HOST) or "",
            self.env.get(self.POSTGRES_PORT) or "5432",
            self.env.get(self.POSTGRES_USER) or "",
            self.env.get(self.POSTGRES_PASSWORD) or "",
            schema=built.schema,
            sizing=PoolSizing(
                built.pool.min_size,
                built.pool.max_size,
                float(self.env.get(MAX_IDLE_KEY) or DEFAULT_MAX_IDLE_S),
            ),
            application_name=self.env.get(APPLICATION_NAME_KEY) or "tasklog",
            connect_timeout=built.pool.timeout,
            idle_in_transaction_session_timeout=built.idle_in_transaction_session_timeout,
            lock_timeout=built.lock_timeout,
            get_password_func=built.pool.get_password_func,
        )
        # Open now, waiting for the min_size connections: a first use that found none
        # ready yet would make the pool grow beyond them.
        self.datastore.pool.open(wait=True, timeout=built.pool.timeout)


FACTORY_TOPIC = f"{__name__}:{TasklogPostgresFactory.__qualname__}"


def tasklog_env(
    database_url: str, schema: str, sizing: PoolSizing, application_name: str
) -> dict[str, str]:
    """eventsourcing environment keys for an application on a ``TasklogDatastore``."""
    env = eventsourcing_env(database_url, schema, sizing.max_size)
    env["PERSISTENCE_MODULE"] = FACTORY_TOPIC
    env["POSTGRES_POOL_SIZE"] = str(sizing.min_size)
    env["POSTGRES_MAX_OVERFLOW"] = str(sizing.max_size - sizing.min_size)
    env[MAX_IDLE_KEY] = str(sizing.max_idle_s)
    env[APPLICATION_NAME_KEY] = application_name
    return env


def build_datastore(
    database_url: str,
    schema: str,
    pool_size: int,
    *,
    min_size: int = 1,
    max_idle_s: float = DEFAULT_MAX_IDLE_S,
    application_name: str = CLI,
) -> TasklogDatastore:
    """A datastore for read-model writes in ``schema``: up to ``pool_size`` connections,
    ``min_size`` of them kept when idle; no idle-in-transaction limit."""
    params = {key: str(value) for key, value in conninfo_to_dict(database_url).items()}
    return TasklogDatastore(
        params["dbname"],
        params.get("host", "localhost"),
        params.get("port", "5432"),
        params.get("user", ""),
        params.get("password", ""),
        schema=schema,
        sizing=PoolSizing(min_size, pool_size, max_idle_s),
        application_name=application_name,
    )
