"""Verification in worker processes (one id range each, one exported snapshot) finds what the
single pass finds: the same findings, the same counts, on a store damaged in every way."""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID, uuid4

import pytest
from psycopg import sql

from audit.findings import Finding, Summary
from audit.owners import event_tables
from audit.verify import StoreVerifier
from audit.verify_ranges import id_ranges
from infrastructure.eventstore import build_task_application
from infrastructure.settings import Settings
from projections.projector import Projector
from projections.runner.config import RunnerConfig
from projections.task_list.rows import COLUMNS
from tests.audit_support import events_table, execute
from tests.integration.projection_support import wait_for_position
from tests.integration.rebuild_support import read_model_rows, write_every_kind_of_event
from tests.service_urls import database_url_of

pytestmark = pytest.mark.slow


def verify(settings: Settings, workers: int) -> tuple[list[str], Summary]:
    """Every finding (as text, sorted) and the summary of a verification."""
    url = database_url_of(settings)
    app = build_task_application(url, settings.database_schema, 1)
    found: list[Finding] = []
    try:
        verifier = StoreVerifier(
            url,
            event_tables(app.recorder, settings.database_schema),
            app.mapper,
            application_name=app.name,
            batch=50,
            workers=workers,
        )
        summary = verifier.run(found.append)
    finally:
        app.close()
    return sorted(str(finding) for finding in found), summary


def test_id_ranges_cover_every_id_once() -> None:
    ranges = id_ranges(3)
    assert ranges[0][0] is None
    assert ranges[-1][1] is None
    assert [upper for _, upper in ranges[:-1]] == [lower for lower, _ in ranges[1:]]
    for task_id in [UUID(int=0), UUID(int=2**128 - 1), uuid4(), uuid4(), uuid4()]:
        holding = [
            (lower, upper)
            for lower, upper in ranges
            if (lower is None or task_id >= lower) and (upper is None or task_id < upper)
        ]
        assert len(holding) == 1


def test_workers_find_what_one_pass_finds(settings: Settings) -> None:
    url, schema = database_url_of(settings), settings.database_schema
    with Projector.from_settings(settings, RunnerConfig(batch_size=50)) as live:
        store = write_every_kind_of_event(live.app, users=12, tasks_per_user=4)
        wait_for_position(url, schema, "task_list", store.position, 120)
    clean, clean_summary = verify(settings, workers=3)
    assert clean == []
    assert clean_summary.ok
    assert clean_summary.events >= store.position - 1  # every event, in three ranges

    # Damage spread over the id space: one task per kind, ids taken in order.
    ids = sorted(store.ids)
    with_rows = sorted(row[0] for row in read_model_rows(url, schema)[0])
    edited, undecodable = ids[2], ids[len(ids) // 2]
    missing, tampered = with_rows[-3], with_rows[-1]
    events, task_list = events_table(schema), sql.Identifier(schema, "task_list")
    execute(
        url,
        sql.SQL(
            "UPDATE {} SET state = convert_to(replace(convert_from(state, 'UTF8'), "
            "'\"_data_\":\"20', '\"_data_\":\"19'), 'UTF8') "
            "WHERE originator_id = %s AND originator_version = 1"
        ).format(events),
        (edited,),
    )
    execute(
        url,
        sql.SQL(
            "UPDATE {} SET state = '\\x00ff'::bytea WHERE originator_id = %s "
            "AND originator_version = 1"
        ).format(events),
        (undecodable,),
    )
    execute(url, sql.SQL("DELETE FROM {} WHERE id = %s").format(task_list), (missing,))
    execute(
        url,
        sql.SQL(
            'UPDATE {} SET doc = replace(doc, \'"title":"\', \'"title":"x\') WHERE id = %s'
        ).format(task_list),
        (tampered,),
    )
    others = [column for column in COLUMNS if column != "id"]
    extra = UUID(int=2**127 + 12345)  # in the middle range
    execute(
        url,
        sql.SQL(
            "INSERT INTO {table} (id, {columns}) SELECT %s, {columns} FROM {table} WHERE id = %s"
        ).format(table=task_list, columns=sql.SQL(", ").join(map(sql.Identifier, others))),
        (extra, with_rows[5]),
    )

    single, single_summary = verify(settings, workers=1)
    parallel, parallel_summary = verify(settings, workers=3)
    assert parallel == single
    assert replace(parallel_summary, damaged=[]) == replace(single_summary, damaged=[])
    named = {UUID(finding.split(" ")[1].rstrip(":")) for finding in single}
    assert {edited, undecodable, missing, tampered, extra} <= named
    assert single_summary.broken_tasks >= 2
    assert sorted(single_summary.damaged) == sorted(parallel_summary.damaged)
