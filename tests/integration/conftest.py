"""Fixtures the integration tests share: the write model on the test's own schema."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from application.tasks import TaskApplication
from infrastructure.eventstore import build_task_application
from infrastructure.settings import Settings
from tests.service_urls import database_url_of


@pytest.fixture
def app_pool_size() -> int:
    """Connections of the ``app`` fixture's pool (a module overrides it for more writers)."""
    return 4


@pytest.fixture
def app(settings: Settings, app_pool_size: int) -> Iterator[TaskApplication]:
    """A ``TaskApplication`` on the test's database and schema, closed after."""
    application = build_task_application(
        database_url_of(settings), settings.database_schema, app_pool_size
    )
    yield application
    application.close()
