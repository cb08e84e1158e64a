"""Seed a Tasklog store for the load test: N users with 10-100 tasks each, tokens, task ids.

Events are written through the real ``TaskApplication`` (the aggregate's own events, hashes
and mapper), many aggregates per ``app.save(*tasks)`` call, so seeding 100,000 tasks takes
seconds rather than the minutes 100,000 HTTP requests would. Who owns which tasks comes
from benchmarks/workload.py, which the lean yardstick's seeding uses too. The read models are then
brought up to date by running the projector in this process until every projection has
caught up with the event log, so the load test starts with no projection lag.

Output (in ``--out-dir``):
    users.txt   one line per user: ``<user_id> <token> <task_id>,<task_id>,...`` (open tasks)
    jwks.json   the public key set that verifies the tokens (serve it as TASKLOG_JWKS_URL)
    seed.json   what was seeded and how long it took

    python benchmarks/seed.py --users 1000 --tasks 10-100 --out-dir benchmarks/.run
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from application.tasks import TaskApplication  # noqa: E402
from benchmarks.workload import (  # noqa: E402
    DEFAULT_SEED,
    TaskSpan,
    open_positions,
    user_id,
    user_tasks,
)
from domain.draft import resolve  # noqa: E402
from domain.task import EventMeta, Task  # noqa: E402
from infrastructure.database import eventsourcing_env  # noqa: E402
from infrastructure.devkeys import dev_jwks, load_or_create_dev_key, mint_token  # noqa: E402
from infrastructure.eventstore import build_task_application  # noqa: E402
from infrastructure.settings import Settings  # noqa: E402

KEY_FILE = "dev-signing-key.pem"
TOKEN_TTL_S = 6 * 3600


def build_tasks(
    users: range, span: TaskSpan, seed: int, now: datetime
) -> Iterator[tuple[str, Task, bool]]:
    """Every seeded task (benchmarks/workload.py) as an aggregate, with its owner.

    The flag says whether the task's id goes to the load script (one of the owner's first
    open tasks).
    """
    for index in users:
        owner = user_id(index)
        meta = EventMeta(actor=owner, correlation_id=f"seed-{index}")
        tasks = user_tasks(index, span, seed, now)
        listed = set(open_positions(tasks))
        for position, seeded in enumerate(tasks):
            task = Task.create(
                task_id=uuid4(),
                owner=owner,
                draft=resolve(None, seeded.fields, now=seeded.created),
                meta=meta,
                now=seeded.created,
            )
            if seeded.completed_at is not None:
                task.complete(meta=meta, now=seeded.completed_at)
            yield owner, task, position in listed


def seed_events(
    settings: Settings, users: int, span: TaskSpan, batch: int, seed: int, processes: int
) -> tuple[dict[str, list[UUID]], int, int, float]:
    """Write the tasks' events in batches from ``processes`` processes.

    Building aggregates is CPU work in Python and runs in parallel; the inserts themselves
    are serialised by the event store's table lock.

    Returns:
        Open task ids per user, the events written, the tasks completed, and the seconds
        it took.
    """
    started = time.perf_counter()
    assert settings.database_url is not None
    # Create the tables once, here: processes racing to CREATE TABLE collide.
    build_task_application(
        settings.database_url, settings.database_schema, settings.eventstore_pool_size
    ).close()
    chunks = [(settings, range(users)[i::processes], span, batch, seed) for i in range(processes)]
    if processes == 1:
        results = [_seed_users(*chunks[0])]
    else:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            results = pool.starmap(_seed_users, chunks)
    open_ids: dict[str, list[UUID]] = {}
    events = completed = 0
    for ids, count, done in results:
        open_ids.update(ids)
        events += count
        completed += done
    ordered = {user_id(i): open_ids[user_id(i)] for i in range(users)}
    return ordered, events, completed, time.perf_counter() - started


def _seed_users(
    settings: Settings, users: range, span: TaskSpan, batch: int, seed: int
) -> tuple[dict[str, list[UUID]], int, int]:
    assert settings.database_url is not None
    # The parent created schema and tables; a second CREATE ... IF NOT EXISTS racing the
    # other process fails with "tuple concurrently updated", so none is issued here.
    environment = eventsourcing_env(
        settings.database_url, settings.database_schema, settings.eventstore_pool_size
    )
    app = TaskApplication(env={**environment, "CREATE_TABLE": "n"})
    now = datetime.now(UTC)
    open_ids: dict[str, list[UUID]] = {user_id(i): [] for i in users}
    events = completed = 0
    pending: list[Task] = []
    try:
        for owner, task, listed in build_tasks(users, span, seed, now):
            if listed:
                open_ids[owner].append(task.id)
            completed += task.completed
            pending.append(task)
            if len(pending) >= batch:
                events += len(app.save(*pending))
                pending.clear()
        if pending:
            events += len(app.save(*pending))
    finally:
        app.close()
    return open_ids, events, completed


def catch_up_projections(settings: Settings, timeout_s: float) -> float:
    """Run the projector here until every read model has folded the whole event log."""
    from projections.projector import Projector

    started = time.perf_counter()
    projector = Projector.from_settings(settings)
    projector.start()
    try:
        head = projector.source.head()
        deadline = time.monotonic() + timeout_s
        last_report = 0.0
        while True:
            positions = {name: w.position for name, w in projector.workers.items()}
            if positions and all((p or 0) >= head for p in positions.values()):
                break
            if time.monotonic() > deadline:
                raise TimeoutError(f"projections did not catch up with {head}: {positions}")
            if time.monotonic() - last_report > 5:
                print(f"  projections at {positions} of {head}", flush=True)
                last_report = time.monotonic()
            time.sleep(0.2)
    finally:
        projector.stop()
    return time.perf_counter() - started


def write_users_file(
    path: Path, key_path: Path, open_ids: dict[str, list[UUID]], settings: Settings
) -> None:
    """One line per user: id, a bearer token (no roles), open task ids."""
    key = load_or_create_dev_key(key_path)
    with path.open("w") as out:
        for owner, ids in open_ids.items():
            token = mint_token(
                key,
                sub=owner,
                roles=(),
                ttl_s=TOKEN_TTL_S,
                issuer=settings.jwt_issuer,
                audience=settings.jwt_audience,
            )
            out.write(f"{owner} {token} {','.join(str(i) for i in ids)}\n")


def main() -> None:
    """Seed from the command line; settings come from the TASKLOG_* environment."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument(
        "--tasks", type=TaskSpan.parse, default=TaskSpan(10, 100), help="tasks per user: LOW-HIGH"
    )
    parser.add_argument("--batch", type=int, default=1000, help="aggregates per app.save()")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--out-dir", type=Path, required=True)
    parser.add_argument(
        "--skip-events", action="store_true", help="the store exists: tokens and JWKS only"
    )
    parser.add_argument("--ids-from", type=Path, help="open_ids.json of the seeded store")
    parser.add_argument("--key-file", type=Path, help="signing key (default: in --out-dir)")
    parser.add_argument("--no-projector", action="store_true", help="do not catch up here")
    parser.add_argument("--catch-up-timeout", type=float, default=300.0)
    args = parser.parse_args()

    settings = Settings.from_env(os.environ)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    key_path = args.key_file or args.out_dir / KEY_FILE
    (args.out_dir / "jwks.json").write_text(json.dumps(dev_jwks(load_or_create_dev_key(key_path))))
    report: dict[str, Any] = {
        "users": args.users,
        "tasks_per_user": str(args.tasks),
        "tasks": sum(args.tasks.count(i) for i in range(args.users)),
    }

    ids_file = args.out_dir / "open_ids.json"
    if args.skip_events:
        # The store came from a template: reuse the task ids recorded when it was seeded.
        source = args.ids_from or ids_file
        saved = json.loads(source.read_text())
        open_ids: dict[str, list[UUID]] = {k: [UUID(i) for i in v] for k, v in saved.items()}
        report.update(json.loads((source.with_suffix(".seed.json")).read_text()))
        report["from_template"] = True
    else:
        print(f"seeding {args.users} users x {args.tasks} tasks ({report['tasks']})", flush=True)
        open_ids, events, completed, seconds = seed_events(
            settings, args.users, args.tasks, args.batch, args.seed, args.processes
        )
        report.update(events=events, completed=completed, events_seconds=round(seconds, 2))
        print(f"  {events} events in {seconds:.1f} s ({events / seconds:,.0f}/s)", flush=True)
        if not args.no_projector:
            seconds = catch_up_projections(settings, args.catch_up_timeout)
            report.update(catch_up_seconds=round(seconds, 2))
            print(f"  projections caught up in {seconds:.1f} s", flush=True)

    write_users_file(args.out_dir / "users.txt", key_path, open_ids, settings)
    (args.out_dir / "seed.json").write_text(json.dumps(report, indent=2))
    if not args.skip_events:
        ids_file.write_text(json.dumps({k: [str(i) for i in v] for k, v in open_ids.items()}))
        ids_file.with_suffix(".seed.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
