"""The projector renders each changed owner's first list page right after folding it.

Every write drops its owner's cached list pages in every API process, and the owner's
next list read (usually the very next request: the frontend re-reads after a command)
would go to PostgreSQL, in whichever process it lands on. The projector knows which
owners a ``task_list`` commit changed before any API process does: a ``PageWarmer``
thread takes those owners, reads each one's default page (``GET /api/v1/tasks`` with no
query string, the page most reads ask for) with the API's own statement, and stores it
in the shared pages (``projections.task_list.shared_pages``), one pipeline for the lot.

The pages carry the position their own snapshot reflects, so a page rendered late is
merely not used (``PageCache.fresh``); the warmer never delays or fails a fold: it runs
in its own thread, on a pooled connection taken for each round, and drops owners rather
than queue without bound when it falls behind.

That page holds every task of its owner (up to ``TASKLOG_LIST_MAX``). The warmer reads at
most ``MAX_WARMED_TASKS`` of them: an owner with more is left to the API processes, so a
warm costs the same whoever writes, and the pages shared stay small.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg.rows import tuple_row

from projections.fold import Changed
from projections.task_list.cursor import CursorCodec
from projections.task_list.params import parse_list_query
from projections.task_list.queries import list_statement
from projections.task_list.shared_pages import SharedPage, SharedPagesWriter, namespace

log = logging.getLogger(__name__)

DEFAULT_QUERY = b""
"""The raw query string of the page warmed: the unfiltered first page."""

MAX_PENDING_OWNERS = 5000
"""Owners waiting to be warmed beyond this are not queued (their next read just misses)."""

MAX_OWNERS_PER_ROUND = 200
"""Owners rendered per pipeline (one round trip for all their statements)."""

MAX_WARMED_TASKS = 1000
"""Owners with more tasks than this are not warmed (their page is read on demand)."""


class PageWarmer(threading.Thread):
    """Renders the default page of owners a ``task_list`` commit changed; see the module."""

    def __init__(
        self,
        *,
        connect: Callable[[], AbstractContextManager[psycopg.Connection[Any]]],
        schema: str,
        secret: Callable[[], bytes],
        redis: Any,
        stop: threading.Event,
        list_max: int,
        warm_limit: int = MAX_WARMED_TASKS,
    ) -> None:
        super().__init__(name="page-warmer", daemon=True)
        self._connect = connect
        self._schema = schema
        self._secret = secret
        self._redis = redis
        self._stopping = stop
        self._pending: set[str] = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._list_max = list_max
        whole = parse_list_query({}, list_max=list_max)  # DEFAULT_QUERY, parsed once
        self._query = replace(whole, limit=min(list_max, warm_limit))
        """The default page, read no further than ``warm_limit`` tasks."""
        self.warmed = 0
        """Pages rendered and handed to Redis so far."""
        self.skipped = 0
        """Owners not queued because too many were waiting."""

    def committed(self, position: int, changed: Changed) -> None:
        """A serving ``task_list`` fold committed at ``position``, changing ``changed``."""
        owners = changed.owners
        if not owners:
            return  # nobody in particular (a swap, a parked event): nothing to warm
        with self._lock:
            room = MAX_PENDING_OWNERS - len(self._pending)
            if room <= 0:
                self.skipped += len(owners)
                return
            if len(owners) > room:
                self.skipped += len(owners) - room
                owners = frozenset(sorted(owners)[:room])
            self._pending |= owners
        self._wake.set()

    def stop(self) -> None:
        """Ask the thread to stop (it also stops with the projector's stop event)."""
        self._stopping.set()
        self._wake.set()

    def run(self) -> None:
        while not self._stopping.is_set():
            try:
                key = self._secret()  # the cursor key also names the deployment's pages
                codec = CursorCodec(key)
                prefix = namespace(key, self._schema, list_max=self._list_max)
                writer = SharedPagesWriter(self._redis, prefix)
                self._serve(codec, writer)
            except Exception as error:
                log.warning("page warmer failed (%r); restarting in 1s", error)
                self._stopping.wait(1.0)

    def _serve(self, codec: CursorCodec, writer: SharedPagesWriter) -> None:
        while not self._stopping.is_set():
            self._wake.wait(1.0)
            self._wake.clear()
            while owners := self._take():
                with self._connect() as connection:
                    pages = self._render(connection, codec, owners)
                writer.put_many(pages)
                self.warmed += len(owners)

    def _take(self) -> list[str]:
        with self._lock:
            count = min(MAX_OWNERS_PER_ROUND, len(self._pending))
            return [self._pending.pop() for _ in range(count)]

    def _render(
        self, connection: psycopg.Connection[Any], codec: CursorCodec, owners: list[str]
    ) -> list[tuple[str, bytes, SharedPage]]:
        now = datetime.now(UTC)
        listings = [
            list_statement(self._schema, owner=owner, query=self._query, codec=codec, now=now)
            for owner in owners
        ]
        # Sent together, answered together: one round trip however many owners. Each
        # statement is its own (autocommit) snapshot, and its page says which position.
        cursors = [connection.cursor(row_factory=tuple_row, binary=True) for _ in listings]
        with connection.pipeline():
            for cursor, listing in zip(cursors, listings, strict=True):
                cursor.execute(listing.statement, listing.params)
        pages = []
        for listing, cursor in zip(listings, cursors, strict=True):
            page = listing.page(cursor.fetchone())
            if page.next_cursor is not None and self._query.limit < self._list_max:
                continue  # more tasks than the warmer reads: not the page the API serves
            pages.append(
                (
                    listing.owner,
                    DEFAULT_QUERY,
                    SharedPage(page.position, page.body, page.next_cursor),
                )
            )
        return pages
