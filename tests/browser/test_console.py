"""The console in headless Chromium against a real ``tasklog serve`` and ``tasklog projector``.

Every test signs in through the URL fragment, records every request the page makes and
every console message, and asserts that no request left 127.0.0.1 and that nothing was
logged as an error. Screenshots of each page go to the test's directory, and to
``$TASKLOG_SCREENSHOTS_DIR`` when set (``docs/`` holds the ones the README shows).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import psycopg
import pytest
from psycopg import sql

from api.devtokens import mint_dev_token
from infrastructure.eventstore import build_task_application
from infrastructure.settings import Settings
from tests.api.processes import free_port, running, tasklog_env, wait_until_live
from tests.audit_support import seed_events
from tests.integration.dead_letter_support import (
    MARKER,
    break_task_list_fold,
    fix_task_list_fold,
)
from tests.polling import wait_until

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = "TASKLOG_SCREENSHOTS_DIR"
BROWSER_WAIT_S = 90
"""How long the console's stack may take to reach a state it is waited for."""

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright for Python is not installed (dev extras)"
)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(300),
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's chromium is not installed at /usr/bin/chromium "
        "(Playwright cannot download its own browser here)",
    ),
]


@dataclass
class Stack:
    """A running API and projector on a schema of their own, and tokens for it."""

    base: str
    database_url: str
    schema: str
    data_dir: Path
    shots: Path

    def token(self, user: str, roles: tuple[str, ...] = ()) -> str:
        return mint_dev_token(Settings(data_dir=self.data_dir), user, roles, 3600)

    def call(
        self, method: str, path: str, user: str, roles: tuple[str, ...] = (), **kw: Any
    ) -> Any:
        headers = {"Authorization": f"Bearer {self.token(user, roles)}"}
        response = httpx.request(method, f"{self.base}{path}", headers=headers, timeout=10, **kw)
        assert response.is_success, response.text
        return response.json()


@pytest.fixture(scope="module")
def stack(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """``tasklog serve`` and ``tasklog projector`` on a fresh schema with a seeded store."""
    root = tmp_path_factory.mktemp("console")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    port = free_port()
    env = tasklog_env(
        TASKLOG_DATABASE_URL=database_url,
        TASKLOG_DATABASE_SCHEMA=schema,
        TASKLOG_DATA_DIR=str(root / "data"),
        TASKLOG_ENV="test",
        TASKLOG_LOG_LEVEL="WARNING",
        TASKLOG_DB_POOL_SIZE="4",
        TASKLOG_EVENTSTORE_POOL_SIZE="4",
    )
    (root / "serve").mkdir()
    (root / "projector").mkdir()
    stack = Stack(f"http://127.0.0.1:{port}", database_url, schema, root / "data", root / "shots")
    stack.shots.mkdir()
    try:
        with running(["serve", "--port", str(port), "--no-access-log"], env, root / "serve") as api:
            wait_until_live(stack.base, api, root / "serve")
            _seed(stack)
            with running(["projector"], env, root / "projector"):
                _wait_caught_up(stack)
                yield stack
    finally:
        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema))
            )


def _seed(stack: Stack) -> None:
    """60,000 events of other users (so a rebuild takes long enough to watch: several
    seconds, with worker processes), then a few
    tasks of alice and bob through the API."""
    app = build_task_application(stack.database_url, stack.schema, 1)
    try:
        seed_events(
            app,
            stack.database_url,
            stack.schema,
            tasks=12_000,
            events_per_task=5,
            owners=("carol", "dave"),
        )
    finally:
        app.close()
    for title in ("Water the plants", "Call the plumber", "Pay the rent"):
        stack.call("POST", "/api/v1/tasks", "alice", json={"title": title})
    stack.call("POST", "/api/v1/tasks", "bob", json={"title": "Bob's secret plan"})


def _statuses(stack: Stack) -> list[dict[str, Any]]:
    statuses: list[dict[str, Any]] = stack.call(
        "GET", "/api/v1/ops/projections", "ops", ("operator",)
    )
    return statuses


def _no_rebuild_running(stack: Stack) -> None:
    wait_until(
        lambda: not any(s["rebuild"] for s in _statuses(stack)),
        timeout_s=BROWSER_WAIT_S,
        interval_s=0.25,
        message="a rebuild kept running",
    )


def _wait_caught_up(stack: Stack) -> None:
    def caught_up() -> bool:
        statuses = _statuses(stack)
        return bool(statuses) and all(s["lag_events"] == 0 for s in statuses)

    wait_until(
        caught_up,
        timeout_s=BROWSER_WAIT_S,
        interval_s=0.25,
        message="the read models did not catch up",
    )


@dataclass
class Watched:
    """A page and what it did: the URL of every request and every console error."""

    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_stayed_home(self) -> None:
        hosts = {urlsplit(url).hostname for url in self.requests if not url.startswith("data:")}
        hosts.discard(None)
        assert hosts == {"127.0.0.1"}, self.requests

    def assert_no_console_error(self) -> None:
        assert self.errors == []


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def open_console(browser: Any, stack: Stack) -> Iterator[Callable[..., Watched]]:
    contexts: list[Any] = []

    def open_as(user: str, roles: tuple[str, ...], page: str = "") -> Watched:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        watched = Watched(context.new_page())
        watched.page.on("request", lambda request: watched.requests.append(request.url))
        watched.page.on(
            "console",
            lambda message: (
                watched.errors.append(message.text) if message.type == "error" else None
            ),
        )
        watched.page.on("pageerror", lambda error: watched.errors.append(str(error)))
        watched.page.goto(f"{stack.base}/console#token={stack.token(user, roles)}")
        if page:
            watched.page.click(f"nav a[data-page={page}]")
        return watched

    yield open_as
    for context in contexts:
        context.close()


def screenshot(stack: Stack, watched: Watched, name: str) -> None:
    path = stack.shots / f"console-{name}.png"
    watched.page.screenshot(path=str(path), full_page=True)
    target = os.environ.get(SCREENSHOTS)
    if target:
        shutil.copy(path, Path(target) / path.name)


OPS = ("auditor", "operator")


def test_the_token_in_the_fragment_signs_in_and_leaves_the_address_bar(
    open_console: Callable[..., Watched], stack: Stack
) -> None:
    watched = open_console("ops", OPS)
    page = watched.page

    page.wait_for_selector("#projections-table tr[data-name=task_list]")

    assert "token" not in page.url
    assert page.inner_text("#who").startswith("ops")
    assert page.evaluate("() => window.sessionStorage.length") == 1
    watched.assert_stayed_home()
    watched.assert_no_console_error()


def test_the_projections_page_shows_every_read_model_and_draws_the_lag(
    open_console: Callable[..., Watched], stack: Stack
) -> None:
    watched = open_console("ops", OPS)
    page = watched.page

    row = page.wait_for_selector("#projections-table tr[data-name=task_list]")
    page.wait_for_function(
        "() => document.querySelectorAll('#lag-chart polyline[data-name=task_list]').length == 1"
    )

    names = page.eval_on_selector_all(
        "#projections-table tbody tr", "rows => rows.map(r => r.dataset.name)"
    )
    assert sorted(names) == ["notifications", "recurrence", "reminders", "task_list"]
    head = _statuses(stack)[0]["head"]
    assert f"{head:,}" in row.inner_text()
    assert "running" in row.inner_text()
    screenshot(stack, watched, "projections")
    watched.assert_stayed_home()
    watched.assert_no_console_error()


def test_a_rebuild_shows_its_progress_and_the_swap(
    open_console: Callable[..., Watched], stack: Stack
) -> None:
    version = next(s["version"] for s in _statuses(stack) if s["name"] == "task_list")
    watched = open_console("ops", OPS)
    page = watched.page
    page.wait_for_selector("#projections-table tr[data-name=task_list] .rebuild-button")

    page.click("#projections-table tr[data-name=task_list] .rebuild-button")
    page.wait_for_selector(".rebuild[data-name=task_list] progress")
    page.wait_for_selector(".rebuild[data-name=task_list] :text-matches('[0-9,]+ events/s')")
    screenshot(stack, watched, "rebuild")
    swapped = f"version {version + 1} serves"
    page.wait_for_selector(
        f"tr[data-name=task_list] .swapped:has-text('{swapped}')", timeout=120_000
    )

    assert page.inner_text("#activity").count(f"task_list: version {version + 1} serves") == 1
    watched.assert_stayed_home()
    watched.assert_no_console_error()


def test_a_parked_event_is_listed_and_its_retry_folds_it(
    open_console: Callable[..., Watched], stack: Stack
) -> None:
    _no_rebuild_running(stack)
    break_task_list_fold(stack.database_url, stack.schema)
    try:
        poisoned = stack.call("POST", "/api/v1/tasks", "alice", json={"title": f"{MARKER} pill"})
        wait_until(
            lambda: any(s["dead_letters"] for s in _statuses(stack)),
            timeout_s=BROWSER_WAIT_S,
            interval_s=0.25,
            message="the event was not parked",
        )
    finally:
        fix_task_list_fold(stack.database_url, stack.schema)
    watched = open_console("ops", OPS)
    page = watched.page
    letter = page.wait_for_selector(".letters[data-name=task_list] tbody tr")
    assert poisoned["id"] in letter.inner_text()
    assert "refusing a marked task" in letter.inner_text()
    screenshot(stack, watched, "dead-letters")

    page.click(".letters[data-name=task_list] .retry-button")
    page.wait_for_selector("#dead-letters .empty")

    assert "was folded" in page.inner_text("#activity")
    task = stack.call("GET", f"/api/v1/tasks/{poisoned['id']}", "alice")
    assert task["title"] == f"{MARKER} pill"
    watched.assert_stayed_home()
    watched.assert_no_console_error()


def test_the_audit_log_pages_with_filters(
    open_console: Callable[..., Watched], stack: Stack
) -> None:
    watched = open_console("ops", OPS, page="audit")
    page = watched.page
    page.wait_for_selector("#log-table tbody tr")

    page.fill("#log-filters input[name=user_id]", "alice")
    page.fill("#log-filters input[name=limit]", "2")
    _page_after(page, "#log-filters button[type=submit]", "Page 1")
    first = _positions(page)
    _page_after(page, "#log-next", "Page 2")
    second = _positions(page)
    screenshot(stack, watched, "audit-log")
    _page_after(page, "#log-previous", "Page 1")

    assert len(first) == 2
    assert second
    assert min(second) > max(first)
    owners = page.eval_on_selector_all(
        "#log-table tbody tr td:nth-child(5)", "c => c.map(e => e.innerText)"
    )
    assert set(owners) == {"alice"}
    assert _positions(page) == first
    watched.assert_stayed_home()
    watched.assert_no_console_error()


def _page_after(page: Any, button: str, label: str) -> None:
    """Click ``button`` and wait for the event log page it loads, labelled ``label``."""
    page.click(button)  # the click marks the table busy until the page is shown
    page.wait_for_selector("#log-table[aria-busy=false]")
    assert page.inner_text("#log-page").startswith(f"{label} ")


def _positions(page: Any) -> list[int]:
    cells = page.eval_on_selector_all(
        "#log-table tbody tr", "rows => rows.map(r => r.dataset.position)"
    )
    return [int(cell) for cell in cells]


def test_the_history_slider_shows_each_version_and_what_changed(
    open_console: Callable[..., Watched], stack: Stack
) -> None:
    task = stack.call("POST", "/api/v1/tasks", "alice", json={"title": "Draft the report"})
    stack.call("PATCH", f"/api/v1/tasks/{task['id']}", "alice", json={"title": "Send the report"})
    stack.call("POST", f"/api/v1/tasks/{task['id']}/complete", "alice")
    watched = open_console("ops", OPS, page="audit")
    page = watched.page
    page.fill("#history-task", task["id"])
    page.click("#task-history button[type=submit]")
    page.wait_for_selector("#history-slider")
    page.wait_for_function(
        "() => document.querySelector('#history-version').innerText === '3 of 3'"
    )

    _slide(page, 2)
    page.wait_for_selector("#history-changes tr[data-field=title]")
    changed = page.inner_text("#history-changes tr[data-field=title]")
    screenshot(stack, watched, "history")
    _slide(page, 1)
    page.wait_for_selector("#history-detail:has-text('Version 1: TaskCreated')")

    assert "Draft the report" in changed
    assert "Send the report" in changed
    assert "Draft the report" in page.inner_text("#history-detail")
    watched.assert_stayed_home()
    watched.assert_no_console_error()


def _slide(page: Any, version: int) -> None:
    slider = page.locator("#history-slider")
    slider.focus()
    current = int(slider.input_value())
    key = "ArrowLeft" if version < current else "ArrowRight"
    for _ in range(abs(current - version)):
        page.keyboard.press(key)
    page.wait_for_function(
        f"() => document.querySelector('#history-version').innerText.startsWith('{version} of')"
    )


def test_a_verification_runs_and_reports_an_intact_store(
    open_console: Callable[..., Watched], stack: Stack
) -> None:
    _no_rebuild_running(stack)
    _wait_caught_up(stack)
    watched = open_console("ops", OPS, page="audit")
    page = watched.page
    page.wait_for_selector("#verify-start:not([disabled])")

    page.click("#verify-start")
    page.wait_for_selector("#verify-outcome:has-text('intact')", timeout=120_000)

    assert "0 broken chains" in page.inner_text("#verify-summary")
    page.locator("#verification").scroll_into_view_if_needed()
    screenshot(stack, watched, "verify")
    watched.assert_stayed_home()
    watched.assert_no_console_error()


def test_a_plain_user_sees_only_their_own_history_and_a_403_message_elsewhere(
    open_console: Callable[..., Watched], stack: Stack
) -> None:
    bobs = stack.call("GET", "/api/v1/tasks", "bob")[0]
    watched = open_console("alice", ())
    page = watched.page
    page.wait_for_selector("#projections-message .notice.error")
    projections_message = page.inner_text("#projections-message")
    page.click("nav a[data-page=audit]")
    page.wait_for_selector("#log-message .notice.error")
    page.wait_for_selector("#verify-message .notice.error")
    screenshot(stack, watched, "forbidden")
    page.fill("#history-task", bobs["id"])
    page.click("#task-history button[type=submit]")
    page.wait_for_selector("#history-message .notice.error")
    own = page.eval_on_selector_all("#history-own option", "o => o.map(e => e.innerText)")

    assert "lacks the operator role (403)" in projections_message
    assert "lacks the auditor role (403)" in page.inner_text("#log-message")
    assert "404" in page.inner_text("#history-message")
    assert not any("Bob" in text for text in own)
    assert any("Water the plants" in text for text in own)
    assert "Bob's secret plan" not in page.content()
    watched.assert_stayed_home()
    refused = [e for e in watched.errors if "status of 403" in e or "status of 404" in e]
    assert watched.errors == refused  # the refusals the page explains, nothing else
