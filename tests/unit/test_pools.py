"""Pool sizing, connection names, and which errors mean the connection is gone."""

from __future__ import annotations

import psycopg
import pytest
from eventsourcing import persistence
from psycopg import errors
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import PoolTimeout

from infrastructure.pools import PoolSizing, connection_lost, listen_name, named, retry_lost


@pytest.mark.parametrize(
    "error",
    [
        errors.AdminShutdown("terminating connection due to administrator command"),
        errors.CrashShutdown("crash"),
        errors.CannotConnectNow("the database system is starting up"),
        errors.ConnectionFailure("connection failure"),
        psycopg.OperationalError("server closed the connection unexpectedly"),
        psycopg.InterfaceError("the connection is closed"),
    ],
)
def test_a_dropped_connection_is_lost(error: Exception) -> None:
    assert connection_lost(error)


@pytest.mark.parametrize(
    "error",
    [
        PoolTimeout("couldn't get a connection after 5.00 sec"),
        errors.QueryCanceled("canceling statement due to statement timeout"),
        errors.LockNotAvailable("could not obtain lock"),
        errors.UniqueViolation("duplicate key"),
        ValueError("not a database error"),
    ],
)
def test_other_failures_are_not_a_lost_connection(error: Exception) -> None:
    assert not connection_lost(error)


def test_eventsourcing_errors_are_judged_by_their_cause() -> None:
    def wrapped(cause: Exception) -> persistence.OperationalError:
        try:
            raise persistence.OperationalError(str(cause)) from cause
        except persistence.OperationalError as error:
            return error

    assert connection_lost(wrapped(errors.AdminShutdown("terminating")))
    assert not connection_lost(wrapped(PoolTimeout("no connection")))


def test_a_read_runs_again_only_while_its_connection_is_lost() -> None:
    calls: list[int] = []

    @retry_lost(attempts=3, wait_s=0)
    def read(failures: list[Exception]) -> str:
        calls.append(1)
        if failures:
            raise failures.pop(0)
        return "rows"

    assert read([errors.AdminShutdown("gone"), psycopg.OperationalError("gone")]) == "rows"
    assert len(calls) == 3
    calls.clear()
    with pytest.raises(errors.QueryCanceled):
        read([errors.QueryCanceled("timeout")])
    assert len(calls) == 1
    with pytest.raises(errors.AdminShutdown):
        read([errors.AdminShutdown("gone")] * 3)


def test_min_size_is_kept_within_the_pool() -> None:
    assert PoolSizing(5, 2, 60).min_size == 2
    assert PoolSizing(-1, 2, 60).min_size == 0
    with pytest.raises(ValueError, match="max_size"):
        PoolSizing(0, 0, 60)


def test_connections_carry_their_process_kind() -> None:
    conninfo = named("postgresql://u@db:5432/tasklog?options=-c%20search_path%3Dt", "tasklog-api")

    params = conninfo_to_dict(conninfo)
    assert params["application_name"] == "tasklog-api"
    assert params["options"] == "-c search_path=t"
    assert listen_name("tasklog-api") == "tasklog-api-listen"
