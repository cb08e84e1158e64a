"""Fixtures for browser tests: the API as production runs it (``tasklog serve`` and
``tasklog projector`` processes), the test page on two other loopback origins (one allowed
by ``TASKLOG_CORS_ORIGINS``, one not), and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import functools
import threading
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from psycopg import sql

from api.devtokens import mint_dev_token
from infrastructure.settings import Settings
from tests.api.processes import free_port, running, tasklog_env, wait_until_live
from tests.polling import wait_until

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's chromium package; Playwright cannot download its own browser builds here."""

PAGE_DIR = Path(__file__).parent / "page"
TASKS = "/api/v1/tasks"


@dataclass(frozen=True)
class Origins:
    """Where the test page is served: ``allowed`` is in TASKLOG_CORS_ORIGINS, ``other`` not."""

    allowed: str
    other: str


@dataclass(frozen=True)
class Api:
    """A running API and a way to mint tokens it accepts."""

    base: str
    data_dir: Path

    def token(self, user: str) -> str:
        """A bearer token for ``user`` signed with the dev key the API verifies with."""
        return mint_dev_token(Settings(data_dir=self.data_dir), user, [], 600)


class _QuietFiles(SimpleHTTPRequestHandler):
    """Serves the page's files without a log line per request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def static_site(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on a free loopback port; yields the site's origin."""
    handler = functools.partial(_QuietFiles, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="test-page", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def origins() -> Iterator[Origins]:
    with static_site(PAGE_DIR) as allowed, static_site(PAGE_DIR) as other:
        yield Origins(allowed=allowed, other=other)


@pytest.fixture(scope="module")
def browser_schema(database_url: str) -> Iterator[str]:
    """A schema of its own for the module's API processes, dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
    yield name
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def api(
    database_url: str,
    redis_url: str,
    browser_schema: str,
    origins: Origins,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Api]:
    """``tasklog serve`` allowing the page's first origin, with ``tasklog projector``."""
    root = tmp_path_factory.mktemp("browser-api")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = tasklog_env(
        TASKLOG_DATABASE_URL=database_url,
        TASKLOG_DATABASE_SCHEMA=browser_schema,
        TASKLOG_REDIS_URL=redis_url,
        TASKLOG_DATA_DIR=str(root / "data"),
        TASKLOG_ENV="test",
        TASKLOG_LOG_LEVEL="WARNING",
        TASKLOG_CORS_ORIGINS=origins.allowed,
        # A few requests at a time: leave PostgreSQL's connections to the rest of the suite.
        TASKLOG_DB_POOL_SIZE="2",
        TASKLOG_EVENTSTORE_POOL_SIZE="2",
    )
    (root / "api").mkdir()
    (root / "projector").mkdir()
    with ExitStack() as stack:
        server = stack.enter_context(
            running(["serve", "--port", str(port), "--no-access-log"], env, root / "api")
        )
        wait_until_live(base, server, root / "api")
        stack.enter_context(running(["projector"], env, root / "projector"))
        yield Api(base=base, data_dir=root / "data")


def read_your_write(api: Api, token: str, position: str, timeout_s: float = 30) -> list[Any]:
    """The caller's list once the projector has folded ``position`` (it may still start)."""
    headers = {"Authorization": f"Bearer {token}", "Tasklog-Min-Position": position}

    def answered() -> httpx.Response | None:
        response = httpx.get(f"{api.base}{TASKS}", headers=headers, timeout=10)
        assert response.status_code in (200, 503), response.text
        return response if response.status_code == 200 else None

    response = wait_until(
        answered, timeout_s=timeout_s, message="the projector did not fold the write in time"
    )
    answer: list[Any] = response.json()
    return answer


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package (.ci/run does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--disable-dev-shm-usage"]
        )
        yield browser
        browser.close()


@dataclass
class Tab:
    """A fresh browser page and every URL it requested."""

    page: Page
    requested: list[str]


@pytest.fixture
def tab(chromium: Browser) -> Iterator[Tab]:
    context = chromium.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        yield Tab(page=page, requested=requested)
    finally:
        context.close()
