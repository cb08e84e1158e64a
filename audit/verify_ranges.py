"""A store verified in ranges of task ids by worker processes, all in one snapshot.

Decoding, hashing and replaying every event is Python work, one core's worth per
interpreter. Each worker process runs the pass over one range of task ids
(``RangePass``), in the snapshot the verifier exported (``pg_export_snapshot``), so
together they see one moment as a single pass would. Their findings are reported as they
come, in id order within each range.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from uuid import UUID

import psycopg
from psycopg import IsolationLevel, sql

from application.tasks import TaskApplication
from audit.findings import Progress, Report, Summary
from audit.owners import EventTables
from audit.range_pass import RangePass
from projections.bulk import prepare_worker_process, standalone_mapper


def id_ranges(count: int) -> list[tuple[UUID | None, UUID | None]]:
    """``count`` ranges of task ids, ``[lower, upper)``, that cover every id together.

    Equal slices of the id space: ids are random (version 4) or hashes (version 5), so
    each range holds about as many tasks. ``None`` is unbounded.
    """
    bounds: list[UUID | None] = [UUID(int=(number << 128) // count) for number in range(count)]
    bounds[0] = None
    return [
        (bounds[number], bounds[number + 1] if number + 1 < count else None)
        for number in range(count)
    ]


@dataclass(frozen=True)
class RangeSpec:
    """What a worker process verifies (picklable)."""

    url: str
    tables: EventTables
    snapshot: str
    position: int | None
    batch: int
    lower: UUID | None
    upper: UUID | None


def verify_ranges(
    spec: RangeSpec,
    workers: int,
    summary: Summary,
    report: Report,
    on_progress: Progress | None,
) -> None:
    """Verify each of ``workers`` id ranges in a worker process; merge as they come.

    ``spec`` gives everything but the range (its own is ignored). The caller's transaction
    (which exported the snapshot) must stay open until this returns, so the snapshot stays
    importable.
    """
    context = multiprocessing.get_context("spawn")  # never fork a threaded process
    pipes: list[Connection] = []
    processes = []
    try:
        for lower, upper in id_ranges(workers):
            parent, child = context.Pipe(duplex=False)
            process = context.Process(
                target=_verify_range,
                args=(child, replace(spec, lower=lower, upper=upper)),
                name="verify-range",
                daemon=True,
            )
            process.start()
            child.close()
            pipes.append(parent)
            processes.append(process)
        _merge(pipes, summary, report, on_progress)
    finally:
        for pipe in pipes:
            pipe.close()
        for process in processes:
            process.join(5)
            if process.is_alive():
                process.terminate()
                process.join(5)


def _merge(
    pipes: list[Connection], summary: Summary, report: Report, on_progress: Progress | None
) -> None:
    """Pass on what the workers send until every one is done; raise if one fails."""
    pending = set(pipes)
    while pending:
        for ready in wait(list(pending)):
            assert isinstance(ready, Connection)
            try:
                kind, value = ready.recv()
            except (EOFError, OSError):
                raise RuntimeError("a verification worker died") from None
            if kind == "finding":
                report(value)
            elif kind == "progress":
                if on_progress is not None:
                    on_progress(value)
            elif kind == "done":
                summary.add(value)
                pending.discard(ready)
            else:
                raise RuntimeError(f"a verification worker failed: {value}")


def _verify_range(pipe: Connection, spec: RangeSpec) -> None:
    """A worker process: one range's pass in the exported snapshot, reported through
    ``pipe``; it stops when the verifier is gone (its pipe closed)."""
    try:
        mapper = standalone_mapper(TaskApplication)
        prepare_worker_process()
        with psycopg.connect(spec.url) as connection:
            connection.isolation_level = IsolationLevel.REPEATABLE_READ
            connection.read_only = True
            connection.execute(
                sql.SQL("SET TRANSACTION SNAPSHOT {}").format(sql.Literal(spec.snapshot))
            )
            summary = Summary()
            RangePass(
                connection, spec.tables, mapper, spec.position, spec.batch, spec.lower, spec.upper
            ).run(
                summary,
                lambda finding: pipe.send(("finding", finding)),
                lambda done: pipe.send(("progress", done)),
            )
            connection.rollback()
        pipe.send(("done", summary))
    except (BrokenPipeError, EOFError):
        return  # the verifier is gone
    except Exception as error:
        try:
            pipe.send(("error", f"{type(error).__name__}: {error}"))
        except (BrokenPipeError, EOFError, OSError):
            return
