"""``tasklog audit verify`` keeps its memory flat however many events it checks.

50,000 seeded events of 5,000 tasks, folded into ``task_list`` by the real projection;
``tracemalloc`` watches every allocation while the verifier streams both tables. Once
both cursors have fetched a second batch (a third of the way through), the peak must
already be the peak of the whole run.
"""

from __future__ import annotations

import tracemalloc
from dataclasses import replace

import pytest

from audit.findings import Finding
from audit.owners import event_tables
from audit.verify import StoreVerifier
from infrastructure.datastore import build_datastore
from infrastructure.eventstore import build_task_application
from infrastructure.settings import Settings
from projections.projector import Projector
from projections.runner.config import RunnerConfig
from projections.task_list.projection import TaskListProjection
from tests.audit_support import seed_events
from tests.integration.projection_support import wait_for_position
from tests.service_urls import database_url_of

TASKS = 5_000
EVENTS_PER_TASK = 10
TOTAL = TASKS * EVENTS_PER_TASK


@pytest.fixture
def projected_store(settings: Settings) -> Settings:
    """The seeded events, with the task_list read model caught up to them."""
    url = settings.database_url
    assert url is not None
    schema = settings.database_schema
    app = build_task_application(url, schema, 2)
    seed_events(app, url, schema, tasks=TASKS, events_per_task=EVENTS_PER_TASK)
    projector = Projector(
        app,
        build_datastore(url, schema, 4),
        url,
        projections=(TaskListProjection,),
        config=RunnerConfig(batch_size=2_000),
    )
    with projector:
        wait_for_position(url, schema, "task_list", TOTAL, timeout=600)
    return replace(settings, eventstore_pool_size=2)


@pytest.mark.slow
def test_verify_memory_does_not_grow_with_the_events_checked(projected_store: Settings) -> None:
    settings = projected_store
    url = database_url_of(settings)
    app = build_task_application(url, settings.database_schema, 1)
    verifier = StoreVerifier(
        url,
        event_tables(app.recorder, settings.database_schema),
        app.mapper,
        application_name=app.name,
        batch=1_000,
        workers=1,  # this process: what tracemalloc sees (workers run the same pass)
    )
    findings: list[Finding] = []
    checked = 0
    early_peak = 0
    early_current = 0

    def progress(done: int) -> None:
        nonlocal checked, early_peak, early_current
        checked += done
        if not early_peak and checked >= TOTAL // 3:
            early_current, early_peak = tracemalloc.get_traced_memory()

    tracemalloc.start()
    try:
        summary = verifier.run(findings.append, on_progress=progress)
        final_current, final_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        app.close()

    assert findings == []
    assert summary.ok
    assert summary.events == TOTAL
    assert summary.tasks == TASKS
    assert summary.read_model_position == TOTAL
    print(
        f"\nverify: peak {early_peak / 1e6:.2f} MB after a third, "
        f"{final_peak / 1e6:.2f} MB at the end"
    )
    assert final_peak < early_peak + 500_000
    assert final_current < early_current + 500_000
    assert final_peak < 16_000_000
