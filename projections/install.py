"""Installing read models: catalog, serving tables and views; leftovers of old versions."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from eventsourcing.postgres import PostgresDatastore

from infrastructure.pools import Connect
from projections import catalog
from projections.base import ReadModelProjection, ReadModelView
from projections.naming import advisory_key

log = logging.getLogger(__name__)


def install(
    datastore: PostgresDatastore,
    connect: Connect,
    projections: Iterable[type[ReadModelProjection]],
    *,
    rebuild_changed: bool = False,
) -> None:
    """Make every read model readable: catalog rows, serving tables, views (idempotent).

    Serialised across processes by an advisory lock. With ``rebuild_changed``, a read
    model whose serving version was built by another revision of its code gets a
    rebuild requested (the projector does that; the API does not).
    """
    schema = datastore.schema
    with connect() as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (advisory_key(schema, "install"),))
        try:
            with datastore.transaction(commit=True) as curs:
                catalog.create_catalog(curs, schema)
            for projection in projections:
                _install_one(datastore, projection, rebuild_changed=rebuild_changed)
        finally:
            connection.execute("SELECT pg_advisory_unlock_all()")


def _install_one(
    datastore: PostgresDatastore, projection: type[ReadModelProjection], *, rebuild_changed: bool
) -> None:
    schema = datastore.schema
    with datastore.transaction(commit=True) as curs:
        entry = catalog.register(curs, schema, projection.name, projection.revision)
    ReadModelView(datastore, projection=projection, version=entry.version).create_table()
    with datastore.transaction(commit=True) as curs:
        if not catalog.views_exist(curs, schema, projection.name):
            catalog.point_views(curs, schema, projection.name, projection.tables, entry.version)
        keep = {entry.version} | ({entry.rebuild_version} if entry.rebuild_version else set())
        stale = catalog.stale_versions(curs, schema, projection.name, keep)
        if (
            rebuild_changed
            and entry.revision != projection.revision
            and entry.rebuild_version is None
        ):
            version = catalog.request_rebuild(curs, schema, projection.name, projection.revision)
            log.info(
                "%s: code revision changed; rebuilding as version %s", projection.name, version
            )
    for version in stale:
        log.info("%s: dropping leftover version %s", projection.name, version)
        ReadModelView(datastore, projection=projection, version=version).drop_tables()
