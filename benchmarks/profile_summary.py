"""Summarise a py-spy ``--format raw`` profile: where the API's worker processes spend time.

    python benchmarks/profile_summary.py profile.txt [--top 30]

Prints the share of samples per area (by the package of the innermost project or library
frame), the functions with the most inclusive time, and the ones with the most self time.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

_FRAME = re.compile(r"^(?P<function>.*?) \((?P<file>[^:()]+)(?::(?P<line>\d+))?\)$")

AREAS = (
    ("tasklog: api", ("api/",)),
    ("tasklog: projections", ("projections/",)),
    ("tasklog: audit", ("audit/",)),
    ("tasklog: jobs", ("jobs/",)),
    ("tasklog: infrastructure", ("infrastructure/",)),
    ("tasklog: application", ("application/",)),
    ("tasklog: domain", ("domain/",)),
    ("eventsourcing", ("eventsourcing/",)),
    ("psycopg / psycopg_pool", ("psycopg",)),
    ("jwt / cryptography", ("jwt/", "cryptography/")),
    ("msgspec", ("msgspec/",)),
    ("litestar", ("litestar/",)),
    ("uvicorn / httptools", ("uvicorn/", "httptools/")),
    ("anyio / worker threads", ("anyio/", "concurrent/")),
    ("asyncio / uvloop", ("asyncio/", "uvloop/", "selectors.py")),
    ("logging", ("logging/",)),
    ("prometheus_client", ("prometheus_client/",)),
    ("threading / queue (waits)", ("threading.py", "queue.py")),
    ("json / uuid / datetime (stdlib)", ("json/", "uuid.py", "datetime.py", "_strptime.py")),
)
_PROCESS = re.compile(r'process \d+:"[^"]*";?')


def parse(path: Path) -> list[tuple[list[str], int]]:
    """Stacks (outermost first) with their sample counts."""
    stacks = []
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        stack = _PROCESS.sub("", stack)  # process names may hold ";" (python -c "a; b")
        frames = [f for f in stack.split(";") if f and not f.startswith("thread ")]
        stacks.append((frames, int(count)))
    return stacks


def short(frame: str) -> str:
    """``function (path:line)`` shortened to ``function (package/file)``."""
    match = _FRAME.match(frame)
    if not match:
        return frame
    file = match.group("file")
    for marker in ("site-packages/", "/work/main/", "python3.11/", "python3.12/"):
        if marker in file:
            file = file.split(marker, 1)[1]
            break
    return f"{match.group('function')} ({file})"


def area(frames: list[str]) -> str:
    """The area of the innermost frame that belongs to a known one."""
    for frame in reversed(frames):
        match = _FRAME.match(frame)
        file = match.group("file") if match else frame
        for name, prefixes in AREAS:
            if file.startswith(prefixes):
                return name
    return "other"


def main() -> None:
    """Print the summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile", type=Path)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    stacks = parse(args.profile)
    total = sum(count for _, count in stacks) or 1

    areas: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    for frames, count in stacks:
        areas[area(frames)] += count
        for name in {short(f) for f in frames}:
            inclusive[name] += count
        if frames:
            own[short(frames[-1])] += count

    print(f"{total} samples (threads holding the GIL, every API worker process)\n")
    print("By area (innermost frame):")
    for name, count in areas.most_common():
        print(f"  {count / total:6.1%}  {name}")
    print(f"\nTop {args.top} by inclusive time:")
    for name, count in inclusive.most_common(args.top):
        print(f"  {count / total:6.1%}  {name}")
    print(f"\nTop {args.top} by self time:")
    for name, count in own.most_common(args.top):
        print(f"  {count / total:6.1%}  {name}")


if __name__ == "__main__":
    main()
