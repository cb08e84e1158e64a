"""A Litestar app class whose controllers may share paths (commands and queries do).

Litestar 2 gives every route an automatic OPTIONS handler. When a second controller adds
methods to a path another controller already serves, both OPTIONS handlers end up on one
route and registration fails ("Handler already registered ... OPTIONS"). Dropping the
automatic ones while merging lets the merged route make one fresh handler whose
``Allow`` header lists every method of the path.
"""

from __future__ import annotations

from typing import Any

from litestar import Litestar, Router
from litestar.handlers import HTTPRouteHandler

_AUTOMATIC_OPTIONS = "options_handler"  # the function name Litestar's HTTPRoute gives it


def _is_automatic_options(handler: Any) -> bool:
    return isinstance(handler, HTTPRouteHandler) and (
        getattr(handler.fn, "__name__", "") == _AUTOMATIC_OPTIONS
    )


def _without_automatic_options(route_map: dict[str, Any]) -> dict[str, Any]:
    return {
        path: {
            m: h for m, h in methods.items() if not (m == "OPTIONS" and _is_automatic_options(h))
        }
        for path, methods in route_map.items()
    }


class SharedPathsLitestar(Litestar):
    """``Litestar`` that merges controllers registered on the same path."""

    @classmethod
    def get_route_handler_map(cls, value: Any) -> Any:
        """The handlers ``value`` adds, without its automatic OPTIONS handlers."""
        route_map = super().get_route_handler_map(value)
        if isinstance(value, Router):
            return _without_automatic_options(route_map)
        return route_map

    @property
    def route_handler_method_map(self) -> Any:
        """The handlers already registered, without automatic OPTIONS handlers."""
        return _without_automatic_options(super().route_handler_method_map)
