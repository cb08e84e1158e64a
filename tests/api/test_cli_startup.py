"""``tasklog serve|projector|worker`` refuse missing or bad settings at once, in one line."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from tests.api.processes import TASKLOG, tasklog_env

QUICK_S = 10.0
"""Python's start-up and imports take about a second; nothing else may happen."""


def run(arguments: list[str], tmp_path: Path, **variables: str) -> tuple[int, str, str, float]:
    """Run ``tasklog`` with only ``variables`` set (and the data dir in ``tmp_path``)."""
    env = tasklog_env(TASKLOG_DATA_DIR=str(tmp_path / "data"), **variables)
    started = time.monotonic()
    done = subprocess.run(
        [TASKLOG, *arguments],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr, time.monotonic() - started


@pytest.mark.parametrize(
    ("command", "variables", "named"),
    [
        (["serve"], {}, ["TASKLOG_DATABASE_URL", "TASKLOG_JWKS_URL"]),
        (["serve"], {"TASKLOG_DATABASE_URL": "postgresql://db/tasklog"}, ["TASKLOG_JWKS_URL"]),
        (["projector"], {}, ["TASKLOG_DATABASE_URL"]),
        (["worker"], {}, ["TASKLOG_DATABASE_URL", "TASKLOG_REDIS_URL"]),
        (["worker"], {"TASKLOG_DATABASE_URL": "postgresql://db/tasklog"}, ["TASKLOG_REDIS_URL"]),
        (["projections", "status"], {}, ["TASKLOG_DATABASE_URL"]),
    ],
    ids=["serve", "serve-jwks", "projector", "worker", "worker-redis", "projections"],
)
def test_production_without_servers_exits_2_naming_them_and_starts_nothing(
    tmp_path: Path, command: list[str], variables: dict[str, str], named: list[str]
) -> None:
    code, stdout, stderr, took = run(command, tmp_path, **variables)

    assert code == 2, stderr
    assert stdout == ""
    assert stderr.count("\n") == 1, stderr
    assert stderr.startswith(f"tasklog: {' and '.join(named)} must be set in production")
    assert took < QUICK_S
    assert not (tmp_path / "data").exists(), "an embedded service was started"


@pytest.mark.parametrize(
    ("command", "variable", "value", "expected"),
    [
        (["serve"], "TASKLOG_DB_POOL_SIZE", "zero", "TASKLOG_DB_POOL_SIZE must be an integer >= 1"),
        (["projector"], "TASKLOG_DATABASE_URL", "mysql://db", "TASKLOG_DATABASE_URL must be a"),
        (["worker"], "TASKLOG_ENV", "staging", "TASKLOG_ENV must be one of production, dev, test"),
    ],
    ids=["serve", "projector", "worker"],
)
def test_a_bad_value_exits_2_with_one_line_naming_the_variable(
    tmp_path: Path, command: list[str], variable: str, value: str, expected: str
) -> None:
    code, stdout, stderr, took = run(command, tmp_path, **{variable: value})

    assert code == 2, stderr
    assert stdout == ""
    assert stderr.startswith(f"tasklog: {expected}")
    assert stderr.count("\n") == 1, stderr
    assert "Traceback" not in stderr
    assert took < QUICK_S
