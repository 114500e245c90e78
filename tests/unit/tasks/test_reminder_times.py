"""Unit tests of ``todo_chatbot.tasks.reminder_times``: when a reminder rings.

A reminder relative to the due is that many minutes before it, whole days
counted on the wall clock and a date-only due counted back from 09:00; a
series' next occurrence keeps the last one's lead on the wall clock, across
daylight-saving changes (New York springs forward on Sunday 2026-03-08).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from todo_chatbot.core.timekeeping import format_due, zone
from todo_chatbot.tasks.reminder_times import reminder_before, shift_reminder

NY = zone("America/New_York")


def test_a_lead_in_minutes_is_taken_off_the_due_instant() -> None:
    due = datetime(2026, 3, 5, 22, 0, tzinfo=UTC)  # 17:00 EST
    assert format_due(reminder_before(due, 60, NY), NY) == "2026-03-05T16:00:00-05:00"
    assert format_due(reminder_before(due, 0, NY), NY) == "2026-03-05T17:00:00-05:00"


def test_whole_days_before_keep_the_wall_clock_time_across_the_change() -> None:
    due = datetime(2026, 3, 8, 13, 0, tzinfo=UTC)  # Sunday 09:00 EDT
    assert format_due(reminder_before(due, 24 * 60, NY), NY) == "2026-03-07T09:00:00-05:00"


def test_hours_before_are_elapsed_time_across_the_change() -> None:
    due = datetime(2026, 3, 8, 13, 0, tzinfo=UTC)  # Sunday 09:00 EDT
    assert format_due(reminder_before(due, 12 * 60, NY), NY) == "2026-03-07T20:00:00-05:00"


def test_a_date_only_due_counts_back_from_nine() -> None:
    assert format_due(reminder_before(date(2026, 3, 6), 60, NY), NY) == "2026-03-06T08:00:00-05:00"
    assert format_due(reminder_before(date(2026, 3, 9), 24 * 60, NY), NY) == (
        "2026-03-08T09:00:00-04:00"
    )


def test_shift_reminder_keeps_the_wall_clock_lead_across_dst() -> None:
    shifted = shift_reminder(
        old_due=datetime(2026, 3, 7, 14, 0, tzinfo=UTC),  # 09:00 EST
        old_remind_at=datetime(2026, 3, 7, 13, 45, tzinfo=UTC),  # 08:45 EST
        new_due=datetime(2026, 3, 8, 13, 0, tzinfo=UTC),  # 09:00 EDT
        tz=NY,
    )
    assert shifted == datetime(2026, 3, 8, 12, 45, tzinfo=UTC)  # 08:45 EDT


def test_shift_reminder_a_day_before_crossing_the_change() -> None:
    shifted = shift_reminder(
        old_due=datetime(2026, 3, 8, 13, 0, tzinfo=UTC),  # Sunday 09:00 EDT
        old_remind_at=datetime(2026, 3, 7, 14, 0, tzinfo=UTC),  # Saturday 09:00 EST
        new_due=datetime(2026, 3, 15, 13, 0, tzinfo=UTC),
        tz=NY,
    )
    assert format_due(shifted, NY) == "2026-03-14T09:00:00-04:00"


def test_shift_reminder_for_a_date_due() -> None:
    shifted = shift_reminder(
        old_due=date(2026, 3, 6),
        old_remind_at=datetime(2026, 3, 6, 14, 0, tzinfo=UTC),  # 09:00 EST that day
        new_due=date(2026, 3, 13),
        tz=NY,
    )
    assert format_due(shifted, NY) == "2026-03-13T09:00:00-04:00"
