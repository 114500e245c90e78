"""GET /api/tasks over real HTTP: the filters, keyword search and invalid parameters.

The shared server's clock stands at NOW = 2026-03-04T15:00:00Z, a Wednesday,
10:00 in New York (05:00 UTC offset until the clocks go forward on Sunday the
8th) and midnight of Thursday the 5th in Tokyo. Sorting and paging are in
``test_listing_sort_pages.py``.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import LiveServer, UserClient


def titles(items: list[dict[str, Any]]) -> list[str]:
    return [item["title"] for item in items]


def complete(client: UserClient, task: dict[str, Any]) -> None:
    answer = client.post(f"/api/tasks/{task['id']}/complete")
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "completed"


def error_locations(client: UserClient, params: Any) -> list[list[str]]:
    answer = client.get("/api/tasks", params=params)
    assert answer.status_code == 422, answer.text
    return [error["loc"] for error in answer.json()["detail"]]


# --- status -----------------------------------------------------------------------


def test_status_defaults_to_pending_and_selects_completed_or_all(alice: UserClient) -> None:
    first = alice.add("First")
    alice.add("Second")
    third = alice.add("Third")
    alice.add("Fourth")
    complete(alice, first)
    complete(alice, third)

    assert titles(alice.items()) == ["Fourth", "Second"]
    assert titles(alice.items(status="pending")) == ["Fourth", "Second"]
    assert titles(alice.items(status="completed")) == ["Third", "First"]
    assert titles(alice.items(status="all")) == ["Fourth", "Third", "Second", "First"]
    assert [t["status"] for t in alice.items(status="all")] == [
        "pending",
        "completed",
        "pending",
        "completed",
    ]


def test_a_reopened_task_is_pending_again(alice: UserClient) -> None:
    task = alice.add("Come back")
    complete(alice, task)
    assert alice.items() == []

    assert alice.post(f"/api/tasks/{task['id']}/reopen").status_code == 200

    assert titles(alice.items()) == ["Come back"]
    assert alice.items(status="completed") == []


def test_a_new_user_has_an_empty_list(alice: UserClient) -> None:
    answer = alice.get("/api/tasks", params={"status": "all"})

    assert answer.status_code == 200
    assert answer.json() == {"items": [], "next_cursor": None}


def test_the_list_needs_a_token(server: LiveServer) -> None:
    with server.client() as anonymous:
        assert anonymous.get("/api/tasks").status_code == 401
    with server.client("not-a-token") as stranger:
        assert stranger.get("/api/tasks").status_code == 401


def test_a_user_lists_only_their_own_tasks(alice: UserClient, bob: UserClient) -> None:
    alice.add("Alice's", priority="high", tags=["work"])
    bob.add("Bob's", priority="high", tags=["work"])

    assert titles(alice.items(status="all")) == ["Alice's"]
    assert titles(bob.items(status="all", priority="high", tag="work")) == ["Bob's"]


# --- priority -----------------------------------------------------------------------


@pytest.fixture
def prioritised(alice: UserClient) -> UserClient:
    alice.add("High one", priority="high")
    alice.add("Medium one", priority="medium")
    alice.add("Low one", priority="low")
    alice.add("Unprioritised")
    alice.add("High two", priority="high")
    return alice


def test_priority_filter_with_one_value(prioritised: UserClient) -> None:
    assert titles(prioritised.items(priority="high")) == ["High two", "High one"]
    assert titles(prioritised.items(priority="medium")) == ["Medium one"]
    assert titles(prioritised.items(priority="low")) == ["Low one"]


def test_priority_filter_is_repeatable(prioritised: UserClient) -> None:
    assert titles(prioritised.items(priority=["high", "low"])) == [
        "High two",
        "Low one",
        "High one",
    ]
    assert titles(prioritised.items(priority=["medium", "low", "high"])) == [
        "High two",
        "Low one",
        "Medium one",
        "High one",
    ]


def test_priority_none_selects_tasks_without_priority(prioritised: UserClient) -> None:
    assert titles(prioritised.items(priority="none")) == ["Unprioritised"]
    assert titles(prioritised.items(priority=["none", "medium"])) == [
        "Unprioritised",
        "Medium one",
    ]


def test_priority_filter_keeps_to_the_status_filter(prioritised: UserClient) -> None:
    high_two = next(t for t in prioritised.items() if t["title"] == "High two")
    complete(prioritised, high_two)

    assert titles(prioritised.items(priority="high")) == ["High one"]
    assert titles(prioritised.items(priority="high", status="completed")) == ["High two"]
    assert titles(prioritised.items(priority="high", status="all")) == ["High two", "High one"]


# --- tags -----------------------------------------------------------------------------


@pytest.fixture
def tagged(alice: UserClient) -> UserClient:
    alice.add("Report", tags=["work", "urgent"])
    alice.add("Groceries", tags=["errands"])
    alice.add("Slides", tags=["#Work"])
    alice.add("Untagged")
    alice.add("Bank", tags=["errands", "URGENT", "money"])
    return alice


def test_tags_are_stored_lower_case_without_hash(tagged: UserClient) -> None:
    slides = next(t for t in tagged.items() if t["title"] == "Slides")
    bank = next(t for t in tagged.items() if t["title"] == "Bank")

    assert slides["tags"] == ["work"]
    assert bank["tags"] == ["errands", "urgent", "money"]


def test_tag_filter_with_one_tag(tagged: UserClient) -> None:
    assert titles(tagged.items(tag="work")) == ["Slides", "Report"]
    assert titles(tagged.items(tag="errands")) == ["Bank", "Groceries"]
    assert titles(tagged.items(tag="money")) == ["Bank"]
    assert tagged.items(tag="holiday") == []


def test_tag_filter_ignores_case_and_a_leading_hash(tagged: UserClient) -> None:
    assert titles(tagged.items(tag="Work")) == ["Slides", "Report"]
    assert titles(tagged.items(tag="#WORK")) == ["Slides", "Report"]
    assert titles(tagged.items(tag="#urgent")) == ["Bank", "Report"]


def test_several_tags_must_all_be_on_the_task(tagged: UserClient) -> None:
    assert titles(tagged.items(tag=["work", "urgent"])) == ["Report"]
    assert titles(tagged.items(tag=["urgent", "errands"])) == ["Bank"]
    assert titles(tagged.items(tag=["errands", "urgent", "money"])) == ["Bank"]
    assert tagged.items(tag=["work", "errands"]) == []
    assert tagged.items(tag=["work", "holiday"]) == []


def test_a_tag_removed_from_a_task_no_longer_selects_it(tagged: UserClient) -> None:
    report = next(t for t in tagged.items() if t["title"] == "Report")
    answer = tagged.patch(f"/api/tasks/{report['id']}", json={"tags": ["urgent"]})
    assert answer.status_code == 200, answer.text

    assert titles(tagged.items(tag="work")) == ["Slides"]
    assert titles(tagged.items(tag="urgent")) == ["Bank", "Report"]


# --- due_from / due_to --------------------------------------------------------------


@pytest.fixture
def dated(alice: UserClient) -> UserClient:
    """A New York user's tasks around Thursday the 5th."""
    alice.add("Fourth evening", due="2026-03-04T20:00:00-05:00")
    alice.add("Fifth date", due="2026-03-05")
    alice.add("Fifth late", due="2026-03-05T23:30:00-05:00")  # 2026-03-06T04:30Z
    alice.add("Fifth last second", due="2026-03-05T23:59:59-05:00")
    alice.add("Sixth date", due="2026-03-06")
    alice.add("Sixth midnight", due="2026-03-06T00:00:00-05:00")
    alice.add("Sixth in UTC", due="2026-03-06T03:00:00Z")  # 22:00 on the 5th in New York
    alice.add("No due")
    alice.add("Seventh date", due="2026-03-07")
    return alice


def test_due_on_one_day_in_the_users_zone(dated: UserClient) -> None:
    on_the_fifth = dated.items(due_from="2026-03-05", due_to="2026-03-05", sort="due")

    assert titles(on_the_fifth) == [
        "Fifth date",
        "Sixth in UTC",
        "Fifth late",
        "Fifth last second",
    ]
    late = next(t for t in on_the_fifth if t["title"] == "Fifth late")
    assert late["due"] == "2026-03-05T23:30:00-05:00"
    in_utc = next(t for t in on_the_fifth if t["title"] == "Sixth in UTC")
    assert in_utc["due"] == "2026-03-05T22:00:00-05:00"


def test_due_from_is_inclusive_and_leaves_out_tasks_without_due(dated: UserClient) -> None:
    assert titles(dated.items(due_from="2026-03-06", sort="due")) == [
        "Sixth date",
        "Sixth midnight",
        "Seventh date",
    ]


def test_due_to_is_inclusive_and_leaves_out_tasks_without_due(dated: UserClient) -> None:
    assert titles(dated.items(due_to="2026-03-04", sort="due")) == ["Fourth evening"]
    assert titles(dated.items(due_to="2026-03-05", sort="due")) == [
        "Fourth evening",
        "Fifth date",
        "Sixth in UTC",
        "Fifth late",
        "Fifth last second",
    ]


def test_due_between_two_dates(dated: UserClient) -> None:
    assert titles(dated.items(due_from="2026-03-05", due_to="2026-03-06", sort="due")) == [
        "Fifth date",
        "Sixth in UTC",
        "Fifth late",
        "Fifth last second",
        "Sixth date",
        "Sixth midnight",
    ]
    assert dated.items(due_from="2026-03-08", due_to="2026-03-31") == []
    assert dated.items(due_from="2026-02-01", due_to="2026-03-03") == []


def test_date_only_dues_fall_on_their_own_date(dated: UserClient) -> None:
    assert titles(dated.items(due_from="2026-03-07", due_to="2026-03-07")) == ["Seventh date"]
    assert [t["due"] for t in dated.items(due_from="2026-03-07")] == ["2026-03-07"]


def test_due_range_across_the_spring_forward_day(alice: UserClient) -> None:
    # Sunday 2026-03-08 is 23 hours long in New York: 05:00Z to 04:00Z the next day.
    alice.add("Saturday night", due="2026-03-07T23:30:00-05:00")
    alice.add("Sunday early", due="2026-03-08T00:30:00-05:00")
    alice.add("Sunday late", due="2026-03-08T23:30:00-04:00")
    alice.add("Monday early", due="2026-03-09T00:30:00-04:00")

    assert titles(alice.items(due_from="2026-03-08", due_to="2026-03-08", sort="due")) == [
        "Sunday early",
        "Sunday late",
    ]


def test_another_zone_puts_the_same_instant_on_another_date(server: LiveServer) -> None:
    with server.register(timezone="Asia/Tokyo") as tokyo:
        tokyo.add("Same instant", due="2026-03-05T23:30:00-05:00")  # 13:30 on the 6th in Tokyo
        tokyo.add("Tokyo fifth", due="2026-03-05")
        tokyo.add("Tokyo evening", due="2026-03-05T23:00:00+09:00")

        on_the_fifth = tokyo.items(due_from="2026-03-05", due_to="2026-03-05", sort="due")
        on_the_sixth = tokyo.items(due_from="2026-03-06", due_to="2026-03-06", sort="due")

    assert titles(on_the_fifth) == ["Tokyo fifth", "Tokyo evening"]
    assert titles(on_the_sixth) == ["Same instant"]
    assert on_the_sixth[0]["due"] == "2026-03-06T13:30:00+09:00"


def test_a_utc_user_sees_the_new_york_evening_on_the_next_day(server: LiveServer) -> None:
    with server.register(timezone="UTC") as london:
        london.add("Same instant", due="2026-03-05T23:30:00-05:00")

        assert london.items(due_from="2026-03-05", due_to="2026-03-05") == []
        assert titles(london.items(due_from="2026-03-06", due_to="2026-03-06")) == ["Same instant"]


def test_date_only_dues_follow_the_user_to_a_new_zone(server: LiveServer) -> None:
    with server.register(timezone="Asia/Tokyo") as traveller:
        traveller.add("Wednesday", due="2026-03-04")
        traveller.add("Thursday", due="2026-03-05")
        traveller.add("Instant", due="2026-03-05T08:00:00+09:00")  # 18:00 on the 4th in New York
        assert titles(traveller.items(overdue="true")) == ["Wednesday"]

        moved = traveller.patch("/api/me", json={"timezone": "America/New_York"})
        assert moved.status_code == 200, moved.text

        on_the_fourth = traveller.items(due_from="2026-03-04", due_to="2026-03-04", sort="due")
        on_the_fifth = traveller.items(due_from="2026-03-05", due_to="2026-03-05", sort="due")
        overdue = traveller.items(overdue="true")

    assert titles(on_the_fourth) == ["Wednesday", "Instant"]
    assert [t["due"] for t in on_the_fourth] == ["2026-03-04", "2026-03-04T18:00:00-05:00"]
    assert titles(on_the_fifth) == ["Thursday"]
    assert overdue == []


# --- overdue ----------------------------------------------------------------------------


@pytest.fixture
def deadlines(alice: UserClient) -> UserClient:
    """A New York user at 10:00 on Wednesday 2026-03-04."""
    alice.add("Yesterday", due="2026-03-03")
    alice.add("Today", due="2026-03-04")
    alice.add("Earlier today", due="2026-03-04T09:00:00-05:00")
    alice.add("Later today", due="2026-03-04T11:00:00-05:00")
    alice.add("A second ago", due="2026-03-04T14:59:59Z")
    alice.add("Tomorrow", due="2026-03-05")
    alice.add("Whenever")
    done = alice.add("Done last week", due="2026-02-25")
    complete(alice, done)
    done_today = alice.add("Done this morning", due="2026-03-04T08:00:00-05:00")
    complete(alice, done_today)
    return alice


def test_overdue_selects_pending_tasks_past_their_due(deadlines: UserClient) -> None:
    assert titles(deadlines.items(overdue="true", sort="due")) == [
        "Yesterday",
        "Earlier today",
        "A second ago",
    ]


def test_a_date_only_due_of_today_is_not_overdue(deadlines: UserClient) -> None:
    overdue = titles(deadlines.items(overdue="true"))

    assert "Today" not in overdue
    assert "Yesterday" in overdue


def test_completed_tasks_are_never_overdue(deadlines: UserClient) -> None:
    assert titles(deadlines.items(overdue="true", status="all", sort="due")) == [
        "Yesterday",
        "Earlier today",
        "A second ago",
    ]
    assert deadlines.items(overdue="true", status="completed") == []


def test_overdue_false_is_no_filter(deadlines: UserClient) -> None:
    assert titles(deadlines.items(overdue="false", sort="due")) == titles(
        deadlines.items(sort="due")
    )
    assert len(deadlines.items(overdue="false")) == 7


def test_overdue_depends_on_the_users_date(server: LiveServer) -> None:
    # At NOW it is already Thursday the 5th in Tokyo, so Wednesday's date has passed there.
    with server.register(timezone="Asia/Tokyo") as tokyo:
        tokyo.add("Wednesday", due="2026-03-04")
        tokyo.add("Thursday", due="2026-03-05")
        tokyo_overdue = titles(tokyo.items(overdue="true"))
    with server.register() as new_york:
        new_york.add("Wednesday", due="2026-03-04")
        new_york.add("Tuesday", due="2026-03-03")
        new_york_overdue = titles(new_york.items(overdue="true"))

    assert tokyo_overdue == ["Wednesday"]
    assert new_york_overdue == ["Tuesday"]


# --- keyword search -----------------------------------------------------------------------


@pytest.fixture
def notes(alice: UserClient) -> UserClient:
    alice.add("Pay invoice", description="March office rent")
    alice.add("Buy groceries")
    alice.add("Call the plumber", description="Kitchen SINK is leaking")
    alice.add("Send invoices to ACME")
    alice.add("Team meeting", description="Quarterly budget review")
    alice.add("Café run")
    return alice


def test_search_finds_a_word_in_the_title(notes: UserClient) -> None:
    assert titles(notes.items(q="plumber")) == ["Call the plumber"]
    assert titles(notes.items(q="ACME")) == ["Send invoices to ACME"]


def test_search_finds_a_word_in_the_description(notes: UserClient) -> None:
    assert titles(notes.items(q="sink")) == ["Call the plumber"]
    assert titles(notes.items(q="budget")) == ["Team meeting"]
    assert titles(notes.items(q="rent")) == ["Pay invoice"]


def test_search_ignores_case(notes: UserClient) -> None:
    assert titles(notes.items(q="PLUMBER")) == ["Call the plumber"]
    assert titles(notes.items(q="Sink")) == ["Call the plumber"]
    assert titles(notes.items(q="acme")) == ["Send invoices to ACME"]


def test_search_needs_every_word(notes: UserClient) -> None:
    assert titles(notes.items(q="kitchen leaking")) == ["Call the plumber"]
    assert titles(notes.items(q="plumber sink")) == ["Call the plumber"]
    assert titles(notes.items(q="invoice acme")) == ["Send invoices to ACME"]
    assert notes.items(q="invoice plumber") == []


def test_search_matches_word_stems(notes: UserClient) -> None:
    assert titles(notes.items(q="invoice")) == ["Send invoices to ACME", "Pay invoice"]
    assert titles(notes.items(q="invoices")) == ["Send invoices to ACME", "Pay invoice"]
    assert titles(notes.items(q="invoices rent")) == ["Pay invoice"]
    assert titles(notes.items(q="grocery")) == ["Buy groceries"]
    assert titles(notes.items(q="leak")) == ["Call the plumber"]


def test_search_takes_the_last_word_as_a_prefix(notes: UserClient) -> None:
    assert titles(notes.items(q="groc")) == ["Buy groceries"]
    assert titles(notes.items(q="kitchen lea")) == ["Call the plumber"]
    assert titles(notes.items(q="quart")) == ["Team meeting"]


@pytest.mark.parametrize("typed", ["mee", "meet", "meeti", "meetin", "meeting"])
def test_every_prefix_of_the_last_word_finds_it(notes: UserClient, typed: str) -> None:
    assert titles(notes.items(q=f"team {typed}")) == ["Team meeting"]


def test_search_ignores_accents(notes: UserClient) -> None:
    assert titles(notes.items(q="cafe")) == ["Café run"]
    assert titles(notes.items(q="CAFÉ")) == ["Café run"]


def test_search_without_a_match_is_empty(notes: UserClient) -> None:
    answer = notes.get("/api/tasks", params={"q": "xylophone"})

    assert answer.status_code == 200
    assert answer.json() == {"items": [], "next_cursor": None}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sink*", ["Call the plumber"]),
        ("(sink)", ["Call the plumber"]),
        ('"sink', ["Call the plumber"]),
        ("sink, kitchen!", ["Call the plumber"]),
        ("sink OR invoice", []),
        ("NOT sink", []),
        ("sink NEAR kitchen", []),
        ("title:plumber", []),
    ],
)
def test_search_treats_query_syntax_as_plain_words(
    notes: UserClient, text: str, expected: list[str]
) -> None:
    assert titles(notes.items(q=text)) == expected


def test_search_stays_within_the_users_own_tasks(notes: UserClient, bob: UserClient) -> None:
    bob.add("Pay invoice for bob", description="kitchen sink")

    assert titles(notes.items(q="invoice")) == ["Send invoices to ACME", "Pay invoice"]
    assert titles(notes.items(q="bob")) == []
    assert titles(bob.items(q="invoice")) == ["Pay invoice for bob"]
    assert titles(bob.items(q="sink")) == ["Pay invoice for bob"]
    assert bob.items(q="plumber") == []


def test_search_follows_edits_and_deletions(notes: UserClient) -> None:
    plumber = next(t for t in notes.items() if t["title"] == "Call the plumber")
    answer = notes.patch(
        f"/api/tasks/{plumber['id']}", json={"title": "Call the electrician", "description": None}
    )
    assert answer.status_code == 200, answer.text
    groceries = next(t for t in notes.items() if t["title"] == "Buy groceries")
    assert notes.delete(f"/api/tasks/{groceries['id']}").status_code == 204

    assert notes.items(q="plumber") == []
    assert notes.items(q="sink") == []
    assert titles(notes.items(q="electrician")) == ["Call the electrician"]
    assert notes.items(q="groceries") == []


def test_search_covers_completed_tasks_with_status_all(notes: UserClient) -> None:
    invoice = next(t for t in notes.items() if t["title"] == "Pay invoice")
    complete(notes, invoice)

    assert titles(notes.items(q="invoice")) == ["Send invoices to ACME"]
    assert titles(notes.items(q="invoice", status="completed")) == ["Pay invoice"]
    assert titles(notes.items(q="invoice", status="all")) == [
        "Send invoices to ACME",
        "Pay invoice",
    ]


# --- combinations ----------------------------------------------------------------------------


def test_all_filters_combine(alice: UserClient) -> None:
    base: dict[str, Any] = {
        "priority": "high",
        "tags": ["work", "q1"],
        "due": "2026-03-06",
        "description": "quarterly report draft",
    }
    alice.add("Match late", **{**base, "due": "2026-03-09T09:00:00-04:00"})
    done = alice.add("Match done", **{**base, "due": "2026-03-06T08:00:00-05:00"})
    complete(alice, done)
    alice.add("Match early", **base)
    alice.add("Wrong priority", **{**base, "priority": "medium"})
    alice.add("No priority", **{**base, "priority": None})
    alice.add("Missing tag", **{**base, "tags": ["q1"]})
    alice.add("Too early", **{**base, "due": "2026-03-05T23:30:00-05:00"})
    alice.add("No due", **{**base, "due": None})
    alice.add("Other words", **{**base, "description": "quarterly budget"})

    params = {
        "status": "all",
        "priority": "high",
        "tag": "work",
        "due_from": "2026-03-06",
        "q": "report",
        "sort": "due",
    }
    assert titles(alice.items(**params)) == ["Match early", "Match done", "Match late"]
    assert titles(alice.items(**{**params, "order": "desc"})) == [
        "Match late",
        "Match done",
        "Match early",
    ]
    assert titles(alice.items(**{**params, "status": "pending"})) == [
        "Match early",
        "Match late",
    ]
    assert titles(alice.items(**{**params, "due_to": "2026-03-08"})) == [
        "Match early",
        "Match done",
    ]
    assert titles(alice.items(**{**params, "priority": ["high", "medium"]})) == [
        "Match early",
        "Wrong priority",
        "Match done",
        "Match late",
    ]
    assert titles(alice.items(**{**params, "tag": ["work", "q1"], "q": "quarterly repo"})) == [
        "Match early",
        "Match done",
        "Match late",
    ]


def test_overdue_combines_with_priority_tag_and_search(alice: UserClient) -> None:
    alice.add("Late report", due="2026-03-02", priority="high", tags=["work"])
    alice.add("Late chores", due="2026-03-01", priority="high", tags=["home"])
    alice.add("Late low report", due="2026-03-03", priority="low", tags=["work"])
    alice.add("Future report", due="2026-03-09", priority="high", tags=["work"])

    assert titles(alice.items(overdue="true", priority="high", sort="due")) == [
        "Late chores",
        "Late report",
    ]
    assert titles(alice.items(overdue="true", tag="work", sort="due")) == [
        "Late report",
        "Late low report",
    ]
    assert titles(alice.items(overdue="true", q="report", priority="high")) == ["Late report"]
    assert titles(alice.items(overdue="true", due_from="2026-03-02", sort="due")) == [
        "Late report",
        "Late low report",
    ]


# --- invalid parameters ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("status", "done"),
        ("status", "open"),
        ("priority", "urgent"),
        ("priority", "1"),
        ("limit", "0"),
        ("limit", "201"),
        ("limit", "abc"),
        ("limit", "-1"),
        ("limit", "2.5"),
        ("limit", "1e2"),
        ("limit", "²"),
        ("limit", "9" * 40),
        ("due_from", "2026-02-30"),
        ("due_from", "2026-3-5"),
        ("due_from", "05/03/2026"),
        ("due_to", "2026-13-01"),
        ("due_to", "2026-03-05T10:00:00Z"),
        ("order", "sideways"),
        ("sort", "color"),
        ("sort", "due_at"),
        ("overdue", "maybe"),
        ("cursor", "garbage"),
        ("tag", "x" * 51),
        ("q", "w" * 201),
        ("q", "!!!"),
    ],
)
def test_a_bad_parameter_is_named(alice: UserClient, name: str, value: str) -> None:
    alice.add("Untouched")

    answer = alice.get("/api/tasks", params={name: value})

    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert detail[0]["loc"] == ["query", name]
    assert [error["loc"] for error in detail] == [["query", name]]
    assert titles(alice.items()) == ["Untouched"]


def test_due_from_after_due_to_is_refused(alice: UserClient) -> None:
    locations = error_locations(alice, {"due_from": "2026-03-06", "due_to": "2026-03-05"})

    assert len(locations) == 1
    assert locations[0] in (["query", "due_from"], ["query", "due_to"])


def test_one_answer_names_every_bad_parameter(alice: UserClient) -> None:
    locations = error_locations(
        alice,
        {"status": "done", "priority": "urgent", "limit": "0", "sort": "color", "order": "up"},
    )

    assert sorted(locations) == [
        ["query", "limit"],
        ["query", "order"],
        ["query", "priority"],
        ["query", "sort"],
        ["query", "status"],
    ]


def test_one_bad_priority_among_good_ones_is_refused(alice: UserClient) -> None:
    assert error_locations(alice, [("priority", "high"), ("priority", "urgent")]) == [
        ["query", "priority"]
    ]


def test_a_single_valued_parameter_given_twice_is_refused(alice: UserClient) -> None:
    assert error_locations(alice, [("status", "pending"), ("status", "all")]) == [
        ["query", "status"]
    ]
    assert error_locations(alice, [("sort", "due"), ("sort", "title")]) == [["query", "sort"]]
