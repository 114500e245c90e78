"""Where a conversation's last listing stopped, so that "show more" goes on from there.

A listing is kept in the conversation's state as JSON: the filter and order it
asked for, the cursor of the page after the one shown, and how many tasks the
pages so far showed (the next page's numbers go on from there).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from todo_chatbot.tasks.queries import SortKey, StatusFilter, TaskFilter
from todo_chatbot.tasks.task import Priority

PAGE_SIZE = 10
"""How many tasks one reply lists."""


@dataclass(frozen=True)
class Listing:
    """The last listing: its query, the cursor of its next page (None: it was the last),
    and how many tasks it has shown so far."""

    filter: TaskFilter
    sort: SortKey | None
    descending: bool | None
    cursor: str | None
    shown: int

    def as_json(self) -> dict[str, Any]:
        query = self.filter
        return {
            "status": query.status.value,
            "priorities": [None if p is None else p.value for p in query.priorities],
            "tags": list(query.tags),
            "due_from": None if query.due_from is None else query.due_from.isoformat(),
            "due_to": None if query.due_to is None else query.due_to.isoformat(),
            "overdue": query.overdue,
            "search": query.search,
            "sort": None if self.sort is None else self.sort.value,
            "descending": self.descending,
            "cursor": self.cursor,
            "shown": self.shown,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Listing:
        query = TaskFilter(
            status=StatusFilter(data["status"]),
            priorities=tuple(None if p is None else Priority(p) for p in data["priorities"]),
            tags=tuple(data["tags"]),
            due_from=_date(data["due_from"]),
            due_to=_date(data["due_to"]),
            overdue=bool(data["overdue"]),
            search=data["search"],
        )
        sort = data.get("sort")
        return cls(
            filter=query,
            sort=None if sort is None else SortKey(sort),
            descending=data.get("descending"),
            cursor=data.get("cursor"),
            shown=int(data.get("shown", 0)),
        )


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)
