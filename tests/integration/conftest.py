"""Fixtures the integration tests share: the write model on the test's own schema."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from application.tasks import TaskApplication
from infrastructure.eventstore import build_task_application
from infrastructure.settings import Settings


@pytest.fixture
def app(settings: Settings) -> Iterator[TaskApplication]:
    """A ``TaskApplication`` on the test's database and schema (4 connections), closed after."""
    assert settings.database_url is not None
    application = build_task_application(settings.database_url, settings.database_schema, 4)
    yield application
    application.close()
