"""A Task's state as JSON text and back, so a fold can resume from a stored row.

The text is eventsourcing's snapshot of the task (``Snapshot.take``) in eventsourcing's
JSON transcoding, with the transcodings the application registers, written and read by
msgspec (``FastJSONTranscoder``: every live fold reads and writes a state per task, and
the standard library's hooks made that half of a rebuild worker's time); a task comes back
through ``Snapshot.mutate``, which upcasts states stored by an older ``Task.class_version``
with the aggregate's ``upcast_vN_vN+1`` methods, as the snapshot store does.
"""

from __future__ import annotations

from typing import Any, cast

from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder, UUIDAsHex
from eventsourcing.utils import get_topic

from domain.task import Task
from projections.decoding import FastJSONTranscoder

TASK_TOPIC = get_topic(Task)


def _transcoder() -> JSONTranscoder:
    """The transcoder ``Application.register_transcodings`` sets up for the event store."""
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(transcoding)
    return transcoder


_TRANSCODER = FastJSONTranscoder(_transcoder())


def dump_state(task: Task) -> str:
    """The task's snapshot as JSON text: its id, version and state (no timestamp, so the
    same task always gives the same text)."""
    snapshot = Task.Snapshot.take(task)
    document = {
        "id": snapshot.originator_id,
        "version": snapshot.originator_version,
        "state": snapshot.state,
    }
    return _TRANSCODER.encode(document).decode()


def load_state(text: str) -> Task:
    """A Task rebuilt from ``dump_state`` output, ready for the next ``event.mutate``."""
    document: dict[str, Any] = _TRANSCODER.decode(text.encode())
    state = document["state"]
    snapshot = Task.Snapshot(
        originator_id=document["id"],
        originator_version=document["version"],
        timestamp=state["_modified_on"],
        topic=TASK_TOPIC,
        state=state,
    )
    return cast(Task, snapshot.mutate(None))
