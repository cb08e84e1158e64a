"""The request-head rules (api.middleware.limits) and the server-side guard that keeps
what is buffered of a head bounded (api.head_guard), without a server."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest

from api.head_guard import MAX_HEAD_BYTES, HeadGuard
from api.middleware.limits import (
    MAX_FIELD_BYTES,
    MAX_HEADER_BYTES,
    MAX_HEADER_FIELDS,
    MAX_TARGET_BYTES,
    head_problem,
)


def scope(target: str = "/api/v1/tasks", fields: list[tuple[str, str]] | None = None) -> Any:
    path, _, query = target.partition("?")
    return {
        "type": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": [(n.lower().encode(), v.encode()) for n, v in fields or []],
    }


def field_of(size: int, name: str = "x-big") -> tuple[str, str]:
    """A header field of ``size`` bytes counted as ``name: value``."""
    return name, "v" * (size - len(name) - 2)


@pytest.mark.parametrize(
    ("target", "fields"),
    [
        ("/" + "a" * (MAX_TARGET_BYTES - 1), []),
        ("/a?" + "q" * (MAX_TARGET_BYTES - 3), []),
        ("/", [field_of(MAX_FIELD_BYTES)]),
        ("/", [("x", "") for _ in range(MAX_HEADER_FIELDS)]),
        (
            "/",
            [
                field_of(MAX_FIELD_BYTES, f"x-{n}")
                for n in range(MAX_HEADER_BYTES // MAX_FIELD_BYTES)
            ],
        ),
    ],
    ids=["target", "target with query", "one field", "field count", "all fields"],
)
def test_a_head_at_a_limit_passes(target: str, fields: list[tuple[str, str]]) -> None:
    assert head_problem(scope(target, fields)) is None


@pytest.mark.parametrize(
    ("target", "fields", "status"),
    [
        ("/" + "a" * MAX_TARGET_BYTES, [], 414),
        ("/a?" + "q" * (MAX_TARGET_BYTES - 2), [], 414),
        ("/", [field_of(MAX_FIELD_BYTES + 1)], 431),
        ("/", [("x", "") for _ in range(MAX_HEADER_FIELDS + 1)], 431),
        (
            "/",
            [
                field_of(MAX_FIELD_BYTES, f"x-{n}")
                for n in range(MAX_HEADER_BYTES // MAX_FIELD_BYTES)
            ]
            + [("y", "")],
            431,
        ),
    ],
    ids=["target", "target with query", "one field", "field count", "all fields"],
)
def test_a_head_over_a_limit_is_refused(
    target: str, fields: list[tuple[str, str]], status: int
) -> None:
    problem = head_problem(scope(target, fields))

    assert problem is not None
    assert problem[0] == status
    assert "KiB" in problem[1] or str(MAX_HEADER_FIELDS) in problem[1]


class Transport(asyncio.Transport):
    """Keeps what is written to it; remembers being closed."""

    def __init__(self) -> None:
        super().__init__()
        self.written = bytearray()
        self.closed = False

    def write(self, data: Any) -> None:
        self.written += data

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return ("127.0.0.1", 1) if name == "peername" else default


class Recorder(asyncio.Protocol):
    """Stands where uvicorn's protocol would: keeps the bytes it is handed."""

    built_with: ClassVar[dict[str, Any]] = {}

    def __init__(self, **kwargs: Any) -> None:
        Recorder.built_with = kwargs
        self.received = bytearray()
        self.lost = False

    def data_received(self, data: bytes) -> None:
        self.received += data

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True


class Guard(HeadGuard):
    inner_class = Recorder


@pytest.fixture
def guard() -> Iterator[tuple[Guard, Transport]]:
    loop = asyncio.new_event_loop()
    protocol = Guard(config="config", server_state="state", app_state={}, _loop=loop)
    transport = Transport()
    protocol.connection_made(transport)
    yield protocol, transport
    protocol.connection_lost(None)
    loop.close()


def inner(protocol: Guard) -> Recorder:
    recorder = protocol._inner
    assert isinstance(recorder, Recorder)
    return recorder


def test_the_inner_protocol_is_built_with_the_servers_arguments(
    guard: tuple[Guard, Transport],
) -> None:
    assert Recorder.built_with["config"] == "config"
    assert Recorder.built_with["server_state"] == "state"


def test_pipelined_requests_with_large_bodies_pass_unchanged(
    guard: tuple[Guard, Transport],
) -> None:
    protocol, transport = guard
    body = b"x" * (3 * MAX_HEAD_BYTES)
    one = b"POST /api/v1/tasks HTTP/1.1\r\nHost: a\r\nContent-Length: %d\r\n\r\n%s" % (
        len(body),
        body,
    )
    chunked = (
        b"POST /api/v1/tasks HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        + b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    )
    stream = (one + chunked) * 3
    size = 16 * 1024

    for start in range(0, len(stream), size):
        protocol.data_received(stream[start : start + size])

    assert bytes(inner(protocol).received) == stream
    assert transport.written == b""


@pytest.mark.parametrize(
    ("head", "status"),
    [
        (b"GET /" + b"a" * (2 * MAX_TARGET_BYTES), 414),
        (b"GET / HTTP/1.1\r\nX-Big: " + b"v" * (2 * MAX_HEAD_BYTES), 431),
        (b"GET / HTTP/1.1\r\n" + b"X-Many: v\r\n" * (MAX_HEAD_BYTES // 8), 431),
    ],
    ids=["target", "one field", "many fields"],
)
def test_a_head_growing_past_the_bound_is_refused_before_the_inner_protocol_has_it(
    guard: tuple[Guard, Transport], head: bytes, status: int
) -> None:
    protocol, transport = guard
    size = 4096

    for start in range(0, len(head), size):
        protocol.data_received(head[start : start + size])
    protocol.data_received(b"more of the same, dropped")

    passed = len(inner(protocol).received)
    assert passed <= MAX_HEAD_BYTES + 2 * size
    answer = bytes(transport.written)
    assert answer.startswith(b"HTTP/1.1 %d " % status)
    assert b"content-type: application/problem+json\r\n" in answer
    assert b"connection: close\r\n" in answer
    assert json.loads(answer.partition(b"\r\n\r\n")[2])["status"] == status
    assert protocol.eof_received() is False  # the client is done: close


def test_a_malformed_request_is_left_to_the_inner_protocol(
    guard: tuple[Guard, Transport],
) -> None:
    protocol, transport = guard

    protocol.data_received(b"NOT HTTP AT ALL\r\n\r\n")
    protocol.data_received(b"X" * (2 * MAX_HEAD_BYTES))

    assert len(inner(protocol).received) == 19 + 2 * MAX_HEAD_BYTES
    assert transport.written == b""
