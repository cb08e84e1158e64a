"""The faults the test injects into a running stack, each what an operator sees in production.

- ``projector``: SIGKILL of ``tasklog projector``, restarted a moment later (a crash and
  the orchestrator's restart).
- ``api_worker``: SIGKILL of one of ``tasklog serve``'s two worker processes; uvicorn's
  supervisor starts a replacement and the other worker serves meanwhile.
- ``job_worker``: SIGKILL of ``tasklog worker``, restarted a moment later.
- ``redis``: every key of the stack's Redis database lost (``FLUSHDB`` of its own database).
- ``postgres``: ``pg_terminate_backend`` of every backend of the stack's database (what a
  failover or a PostgreSQL restart does to the pools).
- ``postgres_outage``: the same, and the database refuses new connections for
  ``OUTAGE_S`` (``ALLOW_CONNECTIONS false``): the pools cannot reconnect at once, as
  during a restart or a failover.

Between faults the three processes are watched: one that exited on its own is noted and
started again. API worker processes are watched throughout: each one started beyond the two at
start-up and one replacement per kill is a worker the supervisor killed or lost on
its own.
"""

from __future__ import annotations

import random
import signal
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from tests.api.processes import wait_for_started
from tests.e2e.stack import Stack, signal_process

FAULTS = ("projector", "api_worker", "job_worker", "redis", "postgres", "postgres_outage")
RESTART_DELAY_S = 1.0
OUTAGE_S = 3.0
STABLE_S = 8.0
"""How long the API's worker processes must stay the same after a kill before the next
fault (longer than uvicorn's health check), so no fault hits a worker still starting."""


@dataclass
class Injected:
    """What was done, when (seconds after the load started), and what it hit."""

    at: float
    fault: str
    detail: str


@dataclass
class Injector:
    """Injects every fault ``rounds`` times, in a shuffled order, ``gap_s`` apart."""

    stack: Stack
    seed: int
    rounds: int = 2
    gap_s: float = 4.0
    warmup_s: float = 4.0
    log: list[Injected] = field(default_factory=list)
    peak_backends: int = 0
    api_workers_seen: set[int] = field(default_factory=set)
    exits: list[str] = field(default_factory=list)
    """Processes that exited though no fault stopped them."""
    stopped: threading.Event = field(default_factory=threading.Event)

    def counts(self) -> Counter[str]:
        return Counter(entry.fault for entry in self.log)

    def run(self) -> None:
        """Blocking: run the schedule (in a thread, beside the load)."""
        rnd = random.Random(self.seed)
        started = time.monotonic()
        self._pause(self.warmup_s)
        for _ in range(self.rounds):
            order = list(FAULTS)
            rnd.shuffle(order)
            for fault in order:
                if self.stopped.is_set():
                    return
                at = round(time.monotonic() - started, 1)
                self.log.append(Injected(at, fault, getattr(self, f"_{fault}")()))
                self._pause(self.gap_s * rnd.uniform(0.75, 1.25))

    def _pause(self, seconds: float) -> None:
        """Wait, watching the stack's connection count."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not self.stopped.is_set():
            self.peak_backends = max(self.peak_backends, self.stack.backend_count())
            self.api_workers_seen.update(self.stack.api_workers())
            self._restart_the_dead()
            time.sleep(0.25)

    def _restart_the_dead(self) -> None:
        """Start again, as an orchestrator would, a process that exited on its own (and
        note it: none should)."""
        for name, service in self.stack.services().items():
            if service.process is not None and not service.alive():
                self.exits.append(f"{name} exited with {service.process.returncode}")
                service.start()
                if service is self.stack.api:
                    self.stack.wait_until_live()

    def _projector(self) -> str:
        pid = self.stack.projector.pid
        self.stack.projector.kill()
        time.sleep(RESTART_DELAY_S)
        self.stack.projector.start()
        return f"killed pid {pid}, restarted as {self.stack.projector.pid}"

    def _api_worker(self) -> str:
        before = self.stack.wait_for_api_workers()
        self.api_workers_seen.update(before)
        victim = before[0]
        signal_process(victim, signal.SIGKILL)
        after = self.stack.wait_for_api_workers(gone=victim)
        wait_for_started(self.stack.api.log, 2 + self.counts()["api_worker"] + 1)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # until no worker has changed for STABLE_S
            settled = time.monotonic() + STABLE_S
            while time.monotonic() < settled and self.stack.api_workers() == after:
                self.peak_backends = max(self.peak_backends, self.stack.backend_count())
                time.sleep(0.25)
            now = self.stack.wait_for_api_workers()
            self.api_workers_seen.update(now)
            if now == after:
                break
            after = now
        return f"killed pid {victim} of {before}; workers now {after}"

    def unplanned_api_workers(self) -> int:
        """API worker processes started that neither start-up nor a kill asked for."""
        return len(self.api_workers_seen) - 2 - self.counts()["api_worker"]

    def _job_worker(self) -> str:
        pid = self.stack.worker.pid
        self.stack.worker.kill()
        time.sleep(RESTART_DELAY_S)
        self.stack.worker.start()
        return f"killed pid {pid}, restarted as {self.stack.worker.pid}"

    def _redis(self) -> str:
        with self.stack.redis.client() as client:
            keys = int(client.dbsize())
        self.stack.redis.flush()
        return f"flushed {keys} keys"

    def _postgres(self) -> str:
        return f"terminated {self.stack.terminate_backends()} backends"

    def _postgres_outage(self) -> str:
        terminated = self.stack.refuse_connections(OUTAGE_S)
        return f"terminated {terminated} backends, refused connections for {OUTAGE_S} s"
