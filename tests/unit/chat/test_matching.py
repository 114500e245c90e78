"""Which task a message means: exact > every word > partial > close spelling."""

from __future__ import annotations

import time

import pytest

from todo_chatbot.chat.matching import (
    Candidate,
    Match,
    Tier,
    decisive,
    rank,
    suggestions,
    words_of,
)

TASKS = [
    Candidate("1", "Take vitamins"),
    Candidate("2", "Buy groceries"),
    Candidate("3", "Call mom"),
    Candidate("4", "Call mom about the trip"),
    Candidate("5", "Prepare quarterly report"),
    Candidate("6", "Café with Zoé"),
    Candidate("7", "Study for exam"),
]


def best(target: str, tasks: list[Candidate] = TASKS) -> list[str]:
    return [match.candidate.title for match in rank(target, tasks)]


def tier(target: str, tasks: list[Candidate] = TASKS) -> Tier:
    return rank(target, tasks)[0].tier


def test_words_of_a_title_drop_case_accents_punctuation_and_leading_determiners() -> None:
    assert words_of("Café ZOÉ") == ["cafe", "zoe"]
    assert words_of("the  Quarterly-Report!") == ["quarterly", "report"]
    assert words_of("the") == ["the"]


@pytest.mark.parametrize(
    ("target", "expected", "expected_tier"),
    [
        ("take vitamins", ["Take vitamins"], Tier.EXACT),
        ("vitamins", ["Take vitamins"], Tier.WORDS),
        ("vitamin", ["Take vitamins"], Tier.PARTIAL),
        ("grocery", ["Buy groceries"], Tier.PARTIAL),
        ("quarterly rep", ["Prepare quarterly report"], Tier.PARTIAL),
        ("vitamns", ["Take vitamins"], Tier.FUZZY),
        ("studies", ["Study for exam"], Tier.PARTIAL),
        ("vtamins", ["Take vitamins"], Tier.FUZZY),
        ("clal mom", ["Call mom"], Tier.FUZZY),
        ("cafe with zoe", ["Café with Zoé"], Tier.EXACT),
        ("the report", ["Prepare quarterly report"], Tier.WORDS),
    ],
)
def test_each_tier_finds_its_task(target: str, expected: list[str], expected_tier: Tier) -> None:
    assert best(target) == expected
    assert tier(target) is expected_tier


def test_an_exact_title_beats_a_longer_title_with_the_same_words() -> None:
    assert best("call mom") == ["Call mom"]
    assert decisive(rank("call mom", TASKS)) is not None


def test_whole_words_beat_a_partial_match() -> None:
    tasks = [Candidate("a", "Take vitamins"), Candidate("b", "Buy vitamin D")]
    assert best("vitamins", tasks) == ["Take vitamins"]


def test_equal_matches_are_a_tie_with_the_shorter_title_first() -> None:
    tasks = [Candidate("a", "Buy vitamins for mom"), Candidate("b", "Take vitamins")]
    matches = rank("vitamins", tasks)
    assert [m.candidate.title for m in matches] == ["Take vitamins", "Buy vitamins for mom"]
    assert decisive(matches) is None


def test_two_identical_titles_are_a_tie() -> None:
    tasks = [Candidate("a", "Pay rent"), Candidate("b", "pay rent")]
    assert decisive(rank("pay rent", tasks)) is None


def test_a_much_closer_spelling_is_decisive_but_two_close_ones_are_not() -> None:
    first, second = Candidate("a", "Take vitamins"), Candidate("b", "Take vitamin D")
    assert decisive([Match(first, Tier.FUZZY, 0.95), Match(second, Tier.FUZZY, 0.81)]) == Match(
        first, Tier.FUZZY, 0.95
    )
    assert decisive([Match(first, Tier.FUZZY, 0.93), Match(second, Tier.FUZZY, 0.86)]) is None
    assert decisive([Match(first, Tier.WORDS, 1.0), Match(second, Tier.WORDS, 0.5)]) is None
    assert decisive(rank("vtamins", [first, second])) is None


def test_nothing_matches_unrelated_words() -> None:
    assert rank("dentist", TASKS) == []
    assert rank("", TASKS) == []


def test_suggestions_are_the_closest_titles_when_nothing_matched() -> None:
    titles = [task.title for task in TASKS] + ["Book dentist appointment"]
    assert suggestions("dentst", titles)[0] == "Book dentist appointment"
    assert suggestions("xylophone lessons", titles) == []
    assert len(suggestions("call", ["Call mom", "Call dad", "Call bank", "Call Zoe"])) == 3


def test_ranking_a_thousand_titles_takes_milliseconds() -> None:
    """difflib is fast enough here: the fuzzy tier runs only when the index found nothing."""
    titles = [Candidate(str(n), f"Task number {n} about topic {n * 7 % 100}") for n in range(1000)]
    started = time.perf_counter()
    rank("tpoic 42 nmber", titles)
    assert time.perf_counter() - started < 0.5
