"""The rules the API's inputs obey, written as JSON Schema for the OpenAPI document.

The domain checks these rules itself (in one pass, naming every broken one);
the models and parameters only *describe* them here, so that the document
says what the server really accepts. Patterns are ECMA-262 regular expressions.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Final

from todo_chatbot.core.timekeeping import EARLIEST_DATE, LATEST_DATE, known_zones
from todo_chatbot.tasks.queries import MAX_LIMIT, MAX_SEARCH
from todo_chatbot.tasks.recurrence import MAX_COUNT, MAX_INTERVAL
from todo_chatbot.tasks.reminder_times import MAX_REMIND_BEFORE_MINUTES
from todo_chatbot.tasks.task import MAX_DESCRIPTION, MAX_TAG, MAX_TAGS, MAX_TITLE

JsonSchema = dict[str, Any]

assert (EARLIEST_DATE.year, LATEST_DATE.year) == (1900, 9000), "update the patterns below"
_YEAR = r"(19[0-9]{2}|[2-8][0-9]{3}|9000)"
_LEAP_YEAR = (
    r"((19|[2-8][0-9])(0[48]|[2468][048]|[13579][26])"
    r"|(2[048]|3[26]|4[048]|5[26]|6[048]|7[26]|8[048])00)"
)
_MONTH_DAY = (
    r"((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])"
    r"|(0[469]|11)-(0[1-9]|[12][0-9]|30)"
    r"|02-(0[1-9]|1[0-9]|2[0-8]))"
)
DATE_PATTERN: Final = rf"({_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)"
"""A calendar date that exists, from 1900-01-01 to 9000-12-31."""
_TIME = r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?"
_OFFSET = r"([Zz]|[+-]([01][0-9]|2[0-3])(:[0-5][0-9](:[0-5][0-9])?|[0-5][0-9]([0-5][0-9])?))"
"""An offset from UTC; seconds appear in a zone's local mean time (before it took
a standard time), as the server also writes them."""
DATE_TIME_PATTERN: Final = rf"{DATE_PATTERN}[T ]{_TIME}{_OFFSET}?"
"""A date-time; one without an offset is read in the user's zone."""

_NO_NUL = r"^[^\u0000]*$"

TEXT: Final[JsonSchema] = {"pattern": _NO_NUL}
"""Any string of the API: NUL (U+0000) is refused everywhere."""


_SPACE = (
    r"\t\n\u000b\f\r\u001c-\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""What Python's ``str.strip()`` trims (ECMA's ``\\s`` differs: it takes U+FEFF and
leaves U+001C to U+001F and U+0085)."""


def trimmed_text(maximum: int) -> JsonSchema:
    """Text of 1 to ``maximum`` characters once the white space around it is trimmed."""
    inner = rf"[^{_SPACE}\u0000]"
    return {"pattern": rf"^[{_SPACE}]*{inner}([^\u0000]{{0,{maximum - 2}}}{inner})?[{_SPACE}]*$"}


TITLE: Final[JsonSchema] = trimmed_text(MAX_TITLE)
DESCRIPTION: Final[JsonSchema] = {"maxLength": MAX_DESCRIPTION, "pattern": _NO_NUL}
TAGS: Final[JsonSchema] = {
    "maxItems": MAX_TAGS,
    "items": {"type": "string", "pattern": rf"^[{_SPACE}]*#*[\w-]{{1,{MAX_TAG}}}[{_SPACE}]*$"},
}
"""Tags: letters, digits, ``-`` and ``_`` (``#`` and white space around are dropped,
capitals lowered, repeats kept once)."""
DUE: Final[JsonSchema] = {"pattern": rf"^({DATE_PATTERN}|{DATE_TIME_PATTERN})$"}
DATE_TIME: Final[JsonSchema] = {"pattern": rf"^{DATE_TIME_PATTERN}$"}
DATE: Final[JsonSchema] = {"pattern": rf"^({DATE_PATTERN})?$"}
"""A date, or nothing (a filter left empty is no filter)."""
REMIND_BEFORE: Final[JsonSchema] = {"minimum": 0, "maximum": MAX_REMIND_BEFORE_MINUTES}
_INTERVAL = r"([1-9][0-9]{0,2}|1000)"
_COUNT = r"([1-9][0-9]{0,3}|10000)"
assert (MAX_INTERVAL, MAX_COUNT) == (1000, 10_000), "update the patterns above"
RECURRENCE: Final[JsonSchema] = {
    "pattern": (
        rf"^(FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;INTERVAL={_INTERVAL})?(;COUNT={_COUNT})?"
        rf"|[{_SPACE}]*)$"
    ),
}
"""The simple rules; the server takes any RRULE of at most daily frequency that
repeats (an empty one is none), and a task with one needs a due."""
_GIVEN_STRING: Final[JsonSchema] = {"type": "string"}
TASK_FIELD_RULES: Final[list[JsonSchema]] = [
    {
        "if": {
            "required": ["recurrence"],
            "properties": {"recurrence": {**_GIVEN_STRING, "pattern": r"\S"}},
        },
        "then": {"required": ["due"], "properties": {"due": _GIVEN_STRING}},
    },
    {
        "if": {"required": ["remind_at"], "properties": {"remind_at": _GIVEN_STRING}},
        "then": {"properties": {"remind_before_minutes": {"type": "null"}}},
    },
    {
        "if": {
            "required": ["remind_before_minutes"],
            "properties": {"remind_before_minutes": {"type": "integer"}},
        },
        "then": {"required": ["due"], "properties": {"due": _GIVEN_STRING}},
    },
    {
        "if": {"required": ["repeat_from"], "properties": {"repeat_from": {"const": "completion"}}},
        "then": {
            "required": ["recurrence"],
            "properties": {"recurrence": {**_GIVEN_STRING, "pattern": f"[^{_SPACE}]"}},
        },
    },
]
"""Rules that join a task's fields: a recurrence, or a reminder before the due, needs
a due; a reminder is an instant or a lead, not both; repeating after completion
needs a recurrence. A PATCH is held to them as
the task is once changed, so only POST and PUT bodies state them."""

_EMAIL_PART = rf"[^@{_SPACE}\u0000-\u001f\u007f-\u009f]+"
"""No @, no white space, no control character (the domain refuses any of Unicode's Cc)."""
EMAIL: Final[JsonSchema] = {
    "maxLength": 254,
    "pattern": rf"^{_EMAIL_PART}@{_EMAIL_PART}\.{_EMAIL_PART}$",
}
PASSWORD: Final[JsonSchema] = {"minLength": 8, "maxLength": 1024, "pattern": _NO_NUL}
NAME: Final[JsonSchema] = {"maxLength": 100, "pattern": _NO_NUL}
LIMIT: Final[JsonSchema] = {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}
SEARCH: Final[JsonSchema] = {"type": "string", "maxLength": MAX_SEARCH, "pattern": _NO_NUL}
BOOLEAN: Final[JsonSchema] = {
    "type": "string",
    "enum": ["", "true", "false", "1", "0", "yes", "no", "True", "False", "TRUE", "FALSE"],
}
OCCURRENCE_COUNT: Final[JsonSchema] = {"type": "integer", "minimum": 1, "maximum": 100}
"""How many dates ``GET /api/tasks/{id}/occurrences`` answers with (``count``)."""
CURSOR: Final[JsonSchema] = {"type": "string", "pattern": r"^[A-Za-z0-9_.=-]*$"}
"""The ``next_cursor`` of the previous page (opaque; any other answers 422)."""
IDEMPOTENCY_KEY: Final[JsonSchema] = {
    "type": "string",
    "pattern": r'^\s*("[!#-\[\]-~]{1,255}"|[!#-\[\]-~]{1,255})\s*$',
}
"""1 to 255 visible ASCII characters other than quotes and backslashes, bare or quoted."""
IF_MATCH: Final[JsonSchema] = {"type": "string", "pattern": r'^\s*(\*|(W/)?"?[0-9]{1,18}"?)\s*$'}


@lru_cache(maxsize=1)
def _zone_names() -> list[str]:
    return sorted(known_zones())


def timezone(schema: JsonSchema) -> None:
    """An IANA zone name the server knows (no null: changing the zone needs one)."""
    schema["enum"] = _zone_names()


def timezone_or_null(schema: JsonSchema) -> None:
    """An IANA zone name the server knows, or null for UTC."""
    schema["enum"] = [*_zone_names(), None]
