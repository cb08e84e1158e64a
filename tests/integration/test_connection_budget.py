"""The default stack's idle connection footprint stays within its budget (README)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.connections import (
    BUDGET,
    EXPECTED_LISTENERS,
    default_stack,
    exercise,
    settled_footprint,
    wait_until_started,
)

pytestmark = pytest.mark.slow


@pytest.mark.timeout(240)
def test_the_default_stack_idles_within_its_connection_budget(
    server_database_url: str, redis_url: str, tmp_path: Path
) -> None:
    with default_stack(server_database_url, redis_url, tmp_path) as stack:
        wait_until_started(stack)
        exercise(stack)
        footprint = settled_footprint(stack, settle_s=3.0)

    assert footprint.total <= BUDGET, footprint.report()
    # One LISTEN connection per process, each named for who holds it.
    for name, count in EXPECTED_LISTENERS.items():
        assert footprint.by_name.get(name) == count, footprint.report()
    assert set(footprint.by_name) <= {
        "tasklog-api",
        "tasklog-api-listen",
        "tasklog-projector",
        "tasklog-projector-listen",
        "tasklog-worker",
        "tasklog-worker-listen",
    }, footprint.report()
