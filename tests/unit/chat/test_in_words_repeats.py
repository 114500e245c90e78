"""Unit tests of how the chat says a repeat: numbered weekdays, a yearly date, a repeat
after completion, and the dates a completed overdue task passed over."""

from __future__ import annotations

from datetime import date

import pytest

from todo_chatbot.chat import in_words, replies


@pytest.mark.parametrize(
    ("rule", "said"),
    [
        ("FREQ=MONTHLY;BYDAY=3TU", "every month on the third Tuesday"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "every month on the last Friday"),
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO", "every 2 months on the first Monday"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", "every 2 weeks on Monday and Thursday"),
        ("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3", "every year on March 3"),
    ],
)
def test_a_rule_in_words(rule: str, said: str) -> None:
    assert in_words.recurrence(rule) == said


def test_a_yearly_rule_says_the_day_of_its_due() -> None:
    assert in_words.recurrence("FREQ=YEARLY", date(2027, 3, 3)) == "every year on March 3"


@pytest.mark.parametrize(
    ("rule", "said"),
    [
        ("FREQ=DAILY;INTERVAL=3", "3 days after you finish it"),
        ("FREQ=WEEKLY", "a week after you finish it"),
        ("FREQ=WEEKLY;BYDAY=MO", "every Monday, counted from when you finish it"),
    ],
)
def test_a_repeat_after_completion_in_words(rule: str, said: str) -> None:
    assert in_words.repeat(rule, "completion") == said


@pytest.mark.parametrize(
    ("dates", "said"),
    [
        ([], ""),
        (["2026-03-02", "2026-03-03"], "skipped Mar 2 and Mar 3"),
        (["2026-03-03T09:00:00-05:00"], "skipped Mar 3"),
        (
            [f"2026-03-{day:02d}" for day in range(2, 10)],
            "skipped 8 past dates, Mar 2 to Mar 9",
        ),
    ],
)
def test_the_dates_passed_over_in_words(dates: list[str], said: str) -> None:
    assert in_words.skipped({"skipped_occurrences": dates}) == said


def test_the_completion_reply_names_the_dates_passed_over() -> None:
    view = {
        "title": "Water the plants",
        "recurrence": "FREQ=DAILY",
        "repeat_from": "due",
        "skipped_occurrences": ["2026-03-02", "2026-03-03"],
    }
    assert replies.completed(view, was_done=False) == (
        "Marked *Water the plants* as done. It repeats every day, so the next one follows"
        " (skipped Mar 2 and Mar 3, already past)."
    )


def test_the_completion_reply_of_a_repeat_after_completion() -> None:
    view = {
        "title": "Water the plants",
        "recurrence": "FREQ=DAILY;INTERVAL=3",
        "repeat_from": "completion",
        "skipped_occurrences": [],
    }
    assert replies.completed(view, was_done=False) == (
        "Marked *Water the plants* as done. It repeats 3 days after you finish it,"
        " so the next one follows."
    )
