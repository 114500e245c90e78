"""Second round of held-out phrasings: written after the parser passed round one, before
running it on these. Same ``now`` and helpers as :mod:`heldout_cases`."""

from __future__ import annotations

from tests.unit.chat.language.heldout_cases import (
    HELP,
    UNKNOWN,
    Expected,
    add,
    at,
    day,
    delete,
    done,
    listing,
    reopen,
    update,
)

WEEKDAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"

CASES_ROUND_2: list[tuple[str, Expected]] = [
    # adding, as people type
    ("Pick up the kids at 3:30", add("Pick up the kids", due=at("03-04 15:30"))),
    ("dentist appt thurs 2pm", add("dentist appt", due=at("03-05 14:00"))),
    (
        "email Jenna about the contract tmrw morning",
        add("email Jenna about the contract", due=at("03-05 09:00")),
    ),
    ("Call the vet on Monday", add("Call the vet", due=day("03-09"))),
    ("finish slides by thursday 5pm", add("finish slides", due=at("03-05 17:00"))),
    ("book flights to Denver next week", add("book flights to Denver", due=day("03-09"))),
    ("renew gym membership end of month", add("renew gym membership", due=day("03-31"))),
    ("water the garden in 2 days", add("water the garden", due=day("03-06"))),
    ("take the bins out tonight", add("take the bins out", due=at("03-04 20:00"))),
    (
        "submit expense report by friday #work",
        add("submit expense report", due=day("03-06"), tags=("work",)),
    ),
    ("add call plumber to my list", add("call plumber")),
    ("add a task: order new glasses", add("order new glasses")),
    ("new todo - clean the oven", add("clean the oven")),
    ("need to buy stamps", add("buy stamps")),
    (
        "I have to return the library books on the 10th",
        add("return the library books", due=day("03-10")),
    ),
    ("get a haircut saturday morning", add("get a haircut", due=at("03-07 09:00"))),
    ("prep for interview tomorrow at 11am", add("prep for interview", due=at("03-05 11:00"))),
    ("schedule car service for march 18th", add("car service", due=day("03-18"))),
    ("pay electricity bill on 3/15", add("pay electricity bill", due=day("03-15"))),
    ("buy birthday cake for Sam on Sat", add("buy birthday cake for Sam", due=day("03-07"))),
    ("text Maria at 6", add("text Maria", due=at("03-04 18:00"))),
    ("order pizza at 7pm tonight", add("order pizza", due=at("03-04 19:00"))),
    ("walk the dog in 15 mins", add("walk the dog", due=at("03-04 10:15"))),
    ("charge laptop in an hour", add("charge laptop", due=at("03-04 11:00"))),
    ("Call mom next Sunday", add("Call mom", due=day("03-15"))),
    ("clean bathroom this sat", add("clean bathroom", due=day("03-07"))),
    ("sign the lease on April 1st at 10am", add("sign the lease", due=at("04-01 10:00"))),
    ("file taxes by april 15 high priority", add("file taxes", due=day("04-15"), priority="high")),
    ("urgent call the landlord", add("call the landlord", priority="high")),
    ("fix the bike, low priority", add("fix the bike", priority="low")),
    ("review PR #frontend #urgent", add("review PR", tags=("frontend", "urgent"))),
    ("draft the newsletter tagged marketing", add("draft the newsletter", tags=("marketing",))),
    # reminders
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
    # recurring
    (
        "water the plants every sunday",
        add("water the plants", due=day("03-08"), rule="FREQ=WEEKLY;BYDAY=SU"),
    ),
    ("standup every weekday at 9am", add("standup", due=at("03-05 09:00"), rule=WEEKDAYS)),
    (
        "pay credit card on the 25th of every month",
        add("pay credit card", due=day("03-25"), rule="FREQ=MONTHLY;BYMONTHDAY=25"),
    ),
    (
        "take out recycling every other thursday",
        add("take out recycling", due=day("03-05"), rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"),
    ),
    ("meditate every morning at 7", add("meditate", due=at("03-05 07:00"), rule="FREQ=DAILY")),
    (
        "call dad every sunday at 6pm",
        add("call dad", due=at("03-08 18:00"), rule="FREQ=WEEKLY;BYDAY=SU"),
    ),
    (
        "team retro every 2 weeks on friday",
        add("team retro", due=day("03-06"), rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"),
    ),
    (
        "check smoke detectors every 6 months",
        add("check smoke detectors", due=day("03-04"), rule="FREQ=MONTHLY;INTERVAL=6"),
    ),
    ("floss daily at 10pm", add("floss", due=at("03-04 22:00"), rule="FREQ=DAILY")),
    (
        "gym on tuesdays and thursdays at 7am",
        add("gym", due=at("03-05 07:00"), rule="FREQ=WEEKLY;BYDAY=TU,TH"),
    ),
    # listing
    ("what's on my list today", listing(due_from=day("03-04"), due_to=day("03-04"))),
    ("what do I need to do tomorrow?", listing(due_from=day("03-05"), due_to=day("03-05"))),
    ("show me everything due this week", listing(due_from="2026-03-02", due_to="2026-03-08")),
    ("list my overdue tasks", listing(overdue=True)),
    ("any urgent tasks?", listing(priority=["high"])),
    ("show tasks tagged home", listing(tags=["home"])),
    (
        "what did I complete this week",
        listing(status="completed", due_from="2026-03-02", due_to="2026-03-08"),
    ),
    ("show my todo list", listing()),
    ("what's next", listing()),
    ("list tasks sorted by priority", listing(sort=("priority", "desc"))),
    ("show tasks by due date", listing(sort=("due", "asc"))),
    ("search tasks for groceries", listing(search="groceries")),
    ("show me tasks about the wedding", listing(search="wedding")),
    ("what's due next week", listing(due_from=day("03-09"), due_to=day("03-15"))),
    ("show pending tasks", listing()),
    ("do I have anything on friday", listing(due_from=day("03-06"), due_to=day("03-06"))),
    # completing, reopening, deleting
    ("mark call plumber as done", done("call plumber")),
    ("done: buy stamps", done("buy stamps")),
    ("just finished the slides", done("slides")),
    ("check off water the plants", done("water the plants")),
    ("the report is done", done("report")),
    ("complete the dentist task", done("dentist")),
    ("reopen pay rent", reopen("pay rent")),
    ("mark buy stamps as not done", reopen("buy stamps")),
    ("delete call plumber", delete("call plumber")),
    ("remove the gym task", delete("gym")),
    ("cancel the haircut", delete("haircut")),
    ("trash the old invoices task", delete("old invoices")),
    ("clear all tasks", delete("all")),
    # updating
    ("move dentist to friday at 2pm", update("dentist", due=at("03-06 14:00"))),
    ("reschedule the meeting to next tuesday", update("meeting", due=day("03-10"))),
    ("push laundry to tomorrow", update("laundry", due=day("03-05"))),
    ("postpone the call until 4pm", update("call", due=at("03-04 16:00"))),
    ("change pay rent to the 3rd", update("pay rent", due=day("04-03"))),
    ("make the report urgent", update("report", priority="high")),
    ("set taxes to low priority", update("taxes", priority="low")),
    ("rename call plumber to call electrician", update("call plumber", title="call electrician")),
    ("tag buy stamps with errands", update("buy stamps", tags_add=["errands"])),
    ("remove the deadline from the report", update("report", due=None)),
    # help and small talk
    ("how do I use this?", HELP),
    ("what can I say", HELP),
    ("hey there", UNKNOWN),
    ("thanks a lot", UNKNOWN),
    ("who won the game last night", UNKNOWN),
    ("what's 2 plus 2", UNKNOWN),
    ("good night", UNKNOWN),
]
