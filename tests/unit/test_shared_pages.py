"""The shared list pages' keys and stored form."""

from __future__ import annotations

import pytest

from projections.task_list.shared_pages import (
    SharedPage,
    decode_page,
    encode_page,
    namespace,
    page_key,
)


@pytest.mark.parametrize("cursor", [None, "eyJrIjoiMjAyNi0xMS0yNyJ9.abc"])
def test_a_page_round_trips(cursor: str | None) -> None:
    page = SharedPage(123, b'[{"title":"a\\nb"}]\n', cursor)

    assert decode_page(encode_page(page)) == page


@pytest.mark.parametrize("raw", [b"", b"12", b"12\n", b"x\n\n[]", b"-1\n\n[]"])
def test_anything_else_is_not_a_page(raw: bytes) -> None:
    assert decode_page(raw) is None


def test_owner_and_query_cannot_run_into_each_other() -> None:
    prefix = namespace(b"secret", "public", list_max=10_000)

    assert page_key(prefix, "a:b", b"c") != page_key(prefix, "a", b"b:c")


def test_deployments_and_schemas_get_their_own_keys() -> None:
    keys = {
        page_key(namespace(secret, schema, list_max=10_000), "ann", b"")
        for secret in (b"one", b"two")
        for schema in ("public", "tenant")
    }

    assert len(keys) == 4


def test_another_rendering_of_the_pages_gets_its_own_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    from projections.task_list.projection import TaskListProjection

    current = namespace(b"secret", "public", list_max=10_000)
    other_length = namespace(b"secret", "public", list_max=500)
    monkeypatch.setattr(TaskListProjection, "revision", TaskListProjection.revision + 1)
    next_revision = namespace(b"secret", "public", list_max=10_000)

    assert len({current, other_length, next_revision}) == 3


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:  # bound, never listening: connections are refused
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def test_a_redis_that_is_down_is_a_miss_not_an_error() -> None:
    import redis.asyncio

    from projections.task_list.shared_pages import SharedPages

    client = redis.asyncio.Redis(host="127.0.0.1", port=_closed_port(), socket_timeout=1)
    pages = SharedPages(client, namespace(b"secret", "public", list_max=10_000))
    try:
        await pages.put("ann", b"", SharedPage(1, b"[]", None))
        assert await pages.get("ann", b"") is None
    finally:
        await client.aclose()


def test_the_projector_side_ignores_a_redis_that_is_down() -> None:
    import redis

    from projections.task_list.shared_pages import SharedPagesWriter

    client = redis.Redis(host="127.0.0.1", port=_closed_port(), socket_timeout=1)
    writer = SharedPagesWriter(client, namespace(b"secret", "public", list_max=10_000))
    try:
        writer.put_many([("ann", b"", SharedPage(1, b"[]", None))])
    finally:
        client.close()
