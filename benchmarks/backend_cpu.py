"""CPU time of the PostgreSQL backends serving one database, including short-lived ones.

Backends are processes of their own: a benchmark that wants the server's share of the work
reads their CPU time from /proc. Connections opened and closed during the measurement
(index builds, workers) would be missed by reading once at the end, so a thread samples
every ``interval`` seconds and keeps each backend's last reading.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _find(dbname: str) -> list[int]:
    """Process ids of the live backends serving ``dbname``."""
    found: list[int] = []
    marker = f" {dbname} "
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if cmdline.startswith("postgres:") and marker in cmdline:
            found.append(int(entry.name))
    return found


def _cpu_s(pid: int) -> float | None:
    """CPU seconds so far of process ``pid`` (``None`` once it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


class BackendCpu:
    """Samples the database's backends until ``stop``; ``stop`` returns their CPU seconds.

    Looks for new backends every ``scan_every`` samples (walking /proc costs more than
    reading a few stat files, and this process's CPU is measured too).
    """

    def __init__(self, dbname: str, interval: float = 0.2, scan_every: int = 5) -> None:
        self.dbname = dbname
        self.interval = interval
        self.scan_every = scan_every
        self._start: dict[int, float] = {}
        for pid in _find(dbname):
            used = _cpu_s(pid)
            if used is not None:
                self._start[pid] = used
        self._last = dict(self._start)
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _read(self, scan: bool) -> None:
        pids = set(self._last) | (set(_find(self.dbname)) if scan else set())
        for pid in pids:
            used = _cpu_s(pid)
            if used is not None:
                self._last[pid] = used

    def _sample(self) -> None:
        samples = 0
        while not self._done.wait(self.interval):
            self._read(scan=samples % self.scan_every == 0)
            samples += 1

    def stop(self) -> float:
        """Stop sampling; CPU seconds the backends used since construction."""
        self._done.set()
        self._thread.join()
        self._read(scan=True)
        return sum(used - self._start.get(pid, 0.0) for pid, used in self._last.items())
