"""Worker threads for the write model's blocking calls, with one cheap hand-off each way.

``anyio.to_thread.run_sync`` costs ~50-65 us of CPU per call on the event loop (capacity
limiter, cancel scopes, run-var look-ups, a ``queue.Queue`` whose ``Condition`` is pure
Python); a command makes one such call, which would be ~8% of an API worker's CPU on writes.
``WorkerThreads`` is the standard library's ``ThreadPoolExecutor`` (a C ``SimpleQueue``,
FIFO, a bounded number of threads) behind ``loop.run_in_executor``, plus what anyio gave
that the executor does not: the caller's context variables, and a caller that is
cancelled still waits for its call to finish, so nothing that runs after it, such as
releasing an idempotency claim, overlaps a command still running.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class WorkerThreads:
    """``size`` threads running blocking calls for an event loop, in the order asked."""

    def __init__(self, size: int, *, name: str = "tasklog-worker") -> None:
        """Create the pool (threads start on first use, up to ``size``).

        Args:
            size: Threads, i.e. calls running at once (the write model's pool size).
            name: Prefix of the threads' names.
        """
        if size < 1:
            raise ValueError("size must be at least 1")
        self._size = size
        self._executor = ThreadPoolExecutor(max_workers=size, thread_name_prefix=name)
        self._closed = False

    @property
    def size(self) -> int:
        """How many calls run at once."""
        return self._size

    async def run(self, function: Callable[[], T]) -> T:
        """Run ``function()`` in a worker thread and return (or raise) what it did.

        If the caller is cancelled meanwhile, it still waits for the call to end, then
        raises ``CancelledError`` (what ``anyio.to_thread.run_sync`` does by default).
        """
        if self._closed:
            raise RuntimeError("the worker threads are closed")
        context = contextvars.copy_context()
        future = asyncio.get_running_loop().run_in_executor(
            self._executor, _call_in, context, function
        )
        try:
            return await asyncio.shield(future)
        except asyncio.CancelledError:
            if not future.done():
                await _outlive_cancellation(future)
            raise

    def close(self) -> None:
        """Let the threads finish the calls already asked for, then stop them."""
        if self._closed:
            return
        self._closed = True
        self._executor.shutdown(wait=True)


def _call_in(context: contextvars.Context, function: Callable[[], T]) -> T:
    try:
        return context.run(function)
    except StopIteration as error:  # a Future refuses it
        raise RuntimeError("the call raised StopIteration") from error


async def _outlive_cancellation(future: asyncio.Future[Any]) -> None:
    """Wait for ``future`` however often the waiting task is cancelled meanwhile."""
    while not future.done():
        # The call's own outcome is dropped: the caller re-raises its cancellation.
        with contextlib.suppress(BaseException):
            await asyncio.shield(future)
