"""Waiting for work done elsewhere (another thread, process or server): the one way tests poll.

A check is asked again and again until it returns something truthy, which the wait returns,
so a test can both wait for a state and use it. Past the timeout the wait fails the test
with ``message``; a callable message is called then, to report the state at that moment.
"""

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar, overload

T = TypeVar("T")

Message = str | Callable[[], str]


def wait_until(
    check: Callable[[], T | None],
    *,
    timeout_s: float = 30.0,
    interval_s: float = 0.05,
    message: Message = "the condition never held",
) -> T:
    """Call ``check`` every ``interval_s`` seconds until it returns something truthy.

    Args:
        check: What to wait for; an exception it raises ends the wait at once.
        timeout_s: Seconds to wait at most.
        interval_s: Seconds between two checks.
        message: What the failure says (a callable is called at the time of failing).

    Returns:
        The first truthy value ``check`` returned.

    Raises:
        AssertionError: ``check`` returned nothing truthy within ``timeout_s`` seconds.
    """
    deadline = time.monotonic() + timeout_s
    while not (outcome := check()):
        if time.monotonic() > deadline:
            raise AssertionError(_failure(message, timeout_s))
        time.sleep(interval_s)
    return outcome


@overload
async def wait_until_async(
    check: Callable[[], Awaitable[T | None]],
    *,
    timeout_s: float = ...,
    interval_s: float = ...,
    message: Message = ...,
) -> T: ...


@overload
async def wait_until_async(
    check: Callable[[], T | None],
    *,
    timeout_s: float = ...,
    interval_s: float = ...,
    message: Message = ...,
) -> T: ...


async def wait_until_async(
    check: Callable[[], object],
    *,
    timeout_s: float = 30.0,
    interval_s: float = 0.05,
    message: Message = "the condition never held",
) -> object:
    """``wait_until`` for a test on the event loop: ``check`` may be a coroutine function,
    and the loop runs other work between two checks."""
    deadline = time.monotonic() + timeout_s
    while True:
        outcome = check()
        if inspect.isawaitable(outcome):
            outcome = await outcome
        if outcome:
            return outcome
        if time.monotonic() > deadline:
            raise AssertionError(_failure(message, timeout_s))
        await asyncio.sleep(interval_s)


def _failure(message: Message, timeout_s: float) -> str:
    text = message() if callable(message) else message
    return f"{text} (waited {timeout_s} s)"
