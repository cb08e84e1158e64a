"""``GET /api/v1/notifications``: the reminders that fired for the caller, newest first.

Served from the ``notifications`` read model (docs/api.md section 4), with the read side's
``Tasklog-Projection-Position`` and ``Tasklog-Min-Position``/``min_position`` wait
(``api.consistent_reads``). ``since`` is exclusive, so a client polling with
the newest ``fired_at`` it has seen gets only what is new.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency
from litestar.params import Parameter
from msgspec import Struct

from api.consistent_reads import POSITION_HEADER, QUERY_PROBLEMS, consistent_read
from api.middleware.auth import principal_of
from api.query_params import InstantText, instant, require_whole_numbers
from api.responses import JSON
from infrastructure.jwks import Principal
from projections.notifications.projection import NotificationsProjection
from projections.notifications.queries import list_notifications
from projections.read_side import ReadModels

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Notification(Struct, kw_only=True):
    """A reminder that fired: for which task, with its title and due instant at the time."""

    id: str
    task_id: str
    title: str
    due_at: str | None
    fired_at: str
    reminder_at: str
    """The instant the reminder was set for (``fired_at`` is when it was recorded)."""


class NotificationsController(Controller):
    """The caller's fired reminders."""

    path = "/api/v1/notifications"
    tags = ["notifications"]

    @get(
        "/",
        responses=QUERY_PROBLEMS,
        summary="Reminders that fired for the caller, newest first",
        response_headers=[
            ResponseHeader(
                name=POSITION_HEADER,
                description="The event position the notifications read model has reached",
                documentation_only=True,
            )
        ],
    )
    async def list_notifications(
        self,
        request: Request[Principal, str, Any],
        read_models: NamedDependency[ReadModels],
        since: Annotated[
            InstantText | None,
            Parameter(
                description="Only reminders fired after this instant (RFC 3339, with an offset)"
            ),
        ] = None,
        limit: Annotated[int, Parameter(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
        min_position: Annotated[
            str | None, Parameter(description="Wait for this projection position")
        ] = None,
    ) -> Response[list[Notification]]:
        """Newest first; at most ``limit`` (1-200, default 50)."""
        after = instant("since", since)
        require_whole_numbers(request, "limit")
        owner = principal_of(request).user_id
        page = await consistent_read(
            request,
            read_models,
            lambda connection: list_notifications(
                connection, read_models.schema, owner=owner, since=after, limit=limit
            ),
            projection=NotificationsProjection.name,
        )
        response: Response[Any] = Response(
            content=page.body, media_type=JSON, headers={POSITION_HEADER: str(page.position)}
        )
        return response
