"""Which waits ask the projector for a fold: only those on read models that fold on demand."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from projections.consistency import ConsistencyTimeout, PositionWatch


@dataclass(frozen=True)
class Read:
    position: int


async def wait_behind(watch: PositionWatch, name: str) -> None:
    """A read that wants position 10 and keeps finding 5 (the watch is not listening)."""

    async def read() -> Read:
        return Read(5)

    with pytest.raises(ConsistencyTimeout):
        await watch.read_at_least(name, 10, 0.05, read)


async def test_a_wait_asks_only_for_read_models_that_fold_on_demand() -> None:
    asked: list[str] = []

    async def demand(name: str) -> None:
        asked.append(name)

    watch = PositionWatch("", "public", demand=demand, on_demand=["notifications"])

    await wait_behind(watch, "task_list")
    await wait_behind(watch, "notifications")

    assert asked == ["notifications"]


async def test_a_failed_demand_leaves_the_wait_as_it_was() -> None:
    async def demand(name: str) -> None:
        raise OSError("no connection")

    watch = PositionWatch("", "public", demand=demand, on_demand=["notifications"])

    await wait_behind(watch, "notifications")  # a timeout, not the OSError


async def test_a_read_already_far_enough_asks_for_nothing() -> None:
    asked: list[str] = []

    async def demand(name: str) -> None:
        asked.append(name)

    async def read() -> Read:
        return Read(10)

    watch = PositionWatch("", "public", demand=demand, on_demand=["notifications"])

    assert await watch.read_at_least("notifications", 10, 0.05, read) == Read(10)
    assert asked == []
