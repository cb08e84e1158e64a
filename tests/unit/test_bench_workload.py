"""The load suite's seeding and its comparison with the lean yardstick (benchmarks/)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from benchmarks.figures import comparison, targets
from benchmarks.workload import OPEN_IDS_PER_USER, TaskSpan, open_positions, user_tasks

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def test_every_run_of_width_users_holds_each_task_count_once() -> None:
    span = TaskSpan.parse("10-100")
    for start in (0, 91, 500):
        counts = sorted(span.count(i) for i in range(start, start + 91))
        assert counts == list(range(10, 101))


def test_the_first_hundred_users_are_spread_like_all_of_them() -> None:
    span = TaskSpan.parse("10-100")
    assert 45 < span.mean(100) < 65
    assert span.mean(1000) == pytest.approx(55, abs=1)


def test_a_single_count_gives_every_user_the_same() -> None:
    span = TaskSpan.parse("20")
    assert {span.count(i) for i in range(50)} == {20}
    assert str(span) == "20"


@pytest.mark.parametrize("text", ["100-10", "-5", "x"])
def test_a_bad_span_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        TaskSpan.parse(text)


def test_a_user_gets_the_same_tasks_whoever_seeds_them() -> None:
    span = TaskSpan(10, 100)
    first = user_tasks(7, span, seed=1, now=NOW)
    again = user_tasks(7, span, seed=1, now=NOW)
    assert first == again
    assert len(first) == span.count(7)
    assert user_tasks(8, span, seed=1, now=NOW) != first


def test_completed_tasks_are_in_the_past_and_never_recurring() -> None:
    tasks = [task for index in range(40) for task in user_tasks(index, TaskSpan(50, 50), 3, NOW)]
    done = [task for task in tasks if task.completed_at is not None]
    assert 0.2 < len(done) / len(tasks) < 0.36
    for task in done:
        assert task.completed_at is not None
        assert task.created <= task.completed_at <= NOW
        assert "recurring" not in task.fields
    assert all(NOW - task.created <= timedelta(days=90) for task in tasks)


def test_the_load_script_gets_only_open_tasks_and_at_most_thirty() -> None:
    tasks = user_tasks(3, TaskSpan(100, 100), 5, NOW)
    positions = open_positions(tasks)
    assert len(positions) == OPEN_IDS_PER_USER
    assert all(tasks[i].completed_at is None for i in positions)
    assert positions == sorted(positions)


def scenario(rps: float, **cpu: float) -> dict[str, Any]:
    """A loadtest.py result with only what the comparison reads."""
    return {
        "rps": rps,
        "p95_ms": 50.0,
        "p99_ms": 120.0,
        "errors": 0,
        "bytes_per_response": 1000,
        "cpu_ms_per_request": cpu,
    }


def test_figures_are_put_beside_the_lean_backend_and_the_bare_endpoint() -> None:
    scenarios = {
        "capacity": scenario(900, api=1.0, projector=0.2, postgres=0.6, wrk=0.3),
        "lean_capacity": scenario(1000, api=0.9, postgres=0.6, wrk=0.3),
        "bare_capacity": scenario(9000, bare=0.15, wrk=0.05),
        "kind_create": scenario(300, api=2.0, projector=1.0, postgres=1.0, wrk=0.2),
        "lean_kind_create": scenario(900, api=0.7, postgres=0.3, wrk=0.2),
    }
    compared = comparison(scenarios)
    capacity = compared["scenarios"]["capacity"]
    assert compared["capacity_share_of_lean"] == 0.9
    assert compared["capacity_share_of_bare"] == 0.1
    # wrk is the load generator: not part of what a request costs the backend
    assert capacity["tasklog_cpu_ms"] == pytest.approx(1.8)
    assert capacity["cpu_x_lean"] == 1.2
    assert capacity["cpu_x_bare"] == 12.0
    assert compared["scenarios"]["kind_create"]["cpu_x_lean"] == 4.0

    met = {t["name"]: t["met"] for t in targets(scenarios, compared)}
    assert met["capacity, share of the lean backend's"] is True
    assert met["CPU per request, create, x lean"] is False


def test_the_latency_bar_holds_only_when_the_lean_backend_meets_it() -> None:
    slow = {**scenario(800, api=1.0), "p95_ms": 600.0, "p99_ms": 900.0, "errors": 3}
    fast = scenario(900, api=1.0)
    for lean, expected in ((fast, False), (slow, None)):
        scenarios = {"users_1000": slow, "lean_users_1000": lean}
        found = targets(scenarios, comparison(scenarios))
        latency = next(t for t in found if t["name"].startswith("1,000 users"))
        assert latency["met"] is expected
