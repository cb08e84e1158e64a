"""Many writers on one task without ``If-Match`` (docs/api.md section 3): none is refused.

The contract says a version conflict inside the server is retried against the fresh
state, never lost; so hundreds of simultaneous PATCHes on one task all answer 200 (no 409,
no 503) and every one of them is in the task's history.

The writers are real HTTP clients on two ``tasklog serve`` processes sharing one
database: Litestar's test client serves one request at a time, which never lets two
commands race, while here each process runs ten commands at once, and the two processes'
aggregate caches race each other too, so nearly every version is contended.
"""

from __future__ import annotations

import asyncio
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from tests.api.helpers import TASKS
from tests.api.processes import Served, serving

WRITERS = 300
CLIENTS_PER_SERVER = 3
WORKER_THREADS = "10"
"""Commands running at once per process (its event store pool)."""
IN_FLIGHT = str(WRITERS)
"""Admit every writer: this test is about conflicts, not load shedding."""


async def _patch_all(servers: list[Served], user: str, task_url: str) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=WRITERS)
    clients = [
        httpx.AsyncClient(
            base_url=server.base_url, limits=limits, timeout=60, headers=server.auth(user)
        )
        for server in servers
        for _ in range(CLIENTS_PER_SERVER)
    ]
    try:
        return await asyncio.gather(
            *(
                clients[n % len(clients)].patch(task_url, json={"description": f"writer {n}"})
                for n in range(WRITERS)
            )
        )
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))


@pytest.mark.slow
@pytest.mark.timeout(180)
async def test_concurrent_patches_without_if_match_all_apply(
    database_url: str, schema: str, tmp_path: Path
) -> None:
    settings = {
        "TASKLOG_EVENTSTORE_POOL_SIZE": WORKER_THREADS,
        "TASKLOG_MAX_IN_FLIGHT": IN_FLIGHT,
    }
    with ExitStack() as stack:
        servers = []
        for name in ("one", "two"):
            (tmp_path / name).mkdir()
            served = stack.enter_context(serving(tmp_path / name, database_url, schema, **settings))
            servers.append(served)
        user = "concurrent-writer"
        owner = servers[0].auth(user)
        async with httpx.AsyncClient(base_url=servers[0].base_url, timeout=60) as client:
            created = await client.post(TASKS, json={"title": "contended"}, headers=owner)
            assert created.status_code == 201, created.text
            task_url = f"{TASKS}/{created.json()['id']}"
            responses = await _patch_all(servers, user, task_url)
            history = await client.get(f"{task_url}/history", headers=owner)

    statuses = sorted({response.status_code for response in responses})
    assert statuses == [200], [r.text for r in responses if r.status_code != 200][:3]
    versions = sorted(response.json()["version"] for response in responses)
    assert versions == list(range(2, WRITERS + 2))
    written = [event["data"].get("description") for event in history.json()[1:]]
    assert sorted(written) == sorted(f"writer {n}" for n in range(WRITERS))
