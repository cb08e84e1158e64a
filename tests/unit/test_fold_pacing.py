"""Fold pacing settings: which interval each read model gets, and the TASKLOG_* variables."""

from __future__ import annotations

import pytest

from infrastructure.settings import Settings, SettingsError
from projections.registry import projection_named
from projections.runner.config import RunnerConfig


def test_reads_wait_on_task_list_so_it_gets_the_short_interval() -> None:
    config = RunnerConfig()

    assert config.fold_interval(projection_named("task_list")) == config.fold_interval_s
    # Reads seldom wait on notifications: paced like the job views, folded on demand.
    assert projection_named("notifications").folds_on_demand
    assert config.fold_interval(projection_named("notifications")) == config.job_fold_interval_s
    assert config.fold_interval(projection_named("recurrence")) == config.job_fold_interval_s
    assert config.fold_interval(projection_named("reminders")) == config.job_fold_interval_s
    assert 0 < config.fold_interval_s < config.job_fold_interval_s


def test_a_read_model_can_be_given_its_own_interval() -> None:
    config = RunnerConfig(
        fold_interval_s=0.05, job_fold_interval_s=0.2, fold_intervals={"reminders": 0.0}
    )

    assert config.fold_interval(projection_named("task_list")) == 0.05
    assert config.fold_interval(projection_named("recurrence")) == 0.2
    assert config.fold_interval(projection_named("reminders")) == 0.0


def test_interval_settings_default_to_the_runner_defaults() -> None:
    settings = Settings.from_env({})
    config = RunnerConfig()

    assert settings.projector_fold_interval_ms / 1000 == config.fold_interval_s
    assert settings.projector_job_fold_interval_ms / 1000 == config.job_fold_interval_s


def test_interval_settings_are_read() -> None:
    settings = Settings.from_env(
        {
            "TASKLOG_PROJECTOR_FOLD_INTERVAL_MS": "0",
            "TASKLOG_PROJECTOR_JOB_FOLD_INTERVAL_MS": "250",
        }
    )

    assert settings.projector_fold_interval_ms == 0
    assert settings.projector_job_fold_interval_ms == 250


@pytest.mark.parametrize(
    "name", ["TASKLOG_PROJECTOR_FOLD_INTERVAL_MS", "TASKLOG_PROJECTOR_JOB_FOLD_INTERVAL_MS"]
)
@pytest.mark.parametrize("value", ["-1", "0.5", "soon"])
def test_a_bad_interval_is_refused(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})
