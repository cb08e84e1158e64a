"""The projector's page warmer against real PostgreSQL and Redis: what it stores, and for whom."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace

import msgspec
import pytest
import redis

from infrastructure.page_warmer import PageWarmer
from infrastructure.pools import connector
from infrastructure.settings import Settings
from projections.fold import Changed
from projections.projector import Projector, cursor_secret
from projections.task_list.shared_pages import SharedPage, decode_page, namespace, page_key
from tests.integration.projection_support import meta, wait_for_position
from tests.polling import wait_until
from tests.service_urls import database_url_of, redis_url_of

LIST_MAX = 20


@pytest.fixture
def projector(settings: Settings) -> Iterator[Projector]:
    """A projector without a warmer of its own (no page cache, so no Redis)."""
    with Projector.from_settings(replace(settings, list_cache_mb=0)) as running:
        yield running


def _stored(
    settings: Settings, client: redis.Redis, secret: bytes, owner: str
) -> SharedPage | None:
    prefix = namespace(secret, settings.database_schema, list_max=LIST_MAX)
    raw: bytes | None = client.get(page_key(prefix, owner, b""))  # type: ignore[assignment]
    return decode_page(raw) if raw is not None else None


def test_owners_with_more_tasks_than_the_warmer_reads_are_left_to_the_api(
    projector: Projector, settings: Settings
) -> None:
    url = database_url_of(settings)
    position = 0
    for owner, count in (("few", 2), ("many", 4)):
        for number in range(count):
            fields = {"title": f"{owner} {number}"}
            result = projector.app.create_task(owner=owner, fields=fields, meta=meta(owner))
            position = result.position
    wait_for_position(url, settings.database_schema, "task_list", position)
    secret = cursor_secret(projector.datastore)
    client = redis.Redis.from_url(redis_url_of(settings))
    stop = threading.Event()
    warmer = PageWarmer(
        connect=connector(url),
        schema=settings.database_schema,
        secret=lambda: secret,
        redis=client,
        stop=stop,
        list_max=LIST_MAX,
        warm_limit=3,
    )
    try:
        warmer.start()
        warmer.committed(position, Changed(owners=frozenset({"few", "many"})))
        wait_until(lambda: warmer.warmed >= 2, timeout_s=10, interval_s=0.01, message="not warmed")
        assert warmer.warmed == 2
        few = _stored(settings, client, secret, "few")
        assert few is not None
        assert [t["title"] for t in msgspec.json.decode(few.body)] == ["few 1", "few 0"]
        assert few.next_cursor is None
        assert _stored(settings, client, secret, "many") is None
    finally:
        warmer.stop()
        warmer.join(5)
        client.close()
