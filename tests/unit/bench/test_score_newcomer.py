"""The newcomer scorer's checks (bench/chat/score_newcomer.py) on hand-made turns."""

from __future__ import annotations

from typing import Any

from bench.chat.score_newcomer import Turn, check, listed_titles


def task(task_id: str, title: str, **fields: Any) -> dict[str, Any]:
    return {"id": task_id, "title": title, "status": "pending", "tags": [], **fields}


CALL_MOM = task("1", "call mom", due="2026-03-06T18:00:00-05:00")


def test_a_change_to_the_named_task_alone_passes() -> None:
    moved = {**CALL_MOM, "due": "2026-03-06T19:00:00-05:00"}
    expect = {"kind": "changes", "task": "call mom", "fields": {"due": "2026-03-07T00:00:00Z"}}
    assert check(expect, Turn({"1": CALL_MOM}, {"1": moved}, "Updated")).passed


def test_a_change_that_also_moves_an_unnamed_field_fails() -> None:
    moved = {**CALL_MOM, "due": "2026-03-06T19:00:00-05:00", "priority": "high"}
    expect = {"kind": "changes", "task": "call mom", "fields": {"due": "2026-03-07T00:00:00Z"}}
    verdict = check(expect, Turn({"1": CALL_MOM}, {"1": moved}, "Updated"))
    assert not verdict.passed
    assert "priority changed" in verdict.reason


def test_a_date_never_equals_a_date_time() -> None:
    added = task("2", "buy milk", due="2026-03-09T00:00:00-05:00")
    expect = {"kind": "adds", "task": {"title": "buy milk", "due": "2026-03-09"}}
    assert not check(expect, Turn({}, {"2": added}, "Added")).passed


def test_a_reply_that_adds_a_task_is_junk() -> None:
    junk = task("3", "wats")
    verdict = check({"kind": "replies"}, Turn({}, {"3": junk}, "Added *wats*."))
    assert not verdict.passed
    assert "added 'wats'" in verdict.reason


def test_repeats_that_give_the_same_dates_are_the_same() -> None:
    added = task("4", "birthday", due="2027-03-03", recurrence="FREQ=YEARLY")
    expect = {"kind": "adds", "task": {"recurrence": "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3"}}
    assert check(expect, Turn({}, {"4": added}, "Added")).passed
    monthly = {**added, "recurrence": "FREQ=MONTHLY"}
    assert not check(expect, Turn({}, {"4": monthly}, "Added")).passed


def test_a_listing_is_read_from_the_numbered_lines_in_order() -> None:
    reply = "You have 2 tasks:\n1. *gym*, due Friday\n2. *call mom*, due Friday at 7:00 PM"
    assert listed_titles(reply) == ("gym", "call mom")
    expect = {"kind": "lists", "titles": ["call mom", "gym"], "ordered": True}
    assert not check(expect, Turn({}, {}, reply)).passed


def test_a_next_page_must_not_repeat_the_previous_one() -> None:
    tasks = {str(n): task(str(n), f"t{n}") for n in range(3)}
    again = Turn(tasks, tasks, "1. *t0*\n2. *t1*", previous_listing=("t0", "t1"))
    onward = Turn(tasks, tasks, "1. *t2*", previous_listing=("t0", "t1"))
    assert not check({"kind": "lists", "next_page": True}, again).passed
    assert check({"kind": "lists", "next_page": True}, onward).passed


def test_a_count_needs_the_number_in_the_reply() -> None:
    assert check({"kind": "count", "value": 6}, Turn({}, {}, "You have 6 pending tasks.")).passed
    assert not check({"kind": "count", "value": 6}, Turn({}, {}, "You have 7 tasks.")).passed
