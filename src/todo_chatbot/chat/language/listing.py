"""List requests: which tasks ("high priority", "tagged work", "due this week") and in what order.

Ranges: "today" is today to today, "this week" Monday to Sunday, "next week"
the week after, "this month" its first to its last day, "in the next N days"
today to today plus N; "before X" ends the day before X, "by / until X" on X,
"after X" starts the day after, "from / since X" on X, "between X and Y" spans
both. Sorting by a key with no direction takes the key's natural order (due
soonest first, priority high first, title A to Z, created newest first).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final

from todo_chatbot.chat.language.calendar_math import add_months
from todo_chatbot.chat.language.commands import ListTasks, Sort
from todo_chatbot.chat.language.priority import take_priorities
from todo_chatbot.chat.language.tags import is_tag, take_hashtags, take_tag_phrases
from todo_chatbot.chat.language.when.moments import find_moments
from todo_chatbot.chat.language.when.resolving import days_of
from todo_chatbot.chat.language.when.values import Moment, Now
from todo_chatbot.chat.language.words import Sentence, Span
from todo_chatbot.tasks.queries import NATURAL_DESCENDING, SortKey, StatusFilter, TaskFilter

_SORT_KEYS: Final = {
    "due date": SortKey.DUE,
    "due": SortKey.DUE,
    "deadline": SortKey.DUE,
    "deadlines": SortKey.DUE,
    "date": SortKey.DUE,
    "dates": SortKey.DUE,
    "when": SortKey.DUE,
    "priority": SortKey.PRIORITY,
    "priorities": SortKey.PRIORITY,
    "importance": SortKey.PRIORITY,
    "urgency": SortKey.PRIORITY,
    "title": SortKey.TITLE,
    "name": SortKey.TITLE,
    "names": SortKey.TITLE,
    "alphabet": SortKey.TITLE,
    "created": SortKey.CREATED,
    "creation": SortKey.CREATED,
    "creation date": SortKey.CREATED,
    "date created": SortKey.CREATED,
    "date added": SortKey.CREATED,
    "created date": SortKey.CREATED,
    "creation time": SortKey.CREATED,
    "age": SortKey.CREATED,
    "recent": SortKey.CREATED,
}
_KEY = "|".join(sorted((re.escape(k) for k in _SORT_KEYS), key=len, reverse=True))
_DIRECTION = (
    r"(?:(?: ,)? (?:in )?(?P<dir>ascending|descending|asc|desc|reverse|reversed|increasing|"
    r"decreasing|oldest (?:first|1st)|newest (?:first|1st)|latest (?:first|1st)|earliest"
    r" (?:first|1st)|soonest (?:first|1st)|highest (?:first|1st)|"
    r"lowest (?:first|1st)|furthest (?:first|1st)|farthest (?:first|1st)|high to low|"
    r"low to high|a to z|z to a|first|1st)(?: order)?)?"
)
_SORT_BY = re.compile(
    rf"(?<!\S)(?:(?:sort|sorted|order|ordered|arrange|arranged|rank|ranked|organize|organized|"
    rf"list|listed|show|shown|group|grouped)(?: them| it| tasks| my tasks)? )?"
    rf"(?:by|in order of|according to|in the order of) "
    rf"(?:the |their |its )?(?P<key>{_KEY}){_DIRECTION}(?!\S)"
)
_ONES = r"(?: ones| tasks| items| todos| things)?"
_SORT_PHRASES: Final = (
    (
        re.compile(
            r"(?<!\S)(?:(?:sort|sorted|order|ordered|list|show)(?: them| it| tasks| my tasks)? by "
            r"(?:the )?(?:newest|latest|most recent|recent)(?: first| ones)?|(?:from )?(?:newest|"
            r"latest|most recent) to (?:oldest|earliest))(?!\S)"
        ),
        SortKey.CREATED,
        True,
    ),
    (
        re.compile(
            r"(?<!\S)(?:(?:sort|sorted|order|ordered|list|show)(?: them| it| tasks| my tasks)? by "
            r"(?:the )?(?:oldest|earliest)(?: first| ones)?|(?:from )?(?:oldest|earliest) to "
            r"(?:newest|latest|most recent))(?!\S)"
        ),
        SortKey.CREATED,
        False,
    ),
    (
        re.compile(r"(?<!\S)(?:in )?(?:alphabetical(?:ly)?|a to z|a-z)(?: order)?(?!\S)"),
        SortKey.TITLE,
        False,
    ),
    (
        re.compile(r"(?<!\S)(?:in )?(?:reverse alphabetical(?:ly)?|z to a|z-a)(?: order)?(?!\S)"),
        SortKey.TITLE,
        True,
    ),
    (
        re.compile(
            rf"(?<!\S)(?:newest|latest|most recent|recently added|recent){_ONES}"
            r" (?:first|1st)(?!\S)"
        ),
        SortKey.CREATED,
        True,
    ),
    (
        re.compile(rf"(?<!\S)(?:oldest|earliest added|first added){_ONES} (?:first|1st)(?!\S)"),
        SortKey.CREATED,
        False,
    ),
    (
        re.compile(rf"(?<!\S)(?:soonest|earliest|nearest)(?: due)?{_ONES} (?:first|1st)(?!\S)"),
        SortKey.DUE,
        False,
    ),
    (
        re.compile(
            rf"(?<!\S)(?:latest due|furthest|farthest|latest deadline)(?: out)?(?: due)?{_ONES}"
            r" (?:first|1st)(?!\S)"
        ),
        SortKey.DUE,
        True,
    ),
    (
        re.compile(
            r"(?<!\S)(?:most important|highest priority|most urgent|high priority|highest|"
            rf"important ones|urgent ones){_ONES} (?:first|1st|on top|at the top)(?!\S)"
        ),
        SortKey.PRIORITY,
        True,
    ),
    (
        re.compile(
            r"(?<!\S)(?:least important|lowest priority|least urgent|low priority|lowest)"
            rf"{_ONES} (?:first|1st|on top|at the top)(?!\S)"
        ),
        SortKey.PRIORITY,
        False,
    ),
    (
        # "what's next?", "what's up next on my list": pending tasks, soonest due first
        re.compile(
            r"(?<!\S)(?:what's|whats|what is|what comes|what do i have|what should i do) "
            r"(?:up )?next(?: up)?(?!\S)(?! (?:week|month|year|weekend|time|\d|monday|tuesday|"
            r"wednesday|thursday|friday|saturday|sunday|few|couple))"
        ),
        SortKey.DUE,
        False,
    ),
)
_DESCENDING: Final = frozenset(
    {"descending", "desc", "reverse", "reversed", "decreasing", "newest first", "latest first"}
    | {"highest first", "high to low", "z to a", "furthest first", "farthest first"}
)
_ASCENDING: Final = frozenset(
    {"ascending", "asc", "increasing", "oldest first", "earliest first", "soonest first"}
    | {"lowest first", "low to high", "a to z"}
)
_ALL_STATUSES = re.compile(
    r"(?<!\S)(?:(?:including|incl|with|and|plus|also|even) (?:the )?(?:completed|done|finished|"
    r"closed)(?: ones| tasks)?|(?:completed|done|finished) (?:and|or|&|,) (?:pending|open|undone|"
    r"incomplete|not done|unfinished|uncompleted)|(?:pending|open|undone|incomplete)"
    r" (?:and|or|&|,) "
    r"(?:completed|done|finished)|done or not|all statuses|any status|whether done or not)(?!\S)"
)
_COMPLETED = re.compile(
    r"(?<!\S)(?:completed|complete|done|finished|closed|checked off|ticked off|crossed off|"
    r"accomplished|achieved|did i (?:already |just |actually |get to )?(?:do|finish|complete|"
    r"get done|get through|tick off|check off)|have i (?:already |just |actually )?(?:done|"
    r"finished|completed|ticked off|checked off|got done|gotten done)|i (?:already )?(?:did|"
    r"finished|completed|have done|ve done|have finished)|i've (?:already )?(?:done|finished|"
    r"completed))(?!\S)"
)
_PENDING = re.compile(
    r"(?<!\S)(?:pending|open|incomplete|not done|unfinished|outstanding|remaining|undone|active|"
    r"uncompleted|not completed|not finished|left|still to do)(?!\S)"
)
_OVERDUE = re.compile(r"(?<!\S)(?:overdue|past due|late|missed|behind|expired|past deadline)(?!\S)")
_EVERYTHING = re.compile(
    r"(?<!\S)(?:all (?:of )?(?:my |the )?(?:tasks|todos|items|things|reminders)|every task|"
    r"everything|all of them|all)(?!\S)"
)
_NEXT_DAYS = re.compile(
    r"(?<!\S)(?:(?:in|within|for|over|during) )?(?:the )?(?:next|coming|upcoming|following) "
    r"(?P<n>\d+|an?) (?P<unit>days?|weeks?|months?)(?!\S)"
)
_SEARCH = re.compile(
    r"(?<!\S)(?:about|containing|contains|mentioning|mention|with the words?|with the text|"
    r"matching|match|related to|regarding|concerning|called|named|titled|that say|that says|"
    r"with the keyword|with keyword|for the keyword|for keyword|on the topic of|involving)"
    r" (?P<rest>.+)$"
)
_SEARCH_VERB = re.compile(
    r"^(?:find|search|search for|search tasks for|look for|look up|lookup|find me|locate|grep|"
    r"filter(?: by)?|find tasks|search my tasks for|search tasks) (?P<rest>.+)$"
)
_NOISE: Final = frozenset(
    {"task", "tasks", "todo", "todos", "item", "items", "my", "the", "a", "an", "me", "all"}
    | {"show", "list", "find", "search", "for", "about", "any", "of", "to", "do", "reminders"}
    | {"things", "stuff", "with", "that", "are", "is", "which", "in", "title", "titles"}
    | {"word", "words", "keyword", "have", "i", "there", "entries", "on", "list", "please"}
    | {",", "and", "or"}
)


def read_list_request(sentence: Sentence, now: Now) -> ListTasks:
    """The filter and sort a list request asks for; the words it used are claimed."""
    count = _COUNT_QUESTION.search(sentence.text) is not None
    sort = _take_sort(sentence)
    search = _take_search(sentence)
    tags = tuple(take_hashtags(sentence) + take_tag_phrases(sentence)) or _take_stuff_tag(sentence)
    priorities = take_priorities(sentence)
    overdue = _take(sentence, _OVERDUE)
    due_from, due_to = _take_range(sentence, now)
    status = _take_status(sentence)
    if status is StatusFilter.PENDING and _take(sentence, _EVERYTHING):
        nothing_else = not (tags or priorities or overdue or due_from or due_to or search)
        status = StatusFilter.ALL if nothing_else else status
    query = TaskFilter(
        status=status,
        priorities=priorities,
        tags=tags,
        due_from=due_from,
        due_to=due_to,
        overdue=overdue,
        search=search,
    )
    return ListTasks(filter=query, sort=sort, count=count)


_COUNT_QUESTION = re.compile(
    r"^(?:(?:so|and|ok|okay|hey|please) )*(?:how many|"
    r"(?:what(?:'s| is)|tell me|give me) the (?:number|count) of|number of)(?!\S)"
)
"""A list request that asks only how many: "how many tasks do I have left?"."""


_STUFF = re.compile(
    r"(?<!\S)(?P<tag>[\w-]+)(?: related| -related)? (?:stuff|things)(?!\S)|"
    r"(?<!\S)(?:show|list|see|view|display|my|the|all|completed|done|finished|pending|open) "
    r"(?P<tag2>[a-z][\w-]*) (?:tasks|todos|items)(?!\S)"
)
"""A tag said as a kind of task: "my work stuff", "home things", "show work tasks"."""
_NOT_TAG_WORDS: Final = frozenset(
    {"my", "all", "the", "your", "other", "some", "any", "pending", "open", "done", "completed"}
    | {"overdue", "upcoming", "remaining", "important", "urgent", "new", "old", "recent", "these"}
    | {"those", "this", "that", "what", "which", "of", "few", "many", "more", "small", "big"}
    | {"little", "random", "same", "finished", "unfinished", "outstanding", "due", "late", "our"}
    | {"today's", "tomorrow's", "week's", "next", "last", "first", "latest", "newest", "oldest"}
    | {"high", "low", "medium", "priority", "every", "me", "see", "show", "list", "to", "do"}
    | {"recurring", "repeating", "daily", "weekly", "monthly", "yearly", "current", "active"}
    | {"incomplete", "future", "past", "previous", "scheduled", "undone", "closed", "archived"}
    | {"today", "tomorrow", "tonight", "overdue", "expired", "missed", "critical", "top"}
)


def _take_stuff_tag(sentence: Sentence) -> tuple[str, ...]:
    """ "show me my work stuff", "show work tasks": the word before "stuff" or "things"
    (or before "tasks" after a list verb, "my", "the", "all" or a status) is a tag."""
    for match in sentence.find(_STUFF):
        group = "tag" if match.group("tag") else "tag2"
        span = sentence.span_of(match, group)
        word = sentence.norm(span.start)
        if sentence.alive[span.start] and is_tag(word) and word not in _NOT_TAG_WORDS:
            sentence.claim(span if group == "tag2" else sentence.span_of(match))
            return (word,)
    return ()


def _take(sentence: Sentence, pattern: re.Pattern[str]) -> bool:
    for match in sentence.find(pattern):
        sentence.claim(sentence.span_of(match))
        return True
    return False


def _take_status(sentence: Sentence) -> StatusFilter:
    if _take(sentence, _ALL_STATUSES):
        return StatusFilter.ALL
    if _take(sentence, _PENDING):
        return StatusFilter.PENDING
    if _take(sentence, _COMPLETED):
        return StatusFilter.COMPLETED
    return StatusFilter.PENDING


def take_sort(sentence: Sentence) -> Sort | None:
    """The order a message asks for ("sorted by due date", "newest first"); its words claimed."""
    return _take_sort(sentence)


def _take_sort(sentence: Sentence) -> Sort | None:
    for match in sentence.find(_SORT_BY):
        sentence.claim(sentence.span_of(match))
        key = _SORT_KEYS[match.group("key")]
        return Sort(key, _direction(key, match.group("dir")))
    for pattern, key, descending in _SORT_PHRASES:
        for match in sentence.find(pattern):
            sentence.claim(sentence.span_of(match))
            return Sort(key, descending)
    return None


def _direction(key: SortKey, word: str | None) -> bool:
    word = (word or "").replace("1st", "first")
    if word in _DESCENDING:
        return True
    if word in _ASCENDING:
        return False
    return NATURAL_DESCENDING[key]


def _take_search(sentence: Sentence) -> str | None:
    text = sentence.text
    for pattern in (_SEARCH_VERB, _SEARCH):
        match = pattern.search(text)
        if match is None:
            continue
        span = sentence.span_of(match, "rest")
        words = sentence.original(span).split()
        kept = [w for w in words if w.lower().strip(",.?!") not in _NOISE]
        if not kept:
            continue
        sentence.claim(span)
        return " ".join(kept).strip(",.?!\"'")
    return None


def take_day_range(sentence: Sentence, now: Now) -> tuple[date | None, date | None]:
    """The days a message asks about ("today", "this week", "the next 3 days"), claimed:
    the first and the last (either None when open), both None when it names none."""
    return _take_range(sentence, now)


def _take_range(sentence: Sentence, now: Now) -> tuple[date | None, date | None]:
    for match in sentence.find(_NEXT_DAYS):
        sentence.claim(sentence.span_of(match))
        amount = 1 if match.group("n") in ("a", "an") else int(match.group("n"))
        unit = match.group("unit").rstrip("s")
        end = _ahead(now.today, amount, unit)
        return now.today, end
    moments = find_moments(sentence, now)
    if not moments:
        return None, None
    if len(moments) >= 2 and _between(sentence, moments[0], moments[1]):
        first, second = days_of(moments[0], now), days_of(moments[1], now)
        if first is not None and second is not None:
            return first.first, second.last
    return _one_range(sentence, moments[0], now)


def _ahead(today: date, amount: int, unit: str) -> date:
    if unit == "day":
        return today + timedelta(days=amount)
    if unit == "week":
        return today + timedelta(weeks=amount)
    return add_months(today, amount)


def _between(sentence: Sentence, left: Moment, right: Moment) -> bool:
    joined = {sentence.norm(i) for i in range(left.span.end, right.span.start)}
    return bool(joined & {"and", "to", "until", "through", "-"}) or right.prefix in ("until",)


def _one_range(sentence: Sentence, moment: Moment, now: Now) -> tuple[date | None, date | None]:
    days = days_of(moment, now)
    if days is None:
        return None, None
    prefix = set(moment.prefix.split())
    if "before" in prefix:
        return None, days.first - timedelta(days=1)
    if prefix & {"by", "until"}:
        return None, days.last
    if prefix & {"starting", "beginning"} or ("from" in prefix and days.first == days.last):
        return days.first, None
    before = sentence.norm(moment.span.start - 1)
    if before in ("after", "since"):
        sentence.claim(Span(moment.span.start - 1, moment.span.start))
        start = days.last + timedelta(days=1) if before == "after" else days.first
        return start, None
    return days.first, days.last
