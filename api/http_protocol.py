"""uvicorn's httptools protocol, sending a response's head and body in one transport write.

uvicorn writes the status line and headers on ``http.response.start`` and the body on
``http.response.body``: two ``send`` syscalls per response on uvloop, and two wake-ups of
the client. Litestar sends both messages in the same event-loop turn, so holding the head
until the body comes joins them into one ``writelines`` (a single ``writev``) and puts the
same bytes on the wire, in the same order. Give the protocol class to uvicorn as
``http=CoalescingHttpToolsProtocol`` (``uvicorn.Config`` accepts a protocol class).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

_Data = bytes | bytearray | memoryview


class CoalescingTransport(asyncio.Transport):
    """Holds one write back until the next write, or until the current loop turn ends.

    A held write is joined with the next one and both go out in one ``writelines``. If no
    write follows, a ``loop.call_soon`` scheduled when the data was held sends it alone, so
    nothing waits past the turn it was written in. ``close`` and ``write_eof`` send held
    data first; ``abort`` drops it, as it drops the transport's own buffer.

    Once the connection is lost or the transport is handed to another protocol (a
    WebSocket upgrade), it stops holding: writes then reach the inner transport at once and
    fail or are dropped exactly as uvicorn expects.
    """

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        """Wrap ``transport``; ``loop`` runs the end-of-turn flush."""
        super().__init__()
        self._transport = transport
        self._loop = loop
        self._held: bytes | None = None
        self._flush_handle: asyncio.Handle | None = None
        self._coalescing = True

    def write(self, data: _Data) -> None:
        """Send ``data`` joined with a held write, or hold it until the next write."""
        if self._held is not None:
            held, self._held = self._held, None
            self._cancel_flush()
            self._transport.writelines([held, data])
        elif self._coalescing and data:
            # A copy, because the caller may reuse a mutable buffer once write() returns.
            self._held = data if isinstance(data, bytes) else bytes(data)
            self._flush_handle = self._loop.call_soon(self._flush_at_turn_end)
        else:
            self._transport.write(data)

    def writelines(self, list_of_data: Iterable[_Data]) -> None:
        """Treat the pieces as one write."""
        self.write(b"".join(list_of_data))

    def flush(self) -> None:
        """Send the held write now, if there is one."""
        self._cancel_flush()
        if self._held is not None:
            held, self._held = self._held, None
            self._transport.write(held)

    def stop_coalescing(self, *, discard: bool) -> None:
        """Pass every later write straight through; send the held one, or drop it if
        ``discard`` (the connection is gone and the bytes could not be delivered)."""
        self._coalescing = False
        if discard:
            self._held = None
            self._cancel_flush()
        else:
            self.flush()

    def close(self) -> None:
        """Send held data, then close (uvicorn closes right after a ``connection: close``
        response's last write)."""
        try:
            self.flush()
        finally:
            self._transport.close()

    def write_eof(self) -> None:
        """Send held data, then close the write side."""
        self.flush()
        self._transport.write_eof()

    def abort(self) -> None:
        """Close at once, dropping held data like the transport drops its buffer."""
        self._held = None
        self._cancel_flush()
        self._transport.abort()

    def get_write_buffer_size(self) -> int:
        """Bytes not yet sent, the held ones included (flow control must see them)."""
        held = len(self._held) if self._held is not None else 0
        return self._transport.get_write_buffer_size() + held

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        """Hand the connection over (a WebSocket upgrade): the new protocol writes unheld."""
        self.stop_coalescing(discard=False)
        self._transport.set_protocol(protocol)

    def get_protocol(self) -> asyncio.BaseProtocol:
        """The inner transport's protocol."""
        return self._transport.get_protocol()

    def can_write_eof(self) -> bool:
        """As the inner transport."""
        return self._transport.can_write_eof()

    def get_write_buffer_limits(self) -> tuple[int, int]:
        """As the inner transport."""
        return self._transport.get_write_buffer_limits()

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        """As the inner transport."""
        self._transport.set_write_buffer_limits(high, low)

    def is_closing(self) -> bool:
        """As the inner transport (held data never outlives a close through this wrapper)."""
        return self._transport.is_closing()

    def is_reading(self) -> bool:
        """As the inner transport."""
        return self._transport.is_reading()

    def pause_reading(self) -> None:
        """As the inner transport."""
        self._transport.pause_reading()

    def resume_reading(self) -> None:
        """As the inner transport."""
        self._transport.resume_reading()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        """As the inner transport (socket, peername, sslcontext...)."""
        return self._transport.get_extra_info(name, default)

    def _flush_at_turn_end(self) -> None:
        self._flush_handle = None
        self.flush()

    def _cancel_flush(self) -> None:
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None


class CoalescingHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol over a :class:`CoalescingTransport`.

    Everything uvicorn does with the transport (the request cycles, flow control, closing)
    goes through the wrapper, so only the number of writes changes, not their bytes.
    """

    def connection_made(  # type: ignore[override]
        self, transport: asyncio.Transport
    ) -> None:
        """Wrap the connection's transport before uvicorn sees it."""
        self._coalescing_transport = CoalescingTransport(transport, self.loop)
        super().connection_made(self._coalescing_transport)

    def connection_lost(self, exc: Exception | None) -> None:
        """Drop held bytes: the peer is gone, and the transport drops late writes too."""
        self._coalescing_transport.stop_coalescing(discard=True)
        super().connection_lost(exc)
