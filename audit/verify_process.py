"""A verification run in a process of its own, reporting into its ``audit_verify_runs`` row.

Verifying decodes and hashes every event in Python: in an API process it would hold the
interpreter's lock for minutes and slow every request. A spawned process has its own
interpreter (and core); the API only inserts the row, starts the process and reads the
row. The process writes its progress every ``HEARTBEAT_S`` from a thread of its own, so
the row stays fresh however long a stretch of the pass takes.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import threading
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from typing import Any
from uuid import UUID

import psycopg

from audit.chain import BrokenLink
from audit.findings import Finding, Summary
from audit.owners import event_tables
from audit.readmodel import Difference
from audit.runs import (
    HEARTBEAT_S,
    MAX_FINDINGS,
    RunTable,
    write_outcome,
    write_progress,
)
from audit.verify import StoreVerifier
from infrastructure.eventstore import build_task_application


def finding_dict(finding: Finding) -> dict[str, Any]:
    """A finding as the run's JSON shows it: its kind, task, where, and the sentence."""
    shown: dict[str, Any] = {"task_id": None, "message": str(finding)}
    if isinstance(finding, BrokenLink):
        shown.update(kind="broken_chain", task_id=str(finding.task_id), version=finding.version)
    elif isinstance(finding, Difference):
        shown.update(kind="read_model_difference", task_id=str(finding.task_id))
        shown["field"] = finding.field
    else:
        shown.update(kind="problem", task_id=str(finding.task_id) if finding.task_id else None)
    return shown


def summary_dict(summary: Summary) -> dict[str, Any]:
    """The run's summary: counts and whether nothing was found."""
    shown = {k: v for k, v in dataclasses.asdict(summary).items() if k != "damaged"}
    return {**shown, "ok": summary.ok}


@dataclass
class _Progress:
    """What the verifier has reported so far (written by the pass, read by the reporter)."""

    total: int | None = None
    checked: int = 0
    findings: list[dict[str, Any]] = field(default_factory=list)
    findings_count: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def report(self, finding: Finding) -> None:
        with self.lock:
            self.findings_count += 1
            if len(self.findings) < MAX_FINDINGS:
                self.findings.append(finding_dict(finding))

    def advance(self, done: int) -> None:
        with self.lock:
            self.checked += done

    def set_total(self, total: int) -> None:
        with self.lock:
            self.total = total

    def write(self, connection: psycopg.Connection[Any], runs: RunTable, run_id: UUID) -> None:
        with self.lock:
            total, checked = self.total, self.checked
            findings, count = list(self.findings), self.findings_count
        write_progress(
            connection,
            runs,
            run_id,
            total=total,
            checked=checked,
            findings=findings,
            findings_count=count,
        )


def run_verification(database_url: str, schema: str, run_id: UUID, check_read_model: bool) -> None:
    """Verify the store and record it in run ``run_id`` (the entry point of the process)."""
    runs = RunTable(schema)
    progress = _Progress()
    done = threading.Event()
    with psycopg.connect(database_url, autocommit=True) as connection:
        reporter = threading.Thread(
            target=_report, args=(connection, runs, run_id, progress, done), daemon=True
        )
        reporter.start()
        summary: Summary | None = None
        error: str | None = None
        try:
            app = build_task_application(database_url, schema, 1)
            try:
                verifier = StoreVerifier(
                    database_url,
                    event_tables(app.recorder, schema),
                    app.mapper,
                    application_name=app.name,
                    check_read_model=check_read_model,
                )
                summary = verifier.run(
                    progress.report, on_total=progress.set_total, on_progress=progress.advance
                )
            finally:
                app.close()
        except Exception as failure:  # recorded in the run for the auditor, not lost
            error = f"{type(failure).__name__}: {failure}"
        done.set()
        reporter.join()
        progress.write(connection, runs, run_id)
        write_outcome(
            connection,
            runs,
            run_id,
            summary=summary_dict(summary) if summary is not None else None,
            error=error,
        )


def _report(
    connection: psycopg.Connection[Any],
    runs: RunTable,
    run_id: UUID,
    progress: _Progress,
    done: threading.Event,
) -> None:
    while not done.wait(HEARTBEAT_S):
        progress.write(connection, runs, run_id)


def start_verification_process(
    database_url: str, schema: str, run_id: UUID, *, check_read_model: bool
) -> BaseProcess:
    """Start ``run_verification`` in a fresh (spawned) process and return it."""
    context = multiprocessing.get_context("spawn")
    process = context.Process(
        target=run_verification,
        args=(database_url, schema, run_id, check_read_model),
        name=f"tasklog-verify-{run_id}",
        # Not a daemon: a large store is verified by worker processes it starts, which a
        # daemon may not. The API stops the runs it started when it stops (``verify``).
        daemon=False,
    )
    process.start()
    return process
