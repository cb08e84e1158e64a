"""What every task command does around the write model: its headers, event metadata, the
worker thread that runs it, and its metric (docs/api.md section 3)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from litestar import Request
from litestar.params import HeaderParameter

from api.middleware.auth import principal_of
from api.middleware.edge import request_id
from api.resources import Resources
from application.tasks import CommandResult
from domain.task import EventMeta
from infrastructure.jwks import Principal

IfMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match", description='`"<version>"`: act only on that version, else 412'
    ),
]
IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="Same key, same request within 24 h: the first response again",
    ),
]
"""Declared for the OpenAPI document; ``IdempotencyMiddleware`` acts on it."""


def event_meta(request: Request[Principal, str, Any]) -> EventMeta:
    """Who writes the command's events (``sub``) and the request they belong to."""
    return EventMeta(actor=principal_of(request).user_id, correlation_id=request_id(request.scope))


async def run_command(
    resources: Resources, command: str, call: Callable[[], CommandResult]
) -> CommandResult:
    """Run ``call`` on a worker thread and count it as ``command`` (written or not)."""
    result: CommandResult = await resources.run_in_worker(call)
    resources.metrics.observe_command(command, written=result.written)
    return result
