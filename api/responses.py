"""Task responses and the conditional headers of commands (``ETag``, ``If-Match``)."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Response
from litestar.datastructures import ResponseHeader

from application.tasks import CommandResult
from application.views import task_resource
from domain.task import Task

JSON = "application/json"
POSITION_HEADER = "Tasklog-Position"

_encoder = msgspec.json.Encoder()


def etag(version: int) -> str:
    """The strong entity tag of a task version: ``"<version>"``."""
    return f'"{version}"'


UNMATCHABLE_VERSION = 0
"""What an ``If-Match`` naming no usable version asks for: tasks start at version 1, so it
matches none. The command still loads the task first, so a task the caller cannot see is
404 whatever ``If-Match`` says, and only a visible one answers 412."""


def expected_version(if_match: str | None) -> int | None:
    """The version an ``If-Match`` header requires (None: no condition, or ``*``).

    An empty or malformed header cannot match: it yields ``UNMATCHABLE_VERSION``.
    """
    if if_match is None:
        return None
    text = if_match.strip()
    if text == "*":
        return None
    text = text.removeprefix("W/").strip('"')
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        return UNMATCHABLE_VERSION
    return int(text)


def task_response(
    task: Task, *, status: int = 200, headers: dict[str, str] | None = None
) -> Response[Any]:
    """The task resource as JSON with its ``ETag``."""
    return Response(
        content=_encoder.encode(task_resource(task)),
        status_code=status,
        media_type=JSON,
        headers={"ETag": etag(task.version), **(headers or {})},
    )


def command_response(
    result: CommandResult, *, status: int = 200, location: bool = False
) -> Response[Any]:
    """A command's answer: the task as now stored, ``ETag`` and ``Tasklog-Position``."""
    headers = {POSITION_HEADER: str(result.position)}
    if location:
        headers["Location"] = f"/api/v1/tasks/{result.task.id}"
    return task_response(result.task, status=status, headers=headers)


ETAG_HEADER = ResponseHeader(
    name="ETag", description='The task version: `"<version>"`', documentation_only=True
)
POSITION_RESPONSE_HEADER = ResponseHeader(
    name=POSITION_HEADER,
    description="Global event position of the command's last event (or the task's latest)",
    documentation_only=True,
)
LOCATION_HEADER = ResponseHeader(
    name="Location", description="The new task's URL", documentation_only=True
)
