"""Concurrent duplicates with one Idempotency-Key: one runs, the others replay it."""

from __future__ import annotations

import asyncio

from tests.api.helpers import TASKS, Auth, Client, history


async def test_concurrent_creates_with_one_key_create_once(
    client: Client, auth: Auth, user: str
) -> None:
    headers = auth(user) | {"Idempotency-Key": "burst"}

    answers = await asyncio.gather(
        *(client.post(TASKS, json={"title": "Burst"}, headers=headers) for _ in range(5))
    )

    assert {a.status_code for a in answers} == {201}
    assert len({a.content for a in answers}) == 1
    assert len(await history(client, auth(user), answers[0].json()["id"])) == 1


async def test_concurrent_toggles_with_one_key_toggle_once(
    client: Client, auth: Auth, user: str
) -> None:
    created = await client.post(TASKS, json={"title": "Flip"}, headers=auth(user))
    task_id = created.json()["id"]
    headers = auth(user) | {"Idempotency-Key": "flip-once"}

    answers = await asyncio.gather(
        *(client.patch(f"{TASKS}/{task_id}/complete", headers=headers) for _ in range(5))
    )

    assert {a.status_code for a in answers} == {200}
    assert all(a.json()["completed"] for a in answers)
    assert len(await history(client, auth(user), task_id)) == 2
