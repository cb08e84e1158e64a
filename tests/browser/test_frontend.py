"""A page on another origin uses the API from headless Chromium: list, create, PUT, toggle,
delete and a 400, reading ETag, Location and Tasklog-* headers from JavaScript.

The page (``page/``) is a plain frontend: fetch with a bearer token, If-Match from the
ETag it read, Tasklog-Min-Position from the Tasklog-Position it read. Without CORS the
browser blocks every one of those calls; the test on the disallowed origin shows that.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import TASKS, Api, Origins, Tab, read_your_write

TIMEOUT_MS = 15_000
LOOPBACK = "127.0.0.1"


def open_page(tab: Tab, origin: str, api: Api, token: str) -> Page:
    fragment = urlencode({"api": api.base, "token": token})
    tab.page.goto(f"{origin}/index.html#{fragment}")
    return tab.page


def last_answer(page: Page) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(page.locator("#last").text_content() or "{}")
    return answer


def expect_status(page: Page, pattern: str) -> None:
    expect(page.locator("#status")).to_have_text(re.compile(pattern), timeout=TIMEOUT_MS)


def task_item(page: Page, task_id: str) -> Any:
    return page.locator(f'#tasks li[data-id="{task_id}"]')


def assert_stayed_on_loopback(tab: Tab) -> None:
    assert tab.requested
    assert {urlsplit(url).hostname for url in tab.requested} == {LOOPBACK}, tab.requested


def test_a_page_on_an_allowed_origin_lists_creates_edits_toggles_and_deletes(
    api: Api, origins: Origins, tab: Tab
) -> None:
    user = f"browser-{uuid.uuid4().hex[:8]}"
    token = api.token(user)
    seeded = httpx.post(
        f"{api.base}{TASKS}",
        json={"title": "Seeded by the test"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert seeded.status_code == 201, seeded.text
    read_your_write(api, token, seeded.headers["Tasklog-Position"])

    page = open_page(tab, origins.allowed, api, token)

    # List: the seeded task, and a header of the read.
    expect_status(page, r"^Loaded\. Listed 1 at position \d+\.$")
    expect(task_item(page, seeded.json()["id"]).locator(".title")).to_have_value(
        "Seeded by the test"
    )

    # Create: Location, ETag and Tasklog-Position read from JavaScript.
    page.fill("#title", "Water the plants")
    page.select_option("#priority", "High")
    page.click("#new-task button")
    expect_status(page, r"^Created /api/v1/tasks/[0-9a-f-]{36} \(ETag \"1\"\)\. Listed 2 ")
    listed = last_answer(page)
    assert listed["method"] == "GET"
    assert listed["requestId"]
    assert int(listed["projectionPosition"]) >= int(seeded.headers["Tasklog-Position"])
    item = page.locator('#tasks li[data-title="Water the plants"]')
    expect(item).to_have_count(1)
    task_id = item.get_attribute("data-id")
    assert task_id

    # PUT, with If-Match from the version the list gave.
    item.locator(".title").fill("Water the balcony plants")
    item.locator(".save").click()
    expect_status(page, r'^Saved \(ETag "2"\)\.')
    expect(task_item(page, task_id).locator(".title")).to_have_value("Water the balcony plants")

    # Toggle: PATCH .../complete.
    task_item(page, task_id).locator(".toggle").check()
    expect_status(page, r'^Toggled \(ETag "3"\)\.')
    expect(task_item(page, task_id)).to_have_attribute("data-completed", "true")

    # Delete.
    task_item(page, task_id).locator(".delete").click()
    expect_status(page, r"^Deleted\. Listed 1 ")
    expect(task_item(page, task_id)).to_have_count(0)

    # An error: problem+json, its fields read by the page.
    page.fill("#title", "   ")
    page.click("#new-task button")
    expect_status(page, r"^Error 400: .+\[title\]$")
    problem = last_answer(page)
    assert problem["contentType"].startswith("application/problem+json")
    assert problem["body"]["status"] == 400

    assert_stayed_on_loopback(tab)


def test_a_page_on_another_origin_is_refused_by_the_browser(
    api: Api, origins: Origins, tab: Tab
) -> None:
    token = api.token(f"browser-{uuid.uuid4().hex[:8]}")

    page = open_page(tab, origins.other, api, token)

    expect_status(page, r"^Network error: Failed to fetch$")
    assert page.locator("#tasks li").count() == 0
    assert_stayed_on_loopback(tab)


def test_the_docs_ui_renders_from_the_api_alone_and_locks_only_token_endpoints(
    api: Api, tab: Tab
) -> None:
    page = tab.page
    page.goto(f"{api.base}/schema")

    def operation(path: str) -> Any:
        return page.locator(
            ".opblock", has=page.locator(f'.opblock-summary-path[data-path="{path}"]')
        )

    expect(operation("/health/live")).to_have_count(1, timeout=TIMEOUT_MS)
    expect(operation("/health/live").locator(".authorization__btn")).to_have_count(0)
    expect(operation("/metrics").locator(".authorization__btn")).to_have_count(0)
    expect(
        operation("/api/v1/tasks/{task_id}/history").locator(".authorization__btn")
    ).to_have_count(1)
    assert_stayed_on_loopback(tab)
