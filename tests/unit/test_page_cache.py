"""The list page cache: what it keeps, what drops it, and the reads it must refuse."""

from __future__ import annotations

import pytest

from projections.notify import MAX_NOTIFY_OWNERS_BYTES, notify_payload, parse_notify_payload
from projections.task_list.page_cache import PageCache

QUERY = b"limit=20"


def cache(max_bytes: int = 1024, max_age_s: float = 60.0) -> PageCache:
    pages = PageCache("task_list", max_bytes=max_bytes, max_age_s=max_age_s)
    pages.connected(True)
    return pages


def put(pages: PageCache, owner: str, position: int, body: bytes = b"[]", **kw: object) -> None:
    generation = kw.pop("generation", pages.generation)
    assert isinstance(generation, int)
    pages.put(owner, QUERY, position=position, body=body, next_cursor=None, generation=generation)


def test_a_page_is_served_until_its_owner_changes() -> None:
    pages = cache()
    put(pages, "ann", 10, b'[{"id":1}]')

    assert pages.get("ann", QUERY) is not None
    pages.changed("task_list", 11, frozenset({"bob"}))
    hit = pages.get("ann", QUERY)
    assert hit is not None
    assert hit.body == b'[{"id":1}]'
    assert hit.position == 10

    pages.changed("task_list", 12, frozenset({"ann"}))
    assert pages.get("ann", QUERY) is None
    assert pages.size_bytes == 0


def test_a_page_that_already_shows_the_announced_change_stays() -> None:
    pages = cache()
    put(pages, "ann", 12)  # a read that waited for the owner's write at 12

    pages.changed("task_list", 12, frozenset({"ann"}))  # its NOTIFY, heard afterwards
    assert pages.get("ann", QUERY) is not None

    pages.changed("task_list", 13, frozenset({"ann"}))
    assert pages.get("ann", QUERY) is None
    assert pages.size_bytes == 0


def test_a_page_read_before_a_change_announced_meanwhile_is_not_kept() -> None:
    pages = cache()
    pages.changed("task_list", 20, frozenset({"ann"}))  # announced while the read ran

    put(pages, "ann", 19)  # the read's snapshot predates the change
    assert pages.get("ann", QUERY) is None

    put(pages, "ann", 20)  # a read that saw the change
    assert pages.get("ann", QUERY) is not None


def test_a_change_of_anyone_drops_everything_and_refuses_reads_under_way() -> None:
    pages = cache()
    put(pages, "ann", 5)
    started = pages.generation

    pages.changed("task_list", 6, None)  # e.g. a swap to a rebuilt version

    assert pages.get("ann", QUERY) is None
    put(pages, "bob", 6, generation=started)
    assert pages.get("bob", QUERY) is None
    put(pages, "bob", 6)
    assert pages.get("bob", QUERY) is not None


def test_other_read_models_do_not_touch_it() -> None:
    pages = cache()
    put(pages, "ann", 5)

    pages.changed("notifications", 9, None)

    assert pages.get("ann", QUERY) is not None


def test_nothing_is_served_or_kept_while_listen_is_down() -> None:
    pages = cache()
    put(pages, "ann", 5)
    started = pages.generation

    pages.connected(False)
    assert pages.get("ann", QUERY) is None
    put(pages, "ann", 6)
    pages.connected(True)

    assert pages.get("ann", QUERY) is None
    put(pages, "ann", 7, generation=started)  # began before the connection was lost
    assert pages.get("ann", QUERY) is None


def test_bytes_are_bounded_least_recently_used_first() -> None:
    pages = cache(max_bytes=100)
    for owner in ("a", "b", "c", "d", "e"):
        put(pages, owner, 1, b"x" * 25)
    assert pages.size_bytes == 100
    assert pages.get("a", QUERY) is None
    assert pages.get("b", QUERY) is not None
    put(pages, "f", 1, b"y" * 25)  # "b" was used since "c": "c" goes
    assert pages.get("c", QUERY) is None
    assert pages.get("b", QUERY) is not None


def test_a_page_larger_than_a_quarter_of_the_budget_is_not_kept() -> None:
    pages = cache(max_bytes=100)
    for owner in ("a", "b", "c", "d"):
        put(pages, owner, 1, b"x" * 25)
    put(pages, "big", 1, b"z" * 26)  # a long unlimited list

    assert pages.get("big", QUERY) is None
    assert all(pages.get(owner, QUERY) is not None for owner in ("a", "b", "c", "d"))
    assert pages.size_bytes == 100


def test_pages_expire() -> None:
    pages = cache(max_age_s=0.0)
    put(pages, "ann", 1)

    assert pages.get("ann", QUERY) is None


def test_zero_bytes_turns_it_off() -> None:
    pages = PageCache("task_list", max_bytes=0, max_age_s=60.0)
    pages.connected(True)
    put(pages, "ann", 1)

    assert not pages.enabled
    assert pages.get("ann", QUERY) is None


@pytest.mark.parametrize(
    "owners", [None, frozenset(), frozenset({"ann", "b:ob\nx", "zoë"})], ids=repr
)
def test_notify_payload_round_trips(owners: frozenset[str] | None) -> None:
    payload = notify_payload("task_list", 42, owners)

    assert parse_notify_payload(payload) == ("task_list", 42, owners)


def test_too_many_owners_mean_anyone() -> None:
    owners = frozenset(f"user-{n:08d}" for n in range(MAX_NOTIFY_OWNERS_BYTES // 10))

    payload = notify_payload("task_list", 7, owners)

    assert len(payload.encode()) < 8000
    assert parse_notify_payload(payload) == ("task_list", 7, None)


def test_a_malformed_payload_is_ignored() -> None:
    assert parse_notify_payload("task_list:soon") is None
