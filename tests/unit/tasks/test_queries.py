"""Unit tests of ``todo_chatbot.tasks.queries``: list query parameters, checked.

Parameters arrive as lists of strings (a parameter may be repeated). Every
parameter of the contract's list query is read here; errors are located in
``"query"`` and name the parameter, and all of them are reported at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from todo_chatbot.core.errors import ValidationFailed
from todo_chatbot.tasks.queries import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    ListQuery,
    SortKey,
    StatusFilter,
    TaskFilter,
    check_list_query,
    read_list_query,
    search_words,
)
from todo_chatbot.tasks.task import Priority


def errors_of(params: dict[str, Sequence[str]]) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as caught:
        read_list_query(params)
    assert caught.value.location == "query"
    return {error.field: error.message for error in caught.value.errors}


# --- defaults -------------------------------------------------------------------------------


def test_no_parameters_gives_the_defaults() -> None:
    query = read_list_query({})
    assert query == ListQuery()
    assert query.filter == TaskFilter(
        status=StatusFilter.PENDING,
        priorities=(),
        tags=(),
        due_from=None,
        due_to=None,
        overdue=False,
        search=None,
    )
    assert query.sort is SortKey.CREATED
    assert query.descending is True
    assert query.limit == DEFAULT_LIMIT == 50
    assert query.cursor is None


def test_empty_values_count_as_absent() -> None:
    params: dict[str, Sequence[str]] = {
        name: [""]
        for name in ("status", "due_from", "due_to", "overdue", "q", "sort", "order", "limit")
    }
    params["cursor"] = [""]
    assert read_list_query(params) == ListQuery()


# --- status ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("pending", StatusFilter.PENDING),
        ("completed", StatusFilter.COMPLETED),
        ("all", StatusFilter.ALL),
        ("ALL", StatusFilter.ALL),
        (" completed ", StatusFilter.COMPLETED),
    ],
)
def test_status(raw: str, expected: StatusFilter) -> None:
    assert read_list_query({"status": [raw]}).filter.status is expected


@pytest.mark.parametrize("raw", ["done", "open", "any"])
def test_status_refuses_other_values(raw: str) -> None:
    assert errors_of({"status": [raw]}) == {"status": "must be one of pending, completed, all"}


# --- priority -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["high"], (Priority.HIGH,)),
        (["high", "medium"], (Priority.HIGH, Priority.MEDIUM)),
        (["HIGH", "high", " High "], (Priority.HIGH,)),
        (["none"], (None,)),
        (["low", "none"], (Priority.LOW, None)),
        (["high,low"], (Priority.HIGH, Priority.LOW)),
        (["medium, none", "high"], (Priority.MEDIUM, None, Priority.HIGH)),
        ([""], ()),
    ],
)
def test_priority_is_repeatable(values: list[str], expected: tuple[Priority | None, ...]) -> None:
    assert read_list_query({"priority": values}).filter.priorities == expected


@pytest.mark.parametrize("values", [["urgent"], ["high", "p1"], ["high,critical"], ["null"]])
def test_priority_refuses_other_values(values: list[str]) -> None:
    assert errors_of({"priority": values}) == {"priority": "must be high, medium, low or none"}


# --- tag ------------------------------------------------------------------------------------


def test_tag_is_repeatable_and_normalized() -> None:
    query = read_list_query({"tag": ["Work", "#home", "work", " urgent "]})
    assert query.filter.tags == ("work", "home", "urgent")


@pytest.mark.parametrize("values", [[""], ["#"], ["work", "x" * 51]])
def test_tag_length(values: list[str]) -> None:
    assert errors_of({"tag": values}) == {"tag": "each tag must be 1 to 50 characters"}


def test_tag_of_50_characters() -> None:
    assert read_list_query({"tag": ["x" * 50]}).filter.tags == ("x" * 50,)


# --- due_from, due_to, overdue --------------------------------------------------------------


def test_due_range() -> None:
    query = read_list_query({"due_from": ["2026-03-02"], "due_to": ["2026-03-08"]})
    assert (query.filter.due_from, query.filter.due_to) == (date(2026, 3, 2), date(2026, 3, 8))


def test_due_range_of_one_day() -> None:
    query = read_list_query({"due_from": ["2026-03-04"], "due_to": ["2026-03-04"]})
    assert query.filter.due_from == query.filter.due_to == date(2026, 3, 4)


def test_open_ended_due_ranges() -> None:
    assert read_list_query({"due_from": ["2026-03-02"]}).filter.due_to is None
    assert read_list_query({"due_to": ["2026-03-02"]}).filter.due_from is None


def test_due_from_after_due_to_is_refused() -> None:
    assert errors_of({"due_from": ["2026-03-09"], "due_to": ["2026-03-08"]}) == {
        "due_to": "must not be before due_from"
    }


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2026-02-30", "'2026-02-30' is not a date in the calendar"),
        ("2026-3-2", "'2026-3-2' is not a date (YYYY-MM-DD)"),
        ("today", "'today' is not a date (YYYY-MM-DD)"),
        ("2026-03-02T10:00:00", "'2026-03-02T10:00:00' is not a date (YYYY-MM-DD)"),
    ],
)
@pytest.mark.parametrize("name", ["due_from", "due_to"])
def test_due_bounds_must_be_calendar_dates(name: str, raw: str, message: str) -> None:
    assert errors_of({name: [raw]}) == {name: message}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("true", True),
        ("TRUE", True),
        ("1", True),
        ("yes", True),
        ("false", False),
        ("0", False),
        ("no", False),
        ("", False),
    ],
)
def test_overdue(raw: str, expected: bool) -> None:
    assert read_list_query({"overdue": [raw]}).filter.overdue is expected


@pytest.mark.parametrize("raw", ["maybe", "2", "on", "truthy"])
def test_overdue_refuses_garbage(raw: str) -> None:
    assert errors_of({"overdue": [raw]}) == {"overdue": "must be true or false"}


# --- q --------------------------------------------------------------------------------------


def test_q_gives_lower_cased_words_without_repeats() -> None:
    query = read_list_query({"q": ["Invoices, invoices and the REPORT!"]})
    assert query.filter.search_words == ("invoices", "and", "the", "report")


def test_search_words() -> None:
    assert search_words("Café-bar 42 café") == ("café", "bar", "42")
    assert search_words("...") == ()


@pytest.mark.parametrize("raw", ["!!!", "-- ?", "#"])
def test_q_with_no_words_is_refused(raw: str) -> None:
    assert errors_of({"q": [raw]}) == {"q": "must contain at least one word"}


def test_q_of_blanks_is_no_search() -> None:
    assert read_list_query({"q": ["   "]}).filter.search_words == ()


def test_q_length() -> None:
    assert read_list_query({"q": ["w" * 200]}).filter.search_words == ("w" * 200,)
    assert errors_of({"q": ["w" * 201]}) == {"q": "must be at most 200 characters"}


# --- sort and order -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sort", "descending"),
    [
        ("due", False),
        ("priority", True),
        ("created", True),
        ("title", False),
        ("DUE", False),
    ],
)
def test_sort_keys_take_their_natural_order(sort: str, descending: bool) -> None:
    query = read_list_query({"sort": [sort]})
    assert query.sort is SortKey(sort.lower())
    assert query.descending is descending


@pytest.mark.parametrize("sort", ["due", "priority", "created", "title"])
def test_order_overrides_the_natural_order(sort: str) -> None:
    assert read_list_query({"sort": [sort], "order": ["asc"]}).descending is False
    assert read_list_query({"sort": [sort], "order": ["DESC"]}).descending is True


def test_order_without_sort_applies_to_created() -> None:
    query = read_list_query({"order": ["asc"]})
    assert (query.sort, query.descending) == (SortKey.CREATED, False)


def test_sort_refuses_other_keys() -> None:
    assert errors_of({"sort": ["size"]}) == {"sort": "must be one of due, priority, created, title"}


@pytest.mark.parametrize("raw", ["up", "ascending", "1"])
def test_order_refuses_other_values(raw: str) -> None:
    assert errors_of({"sort": ["due"], "order": [raw]}) == {"order": "must be asc or desc"}


# --- limit and cursor -----------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [("1", 1), ("50", 50), ("200", 200), (" 7 ", 7)])
def test_limit_within_bounds(raw: str, expected: int) -> None:
    assert read_list_query({"limit": [raw]}).limit == expected


@pytest.mark.parametrize("raw", ["0", "201", "1000000", "-5", "ten", "10.5", "1e2", "0x10", "²"])
def test_limit_out_of_bounds_or_not_a_number(raw: str) -> None:
    assert errors_of({"limit": [raw]}) == {"limit": f"must be a whole number from 1 to {MAX_LIMIT}"}


def test_cursor_is_passed_through() -> None:
    assert read_list_query({"cursor": ["abc123"]}).cursor == "abc123"


# --- repeated parameters and several errors -------------------------------------------------


@pytest.mark.parametrize(
    "name", ["status", "due_from", "due_to", "overdue", "q", "sort", "order", "limit", "cursor"]
)
def test_single_parameters_given_twice_are_refused(name: str) -> None:
    assert errors_of({name: ["a", "b"]}) == {name: "may be given once"}


def test_every_error_is_reported_at_once() -> None:
    errors = errors_of(
        {
            "status": ["done"],
            "priority": ["urgent"],
            "due_from": ["2026-02-30"],
            "overdue": ["perhaps"],
            "sort": ["size"],
            "order": ["sideways"],
            "limit": ["0"],
            "cursor": ["a", "b"],
        }
    )
    assert list(errors) == [
        "status",
        "priority",
        "due_from",
        "overdue",
        "sort",
        "order",
        "limit",
        "cursor",
    ]


def test_everything_combined() -> None:
    query = read_list_query(
        {
            "status": ["all"],
            "priority": ["high", "none"],
            "tag": ["work"],
            "due_from": ["2026-03-02"],
            "due_to": ["2026-03-08"],
            "overdue": ["true"],
            "q": ["invoice"],
            "sort": ["priority"],
            "limit": ["10"],
            "cursor": ["c1"],
        }
    )
    assert query == ListQuery(
        filter=TaskFilter(
            status=StatusFilter.ALL,
            priorities=(Priority.HIGH, None),
            tags=("work",),
            due_from=date(2026, 3, 2),
            due_to=date(2026, 3, 8),
            overdue=True,
            search="invoice",
        ),
        sort=SortKey.PRIORITY,
        descending=True,
        limit=10,
        cursor="c1",
    )


def test_a_typed_query_is_held_to_the_same_rules() -> None:
    good = ListQuery(filter=TaskFilter(tags=("work",), search="Invoices!"), limit=10)
    assert check_list_query(good) is good
    assert good.filter.search_words == ("invoices",)
    bad = ListQuery(
        filter=TaskFilter(
            tags=("x" * 51,),
            due_from=date(2026, 3, 8),
            due_to=date(2026, 3, 2),
            search="!!!",
        ),
        limit=0,
    )
    with pytest.raises(ValidationFailed) as raised:
        check_list_query(bad)
    assert {(e.field, e.message) for e in raised.value.errors} == {
        ("tag", "each tag must be 1 to 50 characters"),
        ("due_to", "must not be before due_from"),
        ("q", "must contain at least one word"),
        ("limit", "must be a whole number from 1 to 200"),
    }
