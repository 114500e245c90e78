"""Readers of times of day: "5pm", "17:30", "half past four", "noon", "tonight", "GMT".

Morning is 09:00, afternoon 15:00, evening 18:00, night 20:00, end of day
17:00. An hour said without am/pm is left open (``known_half`` false) for
:mod:`.resolving` to read with the day and the part of the day.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Final

from todo_chatbot.chat.language.when.values import DayPart, Groups, Now, Piece, TimeOfDay

ZONES: Final = {
    "gmt": 0,
    "utc": 0,
    "z": 0,
    "wet": 0,
    "bst": 60,
    "west": 60,
    "cet": 60,
    "cest": 120,
    "eet": 120,
    "eest": 180,
    "ist": 330,
    "jst": 540,
    "aest": 600,
    "aedt": 660,
    "est": -300,
    "edt": -240,
    "cst": -360,
    "cdt": -300,
    "mst": -420,
    "mdt": -360,
    "pst": -480,
    "pdt": -420,
    "akst": -540,
    "hst": -600,
}
_PART_TIMES: Final = {
    "morning": TimeOfDay(9, known_half=False),
    "afternoon": TimeOfDay(15, known_half=False),
    "evening": TimeOfDay(18, known_half=False),
    "night": TimeOfDay(20, known_half=False),
}
_EARLY_LATE_HOURS: Final = {
    ("early", "morning"): 7,
    ("late", "morning"): 11,
    ("mid", "morning"): 10,
    ("early", "afternoon"): 13,
    ("late", "afternoon"): 17,
    ("mid", "afternoon"): 15,
    ("early", "evening"): 18,
    ("late", "evening"): 21,
    ("early", "night"): 20,
    ("late", "night"): 22,
}
_MEAL_HOURS: Final = {
    "breakfast": 8,
    "lunch": 12,
    "lunchtime": 12,
    "dinner": 19,
    "dinnertime": 19,
    "supper": 19,
}
_HOURS_AFTER: Final = {"lunch": 13, "work": 18, "school": 15, "dinner": 20, "breakfast": 9}


def _time_of_day(
    hour: int, minute: int = 0, second: int = 0, half: str | None = None
) -> TimeOfDay | None:
    """A time of day; ``half`` is "am", "pm", or empty (unknown for hours up to 12)."""
    if not (0 <= minute <= 59 and 0 <= second <= 59):
        return None
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
        return TimeOfDay(hour, minute, second, known_half=True)
    if not 0 <= hour <= 24:
        return None
    if hour == 24:
        return TimeOfDay(0, minute, second, known_half=True, after_midnight=True)
    return TimeOfDay(hour, minute, second, known_half=hour == 0 or hour > 12)


def read_hms(g: Groups, now: Now) -> Piece | None:
    hour_text = g["h"]
    time = _time_of_day(int(hour_text), int(g["m"]), int(g["s"] or 0), g["half"])
    if time is None:
        return None
    if hour_text.startswith("0") and len(hour_text) == 2:
        time = replace(time, known_half=True)
    return Piece(time=time)


def read_hour_half(g: Groups, now: Now) -> Piece | None:
    digits = g["h"]
    if len(digits) > 2:
        hour, minute = int(digits[:-2]), int(digits[-2:])
    else:
        hour, minute = int(digits), 0
    time = _time_of_day(hour, minute, 0, g["half"])
    return None if time is None else Piece(time=time)


def read_bare_hour(g: Groups, now: Now) -> Piece | None:
    digits = g["h"]
    minute_text = g.get("m", "")
    if len(digits) > 2:
        hour, minute = int(digits[:-2]), int(digits[-2:])
    else:
        hour, minute = int(digits), int(minute_text or 0)
    half = g.get("half", "")
    time = _time_of_day(hour, minute, 0, half)
    if time is None:
        return None
    if g.get("h24", ""):
        time = replace(time, known_half=True)
    return Piece(time=time)


def read_noon(g: Groups, now: Now) -> Piece:
    if g["word"] == "noon":
        return Piece(time=TimeOfDay(12))
    return Piece(time=TimeOfDay(0, after_midnight=True))


def read_end_of_day(g: Groups, now: Now) -> Piece:
    return Piece(time=TimeOfDay(17))


def _hour_of(text: str) -> TimeOfDay | None:
    """The hour in "3", "3 pm", "15 h", "noon", "midnight"."""
    if text == "noon":
        return TimeOfDay(12)
    if text == "midnight":
        return TimeOfDay(0, after_midnight=True)
    parts = text.split()
    half = parts[1] if len(parts) > 1 and parts[1] in ("am", "pm") else None
    time = _time_of_day(int(parts[0]), 0, 0, half)
    if time is not None and len(parts) > 1 and parts[1] == "h":
        time = replace(time, known_half=True)
    return time


def read_past_to(g: Groups, now: Now) -> Piece | None:
    base = _hour_of(g["hour"])
    amount = g["amount"].replace(" minutes", "").replace("a ", "")
    minutes = {"half": 30, "quarter": 15}.get(amount)
    minutes = int(amount) if minutes is None else minutes
    if base is None or minutes >= 60:
        return None
    total = base.hour * 60 + (minutes if g["dir"] in ("past", "after") else -minutes)
    hour, minute = divmod(total % (24 * 60), 60)
    after_midnight = base.after_midnight and total >= 0
    return Piece(time=TimeOfDay(hour, minute, 0, base.known_half, after_midnight))


def read_half_hour_british(g: Groups, now: Now) -> Piece | None:
    base = _hour_of(g["hour"])
    if base is None:
        return None
    return Piece(time=replace(base, minute=30))


def read_zone(g: Groups, now: Now) -> Piece:
    return Piece(zone=timedelta(minutes=ZONES[g["zone"]]))


def read_part(g: Groups, now: Now) -> Piece:
    name = g["part"]
    modifier = g["mod"] or ""
    day_offset: int | None = None
    if name == "tonight":
        name, day_offset = "night", 0
    if modifier in ("this", "tonight"):
        day_offset = 0
    if modifier == "last":
        day_offset = -1
    time = _PART_TIMES[name]
    edge = modifier.split()[0] if modifier else ""
    if (edge, name) in _EARLY_LATE_HOURS:
        time = TimeOfDay(_EARLY_LATE_HOURS[(edge, name)], known_half=False)
    afternoon = name != "morning"
    return Piece(part=DayPart(time, afternoon, day_offset))


def read_meal(g: Groups, now: Now) -> Piece:
    word = g["meal"]
    hour = _HOURS_AFTER[word] if g["after"] else _MEAL_HOURS[word]
    return Piece(part=DayPart(TimeOfDay(hour), None))
