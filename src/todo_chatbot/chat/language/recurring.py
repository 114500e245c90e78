"""Recurrence phrases as RRULE values, and a series' first occurrence.

"every day" / "daily" is ``FREQ=DAILY``; "every weekday" ``FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR``;
"every monday (and thursday)" and "on mondays" ``FREQ=WEEKLY;BYDAY=...``; "weekly" ``FREQ=WEEKLY``;
"every other X" adds ``INTERVAL=2`` and "every N X" ``INTERVAL=N``; "monthly" ``FREQ=MONTHLY``;
"on the 15th of every month" ``FREQ=MONTHLY;BYMONTHDAY=15``; "yearly" ``FREQ=YEARLY``.
"every morning" is daily at the morning's hour. The rules stay within what
:mod:`todo_chatbot.tasks.recurrence` accepts: at most daily, no time-of-day parts.

A recurring task is due at its first occurrence at or after ``now``: with the
time of day when one is given, else on the date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from todo_chatbot.chat.language.calendar_math import month_end, nth_weekday
from todo_chatbot.chat.language.when.resolving import wall_instant
from todo_chatbot.chat.language.when.values import DayPart, Now, TimeOfDay
from todo_chatbot.chat.language.words import MONTHS, WEEKDAYS, Sentence, Span
from todo_chatbot.core.timekeeping import Due

_CODES: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WORK_DAYS: Final = (0, 1, 2, 3, 4)
_WEEKEND_DAYS: Final = (5, 6)
_PART_HOURS: Final = {"morning": 9, "afternoon": 15, "evening": 18, "night": 20}


@dataclass(frozen=True)
class Repeat:
    """A recurrence read from a message; :meth:`rule` is its RRULE value."""

    freq: str
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    month_day: int | None = None
    nth: int | None = None
    month: int | None = None
    part: DayPart | None = None
    after_completion: bool = False
    """Counted from when the task is done ("3 days after I finish it"), not its due."""

    def rule(self) -> str:
        parts = [f"FREQ={self.freq}"]
        if self.interval > 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.weekdays:
            prefix = "" if self.nth is None else str(self.nth)
            parts.append("BYDAY=" + ",".join(prefix + _CODES[d] for d in self.weekdays))
        if self.month_day is not None and self.freq == "MONTHLY":
            parts.append(f"BYMONTHDAY={self.month_day}")
        return ";".join(parts)

    def matches(self, day: date) -> bool:
        """Whether an occurrence may fall on ``day`` (the first one sets the rest)."""
        if self.month is not None and day.month != self.month:
            return False
        if self.nth is not None:
            return any(
                nth_weekday(day.year, day.month, wd, self.nth) == day for wd in self.weekdays
            )
        if self.weekdays and day.weekday() not in self.weekdays:
            return False
        if self.month_day is not None:
            last = month_end(day).day
            wanted = last if self.month_day == -1 else min(self.month_day, last)
            return day.day == wanted
        return True


def first_due(repeat: Repeat, time: TimeOfDay | None, now: Now, start: date | None = None) -> Due:
    """The first occurrence at or after ``now`` (or on or after ``start``)."""
    begin = max(start or now.today, now.today)
    for offset in range(366 * 8):
        day = begin + timedelta(days=offset)
        if not repeat.matches(day):
            continue
        if time is None:
            return day
        instant = wall_instant(day, time, now)
        if instant >= now.instant:
            return instant
    raise ValueError(f"no occurrence of {repeat.rule()} within eight years")


_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
_MONTH = "(?:" + "|".join(MONTHS) + ")"
_DAY_LIST = rf"(?P<days>{_WEEKDAY}s?(?:(?: ,)?(?: and| or| &)? {_WEEKDAY}s?)*)"
_ORDINAL = r"(?P<d>\d{1,2}(?:st|nd|rd|th)?|last day|last)"
_EVERY = r"(?:every|each|once a|once every|on every|repeat every|repeating every|recurring every)"
_COUNT = r"(?:(?P<other>other|2nd|second)|(?P<n>\d+)(?:st|nd|rd|th)?) "
_PARTS = r"(?P<part>morning|afternoon|evening|night)"

_PATTERNS: Final = (
    # "on the 15th of every month", "the last day of each month"
    re.compile(rf"(?<!\S)(?:on )?(?:the )?{_ORDINAL}(?: day)? of (?:every|each|the) month(?!\S)"),
    # "on the first monday of every month", "every last friday of the month"
    re.compile(
        rf"(?<!\S)(?:on )?(?:the |{_EVERY} )?(?P<nth>1st|2nd|3rd|4th|first|last) "
        rf"(?P<days>{_WEEKDAY}) of (?:every|each) month(?!\S)"
    ),
    re.compile(
        rf"(?<!\S){_EVERY} (?P<nth>1st|2nd|3rd|4th|first|last) (?P<days>{_WEEKDAY})"
        r"(?: of (?:the|every|each) month)?(?!\S)"
    ),
    # "every march 5th", "every year on june 3", "annually on the 4th of july"
    re.compile(
        rf"(?<!\S)(?:{_EVERY} (?:year )?(?:on )?|(?:yearly|annually) on )"
        rf"(?:(?P<month>{_MONTH}) (?:the )?(?P<md>\d{{1,2}})(?:st|nd|rd|th)?|(?:the )?"
        rf"(?P<md2>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<month2>{_MONTH}))"
        rf"(?: (?:every|each) year)?(?!\S)"
    ),
    re.compile(
        rf"(?<!\S)(?:on )?(?:(?P<month>{_MONTH}) (?:the"
        rf" )?(?P<md>\d{{1,2}})(?:st|nd|rd|th)?|(?:the )?"
        rf"(?P<md2>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<month2>{_MONTH})) (?:every|each)"
        rf" year(?!\S)"
    ),
    # "every 2 weeks on tuesday", "every other sunday", "every weekday morning", "every 3 days"
    re.compile(
        rf"(?<!\S){_EVERY} (?:{_COUNT})?(?:(?P<unit>days?|weeks?|months?|years?|quarters?|"
        rf"fortnights?|weekdays?|work ?days?|business days?|weekends?)|{_DAY_LIST})"
        rf"(?: (?:on )?(?:{_DAY_LIST.replace('days>', 'days2>')}|(?:the )?"
        rf"(?P<md>\d{{1,2}})(?:st|nd|rd|th)?))?(?: {_PARTS})?(?!\S)"
    ),
    re.compile(rf"(?<!\S){_EVERY} {_PARTS}(?!\S)"),
    # "daily", "weekly on mondays", "monthly on the 1st"; not after a determiner, where
    # it is an adjective of the title ("email bob the quarterly numbers", "my weekly report")
    re.compile(
        r"(?<!\S)(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\bmy )(?<!\bour )(?<!\byour )(?<!\bhis )"
        r"(?<!\bher )(?<!\btheir )(?<!\bthis )(?<!\bthat )"
        r"(?P<adverb>daily|nightly|weekly|biweekly|fortnightly|monthly|bimonthly|quarterly|"
        r"yearly|annually)"
        rf"(?: (?:on )?(?:{_DAY_LIST}|(?:the )?(?P<md>\d{{1,2}})(?:st|nd|rd|th)?))?(?!\S)"
    ),
    # "on mondays", "tuesdays and thursdays", "on weekdays", "weekday mornings"
    re.compile(
        rf"(?<!\S)(?<!\d )(?:on |every )?(?P<plural>(?:{_WEEKDAY}s(?:(?: ,)?(?: and| or| &)?"
        rf" {_WEEKDAY}s?)*)|"
        rf"weekdays|weekends)(?: (?P<part>morning|afternoon|evening|night)s?)?(?!\S)"
        r"(?! (?:from|ago|back))"
    ),
    re.compile(r"(?<!\S)(?:(?:in the|every) )?(?P<plural_part>mornings|evenings|nights)(?!\S)"),
    # "gym mon wed fri", "swim tuesday, thursday and saturday": a run of days with no "and"
    # between the first two ("monday and friday" may be one occurrence of each)
    re.compile(
        rf"(?<!\S)(?<!next )(?<!this )(?<!last )(?<!on )(?<!from )(?<!between )(?<!until )"
        rf"(?P<plural>{_WEEKDAY}(?:(?: ,)? {_WEEKDAY}){{1,6}}(?:(?: ,)? (?:and|&) {_WEEKDAY})?)"
        rf"(?: (?P<part>morning|afternoon|evening|night)s?)?(?!\S)"
    ),
)


def take_repeat(
    sentence: Sentence, lo: int = 0, hi: int | None = None
) -> tuple[Repeat, Span] | None:
    """The first recurrence phrase in words ``lo`` to ``hi``; its words are claimed."""
    for pattern in _PATTERNS:
        for match in sentence.find(pattern, lo, hi):
            repeat = _read(match)
            if repeat is None:
                continue
            span = sentence.span_of(match)
            sentence.claim(span)
            return repeat, span
    return None


def _read(match: re.Match[str]) -> Repeat | None:
    g = {k: v or "" for k, v in match.groupdict().items()}
    part = _part(g.get("part", "") or g.get("plural_part", "").rstrip("s"))
    if g.get("adverb"):
        return _adverb(g, part)
    if g.get("plural"):
        return _plural(g["plural"], part)
    if g.get("plural_part"):
        return Repeat("DAILY", part=part)
    if g.get("month") or g.get("month2"):
        month = MONTHS.index(g["month"] or g["month2"]) + 1
        return Repeat("YEARLY", month=month, month_day=int(g["md"] or g["md2"]))
    if g.get("nth"):
        nth = {"1st": 1, "first": 1, "2nd": 2, "3rd": 3, "4th": 4, "last": -1}[g["nth"]]
        return Repeat("MONTHLY", weekdays=(_weekday(g["days"]),), nth=nth)
    if g.get("d") and "unit" not in g:
        day_text = g["d"]
        month_day = -1 if day_text.startswith("last") else int(re.sub(r"\D", "", day_text))
        return Repeat("MONTHLY", month_day=month_day) if 1 <= abs(month_day) <= 31 else None
    return _every(g, part)


def _every(g: dict[str, str], part: DayPart | None) -> Repeat | None:
    interval = 2 if g.get("other") else int(g.get("n") or 1)
    unit = g.get("unit", "").rstrip("s").replace(" ", "")
    days = _weekday_list(g.get("days", "") or g.get("days2", ""))
    month_day = int(g["md"]) if g.get("md") else None
    if unit == "" and not days:
        return Repeat("DAILY", part=part) if part is not None else None
    if unit in ("weekday", "workday", "businessday"):
        return Repeat("WEEKLY", interval, _WORK_DAYS, part=part)
    if unit == "weekend":
        return Repeat("WEEKLY", interval, _WEEKEND_DAYS, part=part)
    if unit in ("", "week"):
        return Repeat("WEEKLY", interval, days, part=part)
    if unit == "fortnight":
        return Repeat("WEEKLY", 2 * interval, days, part=part)
    if unit == "day":
        return Repeat("DAILY", interval, part=part)
    if unit == "month":
        return Repeat("MONTHLY", interval, month_day=month_day, part=part)
    if unit == "quarter":
        return Repeat("MONTHLY", 3 * interval, month_day=month_day, part=part)
    return Repeat("YEARLY", interval, part=part)


def _adverb(g: dict[str, str], part: DayPart | None) -> Repeat:
    word = g["adverb"]
    days = _weekday_list(g.get("days", ""))
    month_day = int(g["md"]) if g.get("md") else None
    if word in ("daily",):
        return Repeat("DAILY", part=part)
    if word == "nightly":
        return Repeat("DAILY", part=_part("night"))
    if word == "weekly":
        return Repeat("WEEKLY", weekdays=days)
    if word in ("biweekly", "fortnightly"):
        return Repeat("WEEKLY", 2, days)
    if word == "monthly":
        return Repeat("MONTHLY", month_day=month_day)
    if word == "bimonthly":
        return Repeat("MONTHLY", 2, month_day=month_day)
    if word == "quarterly":
        return Repeat("MONTHLY", 3, month_day=month_day)
    return Repeat("YEARLY")


def _plural(text: str, part: DayPart | None) -> Repeat:
    if text == "weekdays":
        return Repeat("WEEKLY", weekdays=_WORK_DAYS, part=part)
    if text == "weekends":
        return Repeat("WEEKLY", weekdays=_WEEKEND_DAYS, part=part)
    return Repeat("WEEKLY", weekdays=_weekday_list(text), part=part)


def _weekday(name: str) -> int:
    return WEEKDAYS.index(name.rstrip("s"))


def _weekday_list(text: str) -> tuple[int, ...]:
    found = {_weekday(word) for word in re.findall(_WEEKDAY + "s?", text)}
    return tuple(sorted(found))


def _part(name: str) -> DayPart | None:
    if name not in _PART_HOURS:
        return None
    return DayPart(TimeOfDay(_PART_HOURS[name], known_half=False), name != "morning")
