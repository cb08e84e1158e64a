"""The tests' one way to wait: it returns what it waited for and fails with a message."""

import itertools

import pytest

from tests.polling import wait_until, wait_until_async


def test_a_wait_returns_the_first_truthy_value_of_its_check() -> None:
    answers = iter([None, [], ["ready"]])

    assert wait_until(lambda: next(answers), interval_s=0) == ["ready"]


def test_a_wait_that_never_holds_fails_with_its_message_at_that_time() -> None:
    calls = itertools.count()

    with pytest.raises(AssertionError, match=r"checked [1-9]\d* times \(waited 0.05 s\)"):
        wait_until(
            lambda: next(calls) < 0,
            timeout_s=0.05,
            interval_s=0.01,
            message=lambda: f"checked {next(calls)} times",
        )


async def test_an_async_wait_awaits_a_coroutine_check() -> None:
    answers = iter([0, 0, 7])

    async def check() -> int:
        return next(answers)

    assert await wait_until_async(check, interval_s=0) == 7


async def test_an_async_wait_takes_a_plain_check_and_fails_with_its_message() -> None:
    with pytest.raises(AssertionError, match="never true"):
        await wait_until_async(lambda: False, timeout_s=0.02, interval_s=0.01, message="never true")
