"""PostgreSQL dropping every connection (a restart, a failover) costs no request a 500.

The default stack runs as processes on a database of its own; every backend on that
database is terminated (``pg_terminate_backend``, what a restart does to clients) while
reads and writes are in flight, and again right before a burst of them. Each answer is a
success or a 503 with ``Retry-After``; afterwards the API, the projector and the job
worker work again without being restarted.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from api.devtokens import mint_dev_token
from benchmarks.connections import Stack, default_stack, wait_until_started
from infrastructure.settings import Settings
from tests.polling import wait_until_async

pytestmark = pytest.mark.slow

USERS = 4
REQUESTS_PER_USER = 12
RECOVERY_S = 20.0


def terminate_backends(stack: Stack) -> int:
    """Terminate every backend on the stack's database (its own: nobody else's)."""
    with psycopg.connect(stack.server_url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (stack.dbname,),
        ).fetchall()
    return sum(1 for (done,) in rows if done)


def headers_for(stack: Stack, user: str, roles: tuple[str, ...] = ()) -> dict[str, str]:
    token = mint_dev_token(Settings.from_env(stack.env), user, roles=roles, ttl_s=900)
    return {"Authorization": f"Bearer {token}"}


async def user_traffic(
    client: httpx.AsyncClient, headers: dict[str, str], task_id: str, count: int
) -> list[httpx.Response]:
    """Reads and writes of one user, one after another: every kind the API serves."""
    answers = []
    for number in range(count):
        match number % 6:
            case 0:
                call = client.get("/api/v1/tasks", headers=headers)
            case 1:
                call = client.post(
                    "/api/v1/tasks", json={"title": f"Written {number}"}, headers=headers
                )
            case 2:
                call = client.get(f"/api/v1/tasks/{task_id}", headers=headers)
            case 3:
                call = client.patch(
                    f"/api/v1/tasks/{task_id}", json={"title": f"Renamed {number}"}, headers=headers
                )
            case 4:
                keyed = {**headers, "Idempotency-Key": uuid.uuid4().hex}
                call = client.post("/api/v1/tasks", json={"title": "Keyed"}, headers=keyed)
            case _:
                call = client.get("/api/v1/tags", headers=headers)
        answers.append(await call)
    return answers


async def burst(
    client: httpx.AsyncClient, users: list[tuple[dict[str, str], str]]
) -> list[httpx.Response]:
    """Every user's traffic at once."""
    per_user = await asyncio.gather(
        *(user_traffic(client, headers, task, REQUESTS_PER_USER) for headers, task in users)
    )
    return [answer for answers in per_user for answer in answers]


def assert_no_server_error(answers: list[httpx.Response]) -> Counter[int]:
    statuses = Counter(answer.status_code for answer in answers)
    for answer in answers:
        assert answer.status_code < 500 or answer.status_code == 503, (
            answer.request.method,
            answer.request.url,
            answer.status_code,
            answer.text,
        )
        assert answer.status_code < 400 or answer.status_code == 503, answer.text
        if answer.status_code == 503:
            assert answer.headers.get("Retry-After"), answer.headers
            assert answer.headers["content-type"].startswith("application/problem+json")
    return statuses


async def recovered(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    """Until a write and a read of it through the projection succeed (bounded)."""
    last: list[httpx.Response] = []

    async def written_and_read() -> bool:
        created = await client.post("/api/v1/tasks", json={"title": "After"}, headers=headers)
        last[:] = [created]
        if created.status_code != 201:
            return False
        position = created.headers["Tasklog-Position"]
        listed = await client.get(
            "/api/v1/tasks", headers={**headers, "Tasklog-Min-Position": position}
        )
        return listed.status_code == 200 and created.json()["id"] in {
            task["id"] for task in listed.json()
        }

    await wait_until_async(
        written_and_read,
        timeout_s=RECOVERY_S,
        interval_s=0.2,
        message=lambda: f"no write and read back: {last[0].status_code} {last[0].text}",
    )


async def next_occurrence_listed(
    client: httpx.AsyncClient, headers: dict[str, str], series: str
) -> None:

    async def listed() -> bool:
        found = await client.get("/api/v1/tasks", params={"series_id": series}, headers=headers)
        return found.status_code == 200 and any(task["occurrence"] == 2 for task in found.json())

    await wait_until_async(
        listed, timeout_s=RECOVERY_S, interval_s=0.2, message="the next occurrence was never listed"
    )


async def all_projections_running(client: httpx.AsyncClient, headers: dict[str, str]) -> None:

    async def running() -> bool:
        found = await client.get("/api/v1/ops/projections", headers=headers)
        return found.status_code == 200 and {p["status"] for p in found.json()} == {"running"}

    await wait_until_async(
        running, timeout_s=RECOVERY_S, interval_s=0.2, message="not every projection ran again"
    )


async def drive(stack: Stack) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=stack.base_url, timeout=30) as client:
        users = []
        for number in range(USERS):
            headers = headers_for(stack, f"user-{number}")
            created = await client.post("/api/v1/tasks", json={"title": "Mine"}, headers=headers)
            assert created.status_code == 201, created.text
            users.append((headers, created.json()["id"]))
        owner = users[0][0]
        due = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
        series = await client.post(
            "/api/v1/tasks",
            json={"title": "Water the plants", "due_date": due, "recurring": "daily"},
            headers=owner,
        )
        assert series.status_code == 201, series.text
        assert_no_server_error(await burst(client, users))  # every pool has connections now

        # Terminated while requests are in flight...
        during = asyncio.ensure_future(burst(client, users))
        await asyncio.sleep(0.05)
        terminated = await asyncio.to_thread(terminate_backends, stack)
        during_statuses = assert_no_server_error(await during)
        # ...and right before a burst: every pooled connection is dead when it starts.
        terminated += await asyncio.to_thread(terminate_backends, stack)
        after_statuses = assert_no_server_error(await burst(client, users))

        await recovered(client, owner)
        completed = await client.post(
            f"/api/v1/tasks/{series.json()['id']}/complete", headers=owner
        )
        assert completed.status_code == 200, completed.text
        await next_occurrence_listed(client, owner, series.json()["id"])  # the job worker
        await all_projections_running(client, headers_for(stack, "ops", ("operator",)))
        return {"terminated": terminated, "during": during_statuses, "after": after_statuses}


@pytest.mark.timeout(300)
def test_terminated_backends_cost_no_500_and_every_process_recovers(
    server_database_url: str, redis_url: str, tmp_path: Path
) -> None:
    with default_stack(server_database_url, redis_url, tmp_path) as stack:
        wait_until_started(stack)
        outcome = asyncio.run(drive(stack))

    assert outcome["terminated"] >= 8  # API workers, projector and worker all lost theirs
    print(outcome)
