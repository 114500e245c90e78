"""Held-out phrasings of reminders: "remind me to ...", "remind me 2 hours before".

Each case is read at ``NOW``, its expected command built with the helpers of
:mod:`heldout_expected`.
"""

from __future__ import annotations

from tests.unit.chat.language.heldout_expected import Expected, add, at, day

REMINDERS: list[tuple[str, Expected]] = [
    (
        "remind me to call mom on friday",
        add("call mom", due=day("03-06"), remind=at("03-06 09:00")),
    ),
    (
        "remind me to call mom tomorrow at 6pm",
        add("call mom", due=at("03-05 18:00"), remind=at("03-05 18:00")),
    ),
    (
        "remind me in 20 minutes to stretch",
        add("stretch", due=at("03-04 10:20"), remind=at("03-04 10:20")),
    ),
    (
        "remind me to stretch in 20 minutes",
        add("stretch", due=at("03-04 10:20"), remind=at("03-04 10:20")),
    ),
    (
        "Remind me tomorrow to water the plants",
        add("water the plants", due=day("03-05"), remind=at("03-05 09:00")),
    ),
    (
        "remind me at 4pm to leave for the airport",
        add("leave for the airport", due=at("03-04 16:00"), remind=at("03-04 16:00")),
    ),
    ("remind me to buy bread", add("buy bread")),
    (
        "call the bank tomorrow at 2pm, remind me 30 minutes before",
        add("call the bank", due=at("03-05 14:00"), remind=at("03-05 13:30")),
    ),
    (
        "dentist friday at 3pm remind me 1 hour before",
        add("dentist", due=at("03-06 15:00"), remind=at("03-06 14:00")),
    ),
    (
        "dentist friday at 3pm remind me a day before",
        add("dentist", due=at("03-06 15:00"), remind=at("03-05 15:00")),
    ),
    (
        "flight on monday at 7am, remind me 2 hours before",
        add("flight", due=at("03-09 07:00"), remind=at("03-09 05:00")),
    ),
    (
        "submit the report friday, remind me at 8am",
        add("submit the report", due=day("03-06"), remind=at("03-06 08:00")),
    ),
    (
        "pay the bills on the 15th and remind me on the 14th",
        add("pay the bills", due=day("03-15"), remind=at("03-14 09:00")),
    ),
    (
        "meeting with Joe tomorrow at 3pm with a reminder 15 minutes before",
        add("meeting with Joe", due=at("03-05 15:00"), remind=at("03-05 14:45")),
    ),
    (
        "remind me to move the car at 8am tomorrow",
        add("move the car", due=at("03-05 08:00"), remind=at("03-05 08:00")),
    ),
    (
        "remind me in 10 minutes to check the laundry",
        add("check the laundry", due=at("03-04 10:10"), remind=at("03-04 10:10")),
    ),
    (
        "remind me tonight to lock the back door",
        add("lock the back door", due=at("03-04 20:00"), remind=at("03-04 20:00")),
    ),
    (
        "Remind me to pay rent on the 1st",
        add("pay rent", due=day("04-01"), remind=at("04-01 09:00")),
    ),
    (
        "remind me next monday to call the bank",
        add("call the bank", due=day("03-09"), remind=at("03-09 09:00")),
    ),
    (
        "set a reminder to call grandma at 5pm",
        add("call grandma", due=at("03-04 17:00"), remind=at("03-04 17:00")),
    ),
    (
        "job interview friday at 10am, remind me 2 hours before",
        add("job interview", due=at("03-06 10:00"), remind=at("03-06 08:00")),
    ),
    (
        "doctor appointment tomorrow 4pm remind me 30 min before",
        add("doctor appointment", due=at("03-05 16:00"), remind=at("03-05 15:30")),
    ),
    (
        "pls remind me to call the bank tmrw",
        add("call the bank", due=day("03-05"), remind=at("03-05 09:00")),
    ),
    (
        "remind me in 20 minutes to take the cake out",
        add("take the cake out", due=at("03-04 10:20"), remind=at("03-04 10:20")),
    ),
    (
        "remind me at noon to eat lunch",
        add("eat lunch", due=at("03-04 12:00"), remind=at("03-04 12:00")),
    ),
    (
        "Remind me on Friday to submit my timesheet",
        add("submit my timesheet", due=day("03-06"), remind=at("03-06 09:00")),
    ),
    ("remind me to stretch every hour", add("stretch every hour")),
    (
        "team meeting thursday 3pm remind me 15 minutes before",
        add("team meeting", due=at("03-05 15:00"), remind=at("03-05 14:45")),
    ),
]
