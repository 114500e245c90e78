"""The web app in a real browser: Debian's Chromium driven by Playwright, against
``todo-chatbot run`` (the embedded runtime serving the built web app) started here.

Every page records its console errors and failed requests; a test that leaves
any fails (normal use shows none). The web app must be built (``make test``
builds it) and Chromium installed; without them the tests are skipped on a
developer's machine and fail in CI (``CI`` set), where a skipped browser test
would hide a missing capability.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    StorageState,
    ViewportSize,
    sync_playwright,
)
from playwright.sync_api import Request as BrowserRequest

from tests.support import ServerProcess, start_process
from todo_chatbot.config import default_web_dir

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ZONE = "Australia/Sydney"
"""The browser's zone in every test: unlike the machine's (UTC), with its own DST."""
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
"""Where the tests leave their screenshots (``make screenshots`` copies them to docs/)."""


def missing(reason: str) -> None:
    """A prerequisite is missing: fail in CI, skip on a developer's machine."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must provide it: .ci/run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def web_dir() -> Path:
    built = default_web_dir()
    if not (built / "index.html").is_file():
        missing(f"the web app is not built in {built} (make web)")
    return built


@pytest.fixture(scope="package")
def app_url(web_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``todo-chatbot run`` serving the web app and the API, on the real clock."""
    server: ServerProcess = start_process(
        tmp_path_factory.mktemp("data"),
        TODO_WEB_DIR=str(web_dir),
        TODO_REMINDER_LATE_AFTER_SECONDS="30",
    )
    yield server.url
    server.terminate()


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    """Playwright's sync API runs its event loop on this thread while it lives, so it
    lives for this package only: the asyncio tests after it need the thread free."""
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        missing(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    yield launched
    launched.close()


@dataclass
class Troubles:
    """What went wrong in a page that a person would not see but should not happen."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    expected: list[re.Pattern[str]] = field(default_factory=list)

    def expect(self, pattern: str) -> None:
        """A test that provokes an error says which (the browser logs every 4xx, say)."""
        self.expected.append(re.compile(pattern))

    def watch(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def _failed(self, request: BrowserRequest) -> None:
        # Closing a page aborts its open WebSocket and streams: not a failure of use.
        if request.failure != "net::ERR_ABORTED":
            self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def _response(self, response: object) -> None:
        status = getattr(response, "status", 0)
        if status >= 500:
            self.failed_requests.append(f"{getattr(response, 'url', '?')}: {status}")

    def check(self) -> None:
        assert self._unexpected(self.console_errors) == [], "console errors"
        assert self._unexpected(self.failed_requests) == [], "failed requests"

    def _unexpected(self, troubles: list[str]) -> list[str]:
        return [
            trouble
            for trouble in troubles
            if not any(pattern.search(trouble) for pattern in self.expected)
        ]


@dataclass
class Contexts:
    """Browser contexts for one test (each its own cookies and storage: a device)."""

    browser: Browser
    app_url: str
    troubles: Troubles = field(default_factory=Troubles)
    opened: list[BrowserContext] = field(default_factory=list)

    def new_page(
        self,
        *,
        viewport: ViewportSize | None = None,
        color_scheme: Literal["light", "dark"] = "light",
        context: BrowserContext | None = None,
        base_url: str | None = None,
        storage_state: StorageState | None = None,
    ) -> Page:
        if context is None:
            context = self.browser.new_context(
                base_url=base_url or self.app_url,
                storage_state=storage_state,
                viewport=viewport or DESKTOP,
                timezone_id=ZONE,
                locale="en-AU",
                color_scheme=color_scheme,
                permissions=["notifications"],
            )
            context.set_default_timeout(10_000)
            self.opened.append(context)
        page = context.new_page()
        self.troubles.watch(page)
        return page

    def close(self) -> None:
        for context in self.opened:
            context.close()


@pytest.fixture
def contexts(browser: Browser, app_url: str) -> Iterator[Contexts]:
    opened = Contexts(browser, app_url)
    yield opened
    opened.close()
    opened.troubles.check()


@pytest.fixture
def page(contexts: Contexts) -> Page:
    return contexts.new_page()
