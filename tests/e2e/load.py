"""Users driving the API as a frontend would, keeping every acknowledged write.

Each simulated user runs in its own asyncio task and issues one request at a time:
creates (some recurring, some with an ``Idempotency-Key``), changes, completions,
reopenings, deletions, list reads and single-task reads. A request that fails at the
connection level (its API worker was killed) or answers 503 is sent again, as a browser
would, with the same ``Idempotency-Key`` where it had one; everything is counted.

What the service must never do is recorded in ``Tally.violations``: a 500 (or any status
a valid request must not get), a 503 without ``Retry-After``, a success without its
``ETag``/``Tasklog-Position``, and a read that ignores ``Tasklog-Min-Position``.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

import httpx

TASKS = "/api/v1/tasks"
REQUEST_TIMEOUT_S = 30.0
MAX_ATTEMPTS = 40
"""Sends of one request before the user gives it up (a key held by a dead claim)."""

ACTIONS = {
    "create": 24,
    "update": 14,
    "complete": 16,
    "reopen": 4,
    "delete": 6,
    "list": 22,
    "get": 14,
}
"""Relative weights of what a user does next."""

WINDOW_S = 5
"""Width of the windows in which 503s are counted (seconds of the run)."""

WRITE_STATUS = {"create": 201, "update": 200, "complete": 200, "reopen": 200, "delete": 204}

Tokens = Callable[[str], str]


@dataclass(frozen=True)
class Ack:
    """A write the API acknowledged (2xx): it must be in the event store for good."""

    action: str
    user: str
    task_id: UUID
    version: int
    position: int
    body: dict[str, Any] | None
    """The task resource it answered (``None`` for a delete's 204)."""


@dataclass
class Known:
    """What a user believes of one of its tasks (from acknowledged answers)."""

    version: int
    completed: bool
    recurring: bool


@dataclass
class User:
    """A simulated user: its token and the tasks it knows it has."""

    name: str
    headers: dict[str, str]
    tasks: dict[UUID, Known] = field(default_factory=dict)
    position: int = 0
    """The highest ``Tasklog-Position`` it was answered: its reads ask for at least this."""


@dataclass
class Tally:
    """Counts of what happened, and what should not have."""

    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    unavailable: int = 0
    unavailable_why: Counter[str] = field(default_factory=Counter)
    """503s by their problem's ``detail`` (numbers left out)."""
    unavailable_at: Counter[int] = field(default_factory=Counter)
    """503s by the ``WINDOW_S`` window of the run they came in."""
    connection_errors: int = 0
    timeouts: int = 0
    key_in_progress: int = 0
    abandoned: int = 0
    retried_404: int = 0
    violations: list[str] = field(default_factory=list)

    def requests(self) -> int:
        return sum(self.statuses.values())

    def status_count(self, status: int) -> int:
        return sum(count for (_, code), count in self.statuses.items() if code == status)


class Load:
    """Many users against one API for as long as ``running`` is set."""

    def __init__(self, base_url: str, users: list[str], tokens: Tokens, seed: int) -> None:
        self.base_url = base_url
        self.users = [User(name, {"Authorization": f"Bearer {tokens(name)}"}) for name in users]
        self.random = random.Random(seed)
        self.acks: list[Ack] = []
        self.tally = Tally()
        self.running = True
        self.started = time.monotonic()

    async def run(self) -> None:
        """Drive every user until ``running`` is cleared."""
        self.started = time.monotonic()
        limits = httpx.Limits(max_connections=len(self.users), max_keepalive_connections=8)
        async with httpx.AsyncClient(
            base_url=self.base_url, timeout=REQUEST_TIMEOUT_S, limits=limits
        ) as client:
            await asyncio.gather(*(self._user(client, user) for user in self.users))

    async def _user(self, client: httpx.AsyncClient, user: User) -> None:
        names = list(ACTIONS)
        weights = list(ACTIONS.values())
        while self.running:
            action = self.random.choices(names, weights)[0]
            await getattr(self, f"_{action}")(client, user)
            await asyncio.sleep(self.random.uniform(0, 0.02))

    # -- requests -------------------------------------------------------------------------

    async def _send(
        self,
        client: httpx.AsyncClient,
        action: str,
        method: str,
        path: str,
        user: User,
        *,
        body: dict[str, Any] | None = None,
        key: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[httpx.Response | None, bool]:
        """Send until answered other than 503 (or a key in progress); ``(answer, retried
        after a lost connection)``. ``None``: given up, or a status that is never right."""
        sent_headers = {**user.headers, **(headers or {})}
        if key is not None:
            sent_headers["Idempotency-Key"] = key
        lost = False
        for attempt in range(MAX_ATTEMPTS):
            if attempt and not self.running:
                break  # the run is over: its outcome stays unknown
            try:
                response = await client.request(method, path, json=body, headers=sent_headers)
            except httpx.TimeoutException:
                self.tally.timeouts += 1
                lost = True
                continue
            except httpx.TransportError:
                self.tally.connection_errors += 1
                lost = True
                await asyncio.sleep(self.random.uniform(0.05, 0.3))
                continue
            status = response.status_code
            self.tally.statuses[(action, status)] += 1
            if status == 503:
                self.tally.unavailable += 1
                self.tally.unavailable_why[_detail(response)] += 1
                window = int((time.monotonic() - self.started) // WINDOW_S) * WINDOW_S
                self.tally.unavailable_at[window] += 1
                retry_after = response.headers.get("Retry-After")
                if retry_after is None or not retry_after.isdigit():
                    self._violation(action, method, path, response, "503 without Retry-After")
                    return None, lost
                await asyncio.sleep(min(int(retry_after), 2) * self.random.uniform(0.5, 1.0))
                continue
            if status == 409 and key is not None:
                self.tally.key_in_progress += 1  # its first send's claim is still held
                await asyncio.sleep(1.0)
                continue
            return response, lost
        self.tally.abandoned += 1
        return None, lost

    def _violation(
        self, action: str, method: str, path: str, response: httpx.Response, why: str
    ) -> None:
        self.tally.violations.append(
            f"{time.strftime('%H:%M:%S')} {action}: {method} {path} -> "
            f"{response.status_code} ({why}) {response.text[:300]}"
        )

    def _unexpected(
        self, action: str, method: str, path: str, response: httpx.Response, lost: bool
    ) -> None:
        """A status a well-formed request must not get (404 on a write may follow a lost
        connection whose request did delete the task)."""
        if response.status_code == 404 and lost and action != "create":
            self.tally.retried_404 += 1
            return
        self._violation(action, method, path, response, "unexpected status")

    async def _write(
        self,
        client: httpx.AsyncClient,
        user: User,
        action: str,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        key: str | None = None,
    ) -> Ack | None:
        response, lost = await self._send(client, action, method, path, user, body=body, key=key)
        if response is None:
            return None
        if response.status_code != WRITE_STATUS[action]:
            self._unexpected(action, method, path, response, lost)
            return None
        etag = response.headers.get("ETag", "").strip('"')
        position = response.headers.get("Tasklog-Position", "")
        if not etag.isdigit() or not position.isdigit():
            self._violation(action, method, path, response, "no ETag or Tasklog-Position")
            return None
        document = response.json() if response.content else None
        task_id = UUID(document["id"]) if document else UUID(path.rsplit("/", 1)[1])
        ack = Ack(action, user.name, task_id, int(etag), int(position), document)
        self.acks.append(ack)
        user.position = max(user.position, ack.position)
        if document is not None:
            user.tasks[task_id] = Known(
                ack.version, bool(document["completed"]), document["recurrence"] is not None
            )
        return ack

    # -- what users do --------------------------------------------------------------------

    async def _create(self, client: httpx.AsyncClient, user: User) -> None:
        body: dict[str, Any] = {
            "title": f"{user.name} task {uuid.uuid4().hex[:6]}",
            "priority": self.random.choice(["low", "medium", "high"]),
            "tags": self.random.sample(["home", "work", "errands", "garden"], 2),
        }
        if self.random.random() < 0.4:
            body["recurring"] = self.random.choice(["daily", "weekly"])
        key = uuid.uuid4().hex if self.random.random() < 0.5 else None
        await self._write(client, user, "create", "POST", TASKS, body, key)

    def _pick(self, user: User, wanted: Callable[[Known], bool]) -> UUID | None:
        candidates = [task_id for task_id, known in user.tasks.items() if wanted(known)]
        return self.random.choice(candidates) if candidates else None

    async def _update(self, client: httpx.AsyncClient, user: User) -> None:
        task_id = self._pick(user, lambda known: True)
        if task_id is None:
            return
        body = {
            "title": f"{user.name} changed {uuid.uuid4().hex[:6]}",
            "priority": self.random.choice(["low", "medium", "high"]),
            "description": self.random.choice([None, "after the fault"]),
        }
        method = self.random.choice(["PATCH", "PUT"])
        await self._write(client, user, "update", method, f"{TASKS}/{task_id}", body)

    async def _complete(self, client: httpx.AsyncClient, user: User) -> None:
        task_id = self._pick(user, lambda known: not known.completed and known.recurring)
        task_id = task_id or self._pick(user, lambda known: not known.completed)
        if task_id is not None:
            await self._write(client, user, "complete", "POST", f"{TASKS}/{task_id}/complete")

    async def _reopen(self, client: httpx.AsyncClient, user: User) -> None:
        task_id = self._pick(user, lambda known: known.completed)
        if task_id is not None:
            await self._write(client, user, "reopen", "POST", f"{TASKS}/{task_id}/reopen")

    async def _delete(self, client: httpx.AsyncClient, user: User) -> None:
        task_id = self._pick(user, lambda known: True)
        if task_id is None:
            return
        user.tasks.pop(task_id)  # gone whether or not the answer arrives
        key = uuid.uuid4().hex if self.random.random() < 0.5 else None
        await self._write(client, user, "delete", "DELETE", f"{TASKS}/{task_id}", key=key)

    async def _list(self, client: httpx.AsyncClient, user: User) -> None:
        """Every page of the user's tasks (the first as a frontend asks for it, the rest
        by their cursors), each at least at the user's own writes."""
        wanted = user.position
        listed: dict[UUID, dict[str, Any]] = {}
        path = TASKS
        while True:
            response, _ = await self._read(client, user, "list", path, wanted)
            if response is None:
                return
            listed.update((UUID(document["id"]), document) for document in response.json())
            cursor = response.headers.get("Tasklog-Next-Cursor")
            if cursor is None:
                break
            path = f"{TASKS}?{urlencode({'cursor': cursor})}"
        for task_id, known in list(user.tasks.items()):
            document = listed.get(task_id)
            if document is None or document["version"] < known.version:
                shown = "missing" if document is None else f"at v{document['version']}"
                self._violation(
                    "list",
                    "GET",
                    TASKS,
                    response,
                    f"{user.name}'s task {task_id} v{known.version} {shown}; asked for "
                    f"position {wanted}, answered "
                    f"{response.headers.get('Tasklog-Projection-Position')}",
                )
        for task_id, document in listed.items():
            had = user.tasks.get(task_id)
            if had is None or document["version"] > had.version:
                # A spawned occurrence, or a change whose answer was lost: take it as listed.
                user.tasks[task_id] = Known(
                    document["version"], document["completed"], document["recurrence"] is not None
                )

    async def _get(self, client: httpx.AsyncClient, user: User) -> None:
        task_id = self._pick(user, lambda known: True)
        if task_id is None:
            return
        path = f"{TASKS}/{task_id}"
        response, _ = await self._read(client, user, "get", path, user.position)
        if response is not None and response.json()["version"] < user.tasks[task_id].version:
            self._violation("get", "GET", path, response, "older than acknowledged")

    async def _read(
        self, client: httpx.AsyncClient, user: User, action: str, path: str, wanted: int
    ) -> tuple[httpx.Response | None, bool]:
        """A read that must reflect at least the user's own acknowledged writes."""
        headers = {"Tasklog-Min-Position": str(wanted)}
        response, lost = await self._send(client, action, "GET", path, user, headers=headers)
        if response is None:
            return None, lost
        if response.status_code != 200:
            self._unexpected(action, "GET", path, response, lost=False)
            return None, lost
        reached = response.headers.get("Tasklog-Projection-Position", "")
        if not reached.isdigit() or int(reached) < wanted:
            self._violation(action, "GET", path, response, f"projection {reached!r} < {wanted}")
            return None, lost
        return response, lost


def _detail(response: httpx.Response) -> str:
    """A problem's ``detail`` without its numbers (``position 12`` and ``position 13`` are
    the same reason)."""
    try:
        detail = str(response.json().get("detail", ""))
    except ValueError:
        detail = response.text[:80]
    return re.sub(r"\d+", "N", detail)
