"""Collect a ``make bench`` run into benchmarks/results/<timestamp>.json and docs/benchmarks.md.

The figures and targets are ``benchmarks/figures.py``'s, the doc section
``benchmarks/report_doc.py``'s.

    python benchmarks/report.py --run-dir benchmarks/.run/<stamp> --stamp <stamp> \\
        --started-at <time> --elapsed <seconds> --command "make bench"
    python benchmarks/report.py --from-result benchmarks/results/<stamp>.json [--note TEXT]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.figures import ALL_SCENARIOS, comparison, targets  # noqa: E402
from benchmarks.report_doc import DOC, render_section, update_doc  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"


def machine() -> dict[str, Any]:
    """What the run ran on."""
    cpu_model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        if match:
            cpu_model = match.group(1).strip()
    memory_gib = None
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        match = re.search(r"^MemTotal:\s*(\d+) kB", meminfo.read_text(), re.MULTILINE)
        if match:
            memory_gib = round(int(match.group(1)) / 1024 / 1024, 1)
    return {
        "nproc": os.cpu_count(),
        "memory_gib": memory_gib,
        "cpu_model": cpu_model,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "wrk": " ".join(_output(["wrk", "-v"]).split()[:2]) or "unknown",
    }


def _output(command: list[str]) -> str:
    try:
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError:
        return ""
    return (completed.stdout + completed.stderr).strip()


def git_state() -> dict[str, Any]:
    """The commit measured, and whether the tree had uncommitted changes."""
    commit = _output(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    dirty = bool(_output(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"]))
    return {"commit": commit, "dirty": dirty}


def collect(args: argparse.Namespace) -> dict[str, Any]:
    """A run's result from the files run.sh left in its run directory."""
    scenarios: dict[str, dict[str, Any]] = {}
    for key, _ in ALL_SCENARIOS:
        path = args.run_dir / f"{key}.json"
        if path.exists():
            scenarios[key] = json.loads(path.read_text())

    def read(name: str) -> dict[str, Any]:
        path = args.run_dir / name
        return json.loads(path.read_text()) if path.exists() else {}

    result: dict[str, Any] = {
        "stamp": args.stamp,
        "started_at": args.started_at,
        "elapsed_s": args.elapsed,
        "command": args.command,
        "config": json.loads(args.config),
        "machine": {**machine(), "loadavg_at_start": args.load},
        "note": args.note,
        "git": git_state(),
        "seed": read("seed.json"),
        "lean_seed": read("lean-seed.json"),
        "scenarios": scenarios,
    }
    profile = args.run_dir / "profile-summary.txt"
    if profile.exists():
        result["profile_summary"] = profile.read_text()
    return result


def main() -> None:
    """Assemble the run's result file and regenerate the doc section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run-dir", type=Path)
    parser.add_argument("--stamp")
    parser.add_argument("--started-at")
    parser.add_argument("--elapsed", type=float)
    parser.add_argument("--command")
    parser.add_argument("--config", default="{}", help="JSON of the run's settings")
    parser.add_argument("--load", default="", help="load average when the run started")
    parser.add_argument("--note", help="a word on the machine during the run")
    parser.add_argument(
        "--from-result", type=Path, help="derive the ratios and the doc again from a results file"
    )
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args()

    if args.from_result:
        result = json.loads(args.from_result.read_text())
        if args.note is not None:
            result["note"] = args.note
    else:
        missing = [
            name
            for name in ("run_dir", "stamp", "started_at", "elapsed", "command")
            if getattr(args, name) is None
        ]
        if missing:
            parser.error("without --from-result these are needed: " + ", ".join(missing))
        args.note = args.note or ""
        result = collect(args)
    result["comparison"] = comparison(result["scenarios"])
    result["targets"] = targets(result["scenarios"], result["comparison"])
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{result['stamp']}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")
    for t in result["targets"]:
        verdict = {True: "MET ", False: "MISS", None: "N/A "}[t["met"]]
        print(f"  {verdict} {t['name']}: {t['measured']} (want {t['target']})")
    if not args.no_doc:
        update_doc(render_section(result))
        print(f"updated {DOC.relative_to(ROOT)} (load-test section)")


if __name__ == "__main__":
    main()
