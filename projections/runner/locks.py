"""Advisory locks of the projector: who may work on a read model, and who holds it."""

from __future__ import annotations

import os
import socket
import threading
from typing import Any

import psycopg


def try_lock(connection: psycopg.Connection[Any], key: int) -> bool:
    """Take the session advisory lock ``key`` if it is free."""
    row = connection.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
    return bool(row and row[0])


def holder_name(thread: str | None = None) -> str:
    """Who holds a lock, for operators: host, process and thread (the current one's)."""
    name = thread or threading.current_thread().name
    return f"{socket.gethostname()}:{os.getpid()}:{name}"
