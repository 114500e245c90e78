"""Unit tests of how a completed recurring task is followed: the first occurrence still
ahead (the dates passed over named), a repeat counted from the completion, and the
next dates a rule gives."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

import pytest

from todo_chatbot.core.errors import ValidationFailed
from todo_chatbot.core.timekeeping import Due, format_due, zone
from todo_chatbot.tasks.occurrences import read_occurrence_count
from todo_chatbot.tasks.recurrence import MAX_SKIPPED_LISTED
from todo_chatbot.tasks.task import RepeatFrom, Task, read_task_input

NY = zone("America/New_York")
CREATED = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)


def _task(raw: dict[str, object]) -> Task:
    return Task.create(
        task_id="t1",
        user_id="u1",
        fields=read_task_input(raw, NY, require_title=True),
        now=CREATED,
        tz=NY,
        new_series_id="s1",
    )


def _completed(raw: dict[str, object], at: datetime) -> Task:
    task = _task(raw)
    task.complete(at)
    return task


def _next(task: Task, now: datetime) -> Task:
    following = task.next_occurrence(task_id="t2", now=now, tz=NY)
    assert following is not None
    return following


def _dues(dues: Sequence[Due | None]) -> list[str]:
    return [format_due(due, NY) if due is not None else "none" for due in dues]


# --- an overdue task is followed by the first occurrence still ahead -------------------------


def test_an_overdue_daily_task_is_followed_by_today_and_names_the_days_passed_over() -> None:
    done = datetime(2026, 3, 4, 20, 0, tzinfo=UTC)  # 15:00 on March 4 in New York
    task = _completed({"title": "Water", "due": "2026-03-01", "recurrence": "FREQ=DAILY"}, done)
    following = _next(task, done)
    assert following.due == date(2026, 3, 4)
    assert following.occurrence == 4
    assert task.skipped_occurrences(NY) == (date(2026, 3, 2), date(2026, 3, 3))


def test_a_timed_occurrence_already_past_today_is_passed_over_too() -> None:
    done = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)  # 10:00 in New York, after 09:00
    task = _completed(
        {"title": "Stretch", "due": "2026-03-02T09:00:00", "recurrence": "FREQ=DAILY"}, done
    )
    assert _dues([_next(task, done).due]) == ["2026-03-05T09:00:00-05:00"]
    assert _dues(task.skipped_occurrences(NY)) == [
        "2026-03-03T09:00:00-05:00",
        "2026-03-04T09:00:00-05:00",
    ]


def test_a_task_completed_on_time_passes_nothing_over() -> None:
    done = datetime(2026, 3, 1, 15, 0, tzinfo=UTC)
    task = _completed({"title": "Water", "due": "2026-03-01", "recurrence": "FREQ=DAILY"}, done)
    assert _next(task, done).due == date(2026, 3, 2)
    assert task.skipped_occurrences(NY) == ()


def test_dates_passed_over_count_towards_count() -> None:
    done = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
    task = _completed(
        {"title": "Physio", "due": "2026-03-01", "recurrence": "FREQ=DAILY;COUNT=5"}, done
    )
    assert task.next_occurrence(task_id="t2", now=done, tz=NY) is None


def test_a_pending_task_lists_no_skipped_dates() -> None:
    task = _task({"title": "Water", "due": "2026-03-01", "recurrence": "FREQ=DAILY"})
    assert task.skipped_occurrences(NY) == ()


# --- repeating after completion --------------------------------------------------------------


def test_a_repeat_after_completion_counts_from_the_day_it_was_done() -> None:
    done = datetime(2026, 3, 6, 19, 0, tzinfo=UTC)
    task = _completed(
        {
            "title": "Water the plants",
            "due": "2026-03-04",
            "recurrence": "FREQ=DAILY;INTERVAL=3",
            "repeat_from": "completion",
        },
        done,
    )
    following = _next(task, done)
    assert following.due == date(2026, 3, 9)
    assert following.repeat_from is RepeatFrom.COMPLETION
    assert following.occurrence == 2
    assert task.skipped_occurrences(NY) == ()


def test_a_timed_repeat_after_completion_keeps_its_time_of_day() -> None:
    done = datetime(2026, 3, 6, 23, 0, tzinfo=UTC)
    task = _completed(
        {
            "title": "Change the filter",
            "due": "2026-03-01T08:00:00",
            "recurrence": "FREQ=WEEKLY;INTERVAL=2",
            "repeat_from": "completion",
        },
        done,
    )
    assert _dues([_next(task, done).due]) == ["2026-03-20T08:00:00-04:00"]


def test_repeating_after_completion_needs_a_recurrence() -> None:
    with pytest.raises(ValidationFailed) as caught:
        _task({"title": "Once", "due": "2026-03-04", "repeat_from": "completion"})
    assert [e.field for e in caught.value.errors] == ["repeat_from"]


def test_an_unknown_repeat_from_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        read_task_input({"repeat_from": "whenever"}, NY, require_title=False)
    assert [e.field for e in caught.value.errors] == ["repeat_from"]


def test_a_task_that_stops_recurring_repeats_from_its_due_again() -> None:
    task = _task(
        {
            "title": "Water",
            "due": "2026-03-04",
            "recurrence": "FREQ=DAILY",
            "repeat_from": "completion",
        }
    )
    task.update(
        read_task_input({"recurrence": None}, NY, require_title=False),
        now=CREATED,
        tz=NY,
        new_series_id="s2",
    )
    assert task.repeat_from is RepeatFrom.DUE


# --- the next dates a rule gives -------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "due", "expected"),
    [
        ("FREQ=MONTHLY;BYDAY=3TU", "2026-03-17", ["2026-03-17", "2026-04-21", "2026-05-19"]),
        ("FREQ=MONTHLY;BYDAY=-1FR", "2026-03-27", ["2026-03-27", "2026-04-24", "2026-05-29"]),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
            "2026-03-05",
            ["2026-03-05", "2026-03-16", "2026-03-19"],
        ),
        ("FREQ=YEARLY", "2027-03-03", ["2027-03-03", "2028-03-03", "2029-03-03"]),
    ],
)
def test_the_next_dates_follow_the_rule(rule: str, due: str, expected: list[str]) -> None:
    task = _task({"title": "t", "due": due, "recurrence": rule})
    assert _dues(task.upcoming_dues(3, NY)) == expected


def test_the_next_dates_stop_where_count_ends_the_series() -> None:
    task = _task({"title": "t", "due": "2026-03-05", "recurrence": "FREQ=WEEKLY;COUNT=2"})
    assert _dues(task.upcoming_dues(5, NY)) == ["2026-03-05", "2026-03-12"]


def test_a_repeat_after_completion_knows_only_its_own_due() -> None:
    task = _task(
        {
            "title": "t",
            "due": "2026-03-05",
            "recurrence": "FREQ=DAILY;INTERVAL=3",
            "repeat_from": "completion",
        }
    )
    assert _dues(task.upcoming_dues(5, NY)) == ["2026-03-05"]


def test_a_task_overdue_for_years_lists_the_earliest_skipped_dates_and_lands_ahead() -> None:
    done = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)
    task = _completed({"title": "Floss", "due": "2000-01-01", "recurrence": "FREQ=DAILY"}, done)
    assert _next(task, done).due == date(2026, 3, 4)
    skipped = task.skipped_occurrences(NY)
    assert len(skipped) == MAX_SKIPPED_LISTED
    assert (skipped[0], skipped[-1]) == (date(2000, 1, 2), date(2000, 4, 10))


@pytest.mark.parametrize("text", ["0", "101", "-1", "1.5", "five", "9" * 5000, "٣"])
def test_an_occurrence_count_out_of_range_or_not_a_number_is_refused(text: str) -> None:
    with pytest.raises(ValidationFailed):
        read_occurrence_count([text])


def test_an_occurrence_count_is_five_when_not_given_and_read_when_given() -> None:
    assert (read_occurrence_count([]), read_occurrence_count([" 12 "])) == (5, 12)
