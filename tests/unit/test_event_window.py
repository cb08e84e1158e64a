"""The projector's shared event window: it answers only what a database read would."""

from __future__ import annotations

import math
import time
from uuid import uuid4

from eventsourcing.persistence import Notification

from projections.runner import EventWindow


class Log:
    """A stand-in event log: stored positions (with gaps) and the reads made of it."""

    def __init__(self, positions: list[int]) -> None:
        self.stored = [self.note(position) for position in positions]
        self.reads: list[tuple[int, int]] = []

    @staticmethod
    def note(position: int) -> Notification:
        return Notification(
            id=position, originator_id=uuid4(), originator_version=1, topic="t", state=b""
        )

    def commit(self, *positions: int) -> None:
        self.stored += [self.note(position) for position in positions]

    def select(self, after: int, limit: int) -> list[Notification]:
        self.reads.append((after, limit))
        return [n for n in self.stored if n.id > after][:limit]


def ids(notifications: list[Notification]) -> list[int]:
    return [n.id for n in notifications]


def test_a_second_reader_gets_the_first_ones_read_from_the_window() -> None:
    log = Log([1, 2, 4, 7])  # 3, 5 and 6 rolled back
    window = EventWindow(log.select, 100)
    heard = time.monotonic()

    assert ids(window.read(0, 10, heard)) == [1, 2, 4, 7]
    assert ids(window.read(2, 10, heard)) == [4, 7]
    assert ids(window.read(7, 10, heard)) == []

    assert log.reads == [(0, 10)]
    assert (window.database_reads, window.window_reads) == (1, 2)


def test_a_reader_that_heard_of_later_events_reads_only_what_follows_the_window() -> None:
    log = Log([1, 2, 3])
    window = EventWindow(log.select, 100)
    window.read(0, 10, time.monotonic())
    log.commit(5, 6)
    heard = time.monotonic()  # the NOTIFYs of 5 and 6 were taken after the window's read

    assert ids(window.read(1, 10, heard)) == [2, 3, 5, 6]
    assert log.reads == [(0, 10), (3, 8)]
    assert ids(window.read(3, 10, heard)) == [5, 6]
    assert len(log.reads) == 2


def test_a_full_batch_comes_from_the_window_whenever_it_was_read() -> None:
    log = Log(list(range(1, 11)))
    window = EventWindow(log.select, 100)
    window.read(0, 10, time.monotonic())

    assert ids(window.read(2, 5, math.inf)) == [3, 4, 5, 6, 7]
    assert len(log.reads) == 1


def test_a_full_read_says_nothing_about_what_follows_it() -> None:
    log = Log(list(range(1, 11)))
    window = EventWindow(log.select, 100)
    before = time.monotonic()
    window.read(0, 4, before)  # full: 5.. may exist

    assert ids(window.read(2, 10, before)) == list(range(3, 11))
    assert log.reads == [(0, 4), (4, 8)]


def test_a_reader_ahead_of_the_window_starts_a_new_one() -> None:
    log = Log([1, 2, 3, 8, 9])
    window = EventWindow(log.select, 100)
    heard = time.monotonic()
    window.read(0, 2, heard)  # 1, 2

    assert ids(window.read(3, 10, heard)) == [8, 9]
    assert log.reads[-1] == (3, 10)
    assert ids(window.read(8, 10, heard)) == [9]
    assert ids(window.read(1, 10, heard)) == [2, 3, 8, 9]  # behind: (1, 3] from the database
    assert log.reads[-1] == (1, 10)


def test_a_reader_behind_the_window_joins_its_read_to_the_window_when_they_meet() -> None:
    log = Log(list(range(1, 21)))
    window = EventWindow(log.select, 100)
    heard = time.monotonic()
    window.read(10, 5, heard)  # (10, 15]
    window.read(2, 10, heard)  # (2, 12]: meets the window

    reads = len(log.reads)
    assert ids(window.read(5, 10, heard)) == list(range(6, 16))
    assert len(log.reads) == reads


def test_a_reader_far_behind_leaves_the_window_alone() -> None:
    log = Log(list(range(1, 21)))
    window = EventWindow(log.select, 100)
    heard = time.monotonic()
    window.read(15, 10, heard)  # (15, 20], and nothing after 20
    window.read(0, 3, heard)  # (0, 3]

    reads = len(log.reads)
    assert ids(window.read(17, 10, heard)) == [18, 19, 20]
    assert len(log.reads) == reads


def test_the_window_keeps_the_newest_events_only() -> None:
    log = Log(list(range(1, 11)))
    window = EventWindow(log.select, 4)
    heard = time.monotonic()
    window.read(0, 10, heard)
    for position in range(1, 11):
        window.keep_decoded(position, f"event {position}")

    assert ids(window.read(6, 10, heard)) == [7, 8, 9, 10]
    assert window.decoded(7) == "event 7"
    assert window.decoded(3) is None  # trimmed before it was decoded: not kept
    reads = len(log.reads)
    assert ids(window.read(5, 10, heard)) == [6, 7, 8, 9, 10]  # 6 was trimmed: re-read
    assert len(log.reads) == reads + 1


def test_decoded_events_are_kept_only_while_in_the_window() -> None:
    log = Log([1, 2, 3])
    window = EventWindow(log.select, 100)
    window.read(0, 10, time.monotonic())

    window.keep_decoded(2, "two")
    window.keep_decoded(4, "four")  # not read yet: not kept

    assert window.decoded(2) == "two"
    assert window.decoded(4) is None
    log.commit(9)
    window.read(5, 10, time.monotonic())  # ahead: a new window
    assert window.decoded(2) is None
