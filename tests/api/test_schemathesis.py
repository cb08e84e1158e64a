"""schemathesis against the live OpenAPI document of ``tasklog serve``: no 5xx, no drift.

Bounded: a fixed seed, a few dozen examples per operation, well under two minutes. It
covers every ``/api/v1`` operation (commands, reads, history, audit, operations) with a
token holding both roles, plus health and metrics.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from api.devtokens import mint_dev_token
from infrastructure.settings import Settings
from tests.api.processes import free_port, output, running, tasklog_env, wait_until_live

PATHS = r"^/(api/v1|health|metrics)"
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)
SCHEMATHESIS = str(Path(sys.executable).with_name("st"))


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_the_live_api_keeps_to_its_openapi_document(
    database_url: str, schema: str, redis_url: str, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    data_dir = tmp_path / "data"
    env = tasklog_env(
        TASKLOG_DATABASE_URL=database_url,
        TASKLOG_DATABASE_SCHEMA=schema,
        TASKLOG_REDIS_URL=redis_url,
        TASKLOG_DATA_DIR=str(data_dir),
        TASKLOG_ENV="test",
    )
    token = mint_dev_token(
        Settings(data_dir=data_dir), "schemathesis", ["auditor", "operator"], 600
    )

    with running(["serve", "--port", str(port), "--no-access-log"], env, tmp_path) as server:
        wait_until_live(base, server, tmp_path)
        result = subprocess.run(
            [
                SCHEMATHESIS,
                "run",
                f"{base}/schema/openapi.json",
                "--include-path-regex",
                PATHS,
                "--checks",
                CHECKS,
                "--phases",
                "examples,coverage,fuzzing,stateful",
                "--max-examples",
                "25",
                "--seed",
                "20261127",
                "--generation-database",
                "none",
                "--request-timeout",
                "10",
                "--header",
                f"Authorization: Bearer {token}",
                "--no-color",
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=150,
            check=False,
        )

    assert result.returncode == 0, (
        result.stdout[-8000:] + result.stderr[-2000:] + "\nserver log:\n" + output(tmp_path)[-4000:]
    )
