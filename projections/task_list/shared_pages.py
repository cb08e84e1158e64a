"""List pages shared by every API process, in Redis: one read of a page serves them all.

Each API process keeps its own ``PageCache``, and a user's requests reach whichever
process accepted the connection they went out on: after every change of the user's rows
each process would read the page from PostgreSQL once. Here a page read by one process
(or rendered by the projector right after the fold that changed it, ``PageWarmer``) is
stored for the others, under the owner and the exact query string, with the position its
rows reflect. Whether a process may serve it is ``PageCache.fresh``'s call: the page
must be at least as new as every change that process heard of for the owner.

Redis is a cache here and nothing more: any error reading or writing it counts as a miss
and the read goes to PostgreSQL. Pages over ``MAX_SHARED_PAGE_BYTES`` (the unlimited list
of a user with well over a thousand tasks) are not shared: each process keeps its own.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from projections.task_list.projection import TaskListProjection

log = logging.getLogger(__name__)

PAGE_TTL_S = 300
"""How long Redis keeps a page: as long as a process keeps one of its own."""

MAX_SHARED_PAGE_BYTES = 1 << 20
"""The largest page stored in Redis: what Redis holds per key stays small, and a page that
large costs a process about as much to read from PostgreSQL as from Redis."""

_ERROR_LOG_INTERVAL_S = 60.0


@dataclass(frozen=True, slots=True)
class SharedPage:
    """A page as stored: the position its rows reflect, the body and the next cursor."""

    position: int
    body: bytes
    next_cursor: str | None


def namespace(secret: bytes, schema: str, *, list_max: int) -> bytes:
    """The key prefix of one deployment's pages: databases sharing a Redis never mix.

    Derived from the read model's per-deployment cursor key (random, kept in the
    database) and the schema, so two stores with the same owners and the same schema
    name still get different keys; and from what a page's bytes depend on besides the
    rows: the read model's revision (how its documents are rendered) and the length of a
    list without ``limit`` (``TASKLOG_LIST_MAX``). During a rolling deploy, processes of
    another code revision or configuration never serve each other's pages.
    """
    rendering = f"{TaskListProjection.revision}:{list_max}".encode()
    material = b"\x00".join((secret, schema.encode(), rendering))
    return hashlib.sha256(material).hexdigest()[:16].encode()


def page_key(prefix: bytes, owner: str, query: bytes) -> bytes:
    """The Redis key of ``owner``'s page for ``query`` (the owner length-prefixed)."""
    owner_bytes = owner.encode()
    return b"tasklog:pages:%s:%d:%s:%s" % (prefix, len(owner_bytes), owner_bytes, query)


def encode_page(page: SharedPage) -> bytes:
    """``position`` and cursor on one line each, then the body as it is."""
    cursor = page.next_cursor.encode() if page.next_cursor is not None else b""
    return b"%d\n%s\n%s" % (page.position, cursor, page.body)


def decode_page(raw: bytes) -> SharedPage | None:
    """The page ``encode_page`` stored; ``None`` for anything else."""
    position, newline, rest = raw.partition(b"\n")
    cursor, second_newline, body = rest.partition(b"\n")
    if not newline or not second_newline or not position.isdigit():
        return None
    return SharedPage(int(position), body, cursor.decode() if cursor else None)


class _ErrorLog:
    """Logs Redis failures at most once a minute (a cache that is down is not news twice)."""

    def __init__(self) -> None:
        self._last = -_ERROR_LOG_INTERVAL_S

    def __call__(self, action: str, error: Exception) -> None:
        now = time.monotonic()
        if now - self._last >= _ERROR_LOG_INTERVAL_S:
            self._last = now
            log.warning("shared list page %s failed (served without it): %r", action, error)


class _PageStore:
    """A deployment's pages in one Redis client (``redis`` or ``redis.asyncio``)."""

    def __init__(self, redis: Any, prefix: bytes, *, ttl_s: int = PAGE_TTL_S) -> None:
        self._redis = redis
        self._prefix = prefix
        self._ttl_s = ttl_s
        self._errors = _ErrorLog()

    def _key(self, owner: str, query: bytes) -> bytes:
        return page_key(self._prefix, owner, query)


class SharedPages(_PageStore):
    """The API side: read and store shared pages with ``redis.asyncio``."""

    async def get(self, owner: str, query: bytes) -> SharedPage | None:
        """The stored page of ``owner`` for ``query``, if any (errors: ``None``)."""
        try:
            raw = await self._redis.get(self._key(owner, query))
        except Exception as error:
            self._errors("read", error)
            return None
        return decode_page(raw) if raw is not None else None

    async def put(self, owner: str, query: bytes, page: SharedPage) -> None:
        """Store ``page`` for the other processes (errors are logged and ignored)."""
        if len(page.body) > MAX_SHARED_PAGE_BYTES:
            return
        try:
            await self._redis.set(self._key(owner, query), encode_page(page), ex=self._ttl_s)
        except Exception as error:
            self._errors("store", error)


class SharedPagesWriter(_PageStore):
    """The projector side: store many pages in one round trip with blocking ``redis``."""

    def put_many(self, pages: Iterable[tuple[str, bytes, SharedPage]]) -> None:
        """Store each ``(owner, query, page)`` (errors are logged and ignored)."""
        try:
            with self._redis.pipeline(transaction=False) as pipeline:
                for owner, query, page in pages:
                    if len(page.body) > MAX_SHARED_PAGE_BYTES:
                        continue
                    pipeline.set(self._key(owner, query), encode_page(page), ex=self._ttl_s)
                pipeline.execute()
        except Exception as error:
            self._errors("store", error)
