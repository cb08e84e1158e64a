"""Refuse request bodies nested deeper than ``MAX_JSON_DEPTH`` before anything decodes them.

Runs innermost, just before the handler, after the idempotency middleware has replayed
the body. Litestar decodes a handler's ``data`` as JSON whatever the ``Content-Type``
says, so every POST, PUT and PATCH body is checked. The body is read through Litestar's
``Request``, which keeps it in the scope, so the handler does not read it twice.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

from api.json_depth import MAX_JSON_DEPTH, nests_deeper_than
from api.problems import ApiProblem
from domain.errors import FieldError

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})

TOO_DEEP = FieldError("body", f"must not nest arrays and objects more than {MAX_JSON_DEPTH} deep")


class JsonDepthMiddleware:
    """Answers 400 naming ``body`` when a request body nests too deeply."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``."""
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the body of a request that may carry one, then pass the request on."""
        if scope["type"] == ScopeType.HTTP and scope["method"] in BODY_METHODS:
            body = await Request[Any, Any, Any](scope, receive).body()
            if nests_deeper_than(body, MAX_JSON_DEPTH):
                raise ApiProblem(400, "The request body nests too deeply", errors=[TOO_DEEP])
        await self._app(scope, receive, send)
