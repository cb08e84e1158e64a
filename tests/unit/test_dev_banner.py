"""``tasklog dev`` prints a console link signed in as the dev user, with the same token."""

from __future__ import annotations

from pathlib import Path

from api.devserver import DevEnvironment, banner
from infrastructure.settings import Settings


def test_the_banner_links_the_console_with_the_dev_token_in_the_fragment(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, env="dev")

    dev = DevEnvironment(settings=settings, embedded_postgres=False, embedded_redis=False)

    lines = banner(dev, host="0.0.0.0", port=8123).splitlines()

    token = next(line for line in lines if line.startswith("export TASKLOG_TOKEN=")).split("=", 1)[
        1
    ]
    link = next(line for line in lines if "/console" in line)
    assert link.endswith(f"http://127.0.0.1:8123/console#token={token}")
    assert "'dev'" in link
