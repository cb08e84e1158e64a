"""Process-wide logging: one JSON object a line on stderr, level from ``TASKLOG_LOG_LEVEL``.

Every record is ``{"ts", "level", "logger", "message", ...}`` plus whatever the caller
passed as ``extra`` (each key a field), and ``exc`` with the traceback when there is one,
so a log pipeline can filter on any field without parsing text. ``log_request`` and
``log_job`` write the two structured lines operations rely on: one per HTTP request and
one per job run, each with its correlation id (the request id, or the job id that the
job's events carry as their correlation id).
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
"""The plain-text format (``configure_logging(level, json_lines=False)``)."""

ACCESS_LOGGER = "tasklog.access"
UVICORN_ACCESS_LOGGER = "uvicorn.access"
JOBS_LOGGER = "tasklog.jobs"

_access_logger = logging.getLogger(ACCESS_LOGGER)

_ENCODER = msgspec.json.Encoder(enc_hook=str)
"""Encodes each line (every request writes one, so msgspec rather than ``json``); a value of
a type msgspec does not know is written as its ``str``."""

_RECORD_ATTRIBUTES = frozenset(
    {*vars(logging.LogRecord("", logging.INFO, "", 0, "", (), None)), "message", "asctime"}
)


class JsonFormatter(logging.Formatter):
    """Formats a record as one line of JSON with its ``extra`` fields at the top level."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON object on one line."""
        document: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat().replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and not key.startswith("_"):
                document[key] = value
        if record.exc_info:
            document["exc"] = self.formatException(record.exc_info)
        elif record.stack_info:
            document["stack"] = self.formatStack(record.stack_info)
        try:
            return _ENCODER.encode(document).decode()
        except (msgspec.EncodeError, TypeError, ValueError):
            # e.g. a lone surrogate in a message: the standard library escapes it
            return json.dumps(document, default=str, ensure_ascii=False)


def configure_logging(level: str, *, json_lines: bool = True) -> None:
    """Send every logger (uvicorn's included) to stderr at ``level``; call once per process.

    Args:
        level: A level name such as ``INFO`` (``Settings.log_level``).
        json_lines: One JSON object a line (default); False for the plain text format.
    """
    root = logging.getLogger()
    root.setLevel(level)
    formatter = JsonFormatter() if json_lines else logging.Formatter(FORMAT)
    ours = [h for h in root.handlers if getattr(h, "_tasklog", False)]
    if ours:
        for handler in ours:
            handler.setFormatter(formatter)
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(formatter)
        handler._tasklog = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        if name == UVICORN_ACCESS_LOGGER and access_log_turned_off(logger):
            # ``uvicorn.run(access_log=False)`` (``tasklog serve --no-access-log``) leaves
            # this logger without handlers and not propagating, and uvicorn's protocols
            # log a request only when it ``hasHandlers()``. uvicorn does that before it
            # calls the app factory, which calls this: keep it off.
            continue
        logger.handlers.clear()
        logger.propagate = True


def log_to_file(path: Path, *, console_level: str = "WARNING") -> None:
    """Write the whole log to ``path`` too, and only ``console_level`` and above to stderr.

    For ``tasklog dev``, whose terminal should show what it printed itself (where it runs,
    a token, a curl) and problems, not every start-up step and request.
    """
    root = logging.getLogger()
    for handler in root.handlers:
        if getattr(handler, "_tasklog", False):
            handler.setLevel(console_level)
    path.parent.mkdir(parents=True, exist_ok=True)
    file_handler = logging.FileHandler(path, encoding="utf-8")
    file_handler.setFormatter(JsonFormatter())
    root.addHandler(file_handler)


def access_log_turned_off(logger: logging.Logger) -> bool:
    """Whether uvicorn was told not to write its access lines (``access_log=False``)."""
    return not logger.propagate and not logger.handlers


def log_request(
    *,
    method: str,
    path: str,
    route: str,
    status: int,
    duration_s: float,
    user: str | None,
    correlation_id: str,
) -> None:
    """Write the one line of an answered HTTP request (logger ``tasklog.access``)."""
    _access_logger.info(
        "%s %s %s",
        method,
        path,
        status,
        extra={
            "kind": "request",
            "method": method,
            "path": path,
            "route": route,
            "status": status,
            "duration_ms": round(duration_s * 1000, 3),
            "user": user,
            "correlation_id": correlation_id,
        },
    )


def log_job(
    *,
    job: str,
    job_id: str,
    attempt: int,
    outcome: str,
    duration_s: float,
    result: str | None = None,
    error: str | None = None,
) -> None:
    """Write the one line of a finished job run (logger ``tasklog.jobs``).

    Args:
        job: The job function's name.
        job_id: arq's job id; the job's events carry it as their correlation id.
        attempt: Which run of this job id it was (1 for the first).
        outcome: ``ok``, ``failed`` or ``cancelled``.
        duration_s: How long the run took.
        result: What the job returned (ok runs).
        error: The exception's type and message (failed runs).
    """
    level = logging.INFO if outcome == "ok" else logging.WARNING
    logging.getLogger(JOBS_LOGGER).log(
        level,
        "job %s %s: %s",
        job,
        job_id,
        outcome,
        extra={
            "kind": "job",
            "job": job,
            "job_id": job_id,
            "correlation_id": job_id,
            "attempt": attempt,
            "outcome": outcome,
            "duration_ms": round(duration_s * 1000, 3),
            "result": result,
            "error": error,
        },
    )
