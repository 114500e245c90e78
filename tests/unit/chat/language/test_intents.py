"""Choices the contract leaves open, pinned down (docs/parser.md, "Choices")."""

from __future__ import annotations

from tests.unit.chat.language.support import due, listed, read, task


def test_two_changes_joined_by_and_it_make_one_update() -> None:
    assert read("move the report to friday and make it urgent") == {
        "intent": "update_task",
        "target": "report",
        "changes": {"due": "2026-03-06", "priority": "high"},
    }


def test_a_pronoun_target_is_passed_on_for_the_chat_layer() -> None:
    assert read("delete it") == {"intent": "delete_task", "target": "it"}


def test_all_tasks_alone_means_every_status_but_not_beside_another_filter() -> None:
    assert listed("show all my tasks")["filter"]["status"] == "all"
    assert listed("show all my high priority tasks")["filter"]["status"] == "pending"


def test_delete_everything_is_target_all() -> None:
    for text in ("delete everything", "clear my list", "wipe my calendar clean"):
        assert read(text) == {"intent": "delete_task", "target": "all"}, text


def test_finish_with_a_date_adds_a_task_and_without_one_completes() -> None:
    assert task("finish the slides by friday")["due"] == "2026-03-06"
    assert read("finish the slides") == {"intent": "complete_task", "target": "slides"}


def test_an_hour_with_a_day_is_a_working_hour() -> None:
    assert due("call bob tomorrow at 5") == "2026-03-05T17:00:00-05:00"
    assert due("call bob tomorrow at 8") == "2026-03-05T08:00:00-05:00"


def test_midnight_with_a_day_is_the_end_of_that_day() -> None:
    assert due("submit it friday at midnight") == "2026-03-07T00:00:00-05:00"


def test_a_zone_abbreviation_is_a_fixed_offset() -> None:
    assert due("call bob tomorrow at 9am PST") == "2026-03-05T12:00:00-05:00"


def test_sub_daily_repeats_are_not_rules() -> None:
    found = task("stretch every hour")
    assert (found["title"], found["recurrence"]) == ("stretch every hour", None)


def test_knowledge_questions_are_unknown_and_schedule_questions_list() -> None:
    assert read("who won the game last night") == {"intent": "unknown"}
    assert read("when is my dentist appointment")["intent"] == "list_tasks"
