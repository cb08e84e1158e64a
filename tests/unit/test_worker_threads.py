"""api.threads.WorkerThreads: the write model's threads (what anyio.to_thread gave before)."""

from __future__ import annotations

import asyncio
import contextvars
import threading
import time
from collections.abc import Iterator

import pytest

from api.threads import WorkerThreads

REQUEST = contextvars.ContextVar("REQUEST", default="none")


@pytest.fixture
def workers() -> Iterator[WorkerThreads]:
    threads = WorkerThreads(2, name="test-worker")
    yield threads
    threads.close()


async def test_a_call_runs_in_a_worker_thread_and_returns_its_value(
    workers: WorkerThreads,
) -> None:
    loop_thread = threading.get_ident()
    ident = await workers.run(threading.get_ident)
    assert ident != loop_thread
    name = await workers.run(lambda: threading.current_thread().name)
    assert name.startswith("test-worker")
    assert await workers.run(lambda: 41 + 1) == 42


async def test_the_calls_exception_is_raised_to_the_caller(workers: WorkerThreads) -> None:
    def fail() -> None:
        raise LookupError("no such task")

    with pytest.raises(LookupError, match="no such task"):
        await workers.run(fail)
    with pytest.raises(RuntimeError, match="StopIteration"):
        await workers.run(lambda: next(iter(())))
    assert await workers.run(lambda: "still serving") == "still serving"


async def test_the_callers_context_variables_are_seen_by_the_call(
    workers: WorkerThreads,
) -> None:
    REQUEST.set("req-7")
    assert await workers.run(REQUEST.get) == "req-7"


async def test_no_more_calls_run_at_once_than_there_are_threads(workers: WorkerThreads) -> None:
    running = 0
    most = 0
    lock = threading.Lock()

    def call() -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.02)
        with lock:
            running -= 1

    await asyncio.gather(*(workers.run(call) for _ in range(8)))
    assert most == workers.size == 2


async def test_a_cancelled_caller_waits_for_its_call_to_finish(workers: WorkerThreads) -> None:
    started = threading.Event()
    release = threading.Event()
    finished: list[str] = []

    def command() -> str:
        started.set()
        release.wait(5)
        finished.append("command")
        return "done"

    async def caller() -> None:
        try:
            await workers.run(command)
        finally:
            finished.append("caller")

    task = asyncio.create_task(caller())
    await asyncio.to_thread(started.wait, 5)
    task.cancel()
    await asyncio.sleep(0.05)
    task.cancel()  # cancelled again while it waits: it still waits
    await asyncio.sleep(0.05)
    assert not task.done()
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert finished == ["command", "caller"]


async def test_closed_threads_refuse_new_calls() -> None:
    threads = WorkerThreads(1)
    assert await threads.run(lambda: 1) == 1
    threads.close()
    with pytest.raises(RuntimeError, match="closed"):
        await threads.run(lambda: 2)
    threads.close()  # again: nothing happens


def test_at_least_one_thread() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        WorkerThreads(0)
