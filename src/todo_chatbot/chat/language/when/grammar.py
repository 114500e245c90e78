"""The date grammar: ``RULES``, one pattern and one reader per phrase, tried in order.

A rule's pattern matches whole words of a sentence's normalized text; its
reader turns the match's groups into a :class:`~.values.Piece`, or None when
the words are no date after all ("my 5th attempt"). Earlier rules claim their
words first, so longer and more specific phrases come before shorter ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from todo_chatbot.chat.language.when.days import (
    read_day_of_month_named,
    read_days_ahead,
    read_iso,
    read_last_weekday,
    read_month_day,
    read_next_weekday,
    read_nth_weekday_of,
    read_relative_day,
    read_the_ordinal,
    read_this_week_weekday,
    read_us,
    read_weekday,
    read_weekday_ordinal,
    read_weekdays_from_now,
)
from todo_chatbot.chat.language.when.instants import (
    read_in_bare_minutes,
    read_in_duration,
    read_now,
)
from todo_chatbot.chat.language.when.periods import (
    read_last_weekend_of,
    read_month,
    read_month_edge,
    read_numeric_month,
    read_period,
    read_period_edge,
    read_quarter,
    read_rest_of_week,
    read_season,
    read_year,
)
from todo_chatbot.chat.language.when.times import (
    ZONES,
    read_bare_hour,
    read_end_of_day,
    read_half_hour_british,
    read_hms,
    read_hour_half,
    read_meal,
    read_noon,
    read_part,
    read_past_to,
    read_zone,
)
from todo_chatbot.chat.language.when.values import Groups, Now, Piece
from todo_chatbot.chat.language.words import MONTHS, WEEKDAYS

Handler = Callable[[Groups, Now], "Piece | None"]


@dataclass(frozen=True)
class Rule:
    """A phrase's pattern, and the reader of what it matches."""

    pattern: re.Pattern[str]
    read: Handler


def _words(body: str) -> re.Pattern[str]:
    """A pattern that matches whole words only."""
    return re.compile(rf"(?<!\S){body}(?!\S)")


_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
_MONTH = "(?:" + "|".join(MONTHS) + ")"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
_PREFIX = (
    r"(?P<pre>(?:(?:on|at|@|by|for|due|from|around|about|approximately|approx|before|until|"
    r"starting|beginning|no later than|not later than|sometime|some time|the|of|this coming|"
    r"due on|due by|due at|set for|scheduled for|for the|ideally) ){0,4})"
)

_DURATION = (
    r"(?P<dur>(?:(?:\d+(?:\.\d+)?|\d/\d|an?|half|quarters?|of|and|more) ){0,6}"
    r"(?:seconds?|minutes?|hours?|h)"
    r"(?: (?:(?:\d+(?:\.\d+)?|an?|half|and|of) ){0,4}(?:seconds?|minutes?|hours?|h)){0,3}"
    r"(?: and an? half)?)"
)

_RELATIVE_UNIT = r"(?P<unit>days?|weeks?|fortnights?|months?|years?|quarters?)"
_IN = r"(?:in|within|after|in about|in around|in approximately|within the next)"
_FROM_NOW = r"(?:from now|from today|hence|later|from right now|time|after today)"
_WHICH_MONTH = (
    rf"(?:(?:the )?(?P<which>this|current|the current|next|the next|following|the following|"
    rf"last|previous|the previous) month|the month|(?P<month>{_MONTH})(?: (?P<y>\d{{4}}))?)"
)

_NOT_A_CLOCK = (
    r"(?!"
    r" (?:minutes|hours|days|weeks|months|years|people|persons|times|of|percent|items|pages|x|kg|"
    r"lbs|miles|km))"
)
_PREP_CLOCK = (
    r"(?P<pre>(?:(?:at|@|around|about|approximately|approx|by|before|until|from|for) ){1,4})"
)
_DATE_PREP = r"(?P<pre>(?:(?:on|by|due|for|until|before|from|starting) ){0,4})"
_NOT_AFTER_DAY = r"(?! ?(?::|am\b|pm\b|oclock|h\b|minutes|hours|days|weeks|months|years))"

RULES: Final[tuple[Rule, ...]] = (
    # "9 tomorrow", "8 tonight": an hour before a day word (read before the day claims it)
    Rule(
        _words(
            r"(?P<pre>)(?P<h>\d{1,2})(?= (?:tonight|tomorrow|today|this (?:morning|"
            r"afternoon|evening)|in the (?:morning|afternoon|evening)|(?:morning|afternoon|"
            r"evening|night)(?!\S)))"
        ),
        read_bare_hour,
    ),
    # instants: "in 20 minutes", "2 hours from now", "now"
    Rule(_words(rf"{_PREFIX}{_IN} {_DURATION}(?: {_FROM_NOW})?"), read_in_duration),
    Rule(
        _words(rf"{_PREFIX}{_DURATION} (?:from now|from right now|later|hence)"), read_in_duration
    ),
    Rule(_words(rf"{_PREFIX}in (?P<n>\d{{1,2}})(?=$| _+| ,| to | and )"), read_in_bare_minutes),
    # days relative to today
    Rule(
        _words(
            rf"{_PREFIX}(?:{_IN} |upcoming )?(?P<n>\d+|an?) {_RELATIVE_UNIT}"
            rf"(?: {_FROM_NOW}|(?P<ago> ago| back))?"
        ),
        lambda g, now: read_days_ahead(g, now) if _relative_days_allowed(g) else None,
    ),
    Rule(_words(rf"{_PREFIX}(?P<n>\d+) upcoming {_RELATIVE_UNIT}"), read_days_ahead),
    Rule(
        _words(
            rf"{_PREFIX}(?:the )?(?P<rel>day after tomorrow|day before yesterday|tomorrow|today|"
            r"yesterday)"
        ),
        read_relative_day,
    ),
    Rule(
        _words(
            r"(?P<pre>)(?<!from )(?:right now|just now|at the moment|at this time|immediately|now)"
        ),
        read_now,
    ),
    # weekdays in a named week
    Rule(
        _words(
            rf"{_PREFIX}(?P<n>\d+|an?) (?P<wd>{_WEEKDAY})s? (?:from"
            rf" (?:now|today)|(?P<ago>ago|back))"
        ),
        read_weekdays_from_now,
    ),
    Rule(_words(rf"{_PREFIX}next (?P<wd>{_WEEKDAY})"), read_next_weekday),
    Rule(
        _words(
            rf"{_PREFIX}(?P<wd>{_WEEKDAY}) (?:of |in )?(?:next week|the following week|after next)"
        ),
        read_next_weekday,
    ),
    Rule(_words(rf"{_PREFIX}(?P<wd>{_WEEKDAY}) (?:of |in )?this week"), read_this_week_weekday),
    Rule(_words(rf"{_PREFIX}this week (?P<wd>{_WEEKDAY})"), read_this_week_weekday),
    Rule(
        _words(
            rf"{_PREFIX}(?:(?P<lastweek>last week) (?P<wd>{_WEEKDAY})|"
            rf"(?P<wd2>{_WEEKDAY}) (?:of |from )(?P<lastweek2>last week))"
        ),
        read_last_weekday,
    ),
    Rule(
        _words(
            rf"{_PREFIX}(?P<wd>{_WEEKDAY}) (?:the )?(?P<d>\d{{1,2}}(?:st|nd|rd|th)?)"
            rf"(?! (?:of )?{_MONTH}){_NOT_AFTER_DAY}"
        ),
        read_weekday_ordinal,
    ),
    # calendar dates
    Rule(_words(rf"{_DATE_PREP}(?P<y>\d{{4}})[-/](?P<m>\d{{1,2}})[-/](?P<d>\d{{1,2}})"), read_iso),
    Rule(
        _words(rf"{_DATE_PREP}(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})(?:/(?P<y>\d{{4}}|\d{{2}}))?"),
        read_us,
    ),
    Rule(
        _words(
            rf"{_DATE_PREP}(?P<m>\d{{1,2}})(?P<sep>[-.])(?P<d>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}|"
            rf"\d{{2}})"
        ),
        read_us,
    ),
    Rule(
        _words(rf"{_DATE_PREP}(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}}){_NOT_A_CLOCK}{_NOT_AFTER_DAY}"),
        read_us,
    ),
    Rule(
        _words(
            rf"{_PREFIX}(?P<nth>1st|2nd|3rd|4th|5th|last|first|final) (?P<wd>{_WEEKDAY}) "
            rf"(?:of|in) {_WHICH_MONTH}"
        ),
        read_nth_weekday_of,
    ),
    Rule(_words(rf"{_PREFIX}last (?P<wd>{_WEEKDAY})"), read_last_weekday),
    Rule(
        _words(rf"{_PREFIX}(?:the )?(?P<d>last|{_ORDINAL}) (?:day )?(?:of|in) {_WHICH_MONTH}"),
        lambda g, now: read_day_of_month_named(g, now) if g["which"] or g["d"] == "last" else None,
    ),
    Rule(
        _words(
            rf"{_PREFIX}(?P<month>{_MONTH}) (?:the )?(?P<d>{_ORDINAL})(?: ,)?(?: (?P<y>\d{{4}}))?"
            rf"{_NOT_AFTER_DAY}"
        ),
        read_month_day,
    ),
    Rule(
        _words(
            rf"{_PREFIX}(?:the )?(?P<d>{_ORDINAL}) (?:day )?(?:of )?(?P<month>{_MONTH})(?: ,)?"
            rf"(?: (?P<y>\d{{4}}))?"
        ),
        read_month_day,
    ),
    Rule(
        _words(rf"{_PREFIX}(?:the )?last weekend (?:of|in) {_WHICH_MONTH}"),
        read_last_weekend_of,
    ),
    Rule(
        _words(
            rf"{_PREFIX}(?:the |at the )?(?P<edge>early|mid|late|beginning of|start of|end of|"
            rf"middle of)(?: the month of)? (?P<month>{_MONTH})(?: (?P<y>\d{{4}}))?"
        ),
        read_month_edge,
    ),
    Rule(
        _words(
            r"(?P<pre>(?:(?:in|during|by|for) ){0,4})(?:the )?(?P<q>1st|2nd|3rd|4th) "
            r"(?:quarter|qtr)(?: (?:of )?(?P<y>\d{4}))?"
        ),
        read_quarter,
    ),
    Rule(
        _words(r"(?P<pre>(?:(?:in|during|by) ){0,4})(?P<y>\d{2}|\d{4})q(?P<q>[1-4])"), read_quarter
    ),
    Rule(
        _words(r"(?P<pre>(?:(?:in|during|by) ){0,4})q(?P<q>[1-4])(?: (?P<y>\d{4}))?"), read_quarter
    ),
    Rule(
        _words(
            r"(?P<pre>(?:(?:in|during|by|until|before|for|of|from|on|at|the) ){0,4})"
            r"(?:(?P<edge>end|beginning|start) of (?:the )?(?:year )?)?"
            r"(?P<y>(?:19|20|21)\d\d)(?: a\.?d)?"
        ),
        lambda g, now: read_year(g, now) if g["edge"] or _has_year_prefix(g) else None,
    ),
    Rule(
        _words(
            rf"{_PREFIX}(?:(?:in|during|of|the month of|by|until|before|after|since|for) )?"
            rf"(?:(?:this|the|next|the coming|coming) )?(?P<month>{_MONTH})"
            rf"(?: (?P<y>\d{{4}}))?(?P<after> after next)?"
        ),
        lambda g, now: read_month(g, now) if _bare_month_allowed(g) else None,
    ),
    Rule(_words(r"(?P<pre>)(?P<m>\d{1,2})/(?P<y>\d{4})"), read_numeric_month),
    Rule(_words(r"(?P<pre>)(?P<y>\d{4})[-/](?P<m>\d{1,2})"), read_numeric_month),
    Rule(
        _words(
            rf"{_PREFIX}(?:the )?(?P<d>\d{{1,2}}(?:st|nd|rd|th))(?! (?:of|day|{_WEEKDAY}|"
            rf"{_MONTH}|week|quarter|qtr|time|place|floor|grade|birthday|anniversary))"
        ),
        lambda g, now: read_the_ordinal(g, now) if _ordinal_alone_allowed(g) else None,
    ),
    # periods
    Rule(
        _words(
            rf"{_PREFIX}(?:(?:at )?the )?(?:(?P<edge>end|beginning|start) of (?:the )?"
            rf"(?:(?P<which>this|current|next|coming|upcoming|following|last|past|previous|"
            rf"around next) )?(?P<unit>week|month|year)|(?P<edge2>eom|eow|eoy|bom|boy))"
        ),
        read_period_edge,
    ),
    Rule(
        _words(rf"{_PREFIX}(?:(?:the )?rest of (?:the |this )?week|all week|later this week)"),
        read_rest_of_week,
    ),
    Rule(
        _words(
            rf"{_PREFIX}(?P<which>this|current|next|coming|upcoming|the following|the coming|last|"
            rf"past|previous|this past|around next) (?P<unit>week|month|year|years|quarter|qtr|"
            rf"weekend)(?! ?(?:of|'s))"
        ),
        read_period,
    ),
    Rule(
        _words(r"(?P<pre>(?:(?:on|at|over|for|by|during) ){0,4})(?:the )?(?P<unit>weekend)"),
        read_period,
    ),
    Rule(
        _words(
            r"(?P<pre>(?:(?:in|during|over|by) ){0,4})(?:the )?"
            r"(?P<which>this|current|next|last|past|previous) "
            r"(?P<season>summer|winter|spring|fall|autumn|season)s?"
        ),
        read_season,
    ),
    # weekdays alone, after the dated forms above
    Rule(
        _words(
            rf"{_PREFIX}(?:(?:this|coming|upcoming|this coming|the coming) )?(?P<wd>{_WEEKDAY})"
        ),
        read_weekday,
    ),
    # clock times
    Rule(
        _words(
            rf"{_PREFIX}(?P<h>\d{{1,2}}):(?P<m>\d\d)(?::(?P<s>\d\d))?(?: (?:in the )?"
            r"(?P<half>am|pm))?(?: oclock)?"
        ),
        read_hms,
    ),
    Rule(
        _words(
            rf"{_PREFIX}(?P<amount>half|quarter|a quarter|\d{{1,2}}(?: minutes)?) "
            r"(?P<dir>past|after|to|till|before|of) (?P<hour>\d{1,2}(?: am| pm| h)?|noon|midnight)"
        ),
        lambda g, now: read_past_to(g, now) if _past_to_allowed(g) else None,
    ),
    Rule(_words(rf"{_PREFIX}half (?P<hour>\d{{1,2}}(?: am| pm)?)"), read_half_hour_british),
    Rule(
        _words(rf"{_PREFIX}(?P<h>\d{{1,4}})(?: oclock)? (?:in the )?(?P<half>am|pm)"),
        read_hour_half,
    ),
    Rule(_words(rf"{_PREFIX}(?P<h>\d{{1,2}}) (?P<m>\d\d) (?P<half>am|pm)"), read_bare_hour),
    Rule(_words(rf"{_PREP_CLOCK}(?P<h>\d{{1,2}}) (?P<m>\d\d){_NOT_A_CLOCK}"), read_bare_hour),
    Rule(
        _words(rf"{_PREP_CLOCK}(?P<h>\d{{3,4}}){_NOT_A_CLOCK}"),
        lambda g, now: None if _looks_like_year(g["h"]) else read_bare_hour(g, now),
    ),
    Rule(_words(rf"{_PREFIX}(?P<h>\d{{1,2}})(?: (?P<h24>h)| oclock)"), read_bare_hour),
    Rule(_words(rf"{_PREP_CLOCK}(?P<h>\d{{1,2}}){_NOT_A_CLOCK}"), read_bare_hour),
    Rule(_words(rf"{_PREFIX}(?:12 )?(?P<word>noon|midnight)"), read_noon),
    Rule(
        _words(
            rf"{_PREFIX}(?:the )?(?:eod|end of (?:the )?(?:day|business day|business|work ?day)|"
            r"close of business)"
        ),
        read_end_of_day,
    ),
    Rule(_words(r"(?P<pre>)(?P<zone>" + "|".join(ZONES) + ")"), read_zone),
    # parts of the day
    Rule(
        _words(
            rf"{_PREFIX}(?:(?P<mod>this|last|early|late|mid|early in the|late in the|in the|"
            r"during the|the|tonight|later this)"
            r" )?(?P<part>morning|afternoon|evening|night|tonight)"
        ),
        read_part,
    ),
    Rule(
        _words(
            rf"{_PREFIX}(?:(?P<after>after)|at|over|during|around) (?P<meal>breakfast|lunch|"
            r"lunchtime|dinner|dinnertime|supper|work|school)"
        ),
        lambda g, now: (
            read_meal(g, now) if g["after"] or g["meal"] not in ("work", "school") else None
        ),
    ),
)


def _relative_days_allowed(g: Groups) -> bool:
    """ "3 days" is a date only with "in", "from now", "ago" and the like around it."""
    text = g["_"]
    return bool(re.match(r"(?:\S+ )*(?:in|within|after|upcoming) ", text)) or " " + text.split()[
        -1
    ] in (" now", " today", " hence", " later", " time", " ago", " back")


def _has_year_prefix(g: Groups) -> bool:
    return bool(re.search(r"\b(?:in|by|during|until|before|of|for|from)\b", g["pre"]))


def _bare_month_allowed(g: Groups) -> bool:
    """A month alone is a date only after a preposition or "next"/"this"."""
    text = g["_"]
    return bool(g["y"]) or bool(
        re.match(
            r"(?:\S+ )*(?:in|during|of|by|until|before|after|since|for|next|this|coming|on) ", text
        )
    )


def _ordinal_alone_allowed(g: Groups) -> bool:
    """ "the 15th" or "on 15th", not "my 5th attempt"."""
    text = g["_"]
    return text.startswith(("the ", "on ")) or " the " in f" {text}"


def _past_to_allowed(g: Groups) -> bool:
    """ "20 to 3" needs minutes or a clock word: "10 to 15 people" is no time."""
    amount = g["amount"]
    hour = g["hour"]
    if not amount[0].isdigit():
        return True
    return "minutes" in amount or not hour.isdigit()


def _looks_like_year(digits: str) -> bool:
    return len(digits) == 4 and digits[:2] in ("19", "20", "21") and int(digits[2:]) > 59
