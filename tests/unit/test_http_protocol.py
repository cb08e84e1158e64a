"""api.http_protocol: one transport write per response, and the same bytes on the wire.

The wire tests run a real uvicorn server (uvloop, a thread of its own) on 127.0.0.1 with a
tiny ASGI app and talk to it over raw sockets. Each expectation is checked under uvicorn's
own ``HttpToolsProtocol`` too: passing under both shows the bytes did not change.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from api.http_protocol import CoalescingHttpToolsProtocol, CoalescingTransport

JSON_BODY = b'{"tasks": [' + b",".join([b'{"title": "Water the plants"}'] * 800) + b"]}"
BIG_BODY = bytes(range(256)) * 1024  # 256 KiB: more than the socket takes in one send
CHUNKS = [b"one", b"two", b"three"]
TIMEOUT_S = 5.0
WRITES_PER_RESPONSE = {
    CoalescingHttpToolsProtocol: ["writelines"],  # head and body together
    HttpToolsProtocol: ["write", "write"],  # uvicorn's own: head, then body
}


async def _app(
    scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]
) -> None:
    """Routes on the path: /json, /big, /empty (204), /stream (chunked), else echoes the path."""
    path: str = scope["path"]
    if path == "/empty":
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})
    elif path == "/stream":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for chunk in CHUNKS:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await asyncio.sleep(0)  # a chunk may also end its loop turn alone
        await send({"type": "http.response.body", "body": b""})
    else:
        body = {"/json": JSON_BODY, "/big": BIG_BODY}.get(path, path.encode())
        headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _response(status: bytes, body: bytes, *, close: bool = False, head: bool = False) -> bytes:
    """What uvicorn sends for ``_app``'s content-length responses (no date/server header)."""
    head_bytes = (
        b"HTTP/1.1 " + status + b"\r\ncontent-type: application/json\r\n"
        b"content-length: %d\r\n" % len(body)
    )
    if close:
        head_bytes += b"connection: close\r\n"
    return head_bytes + b"\r\n" + (b"" if head else body)


class _WriteSpy:
    """The real transport, recording each write/writelines call before passing it on."""

    def __init__(self, transport: asyncio.Transport, calls: list[str]) -> None:
        self._transport = transport
        self._calls = calls

    def write(self, data: bytes) -> None:
        self._calls.append("write")
        self._transport.write(data)

    def writelines(self, list_of_data: list[bytes]) -> None:
        self._calls.append("writelines")
        self._transport.writelines(list_of_data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


def _spying(protocol: type[HttpToolsProtocol], calls: list[str]) -> type[HttpToolsProtocol]:
    """``protocol`` over a ``_WriteSpy`` of each connection's real transport."""

    class Spying(protocol):  # type: ignore[valid-type, misc]
        def connection_made(self, transport: asyncio.Transport) -> None:
            super().connection_made(_WriteSpy(transport, calls))

    return Spying


class _Server:
    """A uvicorn server in a thread, on a socket already listening (no start-up wait)."""

    def __init__(self, protocol: type[HttpToolsProtocol]) -> None:
        self.protocol = protocol
        self.calls: list[str] = []
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)
        self.port: int = self._socket.getsockname()[1]
        config = uvicorn.Config(
            _app,
            http=_spying(protocol, self.calls),
            loop="uvloop",
            lifespan="off",
            log_config=None,
            access_log=False,
            server_header=False,
            date_header=False,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, args=([self._socket],))
        self._thread.start()

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(TIMEOUT_S)
        self._socket.close()

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=TIMEOUT_S)


@pytest.fixture(
    scope="module",
    params=[CoalescingHttpToolsProtocol, HttpToolsProtocol],
    ids=["coalescing", "uvicorn"],
)
def server(request: pytest.FixtureRequest) -> Iterator[_Server]:
    running = _Server(request.param)
    yield running
    running.stop()


def _request(method: str, path: str, *, close: bool = False) -> bytes:
    connection = b"Connection: close\r\n" if close else b""
    return b"%s %s HTTP/1.1\r\nHost: test\r\n%s\r\n" % (method.encode(), path.encode(), connection)


def _receive(client: socket.socket, size: int) -> bytes:
    """Exactly ``size`` bytes, or fewer if the server closes first (the timeout fails)."""
    received = bytearray()
    while len(received) < size:
        data = client.recv(size - len(received))
        if not data:
            break
        received += data
    return bytes(received)


def _exchange(server: _Server, requests: bytes, expected: bytes) -> tuple[bytes, socket.socket]:
    client = server.connect()
    client.sendall(requests)
    return _receive(client, len(expected)), client


def _assert_nothing_more(client: socket.socket) -> None:
    """The server sent nothing past the expected bytes (a short wait for strays)."""
    client.settimeout(0.05)
    with pytest.raises(TimeoutError):
        client.recv(1)


def test_a_response_arrives_with_its_headers_and_body(server: _Server) -> None:
    expected = _response(b"200 OK", JSON_BODY)
    received, client = _exchange(server, _request("GET", "/json"), expected)
    assert received == expected
    _assert_nothing_more(client)
    client.close()


def test_a_head_response_is_the_head_alone_on_a_kept_alive_connection(server: _Server) -> None:
    expected = _response(b"200 OK", JSON_BODY, head=True)
    received, client = _exchange(server, _request("HEAD", "/json"), expected)
    assert received == expected
    _assert_nothing_more(client)
    client.close()


def test_a_204_response_is_the_head_alone_on_a_kept_alive_connection(server: _Server) -> None:
    expected = b"HTTP/1.1 204 No Content\r\n\r\n"
    received, client = _exchange(server, _request("GET", "/empty"), expected)
    assert received == expected
    _assert_nothing_more(client)
    client.close()


def test_streamed_chunks_arrive_intact_and_in_order(server: _Server) -> None:
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in CHUNKS)
    expected = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n" + chunked + b"0\r\n\r\n"
    received, client = _exchange(server, _request("GET", "/stream"), expected)
    assert received == expected
    _assert_nothing_more(client)
    client.close()


def test_pipelined_requests_are_answered_in_order_on_one_connection(server: _Server) -> None:
    paths = ["/first", "/json", "/third"]
    requests = b"".join(_request("GET", path) for path in paths)
    responses = {path: _response(b"200 OK", path.encode()) for path in paths}
    responses["/json"] = _response(b"200 OK", JSON_BODY)
    expected = b"".join(responses[path] for path in paths)
    received, client = _exchange(server, requests, expected)
    assert received == expected
    _assert_nothing_more(client)
    client.close()


def test_a_connection_close_response_is_delivered_whole_before_the_close(
    server: _Server,
) -> None:
    expected = _response(b"200 OK", BIG_BODY, close=True)
    received, client = _exchange(server, _request("GET", "/big", close=True), expected)
    assert received == expected
    assert client.recv(1) == b""  # then the server closed
    client.close()


def test_a_malformed_request_gets_its_400_before_the_close(server: _Server) -> None:
    message = b"Invalid HTTP request received."
    expected = (
        b"HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\n"
        b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (len(message), message)
    )
    received, client = _exchange(server, b"NOT HTTP\r\n\r\n", expected)
    assert received == expected  # uvicorn writes it and closes in the same breath
    assert client.recv(1) == b""
    client.close()


def test_a_response_is_one_transport_write_where_uvicorn_makes_two(server: _Server) -> None:
    expected = _response(b"200 OK", JSON_BODY)
    server.calls.clear()
    received, client = _exchange(server, _request("GET", "/json"), expected)
    assert received == expected
    # Each write is recorded before it reaches the socket, so all of this response's are.
    assert server.calls == WRITES_PER_RESPONSE[server.protocol]
    client.close()


class _FakeTransport(asyncio.Transport):
    """Records what reaches it, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.log: list[tuple[str, bytes]] = []
        self.buffered = 0

    def write(self, data: Any) -> None:
        self.log.append(("write", bytes(data)))

    def writelines(self, list_of_data: Any) -> None:
        self.log.append(("writelines", b"".join(list_of_data)))

    def close(self) -> None:
        self.log.append(("close", b""))

    def abort(self) -> None:
        self.log.append(("abort", b""))

    def write_eof(self) -> None:
        self.log.append(("write_eof", b""))

    def get_write_buffer_size(self) -> int:
        return self.buffered


async def test_a_write_is_joined_with_the_next_one() -> None:
    inner = _FakeTransport()
    transport = CoalescingTransport(inner, asyncio.get_running_loop())
    transport.write(b"head")
    assert inner.log == []
    transport.write(b"body")
    assert inner.log == [("writelines", b"headbody")]
    await asyncio.sleep(0)  # the end-of-turn flush finds nothing left
    assert inner.log == [("writelines", b"headbody")]


async def test_a_lone_write_is_sent_when_the_loop_turn_ends() -> None:
    inner = _FakeTransport()
    transport = CoalescingTransport(inner, asyncio.get_running_loop())
    transport.write(b"head")
    await asyncio.sleep(0)
    assert inner.log == [("write", b"head")]


async def test_close_and_write_eof_send_the_held_write_first() -> None:
    for method in ("close", "write_eof"):
        inner = _FakeTransport()
        transport = CoalescingTransport(inner, asyncio.get_running_loop())
        transport.write(b"head")
        getattr(transport, method)()
        assert inner.log == [("write", b"head"), (method, b"")]


async def test_abort_drops_the_held_write() -> None:
    inner = _FakeTransport()
    transport = CoalescingTransport(inner, asyncio.get_running_loop())
    transport.write(b"head")
    transport.abort()
    await asyncio.sleep(0)
    assert inner.log == [("abort", b"")]


async def test_the_write_buffer_size_counts_the_held_bytes() -> None:
    inner = _FakeTransport()
    inner.buffered = 10
    transport = CoalescingTransport(inner, asyncio.get_running_loop())
    transport.write(b"head")
    assert transport.get_write_buffer_size() == 14


async def test_a_held_mutable_buffer_is_copied() -> None:
    inner = _FakeTransport()
    transport = CoalescingTransport(inner, asyncio.get_running_loop())
    buffer = bytearray(b"head")
    transport.write(buffer)
    buffer[:] = b"XXXX"
    transport.write(b"body")
    assert inner.log == [("writelines", b"headbody")]


async def test_after_the_connection_is_lost_nothing_is_held_or_sent_late() -> None:
    inner = _FakeTransport()
    transport = CoalescingTransport(inner, asyncio.get_running_loop())
    transport.write(b"head")
    transport.stop_coalescing(discard=True)
    transport.write(b"late")  # reaches the transport at once, to fail or drop there
    await asyncio.sleep(0)
    assert inner.log == [("write", b"late")]
