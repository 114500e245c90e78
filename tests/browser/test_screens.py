"""Every main screen of the web app, light and dark, desktop and phone: checked by
axe-core (no serious or critical violation of WCAG 2.1 AA) and photographed into
``build/screenshots/`` (``make screenshots`` puts them in docs/ for the README)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, StorageState, expect

from tests.browser.app import Api, row, say, sign_up
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS, ZONE, Contexts

pytestmark = pytest.mark.slow

AXE = Path(__file__).resolve().parents[2] / "web" / "node_modules" / "axe-core" / "axe.min.js"
Theme = Literal["light", "dark"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
THEMES: tuple[Theme, ...] = ("light", "dark")


@pytest.fixture(scope="module")
def someone(browser: Browser, app_url: str) -> StorageState:
    """A person with a week of tasks, a conversation and a reminder: their browser storage."""
    context = browser.new_context(base_url=app_url, timezone_id=ZONE, viewport=DESKTOP)
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_up(page)
    api = Api(page, app_url)
    now = datetime.now(ZoneInfo(ZONE))
    api.add("File the tax return", priority="high", tags=["home"], due=now.date().isoformat())
    api.add(
        "Quarterly report",
        priority="medium",
        tags=["work"],
        due=(now + timedelta(days=3)).replace(hour=10, minute=0, second=0).isoformat(),
        remind_at=(now + timedelta(days=3)).replace(hour=9, minute=0, second=0).isoformat(),
    )
    api.add("Renew the passport", due=(now - timedelta(days=2)).date().isoformat())
    say(page, "Add task: buy groceries tomorrow at 5pm, remind me 1 hour before")
    say(page, "every Monday at 9 call mom")
    soon = (now + timedelta(seconds=2)).replace(microsecond=0)
    api.add("Stretch", remind_at=soon.isoformat())
    expect(page.get_by_role("button", name=re.compile("Notifications, 1 unread"))).to_be_visible(
        timeout=20_000
    )
    state = context.storage_state()
    context.close()
    return state


def open_editor(page: Page) -> None:
    row(page, "Quarterly report").get_by_role("button", name="Edit “Quarterly report”").click()
    expect(page.get_by_role("form", name="Edit “Quarterly report”")).to_be_visible()


def open_notifications(page: Page) -> None:
    page.get_by_role("button", name=re.compile("^Notifications")).click()
    expect(page.get_by_role("list", name="Notifications")).to_be_visible()


def open_settings(page: Page) -> None:
    page.get_by_role("button", name="Settings").click()
    expect(page.get_by_role("dialog", name="Settings")).to_be_visible()


def open_shortcuts(page: Page) -> None:
    page.get_by_role("button", name="Shortcuts").click()
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()


def show_tasks(page: Page) -> None:
    page.get_by_role("navigation", name="Panels").get_by_role("button", name="Tasks").click()
    expect(row(page, "Quarterly report")).to_be_visible()


def show_chat(page: Page) -> None:
    expect(page.get_by_role("log", name="Conversation")).to_contain_text("call mom")


SIGNED_IN_SCREENS: dict[str, Callable[[Page], None]] = {
    "workspace": show_chat,
    "editor": open_editor,
    "notifications": open_notifications,
    "settings": open_settings,
    "shortcuts": open_shortcuts,
}
PHONE_SCREENS: dict[str, Callable[[Page], None]] = {"chat": show_chat, "tasks": show_tasks}


def serious_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations of impact serious or critical on the page as it stands."""
    if not page.evaluate("() => 'axe' in window"):
        # Evaluated, not added as a <script>: the app's content security policy
        # rightly refuses inline scripts it does not know.
        page.evaluate(AXE.read_text())
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "where": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def photograph(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png")


def check(page: Page, name: str) -> None:
    photograph(page, name)
    violations = serious_violations(page)
    assert violations == [], json.dumps(violations, indent=2)


@pytest.fixture(autouse=True)
def axe_is_installed() -> None:
    assert AXE.is_file(), f"axe-core is missing at {AXE} (npm ci in web/)"


@pytest.mark.parametrize("theme", THEMES)
def test_the_sign_in_and_sign_up_screens(contexts: Contexts, theme: Theme) -> None:
    page = contexts.new_page(color_scheme=theme)
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    check(page, f"sign-in-desktop-{theme}")

    page.get_by_role("button", name="Create an account").click()
    expect(page.get_by_role("heading", name="Create an account")).to_be_visible()
    check(page, f"sign-up-desktop-{theme}")


@pytest.mark.parametrize("screen", SIGNED_IN_SCREENS)
@pytest.mark.parametrize("theme", THEMES)
def test_a_screen_on_a_desktop(
    contexts: Contexts, someone: StorageState, screen: str, theme: Theme
) -> None:
    page = contexts.new_page(color_scheme=theme, storage_state=someone)
    page.goto("/")
    expect(row(page, "Quarterly report")).to_be_visible()
    SIGNED_IN_SCREENS[screen](page)

    check(page, f"{screen}-desktop-{theme}")


@pytest.mark.parametrize("screen", PHONE_SCREENS)
@pytest.mark.parametrize("theme", THEMES)
def test_a_screen_on_a_phone(
    contexts: Contexts, someone: StorageState, screen: str, theme: Theme
) -> None:
    page = contexts.new_page(viewport=PHONE, color_scheme=theme, storage_state=someone)
    page.goto("/")
    expect(page.get_by_role("navigation", name="Panels")).to_be_visible()
    PHONE_SCREENS[screen](page)

    check(page, f"{screen}-phone-{theme}")
