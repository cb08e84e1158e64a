"""What ``tasklog serve`` and ``tasklog dev`` plug into the API, and what dev runs beside it.

This is the registry other packages edit: add an ``ApiExtension`` to
``default_extensions`` for routes/lifespans/the one-task read (see ``api.app``), and a
``DevService`` to ``dev_services`` for a background process ``tasklog dev`` should run
in-process (the projector, the arq worker...).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from api.console import console_extension
from api.controllers.audit import audit_extension
from api.controllers.dead_letters import dead_letters_extension
from api.controllers.notifications import notifications_extension
from api.controllers.queries import projections_extension
from api.controllers.verify import verify_extension
from api.observability import ops_metrics_extension
from api.runtime import ApiExtension
from infrastructure.settings import Settings
from jobs import run_in_process
from projections.projector import run_in_process as run_projector_in_process


def default_extensions(settings: Settings) -> list[ApiExtension]:
    """The extensions every API process runs with.

    Args:
        settings: The process settings (to leave out an extension by configuration).
    """
    return [
        audit_extension(),
        notifications_extension(),
        projections_extension(),
        ops_metrics_extension(),
        dead_letters_extension(),
        verify_extension(),
        console_extension(),
    ]


@dataclass(frozen=True)
class DevService:
    """A background service ``tasklog dev`` runs on the API's event loop.

    Attributes:
        name: Shown in logs.
        run: Runs until cancelled (``tasklog dev`` cancels it at shutdown). Blocking
            work belongs in a thread (``anyio.to_thread.run_sync``) or its own threads.
            It gets the dev settings: ``database_url`` and ``redis_url`` already point at
            the embedded services when none were configured.
    """

    name: str
    run: Callable[[Settings], Awaitable[None]]


def dev_services(settings: Settings) -> list[DevService]:
    """The services ``tasklog dev`` starts beside the API (none of the core's own yet)."""
    worker = [DevService("worker", run_in_process)] if settings.redis_url else []
    return [DevService("projector", run_projector_in_process), *worker]
