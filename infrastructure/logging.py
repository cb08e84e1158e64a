"""Process-wide logging: one plain line format on stderr, level from ``TASKLOG_LOG_LEVEL``."""

from __future__ import annotations

import logging
import sys

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(level: str) -> None:
    """Send every logger (uvicorn's included) to stderr at ``level``; call once per process.

    Args:
        level: A level name such as ``INFO`` (``Settings.log_level``).
    """
    root = logging.getLogger()
    root.setLevel(level)
    if not any(getattr(h, "_tasklog", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(FORMAT))
        handler._tasklog = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
