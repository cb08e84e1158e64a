"""``GET /api/v1/tags``: the caller's tags with open and total task counts (section 4)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import Parameter

from api.consistent_reads import POSITION_HEADER, POSITION_RESPONSE, QUERY_PROBLEMS, consistent_read
from api.middleware.auth import principal_of
from api.responses import JSON
from infrastructure.jwks import Principal
from projections.read_side import ReadModels
from projections.task_list.queries import tag_counts


class TagController(Controller):
    """The caller's tags, from the ``task_list`` read model."""

    path = "/api/v1/tags"
    tags = ["tasks: queries"]

    @get(
        "/",
        responses=QUERY_PROBLEMS,
        summary="The caller's tags with open and total task counts",
        response_headers=[POSITION_RESPONSE],
    )
    async def list_tags(
        self,
        request: Request[Principal, str, Any],
        read_models: NamedDependency[ReadModels],
        min_position: Annotated[
            str | None, Parameter(description="Wait for this projection position")
        ] = None,
    ) -> Response[list[dict[str, Any]]]:
        """``[{"tag", "open", "total"}]`` sorted by tag."""
        owner = principal_of(request).user_id
        counts = await consistent_read(
            request,
            read_models,
            lambda connection: tag_counts(connection, read_models.schema, owner=owner),
        )
        response: Response[Any] = Response(
            content=counts.body.encode(),
            media_type=JSON,
            headers={POSITION_HEADER: str(counts.position)},
        )
        return response
