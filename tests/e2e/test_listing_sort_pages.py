"""GET /api/tasks over real HTTP: sort keys, orders and keyset pagination.

The shared clock stands still, so every task gets the same ``created_at``: creation
order is the order of the POSTs. Filters are in ``test_listing_filters.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.support import UserClient


def titles(items: list[dict[str, Any]]) -> list[str]:
    return [item["title"] for item in items]


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


def page(client: UserClient, **params: Any) -> tuple[list[dict[str, Any]], str | None]:
    answer = client.get("/api/tasks", params=params)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"items", "next_cursor"}
    return body["items"], body["next_cursor"]


def walk(client: UserClient, limit: int, **params: Any) -> list[list[dict[str, Any]]]:
    """Every page of a list, following next_cursor; checks each page's size."""
    pages: list[list[dict[str, Any]]] = []
    cursor: str | None = None
    while True:
        extra = {"cursor": cursor} if cursor is not None else {}
        items, cursor = page(client, limit=limit, **params, **extra)
        pages.append(items)
        if cursor is None:
            break
        assert len(items) == limit, "a page with a next_cursor must be full"
        assert len(pages) <= 500, "next_cursor never ran out"
    assert len(pages[-1]) <= limit
    assert pages[-1] or len(pages) == 1, "a next_cursor led to an empty page"
    return pages


def concatenated(pages: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return [item for items in pages for item in items]


# --- a set of tasks with ties ---------------------------------------------------------------
#
# Index = creation order. Dues in New York: the 5th starts at 05:00Z; the 10th, after the
# clocks go forward, at 04:00Z.
_TASKS: list[tuple[str, str | None, str | None]] = [
    ("Pay rent", "2026-03-05", "high"),  # 0: due 3/5 05:00Z (date only)
    ("buy milk", "2026-03-05T09:00:00-05:00", None),  # 1: 3/5 14:00Z
    ("Call mom", None, "medium"),  # 2
    ("Pay rent", "2026-03-05", "high"),  # 3: same title, due, priority as 0
    ("alpha review", "2026-03-07T12:00:00-05:00", "low"),  # 4: 3/7 17:00Z
    ("Zebra notes", None, None),  # 5
    ("Buy Milk", "2026-03-05T14:00:00Z", "medium"),  # 6: same instant as 1
    ("dentist", "2026-03-10", "low"),  # 7: 3/10 04:00Z
    ("Errands", None, "high"),  # 8
    ("call Mom", "2026-03-04T17:00:00-05:00", None),  # 9: 3/4 22:00Z
    ("Budget", "2026-03-07T17:00:00Z", "medium"),  # 10: same instant as 4
    ("Zebra notes", None, None),  # 11: same as 5
    ("Midnight check", "2026-03-05T00:00:00-05:00", "low"),  # 12: same instant as 0 and 3
]

# The expected order of every (sort, order), as indexes into _TASKS; None = no order given.
_EXPECTED: dict[tuple[str | None, str | None], list[int]] = {
    (None, None): [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ("created", None): [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ("created", "desc"): [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ("created", "asc"): [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    (None, "asc"): [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    (None, "desc"): [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ("due", None): [9, 0, 3, 12, 1, 6, 4, 10, 7, 2, 5, 8, 11],
    ("due", "asc"): [9, 0, 3, 12, 1, 6, 4, 10, 7, 2, 5, 8, 11],
    ("due", "desc"): [7, 10, 4, 6, 1, 12, 3, 0, 9, 11, 8, 5, 2],
    ("priority", None): [8, 3, 0, 10, 6, 2, 12, 7, 4, 11, 9, 5, 1],
    ("priority", "desc"): [8, 3, 0, 10, 6, 2, 12, 7, 4, 11, 9, 5, 1],
    ("priority", "asc"): [4, 7, 12, 2, 6, 10, 0, 3, 8, 1, 5, 9, 11],
    ("title", None): [4, 10, 1, 6, 2, 9, 7, 8, 12, 0, 3, 5, 11],
    ("title", "asc"): [4, 10, 1, 6, 2, 9, 7, 8, 12, 0, 3, 5, 11],
    ("title", "desc"): [11, 5, 3, 0, 12, 8, 7, 9, 2, 6, 1, 10, 4],
}
_ORDERINGS = sorted(_EXPECTED, key=lambda key: (key[0] or "", key[1] or ""))


@dataclass
class Board:
    client: UserClient
    ids: list[str]

    def expected(self, sort: str | None, order: str | None) -> list[str]:
        return [self.ids[index] for index in _EXPECTED[sort, order]]


@pytest.fixture
def board(alice: UserClient) -> Board:
    created = []
    for title, due, priority in _TASKS:
        fields = {key: value for key, value in (("due", due), ("priority", priority)) if value}
        created.append(alice.add(title, **fields)["id"])
    return Board(alice, created)


def params_of(sort: str | None, order: str | None) -> dict[str, str]:
    return {key: value for key, value in (("sort", sort), ("order", order)) if value}


@pytest.mark.parametrize(("sort", "order"), _ORDERINGS)
def test_the_order_and_its_pages(board: Board, sort: str | None, order: str | None) -> None:
    items, cursor = page(board.client, **params_of(sort, order))
    assert ids(items) == board.expected(sort, order), "unpaged"
    assert cursor is None

    for limit in (1, 2, 3, 5, 12, 13):
        pages = walk(board.client, limit, **params_of(sort, order))
        walked = ids(concatenated(pages))

        assert walked == board.expected(sort, order), f"limit={limit}"
        assert len(set(walked)) == len(walked) == len(_TASKS), f"limit={limit}"
        assert len(pages) == -(-len(_TASKS) // limit), f"limit={limit}"


# Completed in the mixed-status walk: ties, tasks without due or priority, both ends.
_COMPLETED = (0, 1, 5, 7, 8, 12)


@pytest.mark.parametrize(("sort", "order"), _ORDERINGS)
def test_pages_mix_pending_and_completed_tasks_in_one_order(
    board: Board, sort: str | None, order: str | None
) -> None:
    for index in _COMPLETED:
        answer = board.client.post(f"/api/tasks/{board.ids[index]}/complete")
        assert answer.status_code == 200, answer.text
    done = {board.ids[index] for index in _COMPLETED}
    expected = board.expected(sort, order)

    for limit in (1, 2, 3):
        params = {**params_of(sort, order), "status": "all"}
        walked = ids(concatenated(walk(board.client, limit, **params)))
        assert walked == expected, f"limit={limit}"
        params["status"] = "completed"
        walked = ids(concatenated(walk(board.client, limit, **params)))
        assert walked == [item for item in expected if item in done], f"limit={limit}"
        params["status"] = "pending"
        walked = ids(concatenated(walk(board.client, limit, **params)))
        assert walked == [item for item in expected if item not in done], f"limit={limit}"


def test_the_natural_orders_in_titles(board: Board) -> None:
    assert titles(board.client.items(sort="due"))[:9] == [
        "call Mom",
        "Pay rent",
        "Pay rent",
        "Midnight check",
        "buy milk",
        "Buy Milk",
        "alpha review",
        "Budget",
        "dentist",
    ]
    assert [t["priority"] for t in board.client.items(sort="priority")] == [
        "high",
        "high",
        "high",
        "medium",
        "medium",
        "medium",
        "low",
        "low",
        "low",
        None,
        None,
        None,
        None,
    ]
    assert titles(board.client.items(sort="title")) == [
        "alpha review",
        "Budget",
        "buy milk",
        "Buy Milk",
        "Call mom",
        "call Mom",
        "dentist",
        "Errands",
        "Midnight check",
        "Pay rent",
        "Pay rent",
        "Zebra notes",
        "Zebra notes",
    ]


@pytest.mark.parametrize("order", ["asc", "desc"])
@pytest.mark.parametrize("sort", ["due", "priority"])
def test_tasks_without_the_key_come_last(board: Board, sort: str, order: str) -> None:
    items = board.client.items(sort=sort, order=order)
    present = [item[sort] is not None for item in items]

    assert present == sorted(present, reverse=True)
    assert present.count(False) == 4


@pytest.mark.parametrize(
    ("order", "expected"),
    [("asc", ["été plans", "Été plans"]), ("desc", ["Été plans", "été plans"])],
)
def test_titles_differing_only_in_accented_case_tie(
    alice: UserClient, order: str, expected: list[str]
) -> None:
    # Equal but for case, so creation order decides, in the sort's direction.
    alice.add("été plans")
    alice.add("Été plans")

    assert titles(alice.items(sort="title", order=order)) == expected


def test_sort_applies_to_completed_tasks_with_status_all(alice: UserClient) -> None:
    alice.add("Later", due="2026-03-09")
    done = alice.add("Earlier", due="2026-03-02")
    alice.add("Middle", due="2026-03-05")
    assert alice.post(f"/api/tasks/{done['id']}/complete").status_code == 200

    assert titles(alice.items(status="all", sort="due")) == ["Earlier", "Middle", "Later"]
    assert titles(alice.items(status="all", sort="due", order="desc")) == [
        "Later",
        "Middle",
        "Earlier",
    ]


def test_a_changed_due_moves_the_task(alice: UserClient) -> None:
    first = alice.add("First", due="2026-03-05")
    alice.add("Second", due="2026-03-06")
    alice.add("Undated")
    answer = alice.patch(f"/api/tasks/{first['id']}", json={"due": None})
    assert answer.status_code == 200, answer.text

    assert titles(alice.items(sort="due")) == ["Second", "First", "Undated"]


# --- limits and cursors --------------------------------------------------------------------------


def test_the_default_limit_is_50(alice: UserClient) -> None:
    for number in range(51):
        alice.add(f"Task {number:02}")

    first, cursor = page(alice)
    assert len(first) == 50
    assert first[0]["title"] == "Task 50"
    assert cursor is not None
    rest, last = page(alice, cursor=cursor)
    assert titles(rest) == ["Task 00"]
    assert last is None


def test_limit_200_is_allowed(board: Board) -> None:
    items, cursor = page(board.client, limit=200, sort="title")

    assert ids(items) == board.expected("title", "asc")
    assert cursor is None


def test_a_full_last_page_has_no_cursor(alice: UserClient) -> None:
    for title in ("A", "B", "C", "D"):
        alice.add(title)

    first, cursor = page(alice, limit=2)
    second, last = page(alice, limit=2, cursor=cursor)

    assert titles(first) == ["D", "C"]
    assert cursor is not None
    assert titles(second) == ["B", "A"]
    assert last is None


def test_an_exact_fit_has_no_cursor(alice: UserClient) -> None:
    alice.add("Only")
    alice.add("Two")

    items, cursor = page(alice, limit=2)

    assert titles(items) == ["Two", "Only"]
    assert cursor is None


def test_a_page_can_end_where_the_tasks_without_a_value_begin(alice: UserClient) -> None:
    alice.add("Dated one", due="2026-03-05")
    alice.add("Undated one")
    alice.add("Dated two", due="2026-03-06")
    alice.add("Undated two")

    first, cursor = page(alice, sort="due", limit=2)
    second, last = page(alice, sort="due", limit=2, cursor=cursor)

    assert titles(first) == ["Dated one", "Dated two"]
    assert titles(second) == ["Undated one", "Undated two"]
    assert last is None


def test_pages_of_a_filtered_list(board: Board) -> None:
    pages = walk(board.client, 1, sort="due", priority=["high", "none"])

    assert [titles(items) for items in pages] == [
        ["call Mom"],
        ["Pay rent"],
        ["Pay rent"],
        ["buy milk"],
        ["Zebra notes"],
        ["Errands"],
        ["Zebra notes"],
    ]


_TAGGED: list[tuple[list[str], str | None, bool]] = [
    # (tags, priority, completed) of each task, in creation order
    (["home"], "high", False),
    (["work"], "low", True),
    (["work", "home"], None, False),
    ([], "high", False),
    (["work", "home"], "low", True),
    (["work"], None, False),
    (["home"], "high", False),
    (["work"], "low", False),
    (["work", "home"], None, True),
    ([], "high", False),
    (["work", "home"], "low", False),
    (["work"], None, True),
]


@pytest.mark.parametrize("order", ["desc", "asc"])
def test_pages_of_a_tag_by_creation(alice: UserClient, order: str) -> None:
    # A tag's tasks by creation are read from the tag's own entries, in their order.
    created = []
    for number, (tags, priority, completed) in enumerate(_TAGGED):
        task_id = alice.add(f"Task {number}", tags=tags, priority=priority)["id"]
        if completed:
            answer = alice.post(f"/api/tasks/{task_id}/complete")
            assert answer.status_code == 200, answer.text
        created.append(task_id)
    numbers = range(len(_TAGGED)) if order == "asc" else range(len(_TAGGED) - 1, -1, -1)

    def expected(status: str, tags: set[str], priorities: set[str | None]) -> list[str]:
        statuses = {"pending": {False}, "completed": {True}, "all": {False, True}}[status]
        return [
            created[number]
            for number in numbers
            if tags <= set(_TAGGED[number][0])
            and _TAGGED[number][1] in priorities
            and _TAGGED[number][2] in statuses
        ]

    any_priority = {"high", "low", None}
    for limit in (1, 2, 5):
        for status in ("pending", "completed", "all"):
            pages = walk(alice, limit, tag="work", status=status, sort="created", order=order)
            assert ids(concatenated(pages)) == expected(status, {"work"}, any_priority)
        pages = walk(alice, limit, tag=["work", "home"], status="all", order=order)
        assert ids(concatenated(pages)) == expected("all", {"work", "home"}, any_priority)
        pages = walk(alice, limit, tag="home", priority="high", order=order)
        assert ids(concatenated(pages)) == expected("pending", {"home"}, {"high"})


def test_pages_of_a_search(alice: UserClient) -> None:
    for number in range(7):
        alice.add(f"Invoice {number}", priority=["high", "low", None][number % 3])
    alice.add("Unrelated", priority="high")

    pages = walk(alice, 2, q="invoice", sort="priority")

    assert titles(concatenated(pages)) == [
        "Invoice 6",
        "Invoice 3",
        "Invoice 0",
        "Invoice 4",
        "Invoice 1",
        "Invoice 5",
        "Invoice 2",
    ]


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ({"sort": "due"}, {"sort": "priority"}),
        ({"sort": "title"}, {"sort": "created"}),
        ({"sort": "priority"}, {}),
        ({"sort": "due"}, {"sort": "due", "order": "desc"}),
        ({"sort": "title", "order": "desc"}, {"sort": "title", "order": "asc"}),
        ({}, {"order": "asc"}),
        ({"sort": "created", "order": "asc"}, {"sort": "created", "order": "desc"}),
    ],
)
def test_a_cursor_of_another_sort_or_order_is_refused(
    board: Board, first: dict[str, str], then: dict[str, str]
) -> None:
    _, cursor = page(board.client, limit=2, **first)
    assert cursor is not None

    answer = board.client.get("/api/tasks", params={"limit": 2, "cursor": cursor, **then})

    assert answer.status_code == 422, answer.text
    assert [error["loc"] for error in answer.json()["detail"]] == [["query", "cursor"]]


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ({"sort": "due"}, {"sort": "due", "order": "asc"}),
        ({"sort": "priority", "order": "desc"}, {"sort": "priority"}),
        ({}, {"sort": "created", "order": "desc"}),
        ({"sort": "title"}, {"sort": "title", "order": "asc"}),
    ],
)
def test_a_cursor_works_with_the_same_order_spelled_out(
    board: Board, first: dict[str, str], then: dict[str, str]
) -> None:
    first_page, cursor = page(board.client, limit=4, **first)
    second_page, _ = page(board.client, limit=4, cursor=cursor, **then)

    sort = then.get("sort", "created")
    order = then.get("order")
    assert ids(first_page + second_page) == board.expected(sort, order)[:8]


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "!!!",
        "é",
        "123",
        "W10",  # base64 of []
        "eyJhIjoxfQ",  # base64 of {"a":1}
        "WyJkdWUiLGZhbHNlLDMsbnVsbCwxXQ",  # ["due",false,3,null,1]: no such phase
        "WyJkdWUiLGZhbHNlLDEsWzFdLDFd",  # ["due",false,1,[1],1]: a list as the value
    ],
)
def test_a_garbage_cursor_is_refused(board: Board, cursor: str) -> None:
    answer = board.client.get("/api/tasks", params={"sort": "due", "cursor": cursor})

    assert answer.status_code == 422, answer.text
    assert [error["loc"] for error in answer.json()["detail"]] == [["query", "cursor"]]


def test_an_empty_cursor_means_the_first_page(board: Board) -> None:
    items, _ = page(board.client, limit=3, cursor="")

    assert ids(items) == board.expected(None, None)[:3]


# --- changes between pages -----------------------------------------------------------------------


# Where a newcomer (newest, earliest due, high priority, title "Aardvark") lands when it
# sorts after the first page: after the task of this index. Elsewhere it sorts before the
# first page's end, so the walk does not meet it.
_NEWCOMER_AFTER: dict[tuple[str | None, str | None], int] = {
    (None, "asc"): 12,
    ("created", "asc"): 12,
    ("due", "desc"): 9,
    ("priority", "asc"): 8,
    ("title", "desc"): 4,
}


@pytest.mark.parametrize(("sort", "order"), _ORDERINGS)
def test_a_task_created_between_pages_causes_no_duplicates(
    board: Board, sort: str | None, order: str | None
) -> None:
    params = params_of(sort, order)
    first, cursor = page(board.client, limit=4, **params)
    newcomer = board.client.add("Aardvark", due="2026-03-01", priority="high")["id"]
    seen = ids(first + concatenated(walk_from(board.client, cursor, 4, params)))

    expected = board.expected(sort, order)
    if (sort, order) in _NEWCOMER_AFTER:
        after = expected.index(board.ids[_NEWCOMER_AFTER[sort, order]])
        expected.insert(after + 1, newcomer)
    assert seen == expected
    assert len(seen) == len(set(seen))


def walk_from(
    client: UserClient, cursor: str | None, limit: int, params: dict[str, str]
) -> list[list[dict[str, Any]]]:
    pages: list[list[dict[str, Any]]] = []
    while cursor is not None:
        items, cursor = page(client, limit=limit, cursor=cursor, **params)
        pages.append(items)
        assert len(pages) <= 100
    return pages


def test_a_new_task_appears_on_a_later_page_when_it_sorts_there(alice: UserClient) -> None:
    for title in ("One", "Two", "Three"):
        alice.add(title)

    first, cursor = page(alice, sort="created", order="asc", limit=2)
    alice.add("Four")
    second, last = page(alice, sort="created", order="asc", limit=2, cursor=cursor)

    assert titles(first) == ["One", "Two"]
    assert titles(second) == ["Three", "Four"]
    assert last is None


def test_a_new_task_before_the_cursor_is_not_shown_again(alice: UserClient) -> None:
    for title in ("One", "Two", "Three", "Four"):
        alice.add(title)

    first, cursor = page(alice, limit=2)
    alice.add("Five")
    second, last = page(alice, limit=2, cursor=cursor)

    assert titles(first) == ["Four", "Three"]
    assert titles(second) == ["Two", "One"]
    assert last is None


def test_deleting_the_last_task_of_a_page_does_not_break_the_next(board: Board) -> None:
    first, cursor = page(board.client, sort="due", limit=3)
    assert board.client.delete(f"/api/tasks/{first[-1]['id']}").status_code == 204

    rest = concatenated(walk_from(board.client, cursor, 3, {"sort": "due"}))

    assert ids(first + rest) == board.expected("due", None)


def test_completing_a_task_between_pages_skips_only_that_task(board: Board) -> None:
    first, cursor = page(board.client, sort="priority", limit=3)
    expected = board.expected("priority", None)
    done = expected[5]
    assert board.client.post(f"/api/tasks/{done}/complete").status_code == 200

    rest = concatenated(walk_from(board.client, cursor, 3, {"sort": "priority"}))

    assert ids(first + rest) == [item_id for item_id in expected if item_id != done]
