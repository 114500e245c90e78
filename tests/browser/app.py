"""What a person does in the web app, as steps the browser tests share: sign up,
talk to the chat, find a task's row, and the same user's API for checking effects."""

from __future__ import annotations

import itertools
import os
import re
from typing import Any

import httpx
from playwright.sync_api import Locator, Page, expect

PASSWORD = "correct horse battery"
_people = itertools.count(1)


def sign_up(page: Page) -> str:
    """Create an account in the page (the browser's zone becomes the user's); its email."""
    email = f"person{next(_people)}-{os.getpid()}@example.com"
    page.goto("/")
    page.get_by_role("button", name="Create an account").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(live_status(page)).to_have_text(re.compile("Live"))
    return email


def sign_in(page: Page, email: str) -> None:
    page.goto("/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(live_status(page)).to_have_text(re.compile("Live"))


def live_status(page: Page) -> Locator:
    states = re.compile("Live|Connecting|Reconnecting|Offline")
    return page.get_by_role("status").filter(has_text=states)


def say(page: Page, message: str) -> Locator:
    """Send ``message`` to the chat with Enter; the reply it gets."""
    replies = page.get_by_role("log", name="Conversation").locator(
        '.message[data-role="assistant"]:not([aria-busy="true"])'
    )
    before = replies.count()
    box = page.get_by_role("textbox", name="Message")
    box.fill(message)
    box.press("Enter")
    expect(replies).to_have_count(before + 1)
    return replies.last


def task_list(page: Page) -> Locator:
    return page.get_by_role("list", name="Tasks", exact=True)


def row(page: Page, title: str) -> Locator:
    """The row of the task titled ``title`` in the task panel."""
    return (
        task_list(page)
        .locator(".task-row")
        .filter(has=page.get_by_role("button", name=f"Edit “{title}”", exact=True))
    )


def titles(page: Page) -> list[str]:
    return [title.strip() for title in task_list(page).locator(".task-title").all_inner_texts()]


class Api:
    """The signed-in user's API, from the token the page keeps (to check effects)."""

    def __init__(self, page: Page, base_url: str) -> None:
        token = page.evaluate(
            "() => Object.values(localStorage).map(v => { try { return JSON.parse(v) }"
            " catch { return null } }).find(v => v && v.access_token)?.access_token"
        )
        assert token, "no token in the page's storage"
        self.client = httpx.Client(
            base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=10
        )

    def tasks(self, **params: Any) -> list[dict[str, Any]]:
        answer = self.client.get("/api/tasks", params={"status": "all", **params})
        answer.raise_for_status()
        items: list[dict[str, Any]] = answer.json()["items"]
        return items

    def task(self, title: str) -> dict[str, Any]:
        (found,) = [task for task in self.tasks() if task["title"] == title]
        return found

    def add(self, title: str, **fields: Any) -> dict[str, Any]:
        answer = self.client.post("/api/tasks", json={"title": title, **fields})
        assert answer.status_code == 201, answer.text
        created: dict[str, Any] = answer.json()
        return created

    def me(self) -> dict[str, Any]:
        answer = self.client.get("/api/me")
        answer.raise_for_status()
        body: dict[str, Any] = answer.json()
        return body
