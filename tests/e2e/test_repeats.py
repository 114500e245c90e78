"""Repeats over real HTTP and through the chat, against each runtime: a task repeating
after completion, an overdue task followed by the next date still ahead (the dates
passed over named), and the next dates of a rule (``/occurrences`` and the chat).

Both runtimes' servers stand at Wednesday 2026-03-04 10:00 in New York (the users'
zone).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.chatting import Chat
from tests.support import UserClient, wait_until

pytestmark = pytest.mark.slow


def next_in_series(user: UserClient, task: dict[str, Any]) -> dict[str, Any]:
    """The pending task of ``task``'s series made after it."""

    def pending_others() -> list[dict[str, Any]]:
        return [
            other
            for other in user.items(status="all", limit=200)
            if other["series_id"] == task["series_id"]
            and other["id"] != task["id"]
            and other["status"] == "pending"
        ]

    found: list[dict[str, Any]] = wait_until(pending_others, what="the next occurrence")
    assert len(found) == 1, found
    return found[0]


def complete(user: UserClient, task_id: str) -> dict[str, Any]:
    answer = user.post(f"/api/tasks/{task_id}/complete")
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def occurrences(user: UserClient, task_id: str, **params: Any) -> dict[str, Any]:
    answer = user.get(f"/api/tasks/{task_id}/occurrences", params=params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


# ---------------------------------------------------------------- after completion


def test_a_task_repeating_after_completion_is_next_due_counted_from_the_completion(
    alice: UserClient,
) -> None:
    task = alice.add(
        "Water the plants",
        due="2026-03-01",
        recurrence="FREQ=DAILY;INTERVAL=3",
        repeat_from="completion",
    )
    assert task["repeat_from"] == "completion"

    done = complete(alice, task["id"])

    assert done["skipped_occurrences"] == []
    following = next_in_series(alice, task)
    assert following["due"] == "2026-03-07"
    assert following["repeat_from"] == "completion"
    assert following["recurrence"] == "FREQ=DAILY;INTERVAL=3"


def test_repeat_from_is_changed_and_read_back(alice: UserClient) -> None:
    task = alice.add("Stretch", due="2026-03-05", recurrence="FREQ=DAILY")
    assert task["repeat_from"] == "due"

    changed = alice.patch(f"/api/tasks/{task['id']}", json={"repeat_from": "completion"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["repeat_from"] == "completion"

    cleared = alice.patch(f"/api/tasks/{task['id']}", json={"recurrence": None})
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["repeat_from"] is None
    assert alice.add("Once")["repeat_from"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "Once", "due": "2026-03-05", "repeat_from": "completion"}, "repeat_from"),
        (
            {"title": "t", "due": "2026-03-05", "recurrence": "FREQ=DAILY", "repeat_from": "x"},
            "repeat_from",
        ),
    ],
)
def test_a_bad_repeat_from_is_refused(alice: UserClient, body: dict[str, Any], field: str) -> None:
    answer = alice.post("/api/tasks", json=body)
    assert answer.status_code == 422, answer.text
    assert field in answer.text


# ---------------------------------------------------------------- overdue completions


def test_completing_an_overdue_task_skips_to_the_next_date_still_ahead(alice: UserClient) -> None:
    task = alice.add("Water", due="2026-03-01", recurrence="FREQ=DAILY")

    done = complete(alice, task["id"])

    assert done["skipped_occurrences"] == ["2026-03-02", "2026-03-03"]
    following = next_in_series(alice, task)
    assert following["due"] == "2026-03-04"
    assert [t["id"] for t in alice.items(status="pending")] == [following["id"]]


def test_a_timed_overdue_task_skips_the_times_already_past(alice: UserClient) -> None:
    task = alice.add("Stretch", due="2026-03-02T09:00:00", recurrence="FREQ=DAILY")

    done = complete(alice, task["id"])

    assert done["skipped_occurrences"] == [
        "2026-03-03T09:00:00-05:00",
        "2026-03-04T09:00:00-05:00",
    ]
    assert next_in_series(alice, task)["due"] == "2026-03-05T09:00:00-05:00"


def test_the_completion_event_carries_the_skipped_dates(alice: UserClient) -> None:
    task = alice.add("Water", due="2026-03-02", recurrence="FREQ=DAILY")
    complete(alice, task["id"])

    def completion() -> list[dict[str, Any]]:
        answer = alice.get("/api/audit", params={"task_id": task["id"]})
        assert answer.status_code == 200, answer.text
        items: list[dict[str, Any]] = answer.json()["items"]
        return [e for e in items if e["event_type"] == "task.completed"]

    (entry,) = wait_until(completion, what="the completion's audit entry")
    assert entry["data"]["task"]["skipped_occurrences"] == ["2026-03-03"]


# ---------------------------------------------------------------- next dates


@pytest.mark.parametrize(
    ("rule", "due", "expected"),
    [
        ("FREQ=MONTHLY;BYDAY=3TU", "2026-03-17", ["2026-03-17", "2026-04-21", "2026-05-19"]),
        ("FREQ=MONTHLY;BYDAY=-1FR", "2026-03-27", ["2026-03-27", "2026-04-24", "2026-05-29"]),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
            "2026-03-05",
            ["2026-03-05", "2026-03-16", "2026-03-19"],
        ),
        ("FREQ=YEARLY", "2027-03-03", ["2027-03-03", "2028-03-03", "2029-03-03"]),
    ],
)
def test_the_next_dates_of_a_rule(
    alice: UserClient, rule: str, due: str, expected: list[str]
) -> None:
    task = alice.add("Repeating", due=due, recurrence=rule)

    assert occurrences(alice, task["id"], count=3) == {
        "task_id": task["id"],
        "recurrence": rule,
        "repeat_from": "due",
        "occurrences": expected,
    }


def test_next_dates_default_to_five_and_stop_with_the_series(alice: UserClient) -> None:
    weekly = alice.add("Weekly", due="2026-03-05", recurrence="FREQ=WEEKLY")
    assert len(occurrences(alice, weekly["id"])["occurrences"]) == 5
    twice = alice.add("Twice", due="2026-03-05", recurrence="FREQ=WEEKLY;COUNT=2")
    assert occurrences(alice, twice["id"], count=5)["occurrences"] == ["2026-03-05", "2026-03-12"]


@pytest.mark.parametrize("count", ["0", "101", "two"])
def test_a_bad_count_is_refused(alice: UserClient, count: str) -> None:
    task = alice.add("Weekly", due="2026-03-05", recurrence="FREQ=WEEKLY")
    answer = alice.get(f"/api/tasks/{task['id']}/occurrences", params={"count": count})
    assert answer.status_code == 422, answer.text


def test_another_users_task_has_no_dates(alice: UserClient, bob: UserClient) -> None:
    task = alice.add("Weekly", due="2026-03-05", recurrence="FREQ=WEEKLY")
    assert bob.get(f"/api/tasks/{task['id']}/occurrences").status_code == 404


# ---------------------------------------------------------------- the chat


def test_the_chat_adds_a_repeat_after_completion_and_reads_it_back(alice: UserClient) -> None:
    chat = Chat(alice)

    added = chat.say("water the plants 3 days after I finish it")

    assert added["reply"] == (
        "Added *water the plants*, due today, repeating 3 days after you finish it."
    )
    task = added["actions"][0]["result"]
    assert (task["recurrence"], task["repeat_from"]) == ("FREQ=DAILY;INTERVAL=3", "completion")
    done = chat.say("mark water the plants done")
    assert done["reply"] == (
        "Marked *water the plants* as done. It repeats 3 days after you finish it,"
        " so the next one follows."
    )
    assert next_in_series(alice, task)["due"] == "2026-03-07"


def test_the_chat_says_which_dates_an_overdue_completion_skipped(alice: UserClient) -> None:
    alice.add("Water the ferns", due="2026-03-01", recurrence="FREQ=DAILY")

    reply = Chat(alice).reply("mark water the ferns done")

    assert reply == (
        "Marked *Water the ferns* as done. It repeats every day, so the next one follows"
        " (skipped Mar 2 and Mar 3, already past)."
    )


@pytest.mark.parametrize(
    ("message", "rule", "said"),
    [
        (
            "call mom every 3rd Tuesday",
            "FREQ=MONTHLY;BYDAY=3TU",
            "every month on the third Tuesday",
        ),
        (
            "pay rent monthly on the last Friday",
            "FREQ=MONTHLY;BYDAY=-1FR",
            "every month on the last Friday",
        ),
        (
            "gym every other week on Mon and Thu",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
            "every 2 weeks on Monday and Thursday",
        ),
        ("birthday yearly on March 3rd", "FREQ=YEARLY", "every year on March 3"),
    ],
)
def test_the_chat_stores_and_says_the_repeats(
    alice: UserClient, message: str, rule: str, said: str
) -> None:
    body = Chat(alice).say(message)

    task = body["actions"][0]["result"]
    assert alice.get(f"/api/tasks/{task['id']}").json()["recurrence"] == rule
    assert f"repeating {said}" in body["reply"]


def test_the_chat_answers_when_a_task_is_next(alice: UserClient) -> None:
    alice.add("Call mom", due="2026-03-17", recurrence="FREQ=MONTHLY;BYDAY=3TU")
    chat = Chat(alice)

    body = chat.say("When is call mom next?")

    assert body["reply"] == (
        "*Call mom* is next due Tuesday, March 17 (it repeats every month on the third Tuesday)."
    )
    assert [a["tool"] for a in body["actions"]] == ["find_tasks", "next_occurrences"]


def test_the_chat_lists_the_next_dates_of_a_task(alice: UserClient) -> None:
    alice.add("Pay rent", due="2026-04-01", recurrence="FREQ=MONTHLY;BYMONTHDAY=1")

    reply = Chat(alice).reply("show the next 5 dates of pay rent")

    assert reply == (
        "The next 5 dates of *Pay rent* (every month on the 1st):\n"
        "1. Wednesday, April 1\n"
        "2. Friday, May 1\n"
        "3. Monday, June 1\n"
        "4. Wednesday, July 1\n"
        "5. Saturday, August 1"
    )
