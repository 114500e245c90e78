"""One test per convention of the contract (nlu-parse.md, "Conventions").

``now`` is Wednesday 2026-03-04 10:00 in New York unless a test says otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from tests.unit.chat.language.support import due, listed, read, task
from todo_chatbot.tasks.recurrence import parse_rule

Test = TypeVar("Test", bound=Callable[..., None])


def cases(*rows: tuple[str, Any]) -> Callable[[Test], Test]:
    """Parametrize a test over (message, expected) rows, each named by its message."""
    mark = pytest.mark.parametrize(("text", "expected"), rows, ids=[row[0] for row in rows])

    def decorate(test: Test) -> Test:
        marked: Test = mark(test)
        return marked

    return decorate


@cases(
    ("call bob at 5pm", "2026-03-04T17:00:00-05:00"),
    ("call bob at 9am", "2026-03-05T09:00:00-05:00"),
    ("call bob at 10:00", "2026-03-04T22:00:00-05:00"),
    ("call bob at 10:00am", "2026-03-05T10:00:00-05:00"),
    ("call bob at 17:30", "2026-03-04T17:30:00-05:00"),
)
def test_a_time_with_no_date_is_its_next_occurrence(text: str, expected: str) -> None:
    assert due(text) == expected


@cases(("call bob tomorrow", "2026-03-05"), ("call bob on march 20", "2026-03-20"))
def test_a_date_with_no_time_is_a_date(text: str, expected: str) -> None:
    assert due(text) == expected


@cases(
    ("call bob friday", "2026-03-06"),
    ("call bob on friday", "2026-03-06"),
    ("call bob this friday", "2026-03-06"),
    ("call bob wednesday", "2026-03-11"),
    ("call bob on thursday", "2026-03-05"),
    ("call bob sunday", "2026-03-08"),
)
def test_a_weekday_is_the_first_such_day_after_today_never_today(text: str, expected: str) -> None:
    assert due(text) == expected


@cases(
    ("call bob next friday", "2026-03-13"),
    ("call bob next thursday", "2026-03-12"),
    ("call bob next wednesday", "2026-03-11"),
    ("call bob next monday", "2026-03-09"),
    ("call bob next sunday", "2026-03-15"),
)
def test_next_weekday_is_that_day_of_next_week(text: str, expected: str) -> None:
    assert due(text) == expected


@cases(
    ("call bob tomorrow morning", "2026-03-05T09:00:00-05:00"),
    ("call bob tomorrow at noon", "2026-03-05T12:00:00-05:00"),
    ("call bob this afternoon", "2026-03-04T15:00:00-05:00"),
    ("call bob this evening", "2026-03-04T18:00:00-05:00"),
    ("call bob tomorrow night", "2026-03-05T20:00:00-05:00"),
    ("call bob tonight", "2026-03-04T20:00:00-05:00"),
    ("call bob EOD", "2026-03-04T17:00:00-05:00"),
    ("call bob by end of day friday", "2026-03-06T17:00:00-05:00"),
)
def test_parts_of_the_day(text: str, expected: str) -> None:
    assert due(text) == expected


@cases(
    ("call bob at five pm", "2026-03-04T17:00:00-05:00"),
    ("call bob tomorrow at ten thirty am", "2026-03-05T10:30:00-05:00"),
    ("call bob in twenty minutes", "2026-03-04T10:20:00-05:00"),
    ("call bob in half an hour", "2026-03-04T10:30:00-05:00"),
    ("call bob in an hour and a half", "2026-03-04T11:30:00-05:00"),
    ("call bob on the twenty first of march", "2026-03-21"),
)
def test_numbers_may_be_spelled_out(text: str, expected: str) -> None:
    assert due(text) == expected


@cases(
    ("call bob in 45 minutes", "2026-03-04T10:45:00-05:00"),
    ("call bob in 3 hours", "2026-03-04T13:00:00-05:00"),
    ("call bob in 3 days", "2026-03-07"),
    ("call bob in 2 weeks", "2026-03-18"),
    ("call bob in 1 month", "2026-04-04"),
)
def test_in_n_minutes_is_an_instant_and_in_n_days_a_date(text: str, expected: str) -> None:
    assert due(text) == expected


@cases(
    ("call bob next week", "2026-03-09"),
    ("call bob this weekend", "2026-03-07"),
    ("call bob by the end of the month", "2026-03-31"),
)
def test_named_periods(text: str, expected: str) -> None:
    assert due(text) == expected


@cases(
    ("what do I have today", ("2026-03-04", "2026-03-04")),
    ("what's due tomorrow", ("2026-03-05", "2026-03-05")),
    ("tasks this week", ("2026-03-02", "2026-03-08")),
    ("tasks next week", ("2026-03-09", "2026-03-15")),
    ("what's due this month", ("2026-03-01", "2026-03-31")),
    ("what's due in the next 5 days", ("2026-03-04", "2026-03-09")),
    ("what's due before friday", (None, "2026-03-05")),
    ("what's due by friday", (None, "2026-03-06")),
    ("tasks due after friday", ("2026-03-07", None)),
    ("tasks due between monday and wednesday", ("2026-03-09", "2026-03-11")),
)
def test_ranges_in_a_list_request(text: str, expected: tuple[str | None, str | None]) -> None:
    query = listed(text)["filter"]
    assert (query["due_from"], query["due_to"]) == expected


@cases(
    ("renew license on 3/20", "2026-03-20"),
    ("renew license 12/1", "2026-12-01"),
    ("renew license 1/15/2027", "2027-01-15"),
    ("renew license on 2026-03-20", "2026-03-20"),
)
def test_numeric_dates_are_us_style_and_iso_dates_are_accepted(text: str, expected: str) -> None:
    assert due(text) == expected


@cases(
    ("dentist friday at 3pm, remind me 30 minutes before", "2026-03-06T14:30:00-05:00"),
    ("dentist friday at 3pm, remind me 2 hours before", "2026-03-06T13:00:00-05:00"),
    ("dentist friday at 3pm, remind me 1 day before", "2026-03-05T15:00:00-05:00"),
    ("dentist friday, remind me at 8am", "2026-03-06T08:00:00-05:00"),
    ("dentist friday at 3pm, remind me on thursday", "2026-03-05T09:00:00-05:00"),
    ("dentist friday at 3pm, remind me thursday at 6pm", "2026-03-05T18:00:00-05:00"),
)
def test_reminder_forms(text: str, expected: str) -> None:
    assert task(text)["remind_at"] == expected


def test_remind_me_to_with_a_time_makes_due_and_reminder_that_instant() -> None:
    found = task("remind me to stretch tomorrow at 7:15am")
    assert (found["title"], found["due"], found["remind_at"]) == (
        "stretch",
        "2026-03-05T07:15:00-05:00",
        "2026-03-05T07:15:00-05:00",
    )


def test_remind_me_to_without_a_time_rings_at_nine_on_the_day() -> None:
    found = task("remind me to call mom on friday")
    assert (found["due"], found["remind_at"]) == ("2026-03-06", "2026-03-06T09:00:00-05:00")


@cases(
    ("fix the sink high priority", "high"),
    ("fix the sink medium priority", "medium"),
    ("fix the sink low priority", "low"),
    ("fix the sink priority high", "high"),
    ("fix the sink priority: low", "low"),
    ("fix the sink p1", "high"),
    ("fix the sink p2", "medium"),
    ("fix the sink p3", "low"),
    ("urgent fix the sink", "high"),
    ("fix the sink, it's important", "high"),
)
def test_priority_forms(text: str, expected: str) -> None:
    found = task(text)
    assert found["priority"] == expected
    assert found["title"].startswith("fix the sink")


@cases(
    ("buy paint #home", ["home"]),
    ("buy paint #Home #DIY", ["home", "diy"]),
    ("buy paint tagged home", ["home"]),
    ("buy paint tagged home, diy and garden", ["home", "diy", "garden"]),
    ("buy paint tag it as home", ["home"]),
    ("buy paint labeled with home and diy", ["home", "diy"]),
    ("buy paint label home", ["home"]),
)
def test_tag_forms(text: str, expected: list[str]) -> None:
    found = task(text)
    assert (found["title"], found["tags"]) == ("buy paint", expected)


@pytest.mark.parametrize(
    ("text", "rule", "first"),
    [
        ("water plants every day", "FREQ=DAILY", "2026-03-04"),
        ("water plants daily", "FREQ=DAILY", "2026-03-04"),
        ("water plants every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "2026-03-04"),
        ("water plants every monday and thursday", "FREQ=WEEKLY;BYDAY=MO,TH", "2026-03-05"),
        ("water plants on mondays", "FREQ=WEEKLY;BYDAY=MO", "2026-03-09"),
        ("water plants weekly", "FREQ=WEEKLY", "2026-03-04"),
        ("water plants every week", "FREQ=WEEKLY", "2026-03-04"),
        ("water plants every other day", "FREQ=DAILY;INTERVAL=2", "2026-03-04"),
        ("water plants every other friday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "2026-03-06"),
        ("water plants every 3 weeks", "FREQ=WEEKLY;INTERVAL=3", "2026-03-04"),
        ("water plants monthly", "FREQ=MONTHLY", "2026-03-04"),
        ("water plants every month", "FREQ=MONTHLY", "2026-03-04"),
        ("water plants on the 15th of every month", "FREQ=MONTHLY;BYMONTHDAY=15", "2026-03-15"),
        ("water plants on the 4th of every month", "FREQ=MONTHLY;BYMONTHDAY=4", "2026-03-04"),
        ("water plants yearly", "FREQ=YEARLY", "2026-03-04"),
        ("water plants annually", "FREQ=YEARLY", "2026-03-04"),
        ("water plants every year", "FREQ=YEARLY", "2026-03-04"),
    ],
)
def test_recurrence_forms_and_first_occurrence(text: str, rule: str, first: str) -> None:
    found = task(text)
    assert (found["title"], found["recurrence"], found["due"]) == ("water plants", rule, first)
    assert parse_rule(rule).text == rule


@cases(
    ("water plants every day at 8am", "2026-03-05T08:00:00-05:00"),
    ("water plants every day at 8pm", "2026-03-04T20:00:00-05:00"),
    ("water plants every monday at 9am", "2026-03-09T09:00:00-04:00"),
    ("water plants every wednesday at 9am", "2026-03-11T09:00:00-04:00"),
    ("water plants every wednesday at 11am", "2026-03-04T11:00:00-05:00"),
)
def test_a_recurring_due_is_the_first_occurrence_at_or_after_now(text: str, expected: str) -> None:
    assert due(text) == expected


DST_CASES = [
    (
        "call bob sunday at 2:30am",
        "2026-03-04T10:00:00-05:00",
        "America/New_York",
        "2026-03-08T03:30:00-04:00",
    ),
    (
        "call bob sunday at 1:30am",
        "2026-03-04T10:00:00-05:00",
        "America/New_York",
        "2026-03-08T01:30:00-05:00",
    ),
    (
        "call bob on nov 1 at 1:30am",
        "2026-03-04T10:00:00-05:00",
        "America/New_York",
        "2026-11-01T01:30:00-04:00",
    ),
    (
        "call bob on nov 1 at 3am",
        "2026-03-04T10:00:00-05:00",
        "America/New_York",
        "2026-11-01T03:00:00-05:00",
    ),
    (
        "call bob on march 29 at 1:30am",
        "2026-03-04T10:00:00+00:00",
        "Europe/London",
        "2026-03-29T02:30:00+01:00",
    ),
    (
        "call bob on oct 25 at 1:30am",
        "2026-03-04T10:00:00+00:00",
        "Europe/London",
        "2026-10-25T01:30:00+01:00",
    ),
    (
        "call bob in 3 hours",
        "2026-03-08T00:30:00-05:00",
        "America/New_York",
        "2026-03-08T04:30:00-04:00",
    ),
]


@pytest.mark.parametrize(
    ("text", "now", "tz", "expected"), DST_CASES, ids=[c[0] + "@" + c[2] for c in DST_CASES]
)
def test_daylight_saving_days(text: str, now: str, tz: str, expected: str) -> None:
    assert due(text, now, tz) == expected


@cases(
    ("sort by due date", {"by": "due", "order": "asc"}),
    ("sort by priority", {"by": "priority", "order": "desc"}),
    ("sort by title", {"by": "title", "order": "asc"}),
    ("sort by date created", {"by": "created", "order": "desc"}),
    ("sort by priority ascending", {"by": "priority", "order": "asc"}),
)
def test_a_sort_key_without_direction_takes_its_natural_order(
    text: str, expected: dict[str, str]
) -> None:
    assert listed(text)["sort"] == expected


def test_delete_all_is_a_delete_with_target_all() -> None:
    assert read("delete all my tasks") == {"intent": "delete_task", "target": "all"}
