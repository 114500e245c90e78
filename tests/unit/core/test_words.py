"""Words as search and matching read them."""

from __future__ import annotations

from todo_chatbot.core.words import fold, folded_words


def test_folding_drops_case_and_accents_and_keeps_the_rest() -> None:
    assert fold("Café ZOÉ, Straße") == "cafe zoe, strasse"


def test_folded_words_are_the_words_in_order_with_repeats() -> None:
    assert folded_words("the  Quarterly-Report! the Café") == [
        "the",
        "quarterly",
        "report",
        "the",
        "cafe",
    ]
