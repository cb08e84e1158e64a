"""The shape every read model shares: a versioned eventsourcing Projection and its view.

A read model is one ``ReadModelProjection`` subclass (its tables' DDL and its fold) plus
one entry in ``projections.registry``. Versions, tracking, NOTIFY, supervision, dead
letters and blue/green rebuilds are the runner's business, the same for every read model.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.projection import Projection
from psycopg import Cursor, sql
from psycopg.pq import TransactionStatus
from psycopg.rows import DictRow

from projections.fold import Changed, PositionedEvent
from projections.naming import (
    CATALOG_TABLE,
    jobs_notify_channel,
    notify_channel,
    qualified,
    tracking_table,
    versioned,
)
from projections.notify import notify_payload
from projections.tables import Tables

if TYPE_CHECKING:
    from projections.bulk import ChunkFold

_OPEN = (TransactionStatus.INTRANS, TransactionStatus.INERROR)


class VersionSwapped(Exception):
    """The version a writer was folding into is no longer the one it was meant for."""


class ReadModelView(PostgresTrackingRecorder):
    """One version of a read model: its tables and its tracking table, in one schema.

    ``record`` writes the rows a batch of events produces, the tracking record of the
    batch's last position and a NOTIFY, in one transaction: a read model is never ahead
    of or behind its tracking position, even across crashes.
    """

    def __init__(
        self,
        datastore: PostgresDatastore,
        *,
        projection: type[ReadModelProjection],
        version: int,
    ) -> None:
        super().__init__(datastore, tracking_table_name=tracking_table(projection.name, version))
        self.projection_name = projection.name
        self.version = version
        self.tables = Tables(
            datastore.schema,
            {logical: versioned(logical, version) for logical in projection.tables},
        )
        self._projection_class = projection

    @property
    def schema(self) -> str:
        """The schema that holds this view's tables."""
        return self.datastore.schema

    def create_table(self, *, with_indexes: bool = True) -> None:
        """Create the tracking table and the read model's tables (idempotent).

        Args:
            with_indexes: Also create the secondary indexes. A rebuild leaves them out
                while it bulk-loads, and adds them (``index_statements``) before the swap.
        """
        with self.datastore.transaction(commit=True) as curs:
            extension_schemas = self._projection_class.prepare(curs)
        self.sql_create_statements.extend(
            self._projection_class.ddl(self.tables, extension_schemas)
        )
        if with_indexes:
            self.sql_create_statements.extend(
                self._projection_class.index_ddl(self.tables, extension_schemas)
            )
        super().create_table()

    def index_statements(self) -> list[bytes]:
        """The ``CREATE INDEX IF NOT EXISTS`` statements of the secondary indexes (a
        rebuild runs them side by side, ``projections.bulk.build_indexes``)."""
        with self.datastore.transaction(commit=True) as curs:
            extension_schemas = self._projection_class.prepare(curs)
        return [
            statement.as_bytes(None)
            for statement in self._projection_class.index_ddl(self.tables, extension_schemas)
        ]

    def drop_tables(self) -> None:
        """Drop this version's tables and tracking table (after a swap or a failed rebuild)."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute("SET LOCAL lock_timeout = '5s'")
            for logical in self.tables.names:
                curs.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(self.tables[logical]))
            curs.execute(
                sql.SQL("DROP TABLE IF EXISTS {}").format(
                    qualified(self.schema, self.tracking_table_name)
                )
            )

    def position(self, application_name: str) -> int:
        """The last position folded into this version (0 before the first event)."""
        return self.max_tracking_id(application_name) or 0

    @functools.cached_property
    def _statements(self) -> _ViewStatements:
        return _ViewStatements.compose(self)

    def record(
        self,
        write: Callable[[Cursor[DictRow]], Changed],
        tracking: Tracking,
        *,
        serving: bool,
    ) -> Changed:
        """Run ``write``, record ``tracking`` and NOTIFY readers, in one transaction.

        Only the serving version NOTIFYs: readers wait on and cache what it serves, and a
        rebuild's positions would tell them of rows no read sees yet.

        Args:
            write: Writes the rows for the events up to ``tracking``; returns what it
                changed (no NOTIFY when nobody waits to hear of it).
            tracking: Position of the last event folded.
            serving: This version is meant to be the serving one; the catalog row is
                read ``FOR SHARE`` so a concurrent swap either waits for this commit or
                makes this writer switch (``VersionSwapped``).
        """
        statements = self._statements
        with self.datastore.get_connection() as connection:
            try:
                # One pipeline, BEGIN and COMMIT included: statements whose results
                # nobody reads go out together, so a batch costs three or four round
                # trips (version check, the fold's row lookup if it has one, tracking,
                # commit) however many statements it runs; under CPU contention each
                # round trip is a context switch or two. (psycopg's transaction() in a
                # pipeline syncs at BEGIN and twice more at its end; the pool's
                # connections are in autocommit, so BEGIN and COMMIT are statements.)
                with connection.pipeline(), connection.cursor() as curs:
                    curs.execute(b"BEGIN")
                    # The version check also turns synchronous_commit off for the
                    # transaction: a read model is derived data committed with its own
                    # tracking position, so if the server loses the last few commits in
                    # a crash, both roll back together and the projector folds those
                    # events again. It need not wait for fsync.
                    self.check_version(curs, serving=serving)
                    changed = write(curs)
                    if serving and changed.notify:
                        payload = notify_payload(
                            self.projection_name, tracking.notification_id, changed.owners
                        )
                        # The NOTIFY (delivered at commit) rides on the tracking statement.
                        self._track(curs, tracking, statements.track_and_notify, payload)
                    else:
                        self._track(curs, tracking, statements.track)
                    curs.execute(b"COMMIT")
                return changed
            finally:
                # An error (or VersionSwapped) before COMMIT left the transaction open.
                if connection.info.transaction_status in _OPEN:
                    connection.execute(b"ROLLBACK")

    def check_version(self, curs: Cursor[DictRow], *, serving: bool) -> None:
        """Raise ``VersionSwapped`` unless this version is still the one to write to.

        Reads the catalog row ``FOR SHARE``, and turns ``synchronous_commit`` off for the
        rest of the transaction (see ``record``).
        """
        statement = self._statements.serving if serving else self._statements.rebuilding
        curs.execute(statement, (self.projection_name,), prepare=True)
        row = curs.fetchone()
        if row is None or row["v"] != self.version:
            column = "version" if serving else "rebuild_version"
            raise VersionSwapped(f"{self.projection_name} v{self.version} no longer {column}")

    def _track(
        self, curs: Cursor[DictRow], tracking: Tracking, statement: bytes, payload: str = ""
    ) -> None:
        """Insert the tracking record; ``IntegrityError`` unless its position increases.

        The same as eventsourcing's single-row ``_insert_tracking``, with the statement
        composed once (and, for ``track_and_notify``, the NOTIFY in the same statement).
        """
        curs.execute(
            statement,
            {
                "application_name": tracking.application_name,
                "notification_id": tracking.notification_id,
                "channel": self._statements.channel,
                "payload": payload,
            },
            prepare=True,
        )
        if curs.fetchone() is None:
            raise IntegrityError(
                "Failed to record tracking for "
                f"{tracking.application_name} {tracking.notification_id}"
            )

    def notify(
        self, curs: Cursor[DictRow], position: int, owners: frozenset[str] | None = None
    ) -> None:
        """Tell every API process this projection has reached ``position`` (sent at commit).

        ``owners`` names whose rows changed up to ``position``; ``None`` means anyone's
        (a swap, a parked event, a read model that does not track owners).
        """
        curs.execute(
            "SELECT pg_notify(%s, %s)",
            (self._statements.channel, notify_payload(self.projection_name, position, owners)),
        )


@dataclass(frozen=True)
class _ViewStatements:
    """A view's per-batch SQL, composed once (as bytes, which psycopg converts once)."""

    serving: bytes
    """The serving version in the catalog, ``FOR SHARE``; synchronous_commit off."""
    rebuilding: bytes
    """The same for the version being rebuilt."""
    track: bytes
    """eventsourcing's single-row tracking upsert: a row back only if the position grew."""
    track_and_notify: bytes
    """The same, and ``pg_notify`` on ``channel`` when the row was written."""
    channel: str

    @classmethod
    def compose(cls, view: ReadModelView) -> _ViewStatements:
        if not view.datastore.single_row_tracking:
            raise TypeError("read models need eventsourcing's single-row tracking")
        catalog = qualified(view.schema, CATALOG_TABLE)
        tracking = qualified(view.schema, view.tracking_table_name)

        def check(column: str) -> bytes:
            return (
                sql.SQL(
                    "SELECT set_config('synchronous_commit', 'off', true) AS s, {} AS v "
                    "FROM {} WHERE name = %s FOR SHARE"
                )
                .format(sql.Identifier(column), catalog)
                .as_bytes(None)
            )

        upsert = sql.SQL(
            "INSERT INTO {0} VALUES (%(application_name)s, %(notification_id)s) "
            "ON CONFLICT (application_name) DO UPDATE SET notification_id = %(notification_id)s "
            "WHERE {0}.notification_id < %(notification_id)s RETURNING notification_id"
        ).format(tracking)
        read_waited = view._projection_class.read_waited
        return cls(
            serving=check("version"),
            rebuilding=check("rebuild_version"),
            track=upsert.as_bytes(None),
            track_and_notify=sql.SQL(
                "WITH t AS ({}) SELECT t.notification_id, "
                "pg_notify(%(channel)s, %(payload)s)::text AS n FROM t"
            )
            .format(upsert)
            .as_bytes(None),
            channel=(notify_channel if read_waited else jobs_notify_channel)(view.schema),
        )


class ReadModelProjection(Projection[ReadModelView]):
    """A read model: a name, a revision, logical tables, their DDL and the fold.

    Subclasses set ``name``, ``revision`` with its ``rendering``, ``tables`` (logical
    names; the first is also the name of the view reads use), and implement ``ddl`` and
    ``fold``.
    """

    revision: ClassVar[int] = 1
    """The version of what the read model stores. A projector that finds the serving
    version built by another revision rebuilds it blue/green, so a new revision is how a
    change to the rows reaches a deployed store."""
    rendering: ClassVar[str] = ""
    """The digest of what ``revision`` stores (its tables and the rows it renders for a
    fixed history), pinned here: ``tests/unit/test_read_model_revisions.py`` fails when
    the rendering changes, and asks for a new revision with the new digest."""
    tables: ClassVar[tuple[str, ...]] = ()
    read_waited: ClassVar[bool] = True
    """API reads wait on this read model's position (``Tasklog-Min-Position``): it NOTIFYs
    on ``notify_channel``; ``False`` (the job views) NOTIFYs on ``jobs_notify_channel``."""
    folds_on_demand: ClassVar[bool] = False
    """A read-waited model that few reads wait on (``notifications``): its live folds are
    paced like the job views', and a waiting read asks for a fold at once instead
    (``naming.demand_channel``), so it costs a fold per interval rather than one per
    event, and a read-your-writes wait still takes one fold."""
    extensions: ClassVar[tuple[str, ...]] = ()
    """PostgreSQL extensions the DDL would like (created in ``public`` when allowed)."""

    @classmethod
    def prepare(cls, curs: Cursor[DictRow]) -> dict[str, str]:
        """Create the wanted extensions where possible; map each available one to its schema."""
        found: dict[str, str] = {}
        for extension in cls.extensions:
            curs.execute("SAVEPOINT extension")
            try:
                curs.execute(
                    sql.SQL("CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA public").format(
                        sql.Identifier(extension)
                    )
                )
                curs.execute("RELEASE SAVEPOINT extension")
            except Exception:
                curs.execute("ROLLBACK TO SAVEPOINT extension")
            curs.execute(
                "SELECT extnamespace::regnamespace::text AS schema FROM pg_extension "
                "WHERE extname = %s",
                (extension,),
            )
            row = curs.fetchone()
            if row is not None:
                found[extension] = row["schema"]
        return found

    @classmethod
    def ddl(cls, tables: Tables, extension_schemas: Mapping[str, str]) -> list[sql.Composed]:
        """``CREATE ... IF NOT EXISTS`` statements for one version's tables and indexes."""
        raise NotImplementedError

    @classmethod
    def index_ddl(cls, tables: Tables, extension_schemas: Mapping[str, str]) -> list[sql.Composed]:
        """Secondary indexes the fold does not need (built after a rebuild's bulk load)."""
        return []

    @classmethod
    def bulk_fold(cls) -> type[ChunkFold] | None:
        """How a rebuild folds this read model's backlog in parallel (``projections.bulk``);
        ``None``: in batches of ``fold``, in the rebuilding thread."""
        return None

    def fold(
        self, curs: Cursor[DictRow], events: Sequence[PositionedEvent], tables: Tables
    ) -> Changed:
        """Write into ``tables`` what ``events`` (in position order) change.

        Returns what changed, for the NOTIFY of the commit: ``NOTHING_NEW`` when nothing
        a listener waits for did (the job views: only new pending work wakes the worker),
        the owners whose rows changed, so readers that cache per owner drop only theirs,
        or ``ANY_CHANGE``.
        """
        raise NotImplementedError

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """eventsourcing's single-event entry point (abstract in ``Projection``, so every
        read model has it; the runner folds batches with ``fold`` instead)."""
        event = PositionedEvent(domain_event, tracking.notification_id)
        self.view.record(
            lambda curs: self.fold(curs, [event], self.view.tables), tracking, serving=True
        )
