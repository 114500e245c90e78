"""The last listing a conversation keeps for "show more" (chat/paging.py), and the count
answer (chat/replies.py)."""

from __future__ import annotations

from datetime import date

from todo_chatbot.chat import replies
from todo_chatbot.chat.paging import Listing
from todo_chatbot.tasks.queries import SortKey, StatusFilter, TaskFilter
from todo_chatbot.tasks.task import Priority


def test_a_listing_survives_the_conversation_state() -> None:
    listing = Listing(
        filter=TaskFilter(
            status=StatusFilter.ALL,
            priorities=(Priority.HIGH, None),
            tags=("work",),
            due_from=date(2026, 3, 2),
            due_to=date(2026, 3, 8),
            overdue=True,
            search="report",
        ),
        sort=SortKey.DUE,
        descending=False,
        cursor="abc",
        shown=10,
    )
    assert Listing.from_json(listing.as_json()) == listing
    plain = Listing(TaskFilter(), None, None, None, 0)
    assert Listing.from_json(plain.as_json()) == plain


def test_a_count_is_a_number_and_no_list() -> None:
    assert replies.counted(7, "pending", filtered=False) == "You have 7 pending tasks."
    assert replies.counted(1, "pending", filtered=True) == "1 pending task matches that."
    assert replies.counted(0, "completed", filtered=False) == "You have no completed tasks."
    assert replies.counted(0, "pending", filtered=True) == "No pending tasks match that."
