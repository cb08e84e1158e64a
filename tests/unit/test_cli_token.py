"""``tasklog token``: mints dev tokens only for user ids the API accepts."""

from __future__ import annotations

from pathlib import Path

import jwt
from click.testing import CliRunner

from api.cli_token import token
from infrastructure.settings import Settings


def settings_in(directory: Path) -> Settings:
    return Settings.from_env({"TASKLOG_ENV": "test", "TASKLOG_DATA_DIR": str(directory)})


def test_a_token_is_printed_for_a_plain_user(tmp_path: Path) -> None:
    result = CliRunner().invoke(token, ["alice", "--roles", "auditor"], obj=settings_in(tmp_path))

    assert result.exit_code == 0, result.output
    claims = jwt.decode(result.output.strip(), options={"verify_signature": False})
    assert (claims["sub"], claims["roles"]) == ("alice", ["auditor"])


def test_a_reserved_or_malformed_user_is_refused(tmp_path: Path) -> None:
    for user in ("system:recurrence", "x" * 256, "a\nb"):
        result = CliRunner().invoke(token, [user], obj=settings_in(tmp_path))

        assert result.exit_code == 2, result.output
        assert "USER" in result.output
