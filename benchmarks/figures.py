"""The figures of a ``make bench`` run: each beside the lean and bare backends', and the
targets they are held to.

Every figure is put beside the lean CRUD yardstick's and the bare endpoint's from the same
run: this virtual machine's speed moves by up to 2.5x between runs, and ratios measured in
one run hold where absolute figures do not.
"""

from __future__ import annotations

from typing import Any

LEAN = "lean_"
"""Prefix of the lean backend's scenarios; the rest of the name is Tasklog's scenario."""

KINDS = (
    ("list", "list"),
    ("list_filtered", "filtered list"),
    ("update", "update"),
    ("complete", "complete"),
    ("create", "create"),
)
"""The request kinds of mixed.lua (its BENCH_KIND values), in the order run.sh runs them."""

SCENARIOS = (
    ("users_100", "100 users, think 0.5-1.5 s"),
    ("users_1000", "1,000 users, think 0.5-1.5 s"),
    ("capacity", "capacity: 64 connections, no think"),
    *((f"kind_{key}", f"{name} only: 64 connections, no think") for key, name in KINDS),
)
"""Scenarios run against Tasklog and, with the prefix ``lean_``, against the lean backend."""

ALL_SCENARIOS = (
    *((key, f"Tasklog, {title}") for key, title in SCENARIOS),
    *((LEAN + key, f"lean, {title}") for key, title in SCENARIOS),
    ("bare_capacity", "bare, capacity: 64 connections, no think"),
)

TASKLOG_PROCESSES = ("api", "projector", "worker", "postgres", "redis")
LEAN_PROCESSES = ("api", "postgres")
LOAD_GENERATOR = "wrk"


def service_cpu(scenario: dict[str, Any] | None) -> float | None:
    """CPU ms per request of everything that serves the request (all but the load generator)."""
    if not scenario or not scenario.get("cpu_ms_per_request"):
        return None
    cpu = scenario["cpu_ms_per_request"]
    return float(sum(ms for name, ms in cpu.items() if name != LOAD_GENERATOR))


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None when either is missing or the denominator is 0."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def comparison(scenarios: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Every Tasklog figure as a ratio to the lean backend's and the bare endpoint's."""
    bare = scenarios.get("bare_capacity")
    bare_rps = bare["rps"] if bare else None
    bare_cpu = service_cpu(bare)
    rows: dict[str, Any] = {}
    for key, _ in SCENARIOS:
        ours, lean = scenarios.get(key), scenarios.get(LEAN + key)
        if not ours and not lean:
            continue
        ours_cpu, lean_cpu = service_cpu(ours), service_cpu(lean)
        ours_rps = float(ours["rps"]) if ours else None
        lean_rps = float(lean["rps"]) if lean else None
        rows[key] = {
            "tasklog_rps": ours_rps,
            "lean_rps": lean_rps,
            "rps_share_of_lean": _round(ratio(ours_rps, lean_rps), 3),
            "tasklog_cpu_ms": _round(ours_cpu, 3),
            "lean_cpu_ms": _round(lean_cpu, 3),
            "cpu_x_lean": _round(ratio(ours_cpu, lean_cpu), 2),
            "cpu_x_bare": _round(ratio(ours_cpu, bare_cpu), 1),
            "lean_cpu_x_bare": _round(ratio(lean_cpu, bare_cpu), 1),
            "tasklog_bytes": ours.get("bytes_per_response") if ours else None,
            "lean_bytes": lean.get("bytes_per_response") if lean else None,
            "tasklog_cpu_by_process": _processes(ours),
            "lean_cpu_by_process": _processes(lean),
        }
    capacity = rows.get("capacity", {})
    return {
        "bare_rps": bare_rps,
        "bare_cpu_ms": _round(bare_cpu, 3),
        "capacity_share_of_lean": capacity.get("rps_share_of_lean"),
        "capacity_share_of_bare": _round(ratio(capacity.get("tasklog_rps"), bare_rps), 3),
        "lean_capacity_share_of_bare": _round(ratio(capacity.get("lean_rps"), bare_rps), 3),
        "scenarios": rows,
    }


def _processes(scenario: dict[str, Any] | None) -> dict[str, float]:
    if not scenario:
        return {}
    cpu = scenario.get("cpu_ms_per_request") or {}
    return {name: ms for name, ms in cpu.items() if name != LOAD_GENERATOR}


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _meets_latency(scenario: dict[str, Any]) -> bool:
    return bool(scenario["p95_ms"] < 100 and scenario["p99_ms"] < 250 and scenario["errors"] == 0)


def targets(scenarios: dict[str, dict[str, Any]], compared: dict[str, Any]) -> list[dict[str, Any]]:
    """The targets the load test is held to, each with what was measured and whether it is met."""
    found: list[dict[str, Any]] = []

    def add(name: str, target: str, measured: Any, met: bool | None) -> None:
        found.append({"name": name, "target": target, "measured": measured, "met": met})

    rows = compared["scenarios"]
    capacity = rows.get("capacity", {})
    share = capacity.get("rps_share_of_lean")
    if share is not None:
        rates = f"{capacity['tasklog_rps']:,.0f} / {capacity['lean_rps']:,.0f} req/s"
        measured = f"{share:.0%} ({rates}"
        if capacity.get("cpu_x_lean"):
            # What the CPU per request allows when nothing else competes for the CPUs.
            measured += f"; {1 / capacity['cpu_x_lean']:.0%} by CPU per request"
        add("capacity, share of the lean backend's", ">= 90%", measured + ")", share >= 0.90)
    big, lean_big = scenarios.get("users_1000"), scenarios.get(LEAN + "users_1000")
    if big:
        measured = (
            f"p95 {big['p95_ms']:,.0f} ms, p99 {big['p99_ms']:,.0f} ms, {big['errors']:,} errors"
        )
        if lean_big:
            lean_met = _meets_latency(lean_big)
            measured += (
                f" (lean: p95 {lean_big['p95_ms']:,.0f} ms, p99 {lean_big['p99_ms']:,.0f} ms, "
                f"{lean_big['errors']:,} errors: {'met' if lean_met else 'not met'})"
            )
            met: bool | None = _meets_latency(big) if lean_met else None
        else:
            met = _meets_latency(big)
        add(
            "1,000 users: p95 < 100 ms, p99 < 250 ms, 0 errors (when the lean backend meets it)",
            "met",
            measured,
            met,
        )
    per_kind = [(f"kind_{key}", name) for key, name in KINDS]
    for key, title in [("users_1000", "mix at 1,000 users"), *per_kind]:
        times = rows.get(key, {}).get("cpu_x_lean")
        if times is not None:
            add(f"CPU per request, {title}, x lean", "<= 1.15", f"{times:.2f}", times <= 1.15)
    small = scenarios.get("users_100")
    if small:
        add("100 users: p95", "< 30 ms", f"{small['p95_ms']:.1f} ms", small["p95_ms"] < 30)
    return found
