"""The bulk actions' pure parts: a relative move in words, the tools' token
carries exactly what was previewed, and the preview names at most 20 tasks."""

from __future__ import annotations

import base64
from datetime import datetime

import pytest

from todo_chatbot.chat import bulk
from todo_chatbot.core.errors import ValidationFailed
from todo_chatbot.core.timekeeping import zone

TZ = zone("America/New_York")
NOW = datetime.fromisoformat("2026-03-04T10:00:00-05:00")


@pytest.mark.parametrize(
    ("move", "words"),
    [
        ({"shift_minutes": 2 * 24 * 60, "time": None, "later": True}, "2 days later"),
        ({"shift_minutes": -60, "time": None, "later": False}, "1 hour earlier"),
        ({"shift_minutes": 90, "time": None, "later": False}, "90 minutes later"),
        (
            {"shift_minutes": None, "time": "19:00", "later": False},
            "to 7:00 PM on the day each is due",
        ),
    ],
)
def test_a_relative_move_is_previewed_in_words(move: dict[str, object], words: str) -> None:
    tasks = [{"id": "a", "title": "Pay bill", "due": None}]

    text = bulk.preview_text("update_task", {"due_move": move}, tasks, more=False, now=NOW, tz=TZ)

    assert text.startswith(f"I'll move 1 task {words}:\n"), text


def test_a_relative_move_can_be_done_in_bulk() -> None:
    move = {"shift_minutes": 60, "time": None, "later": True}

    assert bulk.can_change_in_bulk({"due_move": move, "priority": "high"})


def test_a_token_carries_the_preview_back() -> None:
    preview = bulk.Preview("update", {"tag": ["work"]}, {"due": "2026-03-05"}, ["a", "b"])

    assert bulk.Preview.from_token(preview.token()) == preview
    assert preview.selection_filter().tags == ("work",)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "delete everything",
        "bulk1.!!!",
        "bulk1." + base64.urlsafe_b64encode(b'{"a":"explode","s":{},"c":{},"i":[]}').decode(),
        "bulk1." + base64.urlsafe_b64encode(b'{"a":"delete","s":{},"c":{},"i":[1]}').decode(),
        "bulk1." + base64.urlsafe_b64encode(b"[]").decode(),
    ],
)
def test_a_token_no_preview_made_is_refused(token: str) -> None:
    with pytest.raises(ValidationFailed):
        bulk.Preview.from_token(token)


def test_a_preview_names_twenty_tasks_and_counts_the_rest() -> None:
    tasks = [{"id": str(n), "title": f"Task {n}", "due": None} for n in range(25)]

    text = bulk.preview_text("complete_task", {}, tasks, more=False, now=NOW, tz=TZ)

    lines = text.split("\n")
    assert lines[0] == "I'll mark these 25 tasks as done:"
    assert lines[1:3] == ["- *Task 0*", "- *Task 1*"]
    assert lines[21:] == ["…and 5 more.", "Say yes to go ahead, or no to cancel."]


@pytest.mark.parametrize(
    ("tool", "arguments", "first"),
    [
        ("delete_task", {}, "I'll delete 1 task:"),
        ("reopen_task", {}, "I'll reopen 1 task:"),
        ("update_task", {"due": "2026-03-05"}, "I'll move 1 task to tomorrow:"),
        ("update_task", {"tags_add": ["home"]}, "I'll add #home to 1 task:"),
        (
            "update_task",
            {"priority": "high", "tags_remove": ["old"]},
            "I'll change 1 task (high priority; take off #old):",
        ),
    ],
)
def test_a_preview_says_what_it_will_do(
    tool: bulk.BulkTool, arguments: dict[str, str], first: str
) -> None:
    text = bulk.preview_text(
        tool, arguments, [{"id": "1", "title": "A"}], more=False, now=NOW, tz=TZ
    )

    assert text.split("\n")[0] == first


def test_a_new_title_or_a_reminder_lead_is_not_changed_in_bulk() -> None:
    assert bulk.can_change_in_bulk({"due": "2026-03-05", "tags_add": ["x"]})
    assert not bulk.can_change_in_bulk({"title": "same for all"})
    assert not bulk.can_change_in_bulk({"remind_before_minutes": 30})
