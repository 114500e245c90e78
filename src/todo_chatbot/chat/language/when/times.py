"""Readers of times of day: "5pm", "17:30", "half past four", "noon", "tonight", "GMT".

Morning is 09:00, afternoon 15:00, evening 18:00, night 20:00, end of day
17:00. An hour said without am/pm is left open (``known_half`` false) for
:mod:`.resolving` to read with the day and the part of the day.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Final

from todo_chatbot.chat.language.when.values import Clock, DayPart, Groups, Now, Piece

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
_PART_CLOCKS: Final = {
    "morning": Clock(9, known_half=False),
    "afternoon": Clock(15, known_half=False),
    "evening": Clock(18, known_half=False),
    "night": Clock(20, known_half=False),
}
_EARLY_LATE_CLOCKS: Final = {
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
_MEAL_CLOCKS: Final = {
    "breakfast": 8,
    "lunch": 12,
    "lunchtime": 12,
    "dinner": 19,
    "dinnertime": 19,
    "supper": 19,
}
_AFTER_CLOCKS: Final = {"lunch": 13, "work": 18, "school": 15, "dinner": 20, "breakfast": 9}


def _clock(hour: int, minute: int = 0, second: int = 0, half: str | None = None) -> Clock | None:
    """A clock time; ``half`` is "am", "pm", or empty (unknown for hours up to 12)."""
    if not (0 <= minute <= 59 and 0 <= second <= 59):
        return None
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
        return Clock(hour, minute, second, known_half=True)
    if not 0 <= hour <= 24:
        return None
    if hour == 24:
        return Clock(0, minute, second, known_half=True, after_midnight=True)
    return Clock(hour, minute, second, known_half=hour == 0 or hour > 12)


def read_hms(g: Groups, now: Now) -> Piece | None:
    hour_text = g["h"]
    clock = _clock(int(hour_text), int(g["m"]), int(g["s"] or 0), g["half"])
    if clock is None:
        return None
    if hour_text.startswith("0") and len(hour_text) == 2:
        clock = replace(clock, known_half=True)
    return Piece(clock=clock)


def read_hour_half(g: Groups, now: Now) -> Piece | None:
    digits = g["h"]
    if len(digits) > 2:
        hour, minute = int(digits[:-2]), int(digits[-2:])
    else:
        hour, minute = int(digits), 0
    clock = _clock(hour, minute, 0, g["half"])
    return None if clock is None else Piece(clock=clock)


def read_bare_hour(g: Groups, now: Now) -> Piece | None:
    digits = g["h"]
    minute_text = g.get("m", "")
    if len(digits) > 2:
        hour, minute = int(digits[:-2]), int(digits[-2:])
    else:
        hour, minute = int(digits), int(minute_text or 0)
    half = g.get("half", "")
    clock = _clock(hour, minute, 0, half)
    if clock is None:
        return None
    if g.get("h24", ""):
        clock = replace(clock, known_half=True)
    return Piece(clock=clock)


def read_noon(g: Groups, now: Now) -> Piece:
    if g["word"] == "noon":
        return Piece(clock=Clock(12))
    return Piece(clock=Clock(0, after_midnight=True))


def read_end_of_day(g: Groups, now: Now) -> Piece:
    return Piece(clock=Clock(17))


def _hour_of(text: str) -> Clock | None:
    """The hour in "3", "3 pm", "15 h", "noon", "midnight"."""
    if text == "noon":
        return Clock(12)
    if text == "midnight":
        return Clock(0, after_midnight=True)
    parts = text.split()
    half = parts[1] if len(parts) > 1 and parts[1] in ("am", "pm") else None
    clock = _clock(int(parts[0]), 0, 0, half)
    if clock is not None and len(parts) > 1 and parts[1] == "h":
        clock = replace(clock, known_half=True)
    return clock


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
    return Piece(clock=Clock(hour, minute, 0, base.known_half, after_midnight))


def read_half_hour_british(g: Groups, now: Now) -> Piece | None:
    base = _hour_of(g["hour"])
    if base is None:
        return None
    return Piece(clock=replace(base, minute=30))


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
    clock = _PART_CLOCKS[name]
    edge = modifier.split()[0] if modifier else ""
    if (edge, name) in _EARLY_LATE_CLOCKS:
        clock = Clock(_EARLY_LATE_CLOCKS[(edge, name)], known_half=False)
    afternoon = name != "morning"
    return Piece(part=DayPart(clock, afternoon, day_offset))


def read_meal(g: Groups, now: Now) -> Piece:
    word = g["meal"]
    hour = _AFTER_CLOCKS[word] if g["after"] else _MEAL_CLOCKS[word]
    return Piece(part=DayPart(Clock(hour), None))
