"""Faults on a running stack: nothing acknowledged is lost, nothing answers 500.

The stack runs as production runs it (``tasklog serve --workers 2``, ``tasklog
projector``, ``tasklog worker``) on a database and a Redis database of its own. Thirty
users write and read through HTTP for the whole run while the projector, one API worker
and the job worker are SIGKILLed (and come back), Redis loses every key, PostgreSQL
terminates every connection of the database, and the database refuses connections for
a few seconds, each twice (``tests.e2e.faults``). Afterwards every acknowledged write
is in the event store as answered, no answer was a 500, no process exited on its own,
uvicorn replaced each killed API worker once, the read model equals the fold of the
events, no recurring series has an occurrence twice (nor misses one), and ``tasklog
audit verify`` finds nothing.

It prints what it saw (answers, 503s by reason and time, connection errors, faults):
run it with ``-s`` or ``-rP`` to read that on success too.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from api.devtokens import mint_dev_token
from infrastructure.eventstore import build_task_application
from infrastructure.settings import Settings
from tests.conftest import own_database
from tests.e2e.checks import (
    duplicate_occurrences,
    head,
    lost_acknowledgements,
    wait_for_spawns,
)
from tests.e2e.faults import FAULTS, Injector
from tests.e2e.load import WINDOW_S, Load
from tests.e2e.stack import Stack, own_redis_database
from tests.integration.projection_support import (
    assert_read_model_is_the_fold,
    wait_for_position,
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

USERS = 30
TAIL_S = 3.0
"""Load kept up after the last fault, so the stack is seen to have recovered."""
SPAWN_TIMEOUT_S = 150.0
"""Owed occurrences are created by the next minute sweep at the latest (or a killed job's
rerun, about 30 s after its worker died)."""


@pytest.fixture
def stack(server_database_url: str, redis_url: str, tmp_path: Path) -> Iterator[Stack]:
    with ExitStack() as resources:
        database_url = resources.enter_context(own_database(server_database_url))
        redis_database = resources.enter_context(own_redis_database(redis_url))
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        stack = Stack(tmp_path, server_database_url, database_url, schema, redis_database)
        resources.callback(stack.stop)
        stack.start()
        yield stack


async def _drive(load: Load, injector: Injector) -> None:
    """The load for as long as the faults last, and ``TAIL_S`` after."""
    running = asyncio.ensure_future(load.run())
    try:
        await asyncio.to_thread(injector.run)
        await asyncio.sleep(TAIL_S)
    finally:
        injector.stopped.set()
        load.running = False
        await running


def test_faults_lose_no_acknowledged_write_and_answer_no_500(stack: Stack) -> None:
    settings = Settings(data_dir=stack.data_dir)
    users = [f"user-{number:02d}" for number in range(USERS)]
    load = Load(stack.base, users, lambda user: mint_dev_token(settings, user, [], 3600), seed=15)
    injector = Injector(stack, seed=15)

    started = time.monotonic()
    asyncio.run(_drive(load, injector))
    loaded_s = time.monotonic() - started

    app = build_task_application(stack.database_url, stack.schema, 1, aggregate_cache_size=0)
    try:
        lost = lost_acknowledgements(app, load.acks)
        tasks, spawn_wait_s = wait_for_spawns(
            app, stack.database_url, stack.schema, SPAWN_TIMEOUT_S
        )
        wait_for_position(
            stack.database_url,
            stack.schema,
            "task_list",
            head(stack.database_url, stack.schema),
            60,
        )
        stored = Settings(database_url=stack.database_url, database_schema=stack.schema)
        assert_read_model_is_the_fold(app, stored, set(tasks))
    finally:
        app.close()
    verify = stack.run_cli("audit", "verify")

    tally = load.tally
    print(
        f"\nfault test: {loaded_s:.0f} s of load by {USERS} users, {tally.requests()} answers;"
        f"\n  writes acknowledged {len(load.acks)}, tasks stored {len(tasks)} "
        f"(occurrences spawned {sum(1 for t in tasks.values() if (t.occurrence or 1) > 1)})"
        f"\n  503 with Retry-After {tally.unavailable}, 500 {tally.status_count(500)}, "
        f"connection errors {tally.connection_errors}, timeouts {tally.timeouts}, "
        f"idempotency key still in progress {tally.key_in_progress}, given up {tally.abandoned}, "
        f"404 after a retried write {tally.retried_404}"
        f"\n  503s by reason {dict(tally.unavailable_why)}"
        f"\n  503s by {WINDOW_S} s of the run {dict(sorted(tally.unavailable_at.items()))}"
        f"\n  faults {dict(injector.counts())}; peak backends {injector.peak_backends}; "
        f"API workers started unasked {injector.unplanned_api_workers()}; "
        f"processes exited unasked {injector.exits}; "
        f"owed occurrences created {spawn_wait_s:.0f} s after the load"
    )
    for entry in injector.log:
        print(f"  {entry.at:5.1f} s {entry.fault}: {entry.detail}")
    print("  statuses:", dict(sorted(tally.statuses.items())))
    for violation in tally.violations[:40]:
        print("  !", violation)

    assert injector.counts() == dict.fromkeys(FAULTS, injector.rounds)
    assert tally.status_count(500) == 0
    assert tally.timeouts == 0  # every request answered within REQUEST_TIMEOUT_S
    assert injector.unplanned_api_workers() == 0
    assert injector.exits == []
    assert tally.violations == []
    assert lost == []
    assert duplicate_occurrences(tasks) == {}
    assert len(load.acks) > 500
    assert verify.returncode == 0, verify.stdout + verify.stderr
