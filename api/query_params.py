"""Query parameters read exactly as docs/api.md writes them.

Litestar converts query strings leniently: ``since=-5`` becomes a Unix time and
``limit=1.0`` becomes 1. The contract says instants are RFC 3339 with an offset and counts
are integers, so these helpers refuse anything else with a 400 that names the parameter.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Request
from litestar.openapi.spec.enums import OpenAPIFormat
from litestar.params import QueryParameter

from api.problems import ApiProblem
from domain.draft import INSTANT_RULE
from domain.errors import FieldError

WHOLE_NUMBER_RULE = "must be a whole number written in digits"
"""Said of a count written otherwise; a ``+`` offset in an instant must be sent as ``%2B``."""

InstantText = Annotated[str, QueryParameter(format=OpenAPIFormat.DATE_TIME)]
"""A query instant, kept as text for ``instant`` to parse, documented as ``date-time``.
Use it as ``Annotated[InstantText | None, QueryParameter(description=...)]``."""


def instant(name: str, raw: str | None) -> datetime | None:
    """The instant in query parameter ``name`` (None when it is absent).

    Parsed as msgspec parses instants in bodies (RFC 3339), never as a number.

    Raises:
        ApiProblem: 400 naming ``name`` when ``raw`` is not an instant with an offset.
    """
    if raw is None:
        return None
    try:
        value = msgspec.convert(raw, datetime, strict=True)
    except msgspec.ValidationError:
        value = None
    if value is None or value.tzinfo is None:
        raise ApiProblem(
            400,
            f"{name} is not an RFC 3339 instant",
            errors=[FieldError(name, f"must be {INSTANT_RULE}")],
        )
    return value


def require_whole_numbers(request: Request[Any, Any, Any], *names: str) -> None:
    """Refuse integer parameters that Litestar took from another spelling (``1.0``, ``1e2``).

    Their range is checked by the handler's declaration; this checks how they are written.

    Raises:
        ApiProblem: 400 naming every such parameter.
    """
    errors = [
        FieldError(name, WHOLE_NUMBER_RULE)
        for name in names
        for raw in request.query_params.getall(name, [])
        if not (raw.isascii() and raw.isdigit())
    ]
    if errors:
        raise ApiProblem(400, "The request has invalid fields", errors=errors)
