"""Per-user rate limits: 429 with Retry-After, in-process and shared through Redis."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from infrastructure.ratelimit import InProcessRateLimiter, RateLimit
from infrastructure.settings import Settings
from tests.api.helpers import TASKS, Auth, assert_problem


@pytest.mark.parametrize("with_redis", [True, False], ids=["redis", "in-process"])
async def test_a_user_over_budget_gets_429_with_retry_after(
    app_factory: Callable[..., Litestar],
    api_settings: Settings,
    auth: Auth,
    user: str,
    other_user: str,
    with_redis: bool,
) -> None:
    settings = replace(
        api_settings,
        rate_limit="3/hour",
        redis_url=api_settings.redis_url if with_redis else None,
    )
    async with AsyncTestClient(app_factory(settings)) as client:
        answers = [
            (await client.get(f"{TASKS}/{'0' * 8}-0000-0000-0000-{'0' * 12}", headers=auth(user)))
            for _ in range(4)
        ]
        other = await client.get(
            f"{TASKS}/{'0' * 8}-0000-0000-0000-{'0' * 12}", headers=auth(other_user)
        )
        health = await client.get("/health/live")

    assert [a.status_code for a in answers[:3]] == [404, 404, 404]
    assert_problem(answers[3], 429)
    assert 1 <= int(answers[3].headers["Retry-After"]) <= 3600
    assert other.status_code == 404
    assert health.status_code == 200


async def test_a_new_window_restores_the_budget() -> None:
    now = [1000.0]
    limiter = InProcessRateLimiter(RateLimit(2, 60), clock=lambda: now[0])

    decisions = [await limiter.hit("u") for _ in range(3)]
    now[0] += 60
    fresh = await limiter.hit("u")

    assert [d.allowed for d in decisions] == [True, True, False]
    assert decisions[2].retry_after_s == 20
    assert fresh.allowed
