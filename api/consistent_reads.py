"""Reads from the projections that wait, when asked, until the read model is fresh enough.

Every answer carries ``Tasklog-Projection-Position``; ``Tasklog-Min-Position`` (header)
or ``min_position`` (query) makes the read wait for the projection, woken by NOTIFY,
for at most ``TASKLOG_CONSISTENCY_TIMEOUT_MS``, else 503 with ``Retry-After: 1``
(docs/api.md section 4).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from litestar import Request
from litestar.datastructures import ResponseHeader

from api.problems import READ_PROBLEMS, ApiProblem, problem_spec
from domain.errors import FieldError
from infrastructure.pools import retry_read
from projections.consistency import ConsistencyTimeout
from projections.read_side import ReadModels
from projections.task_list.projection import TaskListProjection

POSITION_HEADER = "Tasklog-Projection-Position"
MIN_POSITION_HEADER = "Tasklog-Min-Position"
TASK_LIST = TaskListProjection.name

T = TypeVar("T")

QUERY_PROBLEMS = {
    **READ_PROBLEMS,
    503: problem_spec("The projection did not reach Tasklog-Min-Position in time (Retry-After)"),
}
POSITION_RESPONSE = ResponseHeader(
    name=POSITION_HEADER,
    description="The event position the answering projection has reached",
    documentation_only=True,
)


def wanted_position(request: Request[Any, Any, Any]) -> int | None:
    """The position the caller wants to read at least (header, else query parameter).

    Raises:
        ApiProblem: 400 when it is not a non-negative integer.
    """
    header = request.headers.get(MIN_POSITION_HEADER)
    query = request.query_params.get("min_position")
    errors = []
    wanted: int | None = None
    for field, raw in ((MIN_POSITION_HEADER, header), ("min_position", query)):
        if raw is None:
            continue
        text = raw.strip()
        if not (text.isascii() and text.isdigit()) or len(text) > 18:
            errors.append(FieldError(field, "must be a non-negative integer"))
        else:
            wanted = max(wanted or 0, int(text))
    if errors:
        raise ApiProblem(400, "The request has invalid fields", errors=errors)
    return wanted


async def consistent_read(
    request: Request[Any, Any, Any],
    read_models: ReadModels,
    read: Callable[[Any], Awaitable[T]],
    *,
    projection: str = TASK_LIST,
) -> T:
    """Run ``read(connection)`` once ``projection`` reached the caller's minimum position."""
    wanted = wanted_position(request)

    async def attempt() -> T:
        return await retry_read(read_models.pool, read)

    try:
        result: T = await read_models.watch.read_at_least(
            projection, wanted, read_models.consistency_timeout_s, attempt
        )
    except ConsistencyTimeout as timeout:
        raise ApiProblem(
            503,
            f"The read model has not reached position {timeout.wanted} yet",
            headers={"Retry-After": "1", POSITION_HEADER: str(timeout.reached)},
        ) from None
    return result
