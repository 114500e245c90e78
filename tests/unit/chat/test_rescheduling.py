"""Resolving a move against a task's current due (chat/rescheduling.py).

``now`` is Wednesday 2026-03-04 10:00 in New York; the clocks there go forward on
Sunday the 8th.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest

from todo_chatbot.chat.rescheduling import DueMove, NotLater, rescheduled
from todo_chatbot.core.timekeeping import zone

TZ = zone("America/New_York")
NOW = datetime.fromisoformat("2026-03-04T10:00:00-05:00")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def moved(task: dict[str, Any], move: DueMove | None, **fields: Any) -> dict[str, Any]:
    return rescheduled(task, fields, move, TZ, NOW)


CALL_MOM = {"due": "2026-03-06T18:00:00-05:00", "remind_at": None, "remind_before_minutes": None}


def test_a_time_keeps_the_day() -> None:
    assert moved(CALL_MOM, DueMove(time=time(19))) == {"due": at("2026-03-06T19:00:00-05:00")}


def test_a_time_on_a_date_only_task_keeps_its_day() -> None:
    task = {**CALL_MOM, "due": "2026-03-10"}
    assert moved(task, DueMove(time=time(9)))["due"] == at("2026-03-10T09:00:00-04:00")


def test_a_time_on_a_task_with_no_due_is_the_next_such_time() -> None:
    task = {**CALL_MOM, "due": None}
    assert moved(task, DueMove(time=time(9)))["due"] == at("2026-03-05T09:00:00-05:00")
    assert moved(task, DueMove(time=time(19)))["due"] == at("2026-03-04T19:00:00-05:00")


def test_days_keep_the_wall_time_across_the_change_of_clocks() -> None:
    move = DueMove(shift=timedelta(days=3))
    assert moved(CALL_MOM, move)["due"] == at("2026-03-09T18:00:00-04:00")


def test_hours_move_the_instant() -> None:
    move = DueMove(shift=timedelta(hours=-2))
    assert moved(CALL_MOM, move)["due"] == at("2026-03-06T16:00:00-05:00")


def test_days_move_a_date_as_a_date() -> None:
    task = {**CALL_MOM, "due": "2026-03-06"}
    assert moved(task, DueMove(shift=timedelta(days=2)))["due"] == date(2026, 3, 8)


def test_a_shift_of_a_task_with_no_due_counts_from_today() -> None:
    task = {**CALL_MOM, "due": None}
    assert moved(task, DueMove(shift=timedelta(days=2)))["due"] == date(2026, 3, 6)


def test_a_date_keeps_the_time_of_a_timed_task() -> None:
    assert moved(CALL_MOM, None, due=date(2026, 3, 10))["due"] == at("2026-03-10T18:00:00-04:00")


def test_a_date_for_a_date_only_task_stays_a_date() -> None:
    task = {**CALL_MOM, "due": "2026-03-06"}
    assert moved(task, None, due=date(2026, 3, 10)) == {"due": date(2026, 3, 10)}


def test_later_refuses_a_move_that_is_not_later() -> None:
    task = {**CALL_MOM, "due": "2026-03-12"}
    with pytest.raises(NotLater, match="already due Thursday, March 12"):
        moved(task, DueMove(later=True), due=date(2026, 3, 9))
    assert moved(task, DueMove(later=True), due=date(2026, 3, 16))["due"] == date(2026, 3, 16)


def test_later_allows_any_move_of_a_task_with_no_due() -> None:
    task = {**CALL_MOM, "due": None}
    assert moved(task, DueMove(later=True), due=date(2026, 3, 9)) == {"due": date(2026, 3, 9)}


def test_a_reminder_of_its_own_keeps_its_lead() -> None:
    task = {**CALL_MOM, "remind_at": "2026-03-06T17:30:00-05:00"}
    result = moved(task, DueMove(shift=timedelta(days=3)))
    assert result["remind_at"] == at("2026-03-09T17:30:00-04:00")


def test_a_reminder_the_change_sets_stays_as_set() -> None:
    task = {**CALL_MOM, "remind_at": "2026-03-06T17:30:00-05:00"}
    own = at("2026-03-06T12:00:00-05:00")
    assert moved(task, DueMove(time=time(19)), remind_at=own)["remind_at"] == own


def test_a_reminder_with_a_lead_in_minutes_is_left_to_move_by_itself() -> None:
    task = {**CALL_MOM, "remind_at": "2026-03-06T17:30:00-05:00", "remind_before_minutes": 30}
    assert "remind_at" not in moved(task, DueMove(time=time(19)))


def test_clearing_the_due_leaves_the_reminder() -> None:
    task = {**CALL_MOM, "remind_at": "2026-03-06T17:30:00-05:00"}
    assert moved(task, None, due=None) == {"due": None}


def test_a_move_survives_the_conversation_state() -> None:
    move = DueMove(shift=timedelta(hours=-3), time=None, later=False)
    assert DueMove.from_json(move.as_json()) == move
    timed = DueMove(time=time(7, 30), later=True)
    assert DueMove.from_json(timed.as_json()) == timed
