"""``GET /api/v1/tasks/{id}/history``: every event of a task, owner or auditor (section 5)."""

from __future__ import annotations

from functools import partial
from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from api.middleware.auth import owner_filter, principal_of
from api.problems import READ_PROBLEMS
from api.resources import Resources
from api.responses import JSON
from api.schemas import HistoryItem
from application.history import HistoryEntry
from infrastructure.jwks import Principal

_encoder = msgspec.json.Encoder()


def event_type_name(entry: HistoryEntry) -> str:
    """The public event name: ``Task.Created`` is ``TaskCreated``."""
    return entry.type if entry.type.startswith("Task") else f"Task{entry.type}"


def history_item(entry: HistoryEntry) -> HistoryItem:
    """One history entry in the shape of docs/api.md section 5 (plus the hash chain)."""
    return HistoryItem(
        position=entry.position,
        version=entry.version,
        type=event_type_name(entry),
        at=entry.at,
        actor=entry.actor,
        correlation_id=entry.correlation_id,
        data=entry.data,
        hash=entry.hash,
        prev_hash=entry.prev_hash,
    )


class HistoryController(Controller):
    """A task's stored events, deleted tasks included."""

    path = "/api/v1/tasks"
    tags = ["history and audit"]

    @get(
        "/{task_id:uuid}/history",
        responses=READ_PROBLEMS,
        summary="Every event of a task, in order",
    )
    async def history(
        self,
        request: Request[Principal, str, Any],
        resources: NamedDependency[Resources],
        task_id: FromPath[UUID],
    ) -> Response[list[HistoryItem]]:
        """Owner or auditor; another user's task is 404."""
        call = partial(
            resources.application.history, task_id, user_id=owner_filter(principal_of(request))
        )
        entries: list[HistoryEntry] = await resources.run_in_worker(call)
        body: Any = _encoder.encode([history_item(entry) for entry in entries])
        return Response(content=body, media_type=JSON)
