"""A bound on what the server buffers of a request head before the app can refuse it.

uvicorn's httptools protocol keeps a request's target and header fields in memory until
the head is complete, however long it grows (httptools even grows a header value by
copying it, chunk after chunk), so a 32 MB header costs a worker several times that
before ``api.middleware.limits`` ever sees it. ``HeadGuard`` sits in front of that
protocol on each connection: it runs every chunk through a parser of its own that only
marks where request heads begin and end (it asks for no target or header callbacks, so
llhttp keeps nothing), counts the bytes of the head in progress and, past
``MAX_HEAD_BYTES`` (or ``MAX_TARGET_BYTES`` of request target), answers 414 or 431 itself,
in problem+json, and closes the connection. Every byte before that goes on to the inner
protocol unchanged, and a parse error is left to it (uvicorn answers 400).

The guard's bound is above the middleware's limits: it keeps memory bounded; the precise
rules, and their answers for heads that arrive in one piece, are the middleware's.

A subclass names the protocol it guards (``inner_class``) and is given to uvicorn as its
HTTP protocol: ``uvicorn.Config(http=...)`` takes a protocol class and builds one per
connection with ``config``, ``server_state``, ``app_state`` and ``_loop``; the guard builds
its inner protocol with the same arguments and treats it as a plain ``asyncio.Protocol``.
(Define the subclass at module level: with several workers uvicorn pickles it by name.)
"""

from __future__ import annotations

import asyncio
import logging
from http import HTTPStatus
from typing import Any, ClassVar, cast

import httptools

from api.middleware.limits import MAX_HEADER_BYTES, MAX_TARGET_BYTES
from api.problems import PROBLEM_JSON, problem_document

MAX_HEAD_BYTES = MAX_TARGET_BYTES + MAX_HEADER_BYTES + 8 * 1024
"""A head still incomplete after this many bytes is over the middleware's limits whatever
its fields are (request line, 64 KiB of fields, their line ends, and room to spare)."""

LINGER_S = 2.0
"""After refusing, how long the connection keeps reading (and dropping) what the client
still sends, so that it reads the answer rather than a reset; it closes sooner if the
client does."""

_log = logging.getLogger(__name__)


def _refusal(status: int, detail: str) -> bytes:
    body = problem_document(status, detail)
    head = (
        f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n"
        f"content-type: {PROBLEM_JSON}\r\n"
        f"content-length: {len(body)}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


_TARGET_TOO_LONG = _refusal(
    414, f"The request target is longer than {MAX_TARGET_BYTES // 1024} KiB"
)
_HEAD_TOO_LARGE = _refusal(
    431, f"The request's header fields are longer than {MAX_HEADER_BYTES // 1024} KiB"
)


class HeadGuard(asyncio.Protocol):
    """One connection: bounds each request head, hands everything else to ``inner_class``."""

    inner_class: ClassVar[type[asyncio.Protocol]]

    def __init__(self, **kwargs: Any) -> None:
        """Build the inner protocol with uvicorn's arguments (``config``, ``server_state``,
        ``app_state``, ``_loop``)."""
        self._inner = self.inner_class(**kwargs)
        self._loop: asyncio.AbstractEventLoop = kwargs.get("_loop") or asyncio.get_running_loop()
        self._parser = httptools.HttpRequestParser(self)
        # As uvicorn sets its own parser, so both read the same bytes the same way.
        self._parser.set_dangerous_leniencies(lenient_data_after_close=True)
        self._transport: asyncio.Transport | None = None
        self._guarding = True
        self._refused = False
        self._linger: asyncio.TimerHandle | None = None
        self._in_head = False
        self._heads_begun = 0
        self._head_bytes = 0
        self._target_bytes = 0

    # -- the parser's callbacks (heads only) ----------------------------------------------

    def on_message_begin(self) -> None:
        """A request head starts."""
        self._in_head = True
        self._heads_begun += 1
        self._head_bytes = 0
        self._target_bytes = 0

    def on_url(self, url: bytes) -> None:
        """A piece of the request target (llhttp hands it over in pieces; none is kept)."""
        self._target_bytes += len(url)

    def on_headers_complete(self) -> None:
        """The head is complete: the inner protocol takes it from here."""
        self._in_head = False

    # -- asyncio.Protocol -----------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Keep the transport for a refusal; the inner protocol gets it as it is."""
        self._transport = cast(asyncio.Transport, transport)
        self._inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        """Count the head in progress; refuse it past the bound, else pass the bytes on."""
        if self._refused:
            return  # lingering: read and drop
        if self._guarding:
            in_head_before, begun_before = self._in_head, self._heads_begun
            try:
                self._parser.feed_data(data)
            except httptools.HttpParserUpgrade:
                pass  # the inner parser stops at the same byte and decides about it
            except httptools.HttpParserError:
                self._guarding = False  # the inner parser fails on the same bytes: its 400
            if self._guarding and self._in_head:
                # A chunk that began and ended inside one head is all head; the first
                # and last chunks of a head are not counted, so a count is never too high.
                if in_head_before and begun_before == self._heads_begun:
                    self._head_bytes += len(data)
                if self._target_bytes > MAX_TARGET_BYTES:
                    self._refuse(_TARGET_TOO_LONG, "request target")
                    return
                if self._head_bytes > MAX_HEAD_BYTES:
                    self._refuse(_HEAD_TOO_LARGE, "request head")
                    return
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        """The client closed its side: close ours if refused, else as the inner protocol says."""
        if self._refused:
            return False
        return self._inner.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        """Tell the inner protocol (it tidies its request and uvicorn's bookkeeping)."""
        if self._linger is not None:
            self._linger.cancel()
        self._inner.connection_lost(exc)

    def pause_writing(self) -> None:
        """As the inner protocol."""
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        """As the inner protocol."""
        self._inner.resume_writing()

    def _refuse(self, answer: bytes, what: str) -> None:
        self._refused = True
        self._guarding = False
        transport = self._transport
        assert transport is not None
        peer = transport.get_extra_info("peername")
        _log.warning("refused a %s over the limit from %s", what, peer)
        transport.write(answer)
        self._linger = self._loop.call_later(LINGER_S, transport.close)
