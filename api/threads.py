"""Worker threads for the write model's blocking calls, with one cheap hand-off each way.

``anyio.to_thread.run_sync`` costs ~50-65 us of CPU per call on the event loop (capacity
limiter, cancel scopes, run-var look-ups, a ``queue.Queue`` whose ``Condition`` is pure
Python); a command makes one such call, and that was ~8% of an API worker's CPU on writes.
``WorkerThreads`` keeps what mattered of it (a bounded number of threads, FIFO, the
caller's context variables, and a caller that is cancelled still waits for its call to
finish, so nothing that runs after it, such as releasing an idempotency claim, overlaps a
command still running) with a ``queue.SimpleQueue`` (C) and one future: ~8 us a call.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import threading
from collections.abc import Callable
from queue import SimpleQueue
from typing import Any, TypeVar

T = TypeVar("T")

_Job = tuple[
    Callable[[], Any], contextvars.Context, "asyncio.Future[Any]", asyncio.AbstractEventLoop
]


class WorkerThreads:
    """``size`` threads running blocking calls for an event loop, in the order asked."""

    def __init__(self, size: int, *, name: str = "tasklog-worker") -> None:
        """Start the threads (daemons: a call still running never blocks interpreter exit).

        Args:
            size: Threads, i.e. calls running at once (the write model's pool size).
            name: Prefix of the threads' names.
        """
        if size < 1:
            raise ValueError("size must be at least 1")
        self._jobs: SimpleQueue[_Job | None] = SimpleQueue()
        self._closed = False
        self._threads = [
            threading.Thread(target=self._serve, name=f"{name}-{n}", daemon=True)
            for n in range(size)
        ]
        for thread in self._threads:
            thread.start()

    @property
    def size(self) -> int:
        """How many calls run at once."""
        return len(self._threads)

    async def run(self, function: Callable[[], T]) -> T:
        """Run ``function()`` in a worker thread and return (or raise) what it did.

        If the caller is cancelled meanwhile, it still waits for the call to end, then
        raises ``CancelledError`` (what ``anyio.to_thread.run_sync`` does by default).
        """
        if self._closed:
            raise RuntimeError("the worker threads are closed")
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._jobs.put((function, contextvars.copy_context(), future, loop))
        try:
            return await asyncio.shield(future)
        except asyncio.CancelledError:
            if not future.done():
                await _outlive_cancellation(future)
            raise

    def close(self, timeout_s: float = 5.0) -> None:
        """Let the threads finish the calls already asked for, then stop them."""
        if self._closed:
            return
        self._closed = True
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join(timeout_s)

    def _serve(self) -> None:
        while (job := self._jobs.get()) is not None:
            function, context, future, loop = job
            try:
                result = context.run(function)
            except BaseException as error:  # handed to the caller, whatever it is
                _deliver(loop, future, _set_exception, error)
            else:
                _deliver(loop, future, _set_result, result)
            del job, function, context, future  # hold nothing while idle


async def _outlive_cancellation(future: asyncio.Future[Any]) -> None:
    """Wait for ``future`` however often the waiting task is cancelled meanwhile."""
    while not future.done():
        # The call's own outcome is dropped: the caller re-raises its cancellation.
        with contextlib.suppress(BaseException):
            await asyncio.shield(future)


def _deliver(
    loop: asyncio.AbstractEventLoop,
    future: asyncio.Future[Any],
    settle: Callable[[asyncio.Future[Any], Any], None],
    value: Any,
) -> None:
    with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: nobody waits
        loop.call_soon_threadsafe(settle, future, value)


def _set_result(future: asyncio.Future[Any], value: Any) -> None:
    if not future.done():
        future.set_result(value)


def _set_exception(future: asyncio.Future[Any], error: BaseException) -> None:
    if not future.done():
        if isinstance(error, StopIteration):  # a Future refuses it
            wrapped = RuntimeError("the call raised StopIteration")
            wrapped.__cause__ = error
            error = wrapped
        future.set_exception(error)
