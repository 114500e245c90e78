"""Parser tests of repeats: counted from the completion ("3 days after I finish it",
"every! 3 days"), a numbered weekday said month first ("every month on the third
Tuesday"), the repeats issue 20 names, and questions about a task's next dates."""

from __future__ import annotations

import pytest

from tests.unit.chat.language.support import read, task


@pytest.mark.parametrize(
    ("text", "title", "rule"),
    [
        ("water the plants 3 days after I finish it", "water the plants", "FREQ=DAILY;INTERVAL=3"),
        ("water the plants every! 3 days", "water the plants", "FREQ=DAILY;INTERVAL=3"),
        (
            "change the filter two weeks after completion",
            "change the filter",
            "FREQ=WEEKLY;INTERVAL=2",
        ),
        ("descale the kettle a month after I've done it", "descale the kettle", "FREQ=MONTHLY"),
    ],
)
def test_a_repeat_after_completion(text: str, title: str, rule: str) -> None:
    body = task(text)
    assert (body["title"], body["recurrence"], body["repeat_from"]) == (title, rule, "completion")
    assert body["due"] == "2026-03-04"


def test_a_repeat_on_schedule_says_no_repeat_from() -> None:
    assert "repeat_from" not in task("water the plants every 3 days")


@pytest.mark.parametrize(
    ("text", "rule", "due"),
    [
        ("call mom every 3rd Tuesday", "FREQ=MONTHLY;BYDAY=3TU", "2026-03-17"),
        ("call mom every month on the third tuesday", "FREQ=MONTHLY;BYDAY=3TU", "2026-03-17"),
        ("pay rent every last Friday of the month", "FREQ=MONTHLY;BYDAY=-1FR", "2026-03-27"),
        ("pay rent monthly on the last Friday", "FREQ=MONTHLY;BYDAY=-1FR", "2026-03-27"),
        (
            "gym every other week on Mon and Thu",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
            "2026-03-05",
        ),
        ("birthday yearly on March 3rd", "FREQ=YEARLY", "2027-03-03"),
        (
            "board meeting every 2 months on the first Monday",
            "FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO",
            "2026-04-06",
        ),
    ],
)
def test_the_repeats_of_issue_20(text: str, rule: str, due: str) -> None:
    body = task(text)
    assert (body["recurrence"], body["due"]) == (rule, due)


@pytest.mark.parametrize(
    ("text", "target", "count"),
    [
        ("When is call mom next?", "call mom", 1),
        ("when's pay rent due next", "pay rent", 1),
        ("show the next 5 dates of pay rent", "pay rent", 5),
        ("show me the next three dates for the gym", "gym", 3),
        ("what are the next dates for the gym", "gym", 5),
    ],
)
def test_a_question_about_the_next_dates(text: str, target: str, count: int) -> None:
    assert read(text) == {"intent": "next_dates", "target": target, "count": count}


@pytest.mark.parametrize(
    "text",
    ["what's next", "what is due next week", "when is my meeting", "when is my next meeting"],
)
def test_other_questions_still_list(text: str) -> None:
    assert read(text)["intent"] == "list_tasks"
