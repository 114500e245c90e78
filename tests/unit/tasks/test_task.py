"""Unit tests of ``todo_chatbot.tasks.task``: input rules and how a task changes.

``read_task_input`` applies every "Invalid input" rule of the HTTP contract and
names each broken field (all of them at once). ``Task`` starts at version 1 and
goes up by one per change; a change that changes nothing bumps nothing; an
update that breaks an invariant leaves the task as it was; a moved due or an
edited rule re-bases the series.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from todo_chatbot.core.errors import FieldError, ValidationFailed
from todo_chatbot.core.timekeeping import zone
from todo_chatbot.tasks.recurrence import parse_rule
from todo_chatbot.tasks.task import (
    EDITABLE_FIELDS,
    PRIORITY_BY_RANK,
    Priority,
    Status,
    Task,
    TaskInput,
    read_task_input,
)

NY = zone("America/New_York")
SYDNEY = zone("Australia/Sydney")
NOW = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=5)


def read(raw: dict[str, Any], *, require_title: bool = False, tz: ZoneInfo = NY) -> TaskInput:
    return read_task_input(raw, tz, require_title=require_title)


def errors_of(raw: dict[str, Any], *, require_title: bool = False) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as caught:
        read(raw, require_title=require_title)
    assert caught.value.location == "body"
    return {error.field: error.message for error in caught.value.errors}


def make(raw: dict[str, Any], tz: ZoneInfo = NY) -> Task:
    return Task.create(
        task_id="t1",
        user_id="u1",
        fields=read(raw, require_title=True, tz=tz),
        now=NOW,
        tz=tz,
        new_series_id="s1",
    )


# --- title ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Buy groceries", "Buy groceries"),
        ("  Buy groceries \n", "Buy groceries"),
        ("x", "x"),
        ("t" * 500, "t" * 500),
        ("   " + "t" * 500 + "   ", "t" * 500),
    ],
)
def test_title_is_trimmed_and_up_to_500_characters(raw: str, expected: str) -> None:
    assert read({"title": raw}).values["title"] == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "cannot be empty"),
        ("   \t ", "cannot be empty"),
        (None, "cannot be empty"),
        ("t" * 501, "must be at most 500 characters"),
        (42, "must be a string"),
    ],
)
def test_title_rules(raw: Any, message: str) -> None:
    assert errors_of({"title": raw}) == {"title": message}


def test_title_is_required_on_create_only() -> None:
    assert errors_of({"priority": "high"}, require_title=True) == {"title": "is required"}
    assert "title" not in read({"priority": "high"})


# --- description ----------------------------------------------------------------------------


def test_description_up_to_10000_characters() -> None:
    assert read({"description": "d" * 10_000}).values["description"] == "d" * 10_000
    assert errors_of({"description": "d" * 10_001}) == {
        "description": "must be at most 10000 characters"
    }


@pytest.mark.parametrize("raw", [None, "", "   \n "])
def test_an_empty_description_is_none(raw: str | None) -> None:
    assert read({"description": raw}).values["description"] is None


def test_description_must_be_a_string() -> None:
    assert errors_of({"description": ["notes"]}) == {"description": "must be a string or null"}


# --- tags -----------------------------------------------------------------------------------


def test_tags_are_lower_cased_trimmed_and_deduplicated_in_order() -> None:
    raw = ["Work", "#Home", "work", " errands ", "HOME", "x-y_z9", "café"]
    assert read({"tags": raw}).values["tags"] == ("work", "home", "errands", "x-y_z9", "café")


@pytest.mark.parametrize("raw", [None, []])
def test_no_tags(raw: list[str] | None) -> None:
    assert read({"tags": raw}).values["tags"] == ()


def test_at_most_20_tags() -> None:
    twenty = [f"tag{n}" for n in range(20)]
    assert read({"tags": twenty}).values["tags"] == tuple(twenty)
    assert errors_of({"tags": [*twenty, "tag20"]}) == {"tags": "at most 20 tags"}
    # The tags as sent are counted (as the OpenAPI document's maxItems says);
    # repeats are then kept once.
    assert errors_of({"tags": [*twenty, "TAG0"]}) == {"tags": "at most 20 tags"}
    assert read({"tags": ["a", "A", "#a"]}).values["tags"] == ("a",)


def test_tag_length_is_1_to_50() -> None:
    assert read({"tags": ["a" * 50]}).values["tags"] == ("a" * 50,)
    assert errors_of({"tags": ["a" * 51]}) == {"tags": "each tag must be 1 to 50 characters"}
    assert errors_of({"tags": [""]}) == {"tags": "each tag must be 1 to 50 characters"}
    assert errors_of({"tags": ["#"]}) == {"tags": "each tag must be 1 to 50 characters"}


@pytest.mark.parametrize("tag", ["two words", "a.b", "a/b", "a,b", "ta!g", "semi;colon", "<b>"])
def test_tag_characters_are_letters_digits_dash_and_underscore(tag: str) -> None:
    assert errors_of({"tags": ["fine", tag]}) == {
        "tags": f"tag {tag!r} may hold only letters, digits, '-' and '_'"
    }


@pytest.mark.parametrize("raw", ["work", 5, ["work", 5], {"work": True}])
def test_tags_must_be_a_list_of_strings(raw: Any) -> None:
    assert errors_of({"tags": raw}) == {"tags": "must be a list of strings"}


# --- priority -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("high", Priority.HIGH),
        ("MEDIUM", Priority.MEDIUM),
        (" low ", Priority.LOW),
        (None, None),
    ],
)
def test_priority_values(raw: str | None, expected: Priority | None) -> None:
    assert read({"priority": raw}).values["priority"] is expected


@pytest.mark.parametrize("raw", ["urgent", "", "p1", 1, True])
def test_priority_refuses_other_values(raw: Any) -> None:
    assert errors_of({"priority": raw}) == {"priority": "must be 'high', 'medium', 'low' or null"}


def test_priority_rank_orders_high_above_low() -> None:
    assert [p.rank for p in (Priority.HIGH, Priority.MEDIUM, Priority.LOW)] == [3, 2, 1]
    assert PRIORITY_BY_RANK == {3: Priority.HIGH, 2: Priority.MEDIUM, 1: Priority.LOW}


# --- due and remind_at ----------------------------------------------------------------------


def test_due_as_a_date_stays_a_date() -> None:
    due = read({"due": " 2026-03-05 "}).values["due"]
    assert type(due) is date
    assert due == date(2026, 3, 5)


def test_due_as_a_date_time_with_offset() -> None:
    assert read({"due": "2026-03-05T17:00:00-05:00"}).values["due"] == datetime(
        2026, 3, 5, 22, 0, tzinfo=UTC
    )


def test_due_without_offset_is_read_in_the_users_zone() -> None:
    assert read({"due": "2026-03-05T17:00:00"}).values["due"] == datetime(
        2026, 3, 5, 22, 0, tzinfo=UTC
    )
    assert read({"due": "2026-03-05T17:00:00"}, tz=SYDNEY).values["due"] == datetime(
        2026, 3, 5, 6, 0, tzinfo=UTC
    )


def test_due_none_clears() -> None:
    assert read({"due": None}).values["due"] is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2026-02-30", "not a date in the calendar"),
        ("2027-02-29", "not a date in the calendar"),
        ("2026-02-30T10:00:00", "not a date-time in the calendar"),
        ("2026-03-05T25:00:00-05:00", "not a date-time in the calendar"),
        ("tomorrow", "is not a date-time"),
        ("03/05/2026", "is not a date-time"),
        (20260305, "must be a date (YYYY-MM-DD), a date-time or null"),
    ],
)
def test_due_refuses(raw: Any, message: str) -> None:
    errors = errors_of({"due": raw})
    assert list(errors) == ["due"]
    assert message in errors["due"]


def test_remind_at_is_a_date_time() -> None:
    assert read({"remind_at": "2026-03-05T16:00:00"}).values["remind_at"] == datetime(
        2026, 3, 5, 21, 0, tzinfo=UTC
    )
    assert read({"remind_at": "2026-03-05T21:00:00Z"}).values["remind_at"] == datetime(
        2026, 3, 5, 21, 0, tzinfo=UTC
    )
    assert read({"remind_at": None}).values["remind_at"] is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2026-03-05", "is not a date-time"),
        ("soon", "is not a date-time"),
        ("2026-02-30T16:00:00", "not a date-time in the calendar"),
        (1772726400, "must be a date-time or null"),
    ],
)
def test_remind_at_refuses(raw: Any, message: str) -> None:
    errors = errors_of({"remind_at": raw})
    assert list(errors) == ["remind_at"]
    assert message in errors["remind_at"]


# --- recurrence -----------------------------------------------------------------------------


def test_recurrence_is_parsed_and_normalized() -> None:
    rule = read({"recurrence": "rrule:freq=weekly;byday=th"}).values["recurrence"]
    assert rule == parse_rule("FREQ=WEEKLY;BYDAY=TH")
    assert rule.text == "FREQ=WEEKLY;BYDAY=TH"


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_an_empty_recurrence_is_none(raw: str | None) -> None:
    assert read({"recurrence": raw}).values["recurrence"] is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("FREQ=HOURLY", "a recurrence may repeat at most daily"),
        ("FREQ=DAILY;BYHOUR=9", "BYHOUR is not supported: the time of day comes from the due"),
        ("every day", "'EVERYDAY' is not NAME=VALUE"),
        (["FREQ=DAILY"], "must be an RRULE string or null"),
    ],
)
def test_recurrence_refuses(raw: Any, message: str) -> None:
    assert errors_of({"recurrence": raw}) == {"recurrence": message}


def test_recurrence_requires_a_due() -> None:
    with pytest.raises(ValidationFailed) as caught:
        make({"title": "Stretch", "recurrence": "FREQ=DAILY"})
    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("recurrence", "a recurring task needs a due date")
    ]


def test_a_recurrence_that_never_repeats_is_refused_on_create() -> None:
    with pytest.raises(ValidationFailed) as caught:
        make(
            {
                "title": "Impossible",
                "due": "2026-03-05",
                "recurrence": "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
            }
        )
    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("recurrence", "the recurrence never repeats")
    ]


# --- unknown fields and several errors ------------------------------------------------------


@pytest.mark.parametrize("name", ["status", "id", "version", "series_id", "completed_at", "colour"])
def test_unknown_or_read_only_fields_are_refused(name: str) -> None:
    assert errors_of({"title": "ok", name: "x"}) == {name: "is not an editable field"}


def test_editable_fields() -> None:
    assert EDITABLE_FIELDS == (
        "title",
        "description",
        "due",
        "remind_at",
        "remind_before_minutes",
        "priority",
        "tags",
        "recurrence",
        "repeat_from",
    )


def test_every_broken_rule_is_reported_at_once() -> None:
    raw: dict[str, Any] = {
        "title": "  ",
        "description": "d" * 10_001,
        "due": "2026-02-30",
        "remind_at": "later",
        "priority": "urgent",
        "tags": ["a b"],
        "recurrence": "FREQ=HOURLY",
        "owner": "mallory",
    }
    with pytest.raises(ValidationFailed) as caught:
        read(raw, require_title=True)
    failure = caught.value
    assert [e.field for e in failure.errors] == list(raw)
    assert all(e.kind == "value_error" for e in failure.errors)
    assert failure.errors[0] == FieldError("title", "cannot be empty")
    assert failure.errors[-1] == FieldError("owner", "is not an editable field")
    assert str(failure).startswith("title: cannot be empty; description: must be at most")


def test_only_given_fields_are_present() -> None:
    fields = read({"priority": "low", "tags": ["a"]})
    assert dict(fields.values) == {"priority": Priority.LOW, "tags": ("a",)}
    assert "priority" in fields
    assert "due" not in fields


# --- Task.create ----------------------------------------------------------------------------


def test_create_a_plain_task() -> None:
    task = make(
        {
            "title": " Buy groceries ",
            "description": "milk, eggs",
            "due": "2026-03-05T17:00:00",
            "remind_at": "2026-03-05T16:00:00",
            "priority": "high",
            "tags": ["Errands"],
        }
    )
    assert task.id == "t1"
    assert task.user_id == "u1"
    assert task.title == "Buy groceries"
    assert task.description == "milk, eggs"
    assert task.due == datetime(2026, 3, 5, 22, 0, tzinfo=UTC)
    assert task.remind_at == datetime(2026, 3, 5, 21, 0, tzinfo=UTC)
    assert task.priority is Priority.HIGH
    assert task.tags == ("errands",)
    assert task.status is Status.PENDING
    assert task.version == 1
    assert task.created_at == NOW
    assert task.updated_at == NOW
    assert task.completed_at is None
    assert task.recurrence is None
    assert task.series_id is None
    assert task.series_anchor is None
    assert task.occurrence is None


def test_create_a_recurring_task_starts_its_series() -> None:
    task = make({"title": "Team sync", "due": "2026-03-09T09:30:00", "recurrence": "FREQ=WEEKLY"})
    assert task.recurrence == parse_rule("FREQ=WEEKLY")
    assert task.series_id == "s1"
    assert task.series_anchor == datetime(2026, 3, 9, 13, 30, tzinfo=UTC)
    assert task.occurrence == 1
    assert task.version == 1


# --- Task.update ----------------------------------------------------------------------------


def test_update_returns_changes_and_bumps_the_version_once() -> None:
    task = make({"title": "Old", "priority": "low"})
    changes = task.update(
        read({"title": "New", "priority": "high", "tags": ["x"]}),
        now=LATER,
        tz=NY,
        new_series_id="s2",
    )
    assert changes == {
        "title": ("Old", "New"),
        "priority": (Priority.LOW, Priority.HIGH),
        "tags": ((), ("x",)),
    }
    assert task.version == 2
    assert task.updated_at == LATER
    assert task.created_at == NOW
    assert (task.title, task.priority, task.tags) == ("New", Priority.HIGH, ("x",))


def test_each_change_bumps_the_version_by_one() -> None:
    task = make({"title": "v1"})
    for number in range(2, 6):
        task.update(read({"title": f"v{number}"}), now=LATER, tz=NY, new_series_id="s2")
        assert task.version == number


@pytest.mark.parametrize(
    "raw",
    [
        {},
        {"title": "Same"},
        {"title": "  Same  ", "priority": "HIGH", "tags": ["A", "b"]},
        {"due": "2026-03-05T12:00:00-05:00", "description": None},
    ],
)
def test_an_update_that_changes_nothing_bumps_nothing(raw: dict[str, Any]) -> None:
    task = make(
        {"title": "Same", "priority": "high", "tags": ["a", "b"], "due": "2026-03-05T17:00:00Z"}
    )
    assert task.update(read(raw), now=LATER, tz=NY, new_series_id="s2") == {}
    assert task.version == 1
    assert task.updated_at == NOW


def test_a_date_due_and_a_midnight_instant_differ() -> None:
    task = make({"title": "Pay", "due": "2026-03-05"})
    changes = task.update(
        read({"due": "2026-03-05T00:00:00"}), now=LATER, tz=NY, new_series_id="s2"
    )
    assert changes == {"due": (date(2026, 3, 5), datetime(2026, 3, 5, 5, 0, tzinfo=UTC))}
    assert task.version == 2


def test_null_clears_a_field() -> None:
    task = make({"title": "Call", "due": "2026-03-05", "priority": "low", "tags": ["a"]})
    changes = task.update(
        read({"due": None, "priority": None, "tags": None}), now=LATER, tz=NY, new_series_id="s2"
    )
    assert changes == {
        "due": (date(2026, 3, 5), None),
        "priority": (Priority.LOW, None),
        "tags": (("a",), ()),
    }
    assert (task.due, task.priority, task.tags) == (None, None, ())


def test_updated_at_never_goes_backwards() -> None:
    task = make({"title": "Old"})
    task.update(read({"title": "New"}), now=NOW - timedelta(hours=1), tz=NY, new_series_id="s2")
    assert task.updated_at == NOW
    assert task.version == 2


def test_update_rolls_back_when_an_invariant_fails() -> None:
    task = make({"title": "Vitamins", "due": "2026-03-05T08:00:00", "recurrence": "FREQ=DAILY"})
    before = (task.title, task.due, task.recurrence, task.series_anchor, task.version)
    with pytest.raises(ValidationFailed) as caught:
        task.update(read({"title": "Renamed", "due": None}), now=LATER, tz=NY, new_series_id="s2")
    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("recurrence", "a recurring task needs a due date")
    ]
    assert (task.title, task.due, task.recurrence, task.series_anchor, task.version) == before
    assert task.updated_at == NOW


def test_update_rolls_back_a_rule_that_never_repeats() -> None:
    task = make({"title": "Vitamins", "due": "2026-03-05", "recurrence": "FREQ=DAILY"})
    with pytest.raises(ValidationFailed, match="never repeats"):
        task.update(
            read({"recurrence": "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "priority": "high"}),
            now=LATER,
            tz=NY,
            new_series_id="s2",
        )
    assert task.recurrence == parse_rule("FREQ=DAILY")
    assert task.priority is None
    assert task.version == 1


def _second_occurrence() -> Task:
    first = make({"title": "Rent", "due": "2026-01-31", "recurrence": "FREQ=MONTHLY"})
    second = first.next_occurrence(task_id="t2", now=NOW, tz=NY)
    assert second is not None
    assert (second.due, second.series_anchor, second.occurrence) == (
        date(2026, 2, 28),
        date(2026, 1, 31),
        2,
    )
    return second


def test_moving_the_due_rebases_the_series() -> None:
    task = _second_occurrence()
    task.update(read({"due": "2026-03-15"}), now=LATER, tz=NY, new_series_id="s2")
    assert task.series_anchor == date(2026, 3, 15)
    assert task.series_id == "s1"
    following = task.next_occurrence(task_id="t3", now=LATER, tz=NY)
    assert following is not None
    assert following.due == date(2026, 4, 15)


def test_editing_the_rule_rebases_the_series_on_the_current_due() -> None:
    task = _second_occurrence()
    task.update(read({"recurrence": "FREQ=WEEKLY"}), now=LATER, tz=NY, new_series_id="s2")
    assert task.series_anchor == date(2026, 2, 28)
    assert task.series_id == "s1"
    following = task.next_occurrence(task_id="t3", now=LATER, tz=NY)
    assert following is not None
    assert following.due == date(2026, 3, 7)


def test_other_edits_keep_the_series_anchor() -> None:
    task = _second_occurrence()
    task.update(read({"title": "Pay rent"}), now=LATER, tz=NY, new_series_id="s2")
    assert task.series_anchor == date(2026, 1, 31)
    following = task.next_occurrence(task_id="t3", now=LATER, tz=NY)
    assert following is not None
    assert following.due == date(2026, 3, 31)


def test_adding_a_rule_starts_a_series() -> None:
    task = make({"title": "Water plants", "due": "2026-03-06"})
    changes = task.update(read({"recurrence": "FREQ=WEEKLY"}), now=LATER, tz=NY, new_series_id="s9")
    assert changes == {"recurrence": (None, parse_rule("FREQ=WEEKLY"))}
    assert (task.series_id, task.series_anchor, task.occurrence) == ("s9", date(2026, 3, 6), 1)


def test_removing_the_rule_drops_the_anchor() -> None:
    task = make({"title": "Water plants", "due": "2026-03-06", "recurrence": "FREQ=WEEKLY"})
    task.update(read({"recurrence": None}), now=LATER, tz=NY, new_series_id="s2")
    assert task.recurrence is None
    assert task.series_anchor is None
    assert task.next_occurrence(task_id="t2", now=LATER, tz=NY) is None


# --- complete and reopen --------------------------------------------------------------------


def test_complete_then_reopen() -> None:
    task = make({"title": "Call mom"})
    assert task.complete(LATER) == {
        "status": (Status.PENDING, Status.COMPLETED),
        "completed_at": (None, LATER),
    }
    assert (task.status, task.completed_at, task.version, task.updated_at) == (
        Status.COMPLETED,
        LATER,
        2,
        LATER,
    )
    reopened_at = LATER + timedelta(minutes=1)
    assert task.reopen(reopened_at) == {
        "status": (Status.COMPLETED, Status.PENDING),
        "completed_at": (LATER, None),
    }
    assert (task.status, task.completed_at, task.version, task.updated_at) == (
        Status.PENDING,
        None,
        3,
        reopened_at,
    )


def test_completing_a_completed_task_is_a_no_op() -> None:
    task = make({"title": "Call mom"})
    task.complete(LATER)
    assert task.complete(LATER + timedelta(hours=1)) == {}
    assert task.version == 2
    assert task.completed_at == LATER
    assert task.updated_at == LATER


def test_reopening_a_pending_task_is_a_no_op() -> None:
    task = make({"title": "Call mom"})
    assert task.reopen(LATER) == {}
    assert task.version == 1
    assert task.updated_at == NOW


# --- next occurrence ------------------------------------------------------------------------


def test_a_plain_task_has_no_next_occurrence() -> None:
    task = make({"title": "Once", "due": "2026-03-05"})
    assert task.next_occurrence(task_id="t2", now=NOW, tz=NY) is None


def test_the_next_occurrence_is_a_fresh_task_of_the_same_series() -> None:
    task = make(
        {
            "title": "Take vitamins",
            "description": "with food",
            "due": "2026-03-05T08:00:00",
            "priority": "medium",
            "tags": ["health"],
            "recurrence": "FREQ=DAILY",
        }
    )
    task.complete(LATER)
    following = task.next_occurrence(task_id="t2", now=LATER, tz=NY)
    assert following is not None
    assert following.id == "t2"
    assert following.user_id == "u1"
    assert following.title == "Take vitamins"
    assert following.description == "with food"
    assert following.priority is Priority.MEDIUM
    assert following.tags == ("health",)
    assert following.recurrence == task.recurrence
    assert following.due == datetime(2026, 3, 6, 13, 0, tzinfo=UTC)
    assert following.remind_at is None
    assert following.series_id == "s1"
    assert following.series_anchor == task.due
    assert following.occurrence == 2
    assert following.status is Status.PENDING
    assert following.completed_at is None
    assert following.version == 1
    assert following.created_at == LATER
    assert following.updated_at == LATER


# --- a reminder relative to the due ---------------------------------------------------------


def _update(task: Task, raw: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return task.update(read(raw), now=LATER, tz=NY, new_series_id="s2")


def test_a_reminder_before_the_due_is_placed_before_it() -> None:
    task = make({"title": "Dentist", "due": "2026-03-05T17:00:00", "remind_before_minutes": 60})
    assert task.remind_before_minutes == 60
    assert task.remind_at == datetime(2026, 3, 5, 21, 0, tzinfo=UTC)  # 16:00 EST


def test_a_reminder_before_the_due_moves_with_it_and_says_so() -> None:
    task = make({"title": "Dentist", "due": "2026-03-05T17:00:00", "remind_before_minutes": 60})
    changes = _update(task, {"due": "2026-03-12T17:00:00"})
    assert task.remind_at == datetime(2026, 3, 12, 20, 0, tzinfo=UTC)  # 16:00 EDT
    assert changes["remind_at"] == (
        datetime(2026, 3, 5, 21, 0, tzinfo=UTC),
        datetime(2026, 3, 12, 20, 0, tzinfo=UTC),
    )
    assert "remind_before_minutes" not in changes


def test_a_reminder_at_an_instant_stays_when_the_due_moves() -> None:
    task = make({"title": "Dentist", "due": "2026-03-05T17:00:00", "remind_at": "2026-03-05T08:00"})
    _update(task, {"due": "2026-03-12T17:00:00"})
    assert task.remind_at == datetime(2026, 3, 5, 13, 0, tzinfo=UTC)
    assert task.remind_before_minutes is None


def test_an_instant_replaces_a_lead_and_a_lead_replaces_an_instant() -> None:
    task = make({"title": "Dentist", "due": "2026-03-05T17:00:00", "remind_before_minutes": 60})
    _update(task, {"remind_at": "2026-03-05T08:00"})
    assert (task.remind_at, task.remind_before_minutes) == (
        datetime(2026, 3, 5, 13, 0, tzinfo=UTC),
        None,
    )
    _update(task, {"remind_before_minutes": 30})
    assert (task.remind_at, task.remind_before_minutes) == (
        datetime(2026, 3, 5, 21, 30, tzinfo=UTC),
        30,
    )


def test_clearing_the_reminder_clears_its_lead_and_clearing_the_due_clears_both() -> None:
    task = make({"title": "Dentist", "due": "2026-03-05T17:00:00", "remind_before_minutes": 60})
    _update(task, {"remind_at": None})
    assert (task.remind_at, task.remind_before_minutes) == (None, None)
    _update(task, {"remind_before_minutes": 15})
    _update(task, {"due": None})
    assert (task.due, task.remind_at, task.remind_before_minutes) == (None, None, None)


def test_a_lead_needs_a_due_and_an_instant_and_a_lead_cannot_both_be_given() -> None:
    with pytest.raises(ValidationFailed) as caught:
        make({"title": "Someday", "remind_before_minutes": 60})
    assert caught.value.errors == [
        FieldError("remind_before_minutes", "a reminder before the due needs a due")
    ]
    assert errors_of({"remind_at": "2026-03-05T08:00", "remind_before_minutes": 5}) == {
        "remind_before_minutes": "give remind_at or remind_before_minutes, not both"
    }


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (-1, "must be from 0 to 527040 minutes"),
        (527_041, "must be from 0 to 527040 minutes"),
        (1.5, "must be a whole number of minutes or null"),
        ("60", "must be a whole number of minutes or null"),
        (True, "must be a whole number of minutes or null"),
    ],
)
def test_remind_before_minutes_refuses(raw: Any, message: str) -> None:
    assert errors_of({"remind_before_minutes": raw}) == {"remind_before_minutes": message}


def test_the_next_occurrence_keeps_a_lead_before_its_own_due() -> None:
    task = make(
        {
            "title": "Water plants",
            "due": "2026-03-07",
            "remind_before_minutes": 24 * 60,
            "recurrence": "FREQ=WEEKLY",
        }
    )
    assert task.remind_at == datetime(2026, 3, 6, 14, 0, tzinfo=UTC)  # Friday 09:00 EST
    task.complete(LATER)
    following = task.next_occurrence(task_id="t2", now=LATER, tz=NY)
    assert following is not None
    assert following.remind_before_minutes == 24 * 60
    assert following.remind_at == datetime(2026, 3, 13, 13, 0, tzinfo=UTC)  # Friday 09:00 EDT
