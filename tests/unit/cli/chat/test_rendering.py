"""A chat reply as the terminal prints it."""

from __future__ import annotations

from todo_chatbot.cli.chat.rendering import render

REPLY = "You have 2 pending tasks:\n- *Call mom*, due **today**\n- *Pay rent*"


def test_without_styles_the_markers_are_left_out_and_bullets_drawn() -> None:
    assert render(REPLY, styled=False) == (
        "You have 2 pending tasks:\n  • Call mom, due today\n  • Pay rent"
    )


def test_with_styles_titles_are_in_italics_and_bold_is_bold() -> None:
    assert render("Added *Call mom*, due **today**.", styled=True) == (
        "Added \x1b[3mCall mom\x1b[23m, due \x1b[1mtoday\x1b[22m."
    )


def test_numbered_lists_and_plain_lines_stay_as_they_are() -> None:
    text = "Which one should I complete?\n1. *Vitamins*\n2. *Vitamin D*"

    assert render(text, styled=False) == ("Which one should I complete?\n1. Vitamins\n2. Vitamin D")
