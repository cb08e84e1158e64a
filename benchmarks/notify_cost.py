"""What one NOTIFY costs PostgreSQL, against a running Tasklog (the projector's wake-ups too).

    python benchmarks/notify_cost.py URL [--statements 3000] [--projector-pgid PGID]

Runs ``--statements`` one-statement transactions, 2 ms apart, of each kind in turn, and
prints the CPU (user + system, from /proc) that the PostgreSQL backends of URL's database
and, if given, the projector's process group spent per statement:

- ``SELECT 1``: the cost of any round trip;
- ``NOTIFY`` on a channel nobody listens to: PostgreSQL 15 still signals every backend
  LISTENing in the database (each then reads the queue and finds nothing for it), so the
  difference to ``SELECT 1`` is the price of the listeners alone;
- ``NOTIFY tasklog_events``, the event store's channel, with no event behind it: the
  projector's live workers wake and each reads the log.

Run it while the stack idles (no load), as root or as the owner of the processes.
"""

from __future__ import annotations

import argparse
import os
import time
from urllib.parse import urlsplit

import psycopg

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(stat: str) -> float:
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def backend_cpu(database: str) -> float:
    """CPU seconds so far of the PostgreSQL backends serving ``database``."""
    total = 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                if f" {database} ".encode() not in cmdline.read().replace(b"\0", b" ") + b" ":
                    continue
            with open(f"/proc/{pid}/stat") as stat:
                total += _cpu_seconds(stat.read())
        except OSError:
            continue
    return total


def group_cpu(pgid: int) -> float:
    """CPU seconds so far of every thread of every process in process group ``pgid``."""
    total = 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                text = stat.read()
            if int(text.rsplit(")", 1)[1].split()[2]) == pgid:
                total += _cpu_seconds(text)
        except OSError:
            continue
    return total


def listeners(connection: psycopg.Connection[tuple[int]]) -> int:
    """Backends of this database whose last statement was a LISTEN."""
    row = connection.execute(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND query ILIKE 'LISTEN%%'"
    ).fetchone()
    return row[0] if row else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url", help="the Tasklog database (postgresql://...)")
    parser.add_argument("--statements", type=int, default=3000)
    parser.add_argument("--projector-pgid", type=int, default=None)
    args = parser.parse_args()
    database = urlsplit(args.url).path.lstrip("/")
    kinds = [
        ("SELECT 1", "SELECT 1"),
        ("NOTIFY, nobody listening", "NOTIFY tasklog_notify_cost_nobody"),
        ("NOTIFY tasklog_events", 'NOTIFY "tasklog_events"'),
    ]
    with psycopg.connect(args.url, autocommit=True) as connection:
        print(f"{listeners(connection)} LISTEN connections on {database}")
        for label, statement in kinds:
            before = backend_cpu(database)
            projector_before = group_cpu(args.projector_pgid) if args.projector_pgid else 0.0
            for _ in range(args.statements):
                connection.execute(statement)
                time.sleep(0.002)
            time.sleep(0.5)  # let the woken settle
            spent = backend_cpu(database) - before
            line = f"{label}: PostgreSQL {1e6 * spent / args.statements:.0f} us"
            if args.projector_pgid:
                projector = group_cpu(args.projector_pgid) - projector_before
                line += f", projector {1e6 * projector / args.statements:.0f} us"
            print(line + " per statement")


if __name__ == "__main__":
    main()
