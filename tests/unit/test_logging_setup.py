"""configure_logging, uvicorn's access log (``--no-access-log`` must stay off), JSON lines."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import date

import pytest

from infrastructure.logging import UVICORN_ACCESS_LOGGER, JsonFormatter, configure_logging


@pytest.fixture
def access_logger() -> Iterator[logging.Logger]:
    """uvicorn's access logger, restored after the test (and the root's handlers)."""
    logger = logging.getLogger(UVICORN_ACCESS_LOGGER)
    root = logging.getLogger()
    saved = (list(logger.handlers), logger.propagate, list(root.handlers), root.level)
    yield logger
    logger.handlers[:] = saved[0]
    logger.propagate = saved[1]
    root.handlers[:] = saved[2]
    root.setLevel(saved[3])


def test_access_lines_stay_off_when_uvicorn_turned_them_off(
    access_logger: logging.Logger,
) -> None:
    # What uvicorn's Config.configure_logging does for access_log=False (log_config=None),
    # in each worker before it calls the app factory (which calls configure_logging).
    access_logger.handlers = []
    access_logger.propagate = False
    configure_logging("INFO")
    # uvicorn's HTTP protocols write an access line only when the logger has handlers.
    assert not access_logger.hasHandlers()


def test_access_lines_reach_our_handler_when_uvicorn_keeps_them(
    access_logger: logging.Logger,
) -> None:
    access_logger.handlers = [logging.NullHandler()]  # uvicorn's own, replaced by ours
    access_logger.propagate = False
    configure_logging("INFO")
    assert access_logger.handlers == []
    assert access_logger.propagate
    assert access_logger.hasHandlers()


def test_a_line_holds_extra_fields_of_any_type() -> None:
    record = logging.LogRecord("tasklog.test", logging.INFO, "", 0, "at %s", ("home",), None)
    record.day = date(2030, 1, 2)
    record.thing = object()

    document = json.loads(JsonFormatter().format(record))

    assert document["message"] == "at home"
    assert document["day"] == "2030-01-02"
    assert document["thing"].startswith("<object object")


def test_a_message_msgspec_cannot_encode_is_still_one_json_line() -> None:
    record = logging.LogRecord("tasklog.test", logging.INFO, "", 0, "lone \ud800", (), None)

    line = JsonFormatter().format(record)

    assert "\n" not in line
    assert json.loads(line)["message"] == "lone \ud800"
