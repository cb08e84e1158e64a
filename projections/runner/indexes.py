"""A new version's secondary indexes, built side by side once its backlog is in."""

from __future__ import annotations

import queue
import threading

from infrastructure.pools import Connect
from projections.base import ReadModelView


def build_indexes(view: ReadModelView, connect: Connect, *, parallel: int, memory: str) -> None:
    """Create the version's secondary indexes, ``parallel`` at a time (idempotent).

    Each ``CREATE INDEX`` takes a SHARE lock, which others share: several build on one
    table at once, each on a connection (and core) of its own. Each is its own
    transaction, so a build interrupted half-way leaves the indexes already built and
    none half-built.
    """
    statements: queue.Queue[bytes] = queue.Queue()
    for statement in view.index_statements():
        statements.put(statement)
    errors: list[BaseException] = []

    def build() -> None:
        try:
            with connect() as connection:
                connection.execute(
                    "SELECT set_config('maintenance_work_mem', %s, false)", (memory,)
                )
                while True:
                    try:
                        statement = statements.get_nowait()
                    except queue.Empty:
                        return
                    connection.execute(statement)
        except BaseException as error:
            errors.append(error)

    threads = [
        threading.Thread(target=build, name=f"index-{view.projection_name}-{number}")
        for number in range(max(1, min(parallel, statements.qsize())))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
