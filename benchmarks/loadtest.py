"""Run one load-test scenario with wrk and benchmarks/mixed.lua; merge and record the result.

A scenario with many connections is run as several wrk processes started a moment apart
(a ramp), so the users do not all send their first request in the same millisecond: wrk
sends each connection's first request at once and only waits (``delay()``) after it.
Each wrk process writes its latency histogram; they are merged here into exact
percentiles, computed the way wrk computes its own.

CPU time per request is read from /proc for the named processes. With ``--settle`` the
window waits for them to go quiet before the load starts (so the previous scenario's
trailing work is not counted) and after wrk ends (so this one's is: a projector folding
the last writes, PostgreSQL vacuuming them).

    python benchmarks/loadtest.py --url http://127.0.0.1:8000 --users-file users.txt \\
        --label users_1000 --connections 1000 --duration 60 --think 500-1500 --ramp 10 \\
        --out result.json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "mixed.lua"


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(groups: dict[str, int], matches: dict[str, str]) -> dict[str, float]:
    """CPU seconds (user + system) used so far by each named set of live processes.

    Args:
        groups: name -> process group id (every process of the group counts).
        matches: name -> text in the command line (e.g. PostgreSQL backends of one database).
    """
    used = dict.fromkeys([*groups, *matches], 0.0)
    own = str(os.getpid())  # its command line names what it matches
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or entry.name == own:
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # the process ended meanwhile
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
        pgrp, utime, stime = int(fields[2]), int(fields[11]), int(fields[12])
        for name, group in groups.items():
            if pgrp == group:
                used[name] += (utime + stime) / CLOCK_TICKS
        for name, text in matches.items():
            if text in cmdline:
                used[name] += (utime + stime) / CLOCK_TICKS
    return used


QUIET_INTERVAL_S = 0.5
QUIET_SHARE = 0.1
"""Quiet: the watched processes together use under a tenth of one CPU over half a second
(an idle Tasklog stack polls and heartbeats at a few per cent)."""


def wait_quiet(groups: dict[str, int], matches: dict[str, str], limit_s: float) -> float:
    """Wait until the processes are quiet, at most ``limit_s``; the seconds waited."""
    started = time.monotonic()
    before = sum(process_cpu(groups, matches).values())
    while time.monotonic() - started < limit_s:
        time.sleep(QUIET_INTERVAL_S)
        now = sum(process_cpu(groups, matches).values())
        if now - before < QUIET_SHARE * QUIET_INTERVAL_S:
            break
        before = now
    return round(time.monotonic() - started, 2)


def wrk_command(
    url: str, connections: int, threads: int, duration_s: int, timeout_s: int
) -> list[str]:
    """The wrk invocation of one process."""
    return [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration_s}s",
        f"--timeout={timeout_s}s",
        "-s",
        str(SCRIPT),
        url,
    ]


def run_scenario(
    *,
    url: str,
    users_file: Path,
    label: str,
    connections: int,
    duration_s: int,
    think_ms: str,
    ramp: int,
    ramp_interval_s: float,
    threads: int,
    timeout_s: int,
    work_dir: Path,
    user_span: int | None = None,
    kind: str = "",
    settle_s: float = 0.0,
    cpu_groups: dict[str, int] | None = None,
    cpu_matches: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Run ``ramp`` wrk processes (``connections`` in all) and merge their results.

    ``user_span`` users (default one per connection) are split between the processes;
    ``kind`` sends only that kind of request (default the mix).

    With ``cpu_groups``/``cpu_matches``, also the CPU time those processes (and wrk) used
    during the run, per request: unlike latencies, that does not grow when other work
    on the machine competes for the CPUs. ``settle_s`` > 0 waits up to that long for them
    to go quiet before and after the load.
    """
    groups, matches = cpu_groups or {}, cpu_matches or {}
    span = user_span or connections
    if span % ramp:
        raise ValueError("the user span must be a multiple of ramp")
    settled = wait_quiet(groups, matches, settle_s) if settle_s else 0.0
    cpu_before = process_cpu(groups, matches)
    wall_before = time.monotonic()
    wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    if connections % ramp:
        raise ValueError("connections must be a multiple of ramp")
    per_process = connections // ramp
    threads = max(1, min(threads, per_process))
    while per_process % threads:
        threads -= 1
    work_dir.mkdir(parents=True, exist_ok=True)
    processes = []
    commands = []
    for index in range(ramp):
        out = work_dir / f"{label}.{index}.json"
        out.unlink(missing_ok=True)
        command = wrk_command(url, per_process, threads, duration_s, timeout_s)
        environment = {
            **os.environ,
            "BENCH_USERS_FILE": str(users_file),
            "BENCH_USER_OFFSET": str(index * (span // ramp)),
            "BENCH_USER_SPAN": str(span // ramp),
            "BENCH_KIND": kind,
            "BENCH_CONNECTIONS": str(per_process),
            "BENCH_THREADS": str(threads),
            "BENCH_THINK_MS": think_ms,
            "BENCH_OUT": str(out),
        }
        log = (work_dir / f"{label}.{index}.log").open("w")
        processes.append((subprocess.Popen(command, env=environment, stdout=log, stderr=log), out))
        commands.append(command)
        if index + 1 < ramp:
            time.sleep(ramp_interval_s)
    for process, _ in processes:
        process.wait(timeout=duration_s + 120)
    wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    drained = wait_quiet(groups, matches, settle_s) if settle_s else 0.0
    cpu_after = process_cpu(groups, matches)
    window_s = time.monotonic() - wall_before
    cpu = {name: cpu_after[name] - cpu_before[name] for name in cpu_after}
    cpu["wrk"] = (wrk_after.ru_utime + wrk_after.ru_stime) - (
        wrk_before.ru_utime + wrk_before.ru_stime
    )
    parts = []
    for (process, out), command in zip(processes, commands, strict=True):
        if process.returncode != 0 or not out.exists():
            log_text = (work_dir / f"{out.stem}.log").read_text()[-2000:]
            raise RuntimeError(f"wrk failed ({process.returncode}): {command}\n{log_text}")
        parts.append(json.loads(out.read_text()))
    result = merge(parts)
    requests = max(result["requests"], 1)
    result["cpu_s"] = {name: round(seconds, 2) for name, seconds in cpu.items()}
    result["cpu_ms_per_request"] = {
        name: round(1000 * seconds / requests, 3) for name, seconds in cpu.items()
    }
    result.update(
        label=label,
        kind=kind or "mix",
        url=url,
        connections=connections,
        user_span=span,
        settled_before_s=settled,
        drained_after_s=drained,
        cpu_window_s=round(window_s, 2),
        duration_s=duration_s,
        think_ms=think_ms,
        wrk_processes=ramp,
        wrk_threads_per_process=threads,
        ramp_interval_s=ramp_interval_s,
        timeout_s=timeout_s,
        command=" ".join(wrk_command(url, per_process, threads, duration_s, timeout_s)).replace(
            str(SCRIPT), str(SCRIPT.relative_to(HERE.parent))
        )
        + (f"  (x{ramp} processes, {ramp_interval_s:g} s apart)" if ramp > 1 else ""),
    )
    return result


def percentile(histogram: list[tuple[int, int]], p: float) -> int:
    """wrk's percentile: the smallest value whose cumulative count reaches the rank."""
    total = sum(count for _, count in histogram)
    if total == 0:
        return 0
    rank = int((p / 100.0) * total + 0.5 + 0.5)  # wrk: round(p/100 * count + 0.5)
    cumulative = 0
    for value, count in histogram:
        cumulative += count
        if cumulative >= rank:
            return value
    return histogram[-1][0]


def part_non_2xx(part: dict[str, Any]) -> int:
    """A wrk process's count of failed answers.

    With per-status counts (``BENCH_STATUS_DETAIL=1``, and every result written before that
    knob existed) every status outside 200-299; without them wrk's own count of statuses
    >= 400, which mixed.lua reports as ``non_2xx``.
    """
    statuses = part.get("statuses") or {}
    if part.get("status_detail", True) and statuses:
        return sum(int(c) for status, c in statuses.items() if not 200 <= int(status) <= 299)
    return int(part.get("non_2xx", 0))


def merge(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """Add up counters and histograms of several wrk processes that ran side by side."""
    buckets: Counter[int] = Counter()
    statuses: Counter[str] = Counter()
    socket_errors: Counter[str] = Counter()
    samples: dict[str, str] = {}
    non_2xx = 0
    for part in parts:
        buckets.update({int(v): int(c) for v, c in part["histogram_us"]})
        statuses.update({k: int(v) for k, v in (part.get("statuses") or {}).items()})
        socket_errors.update(part["socket_errors"])
        samples.update(part.get("samples", {}))
        non_2xx += part_non_2xx(part)
    histogram = sorted(buckets.items())
    requests = sum(part["requests"] for part in parts)
    received = sum(int(part.get("bytes", 0)) for part in parts)
    # The processes overlap: throughput is the sum of each one's rate over its own run.
    rps = sum(part["rps"] for part in parts)
    recorded = sum(c for _, c in histogram)
    mean_us = sum(v * c for v, c in histogram) / recorded if recorded else 0.0
    return {
        "requests": requests,
        "rps": round(rps, 1),
        "bytes": received,
        "bytes_per_response": round(received / requests) if requests else 0,
        "p50_ms": percentile(histogram, 50) / 1000,
        "p90_ms": percentile(histogram, 90) / 1000,
        "p95_ms": percentile(histogram, 95) / 1000,
        "p99_ms": percentile(histogram, 99) / 1000,
        "p999_ms": percentile(histogram, 99.9) / 1000,
        "max_ms": (histogram[-1][0] if histogram else 0) / 1000,
        "mean_ms": round(mean_us / 1000, 3),
        "non_2xx": non_2xx,
        "timeouts": socket_errors["timeout"],
        "socket_errors": dict(socket_errors),
        "errors": non_2xx + sum(socket_errors.values()),
        "status_detail": all(part.get("status_detail", True) for part in parts),
        "statuses": dict(sorted(statuses.items())),
        "samples": samples,
    }


def main() -> None:
    """Run a scenario from the command line and write its merged JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--users-file", type=Path, required=True)
    parser.add_argument("--label", required=True)
    parser.add_argument("--connections", type=int, required=True)
    parser.add_argument("--duration", type=int, required=True, help="seconds")
    parser.add_argument("--think", default="0", help='"min-max" milliseconds, or 0')
    parser.add_argument("--ramp", type=int, default=1, help="wrk processes, started apart")
    parser.add_argument("--ramp-interval", type=float, default=0.5, help="seconds")
    parser.add_argument("--threads", type=int, default=2, help="threads per wrk process")
    parser.add_argument("--timeout", type=int, default=2, help="wrk request timeout, seconds")
    parser.add_argument("--user-span", type=int, help="users in all (default: --connections)")
    parser.add_argument("--kind", default="", help="one kind of request (default: the mix)")
    parser.add_argument(
        "--settle", type=float, default=0.0, help="wait up to S s for quiet before and after"
    )
    parser.add_argument("--work-dir", type=Path, required=True)
    parser.add_argument(
        "--cpu-group", action="append", default=[], help="NAME=PGID: count its CPU time"
    )
    parser.add_argument(
        "--cpu-match", action="append", default=[], help="NAME=TEXT: processes whose cmdline has it"
    )
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    result = run_scenario(
        url=args.url,
        users_file=args.users_file,
        label=args.label,
        connections=args.connections,
        duration_s=args.duration,
        think_ms=args.think,
        ramp=args.ramp,
        ramp_interval_s=args.ramp_interval,
        threads=args.threads,
        timeout_s=args.timeout,
        work_dir=args.work_dir,
        user_span=args.user_span,
        kind=args.kind,
        settle_s=args.settle,
        cpu_groups={k: int(v) for k, v in (item.split("=", 1) for item in args.cpu_group)},
        cpu_matches=dict(item.split("=", 1) for item in args.cpu_match),
    )
    args.out.write_text(json.dumps(result, indent=2))
    summary = {k: result[k] for k in ("label", "requests", "rps", "p50_ms", "p95_ms", "p99_ms")}
    summary.update(errors=result["errors"], timeouts=result["timeouts"])
    summary.update(cpu_ms_per_request=result["cpu_ms_per_request"])
    print("BENCH_SCENARIO " + json.dumps(summary), flush=True)
    if result["samples"]:
        print("  non-2xx samples: " + json.dumps(result["samples"])[:1000], file=sys.stderr)


if __name__ == "__main__":
    main()
