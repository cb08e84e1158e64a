"""``Idempotency-Key`` on POST, PUT, PATCH and DELETE (docs/api.md section 3).

Runs after authentication (keys are per user). A keyed request runs with its key in
``PENDING_KEY``: the command's events record the key in their own transaction, or fail
before anything is written when another request holds it. Its response is stored in
the key's row (for a command that wrote events, in a batch just after it is sent; a
retry arriving first waits for it), so a client never sees a response that a retry
would not get again, unless the process or the database is lost before the storing
(``IdempotencyMiddleware._run_once``). Retries with the same method, path and body get
the stored response and write nothing; a different request under the same key gets 422.
Why this is safe: docs/http-api.md, "Idempotency keys".
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any, TypeVar

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import PROBLEM_JSON, ApiProblem, problem_document
from api.resources import ResourcesHolder
from domain.errors import FieldError
from infrastructure.idempotency import (
    PENDING_KEY,
    Answer,
    InProgress,
    KeyReused,
    PendingKey,
    Replay,
    StoredResponse,
    request_fingerprint,
)
from infrastructure.jwks import Principal

log = logging.getLogger(__name__)
T = TypeVar("T")

IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_KEY_LENGTH = 200
_HEADER = b"idempotency-key"
_REPLAYED = (b"idempotency-replayed", b"true")
_RETRY_AFTER = ("retry-after", "1")
# Headers that describe this delivery rather than the response itself.
_NOT_STORED = frozenset({"x-request-id", "date", "server", "idempotency-replayed"})


def valid_idempotency_key(key: str) -> bool:
    """1-200 printable ASCII characters."""
    return 0 < len(key) <= MAX_KEY_LENGTH and all(" " <= ch <= "~" for ch in key)


def idempotency_key(scope: Scope) -> str | None:
    """The request's ``Idempotency-Key`` header, if any (not yet validated)."""
    for name, value in scope.get("headers", ()):
        if name == _HEADER:
            return bytes(value).decode("latin-1")
    return None


class IdempotencyMiddleware:
    """Claims, stores and replays responses by ``(user, Idempotency-Key)``."""

    def __init__(self, app: ASGIApp, resources: ResourcesHolder, max_body_size: int) -> None:
        """Wrap ``app``.

        Args:
            app: The next ASGI app.
            resources: Gives the idempotency store.
            max_body_size: Larger bodies are refused with 413 (as Litestar would).
        """
        self._app = app
        self._resources = resources
        self._max_body_size = max_body_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request once per key."""
        if scope["type"] != ScopeType.HTTP:
            await self._app(scope, receive, send)
            return
        http_scope = scope
        key = idempotency_key(scope)
        user = scope.get("user")
        if (
            key is None
            or http_scope["method"] not in UNSAFE_METHODS
            or not isinstance(user, Principal)
        ):
            await self._app(scope, receive, send)
            return
        if not valid_idempotency_key(key):
            raise ApiProblem(
                400,
                "Invalid Idempotency-Key",
                errors=[
                    FieldError(
                        IDEMPOTENCY_KEY_HEADER, "must be 1 to 200 printable ASCII characters"
                    )
                ],
            )
        body = await _read_body(receive, self._max_body_size)
        fingerprint = request_fingerprint(
            http_scope["method"],
            http_scope["path"],
            bytes(http_scope.get("query_string", b"")).decode("latin-1"),
            body,
        )
        pending = PendingKey(user.user_id, key, fingerprint)
        await self._run_once(scope, send, body, pending)

    async def _run_once(self, scope: Scope, send: Send, body: bytes, pending: PendingKey) -> None:
        """Run the request with its key pending, then store its response.

        A 5xx is not stored: a retry runs again when the command wrote nothing (it left no
        row), and is answered 409 until the row is stale when its events were written
        (the key with them: running again would write them twice). The command has run,
        and may have committed, once the app returns: a failure to store (the database
        lost right then) must not replace its answer. The
        answer is sent as it is and the key's row stays without a response, as if this
        process had died before storing it (a retry is answered 409 until it is stale). A
        client retries only an answer it did not receive, so the replay is lost only
        when its own connection fails too, or this process dies within the batch's
        window.
        """
        store = self._resources.get().idempotency
        captured = _CapturedResponse()
        token = PENDING_KEY.set(pending)
        try:
            await self._app(scope, _replay_body(body), captured.send)
        finally:
            PENDING_KEY.reset(token)
        if pending.taken:
            await _send_answer(send, await self._answer(pending))
            return
        response = captured.stored()
        kept = [(n, v) for n, v in response.headers if n.lower() not in _NOT_STORED]
        if response.status >= 500:
            pass  # not stored; a row its events made stays without a response, as after a crash
        elif pending.recorded:  # stored just after it is sent, in a batch
            store.complete(pending.user_id, pending.key, response.status, kept, response.body)
        else:
            first = store.store_unrecorded(pending, response.status, kept, response.body)
            if await _settle(scope, "store", first) is False:
                await _send_answer(send, await self._answer(pending))
                return
        await captured.forward(send)

    async def _answer(self, pending: PendingKey) -> Answer:
        """The answer of the request that holds the key."""
        if pending.in_flight:  # its transaction already kept this one waiting
            return InProgress()
        store = self._resources.get().idempotency
        return await store.answer(pending.user_id, pending.key, pending.fingerprint)


async def _send_answer(send: Send, answer: Answer) -> None:
    """Send the answer itself: the app has run, so an exception would come too late."""
    match answer:
        case Replay(response):
            await _send_stored(send, response)
        case KeyReused():
            await _send_problem(send, 422, "Idempotency-Key was used with a different request")
        case InProgress():
            await _send_problem(
                send, 409, "A request with this Idempotency-Key is still running", _RETRY_AFTER
            )


async def _send_problem(send: Send, status: int, detail: str, *extra: tuple[str, str]) -> None:
    body = problem_document(status, detail)
    headers = [("content-type", PROBLEM_JSON), ("content-length", str(len(body))), *extra]
    await _send_stored(send, StoredResponse(status, headers, body), replayed=False)


async def _settle(scope: Scope, action: str, step: Awaitable[T]) -> T | None:
    """Run a step that stores a response under the key; None (logged) if it failed."""
    try:
        return await step
    except Exception as error:
        _log_unsettled(scope, action, error)
        return None


def _log_unsettled(scope: Scope, action: str, error: Exception) -> None:
    """The key could not be settled: a row its events made stays without a response
    until it is stale."""
    log.warning(
        "could not %s the Idempotency-Key of %s %s (%r)",
        action,
        scope.get("method"),
        scope.get("path"),
        error,
    )


class _CapturedResponse:
    """Buffers what the app sends, so it can be stored before the client sees it."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def send(self, message: Message) -> None:
        self.messages.append(message)

    def stored(self) -> StoredResponse:
        status = 500
        headers: list[tuple[str, str]] = []
        chunks: list[bytes] = []
        for message in self.messages:
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [
                    (bytes(n).decode("latin-1"), bytes(v).decode("latin-1"))
                    for n, v in message.get("headers", ())
                ]
            elif message["type"] == "http.response.body":
                chunks.append(bytes(message.get("body", b"")))
        return StoredResponse(status, headers, b"".join(chunks))

    async def forward(self, send: Send) -> None:
        for message in self.messages:
            await send(message)


async def _send_stored(send: Send, response: StoredResponse, *, replayed: bool = True) -> None:
    headers = [(n.encode("latin-1"), v.encode("latin-1")) for n, v in response.headers]
    if replayed:
        headers.append(_REPLAYED)
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.body, "more_body": False})


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message: Any = await receive()
        if message["type"] == "http.disconnect":
            raise ApiProblem(400, "The client went away")
        chunk = bytes(message.get("body", b""))
        size += len(chunk)
        if size > limit:
            raise ApiProblem(413, "Request body larger than 64 KiB")
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay_body(body: bytes) -> Receive:
    delivered = False

    async def receive() -> Any:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive
