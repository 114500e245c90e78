"""The rules made after held-out round 5 (docs/parser.md), one test per family, each with
phrasings of its own and the near misses that must keep their old reading."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from tests.unit.chat.language.heldout_expected import (
    HELP,
    UNKNOWN,
    add,
    at,
    day,
    done,
    listing,
    update,
)
from tests.unit.chat.language.support import NOW, TZ, read
from todo_chatbot.chat.language import NewTask, UpdateTask, parse
from todo_chatbot.core.timekeeping import zone


def typed(text: str) -> Any:
    return parse(text, now=datetime.fromisoformat(NOW), tz=zone(TZ))


@pytest.mark.parametrize(
    "text",
    [
        "i need some help",
        "I'm kinda stuck",
        "i dont understand",
        "what can the app do",
        "help pls",
        "what can you help me with",
    ],
)
def test_help_in_more_words(text: str) -> None:
    assert read(text) == HELP


@pytest.mark.parametrize("text", ["and the", "it", "of", "fjdksla", "ok nice", "bro"])
def test_words_that_say_nothing_are_unknown(text: str) -> None:
    assert read(text) == UNKNOWN


@pytest.mark.parametrize(("text", "title"), [("salsa", "salsa"), ("buy glass", "buy glass")])
def test_real_words_of_the_home_row_still_add(text: str, title: str) -> None:
    assert read(text) == add(title)


def test_a_hashtag_after_a_place_word_takes_it() -> None:
    assert read("fix the gate under #garden") == add("fix the gate", tags=("garden",))
    assert read("paint the room in #blue") == add("paint the room", tags=("blue",))


def test_a_kind_of_task_in_a_list_request_is_a_tag() -> None:
    assert read("show home tasks") == listing(tags=["home"])
    assert read("list my school todos") == listing(tags=["school"])
    assert read("show recurring tasks") != listing(tags=["recurring"])
    assert read("show overdue tasks") == listing(overdue=True)


def test_a_part_of_the_day_alone_is_its_next_occurrence() -> None:
    assert read("call mom in the morning") == add("call mom", due=at("03-05 09:00"))
    assert read("call mom in the evening") == add("call mom", due=at("03-04 18:00"))


def test_remind_me_about_a_task_pointed_at_sets_its_reminder_or_adds_it() -> None:
    assert read("remind me about the vet at 4") == update("vet", remind_at=at("03-04 16:00"))
    command = typed("remind me of my haircut friday at 10")
    assert isinstance(command, UpdateTask)
    assert command.target == "haircut"
    assert command.or_add == NewTask(
        title="haircut",
        due=datetime.fromisoformat(at("03-06 10:00")),
        remind_at=datetime.fromisoformat(at("03-06 10:00")),
    )


def test_remind_me_about_what_names_no_task_still_adds() -> None:
    assert read("remind me about groceries tomorrow") == add(
        "groceries", due=day("03-05"), remind=at("03-05 09:00")
    )
    assert read("remind me about the meeting I have at 3")["intent"] == "add_task"
    pointed = typed("remind me about this tomorrow at 9")
    assert isinstance(pointed, UpdateTask)
    assert pointed.or_add is None


def test_a_lead_before_a_task_named_by_its_title() -> None:
    assert read("remind me 10 minutes before standup") == update("standup")
    assert read("remind me two days before my wife birthday")["intent"] == "add_task"


def test_no_reminders_for_a_task_clears_it() -> None:
    assert read("no reminders for the gym") == update("gym", remind_at=None)


def test_set_a_task_to_a_moment_moves_it() -> None:
    assert read("set the standup to monday at 9am") == update("standup", due=at("03-09 09:00"))
    assert read("set the table for dinner at 7")["intent"] == "add_task"


def test_everything_i_did_is_a_list_of_done_tasks() -> None:
    assert read("everything I completed this week") == listing(
        status="completed", due_from=day("03-02"), due_to=day("03-08")
    )


def test_a_bulk_change_keeps_its_task_noun() -> None:
    assert read("make all school tasks low priority")["selection"]["tags"] == ["school"]
    assert "selection" not in read("make all work high priority")


def test_a_trailing_please_does_not_keep_a_command_from_ending_the_message() -> None:
    assert read("mark the report complete please") == done("report")
    assert read("could you tick off groceries thanks") == done("groceries")
