"""Held-out phrasings of snoozes and of reminders relative to the due.

Written before the snooze reader and the leads' ``remind_before`` existed.
``SNOOZES`` are said right after a reminder rang ("snooze 5 min", "remind me
again later"); ``LEADS`` give a reminder as a lead before the due ("remind me
1 hour before") or as a moment of its own, with the typed command's
``remind_before`` in minutes (``None``: none, or cleared; :data:`UNSET`: an
update that leaves it alone), which the contract's JSON does not show;
``NEAR_MISSES`` look like snoozes but add or change a task. Each case is read
at ``NOW``, its expected command built with the helpers of
:mod:`heldout_expected`.
"""

from __future__ import annotations

from tests.unit.chat.language.heldout_expected import (
    Expected,
    add,
    at,
    day,
    listing,
    snooze,
    update,
)
from todo_chatbot.chat.language.commands import UNSET, Unset

Lead = int | None | Unset
"""``remind_before`` in minutes; ``None`` for none (or cleared), ``UNSET`` for untouched."""

SNOOZES: list[tuple[str, Expected]] = [
    # a duration: minutes
    ("snooze that for 10 minutes", snooze(minutes=10)),
    ("snooze 5 min", snooze(minutes=5)),
    ("remind me again in an hour", snooze(minutes=60)),
    ("not now, remind me in 20 minutes", snooze(minutes=20)),
    ("snooze for half an hour", snooze(minutes=30)),
    ("snooze 15", snooze(minutes=15)),
    ("snooze the reminder for 2 hours", snooze(minutes=120)),
    ("ping me again in 30 mins", snooze(minutes=30)),
    ("snooze it for another 10 minutes", snooze(minutes=10)),
    ("can you remind me again in 5 minutes", snooze(minutes=5)),
    ("snooze for an hour and a half", snooze(minutes=90)),
    ("snooze 1 hr", snooze(minutes=60)),
    ("okay remind me again in 15 minutes", snooze(minutes=15)),
    ("please snooze for 10 minutes", snooze(minutes=10)),
    ("snooze for 10 more minutes", snooze(minutes=10)),
    ("remind me once more in 10 minutes", snooze(minutes=10)),
    # a moment: until
    ("snooze until 3pm", snooze(until=at("03-04 15:00"))),
    ("snooze this till tomorrow morning", snooze(until=at("03-05 09:00"))),
    ("remind me again tomorrow", snooze(until=at("03-05 09:00"))),
    ("remind me again at 5pm", snooze(until=at("03-04 17:00"))),
    ("snooze till monday", snooze(until=at("03-09 09:00"))),
    ("remind me again tonight", snooze(until=at("03-04 20:00"))),
    ("snooze until 9:30", snooze(until=at("03-04 21:30"))),
    ("remind me later tonight", snooze(until=at("03-04 20:00"))),
    ("snooze it until 4", snooze(until=at("03-04 16:00"))),
    ("remind me again next week", snooze(until=at("03-09 09:00"))),
    ("snooze it till 8 tomorrow", snooze(until=at("03-05 08:00"))),
    # neither: the chat's default
    ("snooze it", snooze()),
    ("remind me again later", snooze()),
    ("Snooze", snooze()),
    ("remind me about it later", snooze()),
    ("remind me again in a bit", snooze()),
    ("not now, remind me later", snooze()),
    ("ok snooze", snooze()),
]

LEADS: list[tuple[str, Expected, Lead]] = [
    # a lead before the due of a new task
    (
        "buy milk tomorrow at 5pm, remind me 1 hour before",
        add("buy milk", due=at("03-05 17:00"), remind=at("03-05 16:00")),
        60,
    ),
    (
        "haircut friday at 3pm, remind me a day before",
        add("haircut", due=at("03-06 15:00"), remind=at("03-05 15:00")),
        24 * 60,
    ),
    (
        "call dad at 6pm remind me 30 minutes earlier",
        add("call dad", due=at("03-04 18:00"), remind=at("03-04 17:30")),
        30,
    ),
    (
        "webinar tomorrow at 11am, remind me half an hour ahead",
        add("webinar", due=at("03-05 11:00"), remind=at("03-05 10:30")),
        30,
    ),
    (
        "pay rent on the 1st, remind me 2 days before",
        add("pay rent", due=day("04-01"), remind=at("03-30 09:00")),
        2 * 24 * 60,
    ),
    (
        "flight sunday at 8am with a reminder 3 hours before",
        add("flight", due=at("03-08 08:00"), remind=at("03-08 05:00")),
        180,
    ),
    (
        "standup every weekday at 9am, remind me 10 minutes before",
        add(
            "standup",
            due=at("03-05 09:00"),
            remind=at("03-05 08:50"),
            rule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        ),
        10,
    ),
    (
        "submit taxes on march 20, remind me a week before",
        add("submit taxes", due=day("03-20"), remind=at("03-13 09:00")),
        7 * 24 * 60,
    ),
    (
        "call the bank tomorrow at 2pm, notify me 1.5 hours before",
        add("call the bank", due=at("03-05 14:00"), remind=at("03-05 12:30")),
        90,
    ),
    (
        "yoga at 6pm, remind me 15 mins in advance",
        add("yoga", due=at("03-04 18:00"), remind=at("03-04 17:45")),
        15,
    ),
    # a reminder at a moment of its own: no lead
    (
        "write the summary friday, remind me at 8am",
        add("write the summary", due=day("03-06"), remind=at("03-06 08:00")),
        None,
    ),
    (
        "remind me to call grandpa on friday",
        add("call grandpa", due=day("03-06"), remind=at("03-06 09:00")),
        None,
    ),
    (
        "remind me in 20 minutes to drink water",
        add("drink water", due=at("03-04 10:20"), remind=at("03-04 10:20")),
        None,
    ),
    # a lead on a task that exists: no due known, so no remind_at
    ("remind me 2 hours before the dentist", update("dentist"), 120),
    ("set the reminder for the report to a day before", update("report"), 24 * 60),
    ("change the reminder on taxes to 30 minutes before", update("taxes"), 30),
    ("remind me an hour before the team meeting", update("team meeting"), 60),
    ("remind me about the dentist 2 hours before", update("dentist"), 120),
    ("remind me 10 minutes before it", update("it"), 10),
    ("add a reminder 1 hour before the board call", update("board call"), 60),
    # clearing the reminder clears both
    ("remove the reminder from the dentist", update("dentist", remind_at=None), None),
    # other changes leave the lead alone
    ("move the report to friday", update("report", due=day("03-06")), UNSET),
]

NEAR_MISSES: list[tuple[str, Expected]] = [
    (
        "remind me to call mom in an hour",
        add("call mom", due=at("03-04 11:00"), remind=at("03-04 11:00")),
    ),
    (
        "remind me in an hour to stretch",
        add("stretch", due=at("03-04 11:00"), remind=at("03-04 11:00")),
    ),
    ("snooze the report to friday", update("report", due=day("03-06"))),
    ("remind me later to call bob", add("call bob")),
    (
        "remind me again tomorrow to water the plants",
        add("water the plants", due=day("03-05"), remind=at("03-05 09:00")),
    ),
    ("postpone it until 3pm", update("it", due_time="15:00")),
    (
        "remind me at 4pm to call the plumber",
        add("call the plumber", due=at("03-04 16:00"), remind=at("03-04 16:00")),
    ),
    ("call mom later", add("call mom later")),
    (
        "remind me to snooze the alarm at 7am",
        add("snooze the alarm", due=at("03-05 07:00"), remind=at("03-05 07:00")),
    ),
    (
        "remind me tomorrow at 9 to ask again about the refund",
        add("ask again about the refund", due=at("03-05 09:00"), remind=at("03-05 09:00")),
    ),
    ("move the dentist to 4pm", update("dentist", due_time="16:00")),
    ("remind me again what's due today", listing(due_from=day("03-04"), due_to=day("03-04"))),
]
