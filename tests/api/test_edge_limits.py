"""Request heads over the limits get a quick 414 or 431 from a real ``tasklog serve``, in
problem+json, and a flood of huge headers leaves the worker's memory where it was."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from api.middleware.limits import (
    MAX_FIELD_BYTES,
    MAX_HEADER_BYTES,
    MAX_HEADER_FIELDS,
    MAX_TARGET_BYTES,
)
from tests.api.processes import Served, serving

CHUNK = 2**20


@dataclass(frozen=True)
class Answer:
    """An HTTP response read off the socket."""

    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


async def exchange(served: Served, head: bytes) -> Answer:
    """Send ``head`` on a new connection, as a client does (all of it, then read)."""
    host, port = served.base_url.removeprefix("http://").split(":")
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        for start in range(0, len(head), CHUNK):
            writer.write(head[start : start + CHUNK])
            await writer.drain()
        status_line = await reader.readuntil(b"\r\n")
        headers: dict[str, str] = {}
        while (line := await reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        body = await reader.readexactly(int(headers.get("content-length", "0")))
    finally:
        writer.close()
    return Answer(int(status_line.split()[1]), headers, body, time.perf_counter() - started)


def request(target: str = "/health/live", fields: list[tuple[str, str]] | None = None) -> bytes:
    """A GET with ``fields`` besides Host."""
    lines = [f"GET {target} HTTP/1.1", "Host: tasklog.test"]
    lines += [f"{name}: {value}" for name, value in fields or []]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def memory_kib(pid: int, field: str) -> int:
    """``VmRSS`` (now) or ``VmHWM`` (peak) of a process, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise AssertionError(f"{field} not in /proc/{pid}/status")


def assert_refused(answer: Answer, status: int, case: str = "") -> None:
    """A quick problem+json refusal with ``status``."""
    assert answer.status == status, (case, answer)
    assert answer.headers["content-type"] == "application/problem+json", case
    problem = json.loads(answer.body)
    assert problem["status"] == status, case
    assert problem["detail"], case
    assert answer.seconds < 2, (case, answer.seconds)


@pytest.mark.slow
@pytest.mark.timeout(120)
async def test_heads_over_a_limit_get_414_or_431_and_heads_within_are_served(
    database_url: str, schema: str, tmp_path: Path
) -> None:
    field = MAX_FIELD_BYTES - len("X-Big: ")
    over_limits = {
        "a long target": (request("/health/live?" + "q" * MAX_TARGET_BYTES), 414),
        "a long field": (request(fields=[("X-Big", "v" * (field + 1))]), 431),
        "many fields": (request(fields=[(f"X-{n}", "v") for n in range(MAX_HEADER_FIELDS)]), 431),
        "large fields together": (
            request(fields=[(f"X-{n}", "v" * 7000) for n in range(MAX_HEADER_BYTES // 7000 + 1)]),
            431,
        ),
        "a 1 MiB target": (request("/" + "a" * 2**20), 414),
        "a 1 MiB field": (request(fields=[("X-Big", "v" * 2**20)]), 431),
    }
    within = request(
        "/health/live?" + "q" * (MAX_TARGET_BYTES - 100),
        [("X-Big", "v" * (field - 100))] + [(f"X-{n}", "v" * 500) for n in range(90)],
    )

    with serving(tmp_path, database_url, schema) as server:
        refused = {name: await exchange(server, head) for name, (head, _) in over_limits.items()}
        served = await exchange(server, within)

    for name, (_, status) in over_limits.items():
        assert_refused(refused[name], status, name)
    assert served.status == 200, served


@pytest.mark.slow
@pytest.mark.timeout(120)
async def test_eight_32_mb_headers_at_once_get_431_and_leave_the_worker_small(
    database_url: str, schema: str, tmp_path: Path
) -> None:
    huge = request(fields=[("X-Huge", "v" * 32 * 2**20)])

    with serving(tmp_path, database_url, schema) as server:
        before = memory_kib(server.pid, "VmRSS")
        answers = await asyncio.gather(*(exchange(server, huge) for _ in range(8)))
        peak = memory_kib(server.pid, "VmHWM")
        still_served = await exchange(server, request())

    for answer in answers:
        assert_refused(answer, 431)
    assert peak - before < 32 * 1024, f"the worker grew from {before} KiB to {peak} KiB"
    assert still_served.status == 200
