"""Recurrence and reminder jobs on arq: the worker, its job functions and the dispatcher.

``arq jobs.WorkerSettings`` runs a worker configured from the ``TASKLOG_*``
variables (read when arq asks for ``WorkerSettings``, not at import); ``tasklog worker``
does the same. Code that has its ``Settings`` uses ``worker_settings`` / ``build_worker``.
"""

from __future__ import annotations

import os
from typing import Any

from infrastructure.settings import Settings
from jobs.worker import (
    build_worker,
    run_in_process,
    stop_worker,
    with_services,
    worker_settings,
)

__all__ = [
    "WorkerSettings",
    "build_worker",
    "run_in_process",
    "stop_worker",
    "with_services",
    "worker_settings",
]


def __getattr__(name: str) -> Any:
    # arq's CLI takes a settings object by import path; building it here, on first
    # access, keeps the environment unread (and no service started) at import time.
    if name == "WorkerSettings":
        return worker_settings(with_services(Settings.from_env(os.environ)))
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
