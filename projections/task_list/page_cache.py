"""List pages an API process served recently, kept per owner until that owner's rows change.

Most requests are a user re-reading the same list, and a user's rows change only when one
of their own tasks does, so a hit (a dictionary lookup instead of a connection checkout, a
query and a round trip) answers most reads. Why a page kept here is never older than a
fresh read: docs/projections.md, "The list page cache".
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

MAX_PAGE_SHARE = 4
"""A page larger than a quarter of the budget is served but not kept: one user's long list
(a list without ``limit`` holds up to ``TASKLOG_LIST_MAX`` tasks) must not push out
everybody else's pages."""

_MAX_TRACKED_OWNERS = 100_000
"""``changed_at`` keeps one position per owner seen changing; past this many it is reset
together with the pages (a full drop), so it cannot grow without bound."""


@dataclass(frozen=True, slots=True)
class CachedPage:
    """One served page: the bytes, its next cursor, and the position its rows reflect."""

    position: int
    body: bytes
    next_cursor: str | None
    stored_at: float


class PageCache:
    """Pages per (owner, query), dropped per owner on change; see the module docstring."""

    def __init__(self, read_model: str, *, max_bytes: int, max_age_s: float) -> None:
        self.read_model = read_model
        self.max_bytes = max_bytes
        self.max_age_s = max_age_s
        self.enabled = False
        self.generation = 0
        self.hits = 0
        self._pages: OrderedDict[tuple[str, bytes], CachedPage] = OrderedDict()
        self._keys_by_owner: dict[str, set[bytes]] = {}
        self._changed_at: dict[str, int] = {}
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._pages)

    @property
    def size_bytes(self) -> int:
        """Body bytes held."""
        return self._bytes

    def get(self, owner: str, query: bytes) -> CachedPage | None:
        """The cached page of ``owner`` for ``query`` (the raw query string), if fresh."""
        if not self.enabled:
            return None
        key = (owner, query)
        page = self._pages.get(key)
        if page is None:
            return None
        if time.monotonic() - page.stored_at > self.max_age_s:
            self._remove(key)
            return None
        self._pages.move_to_end(key)
        self.hits += 1
        return page

    def put(
        self,
        owner: str,
        query: bytes,
        *,
        position: int,
        body: bytes,
        next_cursor: str | None,
        generation: int,
    ) -> None:
        """Keep a page read at ``position``, unless something newer for ``owner`` is known.

        ``generation`` is ``self.generation`` as it was before the read started.
        """
        if not self.enabled or generation != self.generation:
            return
        too_large = len(body) * MAX_PAGE_SHARE > self.max_bytes
        if too_large or position < self._changed_at.get(owner, 0):
            return
        key = (owner, query)
        if key in self._pages:
            self._remove(key)
        self._pages[key] = CachedPage(position, body, next_cursor, time.monotonic())
        self._keys_by_owner.setdefault(owner, set()).add(query)
        self._bytes += len(body)
        while self._bytes > self.max_bytes:
            self._remove(next(iter(self._pages)))

    def changed(self, name: str, position: int, owners: frozenset[str] | None) -> None:
        """A ``ChangeListener``: a commit of ``name`` changed ``owners`` (``None``: anyone)."""
        if name != self.read_model:
            return
        if owners is None:
            self.drop_all()
        else:
            self.owners_changed(owners, position)

    def connected(self, connected: bool) -> None:
        """A ``ChangeListener``: serve from the cache only while LISTEN is up."""
        self.drop_all()
        self.enabled = connected and self.max_bytes > 0

    def owners_changed(self, owners: Iterable[str], position: int) -> None:
        """The rows of ``owners`` changed at ``position``: drop their older pages.

        A page read at ``position`` or later already shows the change (a read that waited
        for its own write often stores its page before the NOTIFY is heard): it stays.
        """
        for owner in owners:
            if self._changed_at.get(owner, 0) < position:
                self._changed_at[owner] = position
            for query in list(self._keys_by_owner.get(owner, ())):
                page = self._pages.get((owner, query))
                if page is not None and page.position < position:
                    self._remove((owner, query))
        if len(self._changed_at) > _MAX_TRACKED_OWNERS:
            self.drop_all()

    def drop_all(self) -> None:
        """Anything may have changed: drop every page and refuse reads already under way."""
        self.generation += 1
        self._pages.clear()
        self._keys_by_owner.clear()
        self._changed_at.clear()
        self._bytes = 0

    def _remove(self, key: tuple[str, bytes]) -> None:
        page = self._pages.pop(key)
        self._bytes -= len(page.body)
        owner, query = key
        queries = self._keys_by_owner.get(owner)
        if queries is not None:
            queries.discard(query)
            if not queries:
                del self._keys_by_owner[owner]
