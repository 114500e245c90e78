"""A person's journeys through the web app in Chromium, against ``todo-chatbot run``:
signing up, the chat, filters in the URL, the date picker, a recurring task's
next occurrence, live changes between two devices, a reminder arriving, and all
of it with the keyboard alone."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.browser.app import Api, row, say, sign_in, sign_up, task_list, titles
from tests.browser.conftest import ZONE, Contexts

pytestmark = pytest.mark.slow

SYDNEY = ZoneInfo(ZONE)


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_signing_up_takes_the_browsers_zone_and_signing_out_leads_back(
    page: Page, app_url: str
) -> None:
    email = sign_up(page)

    assert Api(page, app_url).me()["timezone"] == ZONE
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    sign_in(page, email)
    expect(page.get_by_role("region", name="Tasks")).to_be_visible()


def test_the_zone_is_changed_in_settings(page: Page, app_url: str) -> None:
    sign_up(page)

    page.get_by_role("button", name="Settings").click()
    zone = page.get_by_role("combobox", name="Time zone")
    zone.fill("Europe/Lisbon")
    page.get_by_role("option", name="Europe/Lisbon").click()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("dialog", name="Settings")).to_be_hidden()
    assert Api(page, app_url).me()["timezone"] == "Europe/Lisbon"


def test_a_task_added_by_chat_is_shown_in_the_reply_and_the_list(page: Page) -> None:
    sign_up(page)

    reply = say(page, "Add task: buy groceries tomorrow at 5pm, remind me 1 hour before")

    expect(reply).to_contain_text("buy groceries")
    expect(reply.get_by_role("button", name="Open “buy groceries”")).to_be_visible()
    groceries = row(page, "buy groceries")
    expect(groceries).to_contain_text("Due tomorrow")
    expect(groceries).to_contain_text("5:00")
    expect(groceries).to_contain_text("Reminder 1 hour before")


def test_a_clarifying_question_is_answered_with_a_click(page: Page, app_url: str) -> None:
    sign_up(page)
    api = Api(page, app_url)
    api.add("Call the bank about the card")
    api.add("Call the bank about the loan")
    page.reload()

    reply = say(page, "mark call the bank complete")
    answers = reply.get_by_role("group", name="Answers")
    answers.get_by_role("button", name=re.compile("loan")).click()

    expect(task_list(page).get_by_text("Call the bank about the loan")).to_be_hidden()
    assert api.task("Call the bank about the loan")["status"] == "completed"
    assert api.task("Call the bank about the card")["status"] == "pending"


def test_filters_and_sort_map_onto_the_url_and_survive_a_reload(page: Page, app_url: str) -> None:
    sign_up(page)
    api = Api(page, app_url)
    api.add("Quarterly report", priority="high", tags=["work"], due="2026-12-20")
    api.add("Expense report", priority="high", tags=["work"], due="2026-12-10")
    api.add("Book report", priority="low", tags=["school"], due="2026-12-01")
    api.add("Buy milk", priority="high")
    page.reload()

    page.get_by_role("searchbox", name="Search tasks").fill("report")
    page.get_by_text("More filters and sorting").click()
    page.get_by_role("group", name="Priority").get_by_role("checkbox", name="High").check()
    page.get_by_role("combobox", name="Sort by").select_option(label="Due date")

    expect(task_list(page).locator(".task-title")).to_have_count(2)
    assert titles(page) == ["Expense report", "Quarterly report"]
    assert query_of(page) == {"q": ["report"], "priority": ["high"], "sort": ["due"]}
    page.reload()
    expect(task_list(page).locator(".task-title")).to_have_count(2)
    assert titles(page) == ["Expense report", "Quarterly report"]
    expect(page.get_by_role("searchbox", name="Search tasks")).to_have_value("report")


def test_a_bookmarked_filter_opens_filtered(page: Page, app_url: str) -> None:
    sign_up(page)
    api = Api(page, app_url)
    api.add("Pay rent", tags=["home"], due="2026-01-01")
    api.add("Fix the roof", tags=["home"])
    api.add("Send invoice", tags=["work"], due="2026-01-01")

    page.goto("/?tag=home&overdue=true")

    expect(task_list(page).locator(".task-title")).to_have_count(1)
    assert titles(page) == ["Pay rent"]
    page.get_by_role("button", name="Clear filters").click()
    expect(task_list(page).locator(".task-title")).to_have_count(3)
    assert query_of(page) == {}


def test_the_due_date_is_changed_with_the_picker(page: Page, app_url: str) -> None:
    sign_up(page)
    api = Api(page, app_url)
    api.add("Dentist", due="2027-03-10T09:30:00+11:00")
    page.reload()

    row(page, "Dentist").get_by_role("button", name="Edit “Dentist”").click()
    editor = page.get_by_role("form", name="Edit “Dentist”")
    editor.get_by_role("button", name=re.compile("Choose due date from a calendar")).click()
    calendar = page.get_by_role("dialog").get_by_role("grid")
    calendar.get_by_role("button", name=re.compile(r"\b17\b.*March")).first.click()
    editor.get_by_role("button", name="Save").click()

    expect(row(page, "Dentist")).to_contain_text("Mar 17, 2027")
    assert datetime.fromisoformat(api.task("Dentist")["due"]).astimezone(SYDNEY) == datetime(
        2027, 3, 17, 9, 30, tzinfo=SYDNEY
    )


def test_completing_a_recurring_task_shows_its_next_occurrence(page: Page, app_url: str) -> None:
    sign_up(page)
    api = Api(page, app_url)
    tomorrow = (datetime.now(SYDNEY) + timedelta(days=1)).replace(
        hour=8, minute=0, second=0, microsecond=0
    )
    first = api.add("Take vitamins", due=tomorrow.isoformat(), recurrence="FREQ=DAILY")
    page.reload()
    expect(row(page, "Take vitamins")).to_contain_text("every day")

    row(page, "Take vitamins").get_by_role("checkbox", name="Complete “Take vitamins”").click()

    expect(row(page, "Take vitamins")).to_contain_text("Due in 2 days")
    pending = api.tasks(status="pending")
    assert [task["title"] for task in pending] == ["Take vitamins"]
    assert pending[0]["id"] != first["id"]
    assert datetime.fromisoformat(pending[0]["due"]) == tomorrow + timedelta(days=1)


def test_two_devices_of_one_person_see_each_others_changes_live(contexts: Contexts) -> None:
    laptop = contexts.new_page()
    email = sign_up(laptop)
    phone = contexts.new_page(viewport={"width": 390, "height": 844})
    sign_in(phone, email)
    phone.get_by_role("navigation", name="Panels").get_by_role("button", name="Tasks").click()

    say(laptop, "add water the plants friday at 6pm")
    expect(row(phone, "water the plants")).to_be_visible()
    row(phone, "water the plants").get_by_role(
        "checkbox", name="Complete “water the plants”"
    ).click()

    expect(row(laptop, "water the plants")).to_be_hidden()
    laptop.get_by_role("combobox", name="Status").select_option(label="Completed")
    expect(row(laptop, "water the plants")).to_be_visible()


def test_a_reminder_due_in_a_few_seconds_arrives_as_a_notification(
    page: Page, app_url: str
) -> None:
    sign_up(page)
    api = Api(page, app_url)
    soon = (datetime.now(SYDNEY) + timedelta(seconds=4)).replace(microsecond=0)
    api.add("Stretch", due=(soon + timedelta(hours=1)).isoformat(), remind_at=soon.isoformat())

    bell = page.get_by_role("button", name=re.compile("^Notifications"))
    expect(bell).to_have_accessible_name("Notifications, 1 unread", timeout=20_000)
    expect(page.get_by_role("region", name="Messages")).to_contain_text(
        re.compile(r"Reminder: Stretch, due \w{3} \d+ \w{3} \d{4} at \d\d:\d\d")
    )
    bell.click()
    page.get_by_role("button", name="Mark read: “Stretch”").click()

    expect(bell).to_have_accessible_name("Notifications")


def test_a_reminder_is_snoozed_from_the_list(page: Page, app_url: str) -> None:
    sign_up(page)
    api = Api(page, app_url)
    soon = (datetime.now(SYDNEY) + timedelta(seconds=3)).replace(microsecond=0)
    api.add("Drink water", remind_at=soon.isoformat())
    bell = page.get_by_role("button", name=re.compile("^Notifications"))
    expect(bell).to_have_accessible_name("Notifications, 1 unread", timeout=20_000)

    bell.click()
    page.get_by_role("button", name="Snooze 10 min: “Drink water”").click()

    reminders = page.get_by_role("list", name="Notifications")
    expect(reminders.get_by_role("listitem")).to_contain_text("snoozed until")
    snoozed = api.client.get("/api/notifications").json()["items"][0]
    assert snoozed["snoozed_until"] is not None


def focused_name(page: Page) -> str:
    """The focused element's accessible name, as far as a test needs it."""
    name: str = page.evaluate(
        "() => { const e = document.activeElement;"
        " return e?.getAttribute('aria-label') || e?.labels?.[0]?.textContent"
        " || e?.textContent || '' }"
    )
    return name.strip()


def tab_to(page: Page, name: str, most: int = 40) -> None:
    """Press Tab until the element named ``name`` has the focus."""
    for _ in range(most):
        if focused_name(page) == name:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {name!r} (at {focused_name(page)!r})")


def test_the_whole_journey_with_the_keyboard_alone(page: Page, app_url: str) -> None:
    keys = page.keyboard
    page.goto("/")
    tab_to(page, "Create an account")
    keys.press("Enter")
    tab_to(page, "Email")
    keys.type("keyboard-only@example.com")
    keys.press("Tab")
    keys.type("correct horse battery")
    keys.press("Enter")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    keys.press("c")
    expect(page.get_by_role("textbox", name="Message")).to_be_focused()
    keys.type("every Monday at 9 call mom")
    keys.press("Enter")
    expect(row(page, "call mom")).to_be_visible()

    keys.press("Tab")
    keys.press("n")
    expect(page.get_by_role("textbox", name="Title")).to_be_focused()
    keys.type("Book flights")
    keys.press("Enter")
    expect(row(page, "Book flights")).to_be_visible()

    keys.press("/")
    expect(page.get_by_role("searchbox", name="Search tasks")).to_be_focused()
    keys.type("flights")
    expect(task_list(page).locator(".task-title")).to_have_count(1)
    tab_to(page, "Complete “Book flights”")
    keys.press("Space")
    expect(task_list(page).locator(".task-title")).to_have_count(0)

    keys.press("Shift+Tab")
    keys.press("?")
    help_overlay = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(help_overlay).to_be_visible()
    keys.press("Escape")
    expect(help_overlay).to_be_hidden()
    assert Api(page, app_url).task("Book flights")["status"] == "completed"


def test_a_refused_session_asks_to_sign_in_and_keeps_what_was_typed(
    contexts: Contexts,
) -> None:
    contexts.troubles.expect(r"status of 401 \(Unauthorized\)|Unexpected response code: 403")
    page = contexts.new_page()
    email = sign_up(page)
    page.get_by_role("textbox", name="Message").fill("call the plumber about the leak")
    page.get_by_role("button", name="New task").click()
    page.get_by_role("textbox", name="Title").fill("Renew passport")

    # The server refuses the token from now on, as it does one that has expired.
    page.evaluate(
        "() => { const s = JSON.parse(localStorage.getItem('todo.session'));"
        " s.access_token += 'x'; localStorage.setItem('todo.session', JSON.stringify(s)) }"
    )
    page.reload()

    expect(page.get_by_text("Your session has expired")).to_be_visible()
    sign_in(page, email)
    expect(page.get_by_role("textbox", name="Message")).to_have_value(
        "call the plumber about the leak"
    )
    expect(page.get_by_role("textbox", name="Title")).to_have_value("Renew passport")
