"""A dependency that cannot answer (PostgreSQL, Redis) is 503 with Retry-After, never 500."""

from __future__ import annotations

import psycopg
import pytest
import redis.exceptions
from eventsourcing import persistence
from litestar import Litestar, get
from litestar.testing import TestClient
from psycopg import errors
from psycopg_pool import PoolTimeout

from api.problems import PROBLEM_JSON, handle_exception


def app_raising(error: Exception) -> Litestar:
    @get("/read", sync_to_thread=False)
    def read() -> None:
        raise error

    return Litestar([read], exception_handlers={Exception: handle_exception}, debug=False)


@pytest.mark.parametrize(
    "error",
    [
        errors.AdminShutdown("terminating connection due to administrator command"),
        psycopg.OperationalError("server closed the connection unexpectedly"),
        psycopg.InterfaceError("the connection is closed"),
        PoolTimeout("couldn't get a connection after 5.00 sec"),
        persistence.OperationalError("the connection is closed"),
        redis.exceptions.ConnectionError("Connection refused"),
        ConnectionRefusedError("Connection refused"),
    ],
)
def test_an_unavailable_dependency_is_503_with_retry_after(error: Exception) -> None:
    with TestClient(app_raising(error)) as client:
        answer = client.get("/read")

    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "1"
    assert answer.headers["content-type"].startswith(PROBLEM_JSON)
    assert answer.json()["status"] == 503


def test_other_errors_stay_500() -> None:
    with TestClient(app_raising(RuntimeError("a bug"))) as client:
        answer = client.get("/read")

    assert answer.status_code == 500
