"""List queries: the filters, sorts and pages a user can ask for, checked.

Query parameters arrive as lists of strings; :func:`read_list_query` turns
them into a :class:`ListQuery` or names every parameter that is wrong. A query
built from typed values (the chat's parser makes its :class:`TaskFilter`
itself) is held to the same rules by :func:`check_list_query`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Final, TypeVar

from todo_chatbot.core.errors import ErrorCollector
from todo_chatbot.core.timekeeping import InvalidTime, check_supported, parse_date
from todo_chatbot.tasks.task import MAX_TAG, Priority

DEFAULT_LIMIT: Final = 50
MAX_LIMIT: Final = 200
MAX_SEARCH: Final = 200
_WORD = re.compile(r"\w+")
NO_PRIORITY: Final = "none"
_LIMIT_RULE: Final = f"must be a whole number from 1 to {MAX_LIMIT}"
_Choice = TypeVar("_Choice", bound=StrEnum)


class StatusFilter(StrEnum):
    PENDING = "pending"
    COMPLETED = "completed"
    ALL = "all"


class SortKey(StrEnum):
    DUE = "due"
    PRIORITY = "priority"
    CREATED = "created"
    TITLE = "title"


NATURAL_DESCENDING: Final = {
    SortKey.DUE: False,
    SortKey.PRIORITY: True,
    SortKey.CREATED: True,
    SortKey.TITLE: False,
}
DEFAULT_SORT: Final = SortKey.CREATED


@dataclass(frozen=True)
class TaskFilter:
    """Which tasks: every condition given must hold."""

    status: StatusFilter = StatusFilter.PENDING
    priorities: tuple[Priority | None, ...] = ()
    tags: tuple[str, ...] = ()
    due_from: date | None = None
    due_to: date | None = None
    overdue: bool = False
    search: str | None = None
    """Keywords, as the user gave them; every one must be in the title or description."""

    @cached_property
    def search_words(self) -> tuple[str, ...]:
        return search_words(self.search) if self.search else ()


@dataclass(frozen=True)
class ListQuery:
    filter: TaskFilter = field(default_factory=TaskFilter)
    sort: SortKey = DEFAULT_SORT
    descending: bool = NATURAL_DESCENDING[DEFAULT_SORT]
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


def search_words(text: str) -> tuple[str, ...]:
    """The words of a keyword search, lower-cased, in order, without repeats."""
    words: list[str] = []
    for word in _WORD.findall(text.lower()):
        if word not in words:
            words.append(word)
    return tuple(words)


def read_list_query(params: Mapping[str, Sequence[str]]) -> ListQuery:
    """Check list parameters (each a list of the values given) against the contract."""
    errors = ErrorCollector(location="query")
    status = _one_of(errors, params, "status", StatusFilter, StatusFilter.PENDING)
    priorities = _priorities(errors, params.get("priority", ()))
    tags = _tags(errors, params.get("tag", ()))
    due_from = _date(errors, params, "due_from")
    due_to = _date(errors, params, "due_to")
    if due_from and due_to and due_from > due_to:
        errors.add("due_to", "must not be before due_from")
    overdue = _boolean(errors, params, "overdue")
    search = _search(errors, params)
    sort = _one_of(errors, params, "sort", SortKey, DEFAULT_SORT)
    descending = _order(errors, params, sort)
    limit = _limit(errors, params)
    cursor = _single(errors, params, "cursor")
    errors.raise_if_any()
    return ListQuery(
        filter=TaskFilter(
            status=status,
            priorities=priorities,
            tags=tags,
            due_from=due_from,
            due_to=due_to,
            overdue=overdue,
            search=search,
        ),
        sort=sort,
        descending=descending,
        limit=limit,
        cursor=cursor or None,
    )


def check_list_query(query: ListQuery) -> ListQuery:
    """``query`` if it keeps the rules :func:`read_list_query` checks (its values
    already typed); raises ValidationFailed naming each broken one."""
    errors = ErrorCollector(location="query")
    task_filter = query.filter
    for tag in task_filter.tags:
        if problem := _tag_problem(tag):
            errors.add("tag", problem)
    if task_filter.due_from and task_filter.due_to and task_filter.due_from > task_filter.due_to:
        errors.add("due_to", "must not be before due_from")
    if task_filter.search is not None and (problem := _search_problem(task_filter.search)):
        errors.add("q", problem)
    if not 1 <= query.limit <= MAX_LIMIT:
        errors.add("limit", _LIMIT_RULE)
    errors.raise_if_any()
    return query


def _single(errors: ErrorCollector, params: Mapping[str, Sequence[str]], name: str) -> str | None:
    values = params.get(name, ())
    if len(values) > 1:
        errors.add(name, "may be given once")
        return None
    return values[0].strip() if values else None


def _one_of(
    errors: ErrorCollector,
    params: Mapping[str, Sequence[str]],
    name: str,
    kind: type[_Choice],
    default: _Choice,
) -> _Choice:
    raw = _single(errors, params, name)
    if not raw:
        return default
    try:
        return kind(raw.lower())
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        errors.add(name, f"must be one of {choices}")
        return default


def _priorities(errors: ErrorCollector, values: Sequence[str]) -> tuple[Priority | None, ...]:
    found: list[Priority | None] = []
    for raw in values:
        for part in raw.split(","):
            text = part.strip().lower()
            if not text:
                continue
            try:
                value = None if text == NO_PRIORITY else Priority(text)
            except ValueError:
                errors.add("priority", "must be high, medium, low or none")
                continue
            if value not in found:
                found.append(value)
    return tuple(found)


def _tags(errors: ErrorCollector, values: Sequence[str]) -> tuple[str, ...]:
    tags: list[str] = []
    for raw in values:
        tag = raw.strip().lstrip("#").lower()
        if problem := _tag_problem(tag):
            errors.add("tag", problem)
        elif tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _tag_problem(tag: str) -> str | None:
    if not 1 <= len(tag) <= MAX_TAG:
        return f"each tag must be 1 to {MAX_TAG} characters"
    return None


def _date(errors: ErrorCollector, params: Mapping[str, Sequence[str]], name: str) -> date | None:
    raw = _single(errors, params, name)
    if not raw:
        return None
    try:
        day = parse_date(raw)
        check_supported(day)
    except InvalidTime as exc:
        errors.add(name, str(exc))
        return None
    return day


def _boolean(errors: ErrorCollector, params: Mapping[str, Sequence[str]], name: str) -> bool:
    raw = (_single(errors, params, name) or "").lower()
    if raw in ("", "false", "0", "no"):
        return False
    if raw in ("true", "1", "yes"):
        return True
    errors.add(name, "must be true or false")
    return False


def _search(errors: ErrorCollector, params: Mapping[str, Sequence[str]]) -> str | None:
    raw = _single(errors, params, "q")
    if not raw:
        return None
    if problem := _search_problem(raw):
        errors.add("q", problem)
        return None
    return raw


def _search_problem(text: str) -> str | None:
    if len(text) > MAX_SEARCH:
        return f"must be at most {MAX_SEARCH} characters"
    if not search_words(text):
        return "must contain at least one word"
    return None


def _order(errors: ErrorCollector, params: Mapping[str, Sequence[str]], sort: SortKey) -> bool:
    raw = (_single(errors, params, "order") or "").lower()
    if not raw:
        return NATURAL_DESCENDING[sort]
    if raw not in ("asc", "desc"):
        errors.add("order", "must be asc or desc")
        return NATURAL_DESCENDING[sort]
    return raw == "desc"


def _limit(errors: ErrorCollector, params: Mapping[str, Sequence[str]]) -> int:
    raw = _single(errors, params, "limit")
    if not raw:
        return DEFAULT_LIMIT
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 3) or not 1 <= int(raw) <= MAX_LIMIT:
        errors.add("limit", _LIMIT_RULE)
        return DEFAULT_LIMIT
    return int(raw)
