"""Answers to the chat's questions: a choice by number or ordinal, yes, no, cancel."""

from __future__ import annotations

import pytest

from todo_chatbot.chat.short_answers import Reply, choice, ordinal, yes_or_no


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("2", 2),
        ("2nd", 2),
        ("#2", 2),
        ("the second one", 2),
        ("Second.", 2),
        ("number two", 2),
        ("option 3", 3),
        ("it's the 3rd one", 3),
        ("the first", 1),
        ("1st please", 1),
        ("one", 1),
        ("last one", -1),
        ("the last", -1),
    ],
)
def test_a_reply_naming_a_position(text: str, position: int) -> None:
    assert ordinal(text) == position


@pytest.mark.parametrize("text", ["buy milk", "the blue one", "2 and 3", "", "yes", "cancel"])
def test_a_reply_naming_no_position(text: str) -> None:
    assert ordinal(text) is None


def test_a_choice_is_zero_based_and_within_the_options() -> None:
    assert choice("2", 3) == 1
    assert choice("the last one", 3) == 2
    assert choice("4", 3) is None
    assert choice("0", 3) is None
    assert choice("buy milk", 3) is None


@pytest.mark.parametrize("text", ["yes", "Yes!", "yep", "sure", "OK", "do it", "yes, delete them"])
def test_confirmations(text: str) -> None:
    assert yes_or_no(text) is Reply.YES


@pytest.mark.parametrize("text", ["no", "Nope.", "cancel", "never mind", "Nevermind", "forget it"])
def test_refusals_and_cancels(text: str) -> None:
    assert yes_or_no(text) is Reply.NO


@pytest.mark.parametrize("text", ["yes delete the milk task", "mark it done", "2", "not sure"])
def test_other_messages_are_neither(text: str) -> None:
    assert yes_or_no(text) is None
