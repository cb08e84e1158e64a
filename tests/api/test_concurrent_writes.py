"""Many writers on one task without ``If-Match`` (docs/api.md section 3): none is refused.

The contract says a version conflict inside the server is retried against the fresh
state, never lost; so hundreds of simultaneous PATCHes on one task all answer 200 (no 409)
and every one of them is in the task's history.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace

from litestar import Litestar
from litestar.testing import AsyncTestClient

from infrastructure.settings import Settings
from tests.api.helpers import TASKS, Auth, create_task, history

WRITERS = 400
WORKER_THREADS = 10
"""Commands running at once (the event store pool): ten writers race for each version."""


async def test_concurrent_patches_without_if_match_all_apply(
    app_factory: Callable[..., Litestar], api_settings: Settings, auth: Auth, user: str
) -> None:
    settings = replace(api_settings, eventstore_pool_size=WORKER_THREADS)
    async with AsyncTestClient(app_factory(settings), timeout=120) as client:
        headers = auth(user)
        task = await create_task(client, headers)
        url = f"{TASKS}/{task['id']}"

        responses = await asyncio.gather(
            *(
                client.patch(url, json={"description": f"writer {n}"}, headers=headers)
                for n in range(WRITERS)
            )
        )
        events = await history(client, headers, task["id"])

    statuses = sorted({response.status_code for response in responses})
    assert statuses == [200], [r.text for r in responses if r.status_code != 200][:3]
    versions = sorted(response.json()["version"] for response in responses)
    assert versions == list(range(2, WRITERS + 2))
    written = [event["data"].get("description") for event in events[1:]]
    assert sorted(written) == sorted(f"writer {n}" for n in range(WRITERS))
