"""How replies say dates, times, repeats and tasks: in the user's zone, relative to today."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from todo_chatbot.chat import in_words, replies

NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime.fromisoformat("2026-03-04T15:00:00+00:00")
"""Wednesday, 10:00 in New York; clocks there go forward on Sunday the 8th."""


def test_the_contract_example_reads_naturally() -> None:
    view = {
        "title": "Buy groceries",
        "due": "2026-03-05T17:00:00-05:00",
        "remind_at": "2026-03-05T16:00:00-05:00",
    }
    assert (
        replies.added(view, NOW, NEW_YORK)
        == "Added *Buy groceries*, due tomorrow at 5:00 PM, reminder at 4:00 PM."
    )


@pytest.mark.parametrize(
    ("day", "said"),
    [
        (date(2026, 3, 4), "today"),
        (date(2026, 3, 5), "tomorrow"),
        (date(2026, 3, 3), "yesterday"),
        (date(2026, 3, 6), "Friday"),
        (date(2026, 3, 10), "Tuesday"),
        (date(2026, 3, 11), "Wednesday, March 11"),
        (date(2026, 3, 2), "Monday, March 2"),
        (date(2027, 1, 5), "Tuesday, January 5, 2027"),
    ],
)
def test_days_relative_to_today(day: date, said: str) -> None:
    assert in_words.day(day, date(2026, 3, 4)) == said


@pytest.mark.parametrize(
    ("instant", "said"),
    [
        ("2026-03-04T17:00:00+00:00", "today at 12:00 PM"),
        ("2026-03-05T05:30:00+00:00", "tomorrow at 12:30 AM"),
        # After the change to summer time: 9:30 in New York is 13:30 UTC.
        ("2026-03-09T13:30:00+00:00", "Monday at 9:30 AM"),
    ],
)
def test_times_are_in_the_users_zone_across_dst(instant: str, said: str) -> None:
    assert in_words.moment(datetime.fromisoformat(instant), NOW, NEW_YORK) == said


def test_the_same_instant_reads_differently_in_another_zone() -> None:
    instant = datetime.fromisoformat("2026-03-04T20:00:00+00:00")
    assert in_words.moment(instant, NOW, NEW_YORK) == "today at 3:00 PM"
    # In Tokyo it is already Thursday (00:00): the same instant is Thursday 5:00 AM.
    assert in_words.moment(instant, NOW, TOKYO) == "today at 5:00 AM"
    assert in_words.moment(datetime.fromisoformat("2026-03-06T01:00:00+00:00"), NOW, TOKYO) == (
        "tomorrow at 10:00 AM"
    )


def test_a_date_only_due_has_no_time() -> None:
    assert in_words.moment(date(2026, 3, 13), NOW, NEW_YORK) == "Friday, March 13"


def test_a_reminder_on_another_day_says_its_day() -> None:
    due = datetime.fromisoformat("2026-03-06T14:00:00+00:00")
    same_day = datetime.fromisoformat("2026-03-06T13:00:00+00:00")
    day_before = datetime.fromisoformat("2026-03-05T14:00:00+00:00")
    assert in_words.reminder(same_day, due, NOW, NEW_YORK) == "reminder at 8:00 AM"
    assert in_words.reminder(day_before, due, NOW, NEW_YORK) == "reminder tomorrow at 9:00 AM"


@pytest.mark.parametrize(
    ("rule", "said"),
    [
        ("FREQ=DAILY", "every day"),
        ("FREQ=WEEKLY;BYDAY=MO", "every Monday"),
        ("FREQ=WEEKLY;BYDAY=MO,TH", "every Monday and Thursday"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "every weekday"),
        ("FREQ=WEEKLY;INTERVAL=2", "every 2 weeks"),
        ("FREQ=MONTHLY;BYMONTHDAY=1", "every month on the 1st"),
        ("FREQ=YEARLY", "every year"),
        ("FREQ=MONTHLY;BYDAY=1MO", "every month on the first Monday"),
        ("FREQ=MONTHLY;BYDAY=1MO;BYMONTH=3", "repeating (FREQ=MONTHLY;BYDAY=1MO;BYMONTH=3)"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "every month on the last Friday"),
        ("FREQ=MONTHLY;BYSETPOS=3;BYDAY=TU", "every month on the third Tuesday"),
        ("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3", "every year on March 3"),
        ("FREQ=DAILY;COUNT=5", "every day, 5 times"),
    ],
)
def test_repeats_in_words(rule: str, said: str) -> None:
    assert in_words.recurrence(rule) == said


def test_clock_times() -> None:
    assert in_words.clock_time(datetime(2026, 3, 4, 0, 5)) == "12:05 AM"
    assert in_words.clock_time(datetime(2026, 3, 4, 12, 0)) == "12:00 PM"
    assert in_words.clock_time(datetime(2026, 3, 4, 23, 59)) == "11:59 PM"


def test_a_task_line_names_priority_tags_and_repeat() -> None:
    view = {
        "title": "team sync",
        "due": "2026-03-09T09:30:00-04:00",
        "recurrence": "FREQ=WEEKLY;BYDAY=MO",
        "priority": "high",
        "tags": ["work"],
    }
    assert in_words.task_line(view, NOW, NEW_YORK) == (
        "*team sync*, due Monday at 9:30 AM, repeating every Monday, high priority, #work"
    )


def test_an_update_says_what_changed() -> None:
    before = {"title": "report", "due": "2026-03-06", "priority": None}
    after = {"title": "report", "due": "2026-03-13T15:00:00-04:00", "priority": "high"}
    assert replies.updated(before, after, NOW, NEW_YORK) == (
        "Updated *report*: due Friday, March 13 at 3:00 PM, high priority."
    )
    cleared = {"title": "report", "due": None, "priority": None}
    assert replies.updated(before, cleared, NOW, NEW_YORK) == "Updated *report*: no due date now."
    renamed = {"title": "quarterly report", "due": "2026-03-06", "priority": None}
    assert replies.updated(before, renamed, NOW, NEW_YORK) == (
        "Renamed *report* to *quarterly report*."
    )


def test_asterisks_in_titles_cannot_break_the_italics() -> None:
    assert in_words.title("**bold** move") == "*bold move*"
