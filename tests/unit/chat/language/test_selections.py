"""Targets that select many tasks: the bulk actions' phrases (docs/parser.md, "Selections").

A target that reads wholly as a list filter, and starts with "all"/"every"/"everything"
or holds a filter no title would ("overdue", "tagged X", "mentioning X"), carries that
filter as ``selection``; a target that names one task carries none.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.chat.language.support import read, task

PENDING: dict[str, Any] = {
    "status": "pending",
    "priority": None,
    "tags": [],
    "due_from": None,
    "due_to": None,
    "overdue": False,
    "search": None,
}


def selection(**given: Any) -> dict[str, Any]:
    return {**PENDING, **given}


def test_the_issues_five_messages() -> None:
    assert read("move all work tasks due today to tomorrow") == {
        "intent": "update_task",
        "target": "all work tasks due today",
        "changes": {"due": "2026-03-05"},
        "selection": selection(tags=["work"], due_from="2026-03-04", due_to="2026-03-04"),
    }
    assert read("complete everything tagged errands") == {
        "intent": "complete_task",
        "target": "everything tagged errands",
        "selection": selection(tags=["errands"]),
    }
    assert read("delete all completed tasks") == {
        "intent": "delete_task",
        "target": "all completed",
        "selection": selection(status="completed"),
    }
    assert read("add #home to everything mentioning paint") == {
        "intent": "update_task",
        "target": "everything mentioning paint",
        "changes": {"tags_add": ["home"]},
        "selection": selection(search="paint"),
    }
    assert read("push my overdue tasks to next Monday") == {
        "intent": "update_task",
        "target": "overdue",
        "changes": {"due": "2026-03-09"},
        "selection": selection(overdue=True),
    }


@pytest.mark.parametrize(
    ("text", "intent", "wanted"),
    [
        ("complete all high priority tasks", "complete_task", selection(priority=["high"])),
        ("mark all tasks tagged work done", "complete_task", selection(tags=["work"])),
        ("delete every task mentioning paint", "delete_task", selection(search="paint")),
        ("mark all overdue tasks as done", "complete_task", selection(overdue=True)),
        (
            "complete all tasks due today",
            "complete_task",
            selection(due_from="2026-03-04", due_to="2026-03-04"),
        ),
        (
            "mark everything due tomorrow as done",
            "complete_task",
            selection(due_from="2026-03-05", due_to="2026-03-05"),
        ),
        ("delete all tasks tagged old", "delete_task", selection(tags=["old"])),
        (
            "reopen everything tagged errands",
            "reopen_task",
            selection(status="completed", tags=["errands"]),
        ),
    ],
)
def test_selections_in_other_words(text: str, intent: str, wanted: dict[str, Any]) -> None:
    result = read(text)

    assert (result["intent"], result.get("selection")) == (intent, wanted), result


def test_a_date_or_priority_after_all_selects_rather_than_adds() -> None:
    assert read("complete all high priority tasks")["intent"] == "complete_task"
    # without a selection, a date still makes a task to add
    assert task("finish all the reports by friday")["due"] == "2026-03-06"
    assert task("finish the report asap")["priority"] == "high"


@pytest.mark.parametrize(
    "text",
    [
        "move call mom to friday",
        "complete the report",
        "delete all",
        "delete everything",
        "mark done laundry as done",
        "delete all hands meeting notes",
        "complete buy paint",
    ],
)
def test_a_named_task_and_delete_all_carry_no_selection(text: str) -> None:
    assert "selection" not in read(text), read(text)


def test_delete_all_still_means_every_task() -> None:
    assert read("delete all") == {"intent": "delete_task", "target": "all"}
