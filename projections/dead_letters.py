"""Parked events of a read model: listing them, and retrying one into the serving version.

A retry folds the one parked event into the serving version exactly once, in a single
transaction ordered against swaps, other retries of it and the live worker's next fold;
docs/projections.md, "Dead letters and retrying one", says how and in what order to retry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from eventsourcing.postgres import PostgresDatastore
from psycopg import Cursor, sql
from psycopg.rows import DictRow

from projections import catalog
from projections.base import ReadModelProjection, ReadModelView
from projections.fold import PositionedEvent
from projections.naming import DEAD_LETTER_TABLE, qualified, tracking_table
from projections.runner.event_source import EventSource
from projections.runner.folding import TRANSIENT

MAX_ERROR_CHARS = 2000
"""Longest error text kept with a dead letter (as when it is parked)."""

TRANSIENT_TRIES = 3
"""Whole retries after a failure that is not the event's fault (deadlock, lost connection)."""

_NOT_THE_EVENTS_FAULT = (*TRANSIENT, psycopg.InterfaceError)


@dataclass(frozen=True)
class DeadLetter:
    """One parked event of a read model's serving version."""

    name: str
    version: int
    position: int
    task_id: str | None
    topic: str | None
    error: str
    attempts: int
    parked_at: datetime

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``GET /api/v1/ops/projections/{name}/dead-letters`` items."""
        return {
            "name": self.name,
            "version": self.version,
            "position": self.position,
            "task_id": self.task_id,
            "type": event_type(self.topic),
            "error": self.error,
            "attempts": self.attempts,
            "parked_at": self.parked_at.isoformat().replace("+00:00", "Z"),
        }


@dataclass(frozen=True)
class RetryOutcome:
    """What a retry did: ``folded`` (the letter is gone) or not (it stays, counted)."""

    letter: DeadLetter
    folded: bool

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of a retry's answer."""
        return {"outcome": "folded" if self.folded else "parked", **self.letter.as_dict()}


class DeadLetterNotFound(LookupError):
    """The serving version of the read model has no event parked at that position."""


def event_type(topic: str | None) -> str | None:
    """The public event name of a stored topic: ``domain.task:Task.Completed`` is
    ``TaskCompleted`` (as in history and the audit log)."""
    if not topic:
        return None
    return topic.rpartition(":")[2].replace(".", "")


_COLUMNS = "name, version, position, originator_id, topic, error, attempts, parked_at"


def _letter(row: dict[str, Any]) -> DeadLetter:
    return DeadLetter(
        name=row["name"],
        version=row["version"],
        position=row["position"],
        task_id=row["originator_id"],
        topic=row["topic"],
        error=row["error"],
        attempts=row["attempts"],
        parked_at=row["parked_at"],
    )


def list_dead_letters(curs: Cursor[DictRow], schema: str, name: str) -> list[DeadLetter]:
    """The serving version's parked events of ``name``, oldest position first.

    Raises:
        UnknownProjection: no read model has that name.
    """
    serving = catalog.entry(curs, schema, name)
    curs.execute(
        sql.SQL(
            "SELECT " + _COLUMNS + " FROM {} WHERE name = %s AND version = %s ORDER BY position"
        ).format(qualified(schema, DEAD_LETTER_TABLE)),
        (name, serving.version),
    )
    return [_letter(row) for row in curs.fetchall()]


def retry_dead_letter(
    projection_class: type[ReadModelProjection],
    *,
    datastore: PostgresDatastore,
    source: EventSource,
    position: int,
) -> RetryOutcome:
    """Fold the event parked at ``position`` into the serving version, exactly once.

    Blocking (psycopg): run it in a worker thread from async code.

    Raises:
        UnknownProjection: the read model is not installed.
        DeadLetterNotFound: the serving version has no letter at ``position`` (after a
            swap to a rebuilt version, the old version's letters no longer count).
    """
    for attempt in range(TRANSIENT_TRIES):
        try:
            return _retry_once(projection_class, datastore, source, position)
        except _NOT_THE_EVENTS_FAULT:
            if attempt + 1 == TRANSIENT_TRIES:
                raise
    raise AssertionError("unreachable")


def _retry_once(
    projection_class: type[ReadModelProjection],
    datastore: PostgresDatastore,
    source: EventSource,
    position: int,
) -> RetryOutcome:
    schema, name = datastore.schema, projection_class.name
    with datastore.transaction(commit=True) as curs:
        serving = catalog.entry(curs, schema, name, lock="FOR SHARE")
        view = ReadModelView(datastore, projection=projection_class, version=serving.version)
        letter = _locked_letter(curs, schema, name, serving.version, position)
        error = _fold_one(curs, projection_class, view, source, position)
        table = qualified(schema, DEAD_LETTER_TABLE)
        key = (name, serving.version, position)
        if error is None:
            curs.execute(
                sql.SQL("DELETE FROM {} WHERE name = %s AND version = %s AND position = %s").format(
                    table
                ),
                key,
            )
            _announce(curs, view, source)
            return RetryOutcome(letter, folded=True)
        curs.execute(
            sql.SQL(
                "UPDATE {} SET attempts = attempts + 1, error = %s "
                "WHERE name = %s AND version = %s AND position = %s RETURNING " + _COLUMNS
            ).format(table),
            (error[:MAX_ERROR_CHARS], *key),
        )
        row = curs.fetchone()
        assert row is not None  # locked above
        return RetryOutcome(_letter(row), folded=False)


def _locked_letter(
    curs: Cursor[DictRow], schema: str, name: str, version: int, position: int
) -> DeadLetter:
    curs.execute(
        sql.SQL(
            "SELECT " + _COLUMNS + " FROM {} WHERE name = %s AND version = %s AND position = %s "
            "FOR UPDATE"
        ).format(qualified(schema, DEAD_LETTER_TABLE)),
        (name, version, position),
    )
    row = curs.fetchone()
    if row is None:
        raise DeadLetterNotFound(f"{name} v{version} has no event parked at {position}")
    return _letter(row)


def _fold_one(
    curs: Cursor[DictRow],
    projection_class: type[ReadModelProjection],
    view: ReadModelView,
    source: EventSource,
    position: int,
) -> str | None:
    """Fold the event at ``position`` under a savepoint; the error text if it failed."""
    try:
        with curs.connection.transaction():  # a savepoint: a failed fold leaves no rows
            found = source.read(position - 1, 1)
            if not found or found[0].id != position:
                raise LookupError(f"the event store has no event at position {position}")
            delivered = PositionedEvent(source.decode(found[0]), position)
            projection_class(view=view).fold(curs, [delivered], view.tables)
    except _NOT_THE_EVENTS_FAULT:
        raise  # not the event's fault: the whole retry is tried again
    except Exception as error:  # the event still does not fold: it stays parked
        return f"{type(error).__name__}: {error}"
    return None


def _announce(curs: Cursor[DictRow], view: ReadModelView, source: EventSource) -> None:
    """NOTIFY the serving position with no owner list, holding the tracking row meanwhile."""
    curs.execute(
        sql.SQL("SELECT notification_id FROM {} WHERE application_name = %s FOR UPDATE").format(
            qualified(view.schema, tracking_table(view.projection_name, view.version))
        ),
        (source.application_name,),
    )
    row = curs.fetchone()
    view.notify(curs, int(row["notification_id"]) if row else 0)
