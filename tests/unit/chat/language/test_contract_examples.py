"""Every row of the contract's Examples table (nlu-parse.md), output compared exactly."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.chat.language.support import read

DEFAULT_FILTER: dict[str, Any] = {
    "status": "pending",
    "priority": None,
    "tags": [],
    "due_from": None,
    "due_to": None,
    "overdue": False,
    "search": None,
}


def new_task(title: str, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"title": title, "due": None, "remind_at": None, "priority": None}
    body["tags"] = []
    body["recurrence"] = None
    body.update(fields)
    return {"intent": "add_task", "task": body}


def listing(sort: dict[str, str] | None = None, **filters: Any) -> dict[str, Any]:
    return {"intent": "list_tasks", "filter": {**DEFAULT_FILTER, **filters}, "sort": sort}


EXAMPLES = [
    (
        "Add task: Buy groceries tomorrow at 5pm, remind me 1 hour before",
        new_task(
            "Buy groceries",
            due="2026-03-05T17:00:00-05:00",
            remind_at="2026-03-05T16:00:00-05:00",
        ),
    ),
    (
        "remind me to call mom on friday",
        new_task("call mom", due="2026-03-06", remind_at="2026-03-06T09:00:00-05:00"),
    ),
    (
        "Take vitamins every day at 8am #health",
        new_task(
            "Take vitamins",
            due="2026-03-05T08:00:00-05:00",
            tags=["health"],
            recurrence="FREQ=DAILY",
        ),
    ),
    (
        "team sync every monday at 9:30am p1",
        new_task(
            "team sync",
            due="2026-03-09T09:30:00-04:00",
            priority="high",
            recurrence="FREQ=WEEKLY;BYDAY=MO",
        ),
    ),
    (
        "pay rent on the 1st of every month",
        new_task("pay rent", due="2026-04-01", recurrence="FREQ=MONTHLY;BYMONTHDAY=1"),
    ),
    ("Mark Take vitamins complete", {"intent": "complete_task", "target": "Take vitamins"}),
    ("delete the dentist task", {"intent": "delete_task", "target": "dentist"}),
    (
        "move the report to next friday at 3pm",
        {
            "intent": "update_task",
            "target": "report",
            "changes": {"due": "2026-03-13T15:00:00-04:00"},
        },
    ),
    (
        "make taxes high priority",
        {"intent": "update_task", "target": "taxes", "changes": {"priority": "high"}},
    ),
    ("what's pending?", listing()),
    (
        "show my high priority tasks tagged work due this week sorted by due date",
        listing(
            sort={"by": "due", "order": "asc"},
            priority=["high"],
            tags=["work"],
            due_from="2026-03-02",
            due_to="2026-03-08",
        ),
    ),
    ("what's overdue?", listing(overdue=True)),
    ("find tasks about invoices", listing(search="invoices")),
    ("what's the weather like", {"intent": "unknown"}),
    # the snooze intent, an extension of the contract
    ("snooze that for 10 minutes", {"intent": "snooze", "snooze": {"minutes": 10}}),
    (
        "snooze this till tomorrow morning",
        {"intent": "snooze", "snooze": {"until": "2026-03-05T09:00:00-05:00"}},
    ),
    ("remind me again later", {"intent": "snooze", "snooze": {}}),
    # moves relative to the task's due, pages and counts: extensions of the contract
    (
        "postpone email bob by 2 days",
        {"intent": "update_task", "target": "email bob", "changes": {"due_shift": "P2D"}},
    ),
    (
        "move call mom to 7pm",
        {"intent": "update_task", "target": "call mom", "changes": {"due_time": "19:00"}},
    ),
    ("show more", {**listing(), "page": "next"}),
    ("how many are overdue?", {**listing(overdue=True), "count": True}),
]


@pytest.mark.parametrize(("text", "expected"), EXAMPLES, ids=[text for text, _ in EXAMPLES])
def test_contract_example(text: str, expected: dict[str, Any]) -> None:
    assert read(text) == expected
