"""Held-out phrasings: written before the parser was tuned, from the conventions only.

Every case is resolved at ``NOW`` (Wednesday 2026-03-04 10:00 in New York; the
clocks go forward on Sunday 2026-03-08) unless it says otherwise. The expected
values use the contract's JSON; the helpers fill in the defaults so that each
case names only what it is about.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

NOW = "2026-03-04T10:00:00-05:00"
TZ = "America/New_York"
_NY = ZoneInfo(TZ)

Expected = dict[str, Any]


def at(wall: str) -> str:
    """``"03-05 17:00"`` (2026, New York) as the contract writes a date-time."""
    moment = datetime.strptime(f"2026-{wall}", "%Y-%m-%d %H:%M").replace(tzinfo=_NY)
    return moment.isoformat(timespec="seconds")


def day(month_day: str) -> str:
    return f"2026-{month_day}"


def add(
    title: str,
    *,
    due: str | None = None,
    remind: str | None = None,
    priority: str | None = None,
    tags: tuple[str, ...] = (),
    rule: str | None = None,
) -> Expected:
    return {
        "intent": "add_task",
        "task": {
            "title": title,
            "due": due,
            "remind_at": remind,
            "priority": priority,
            "tags": list(tags),
            "recurrence": rule,
        },
    }


def listing(sort: tuple[str, str] | None = None, **filters: Any) -> Expected:
    full: dict[str, Any] = {
        "status": "pending",
        "priority": None,
        "tags": [],
        "due_from": None,
        "due_to": None,
        "overdue": False,
        "search": None,
    }
    full.update(filters)
    return {
        "intent": "list_tasks",
        "filter": full,
        "sort": None if sort is None else {"by": sort[0], "order": sort[1]},
    }


def done(target: str) -> Expected:
    return {"intent": "complete_task", "target": target}


def reopen(target: str) -> Expected:
    return {"intent": "reopen_task", "target": target}


def delete(target: str) -> Expected:
    return {"intent": "delete_task", "target": target}


def update(target: str, **changes: Any) -> Expected:
    return {"intent": "update_task", "target": target, "changes": changes}


HELP: Expected = {"intent": "help"}
UNKNOWN: Expected = {"intent": "unknown"}

WEEK = ("2026-03-02", "2026-03-08")
WEEKDAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"

CASES: list[tuple[str, Expected]] = [
    # --- adding tasks: plain, with command words, lower case, no punctuation
    ("buy milk", add("buy milk")),
    ("Buy milk", add("Buy milk")),
    ("add buy milk", add("buy milk")),
    ("add task buy milk", add("buy milk")),
    ("Add a task: call the plumber", add("call the plumber")),
    ("new task water the plants", add("water the plants")),
    ("create a task to renew my passport", add("renew my passport")),
    ("todo: email Sarah the slides", add("email Sarah the slides")),
    ("add milk to my shopping list", add("milk")),
    ("put eggs on the grocery list", add("eggs")),
    ("i need to call the dentist", add("call the dentist")),
    ("pls add pick up dry cleaning", add("pick up dry cleaning")),
    ("can you add a task to book flights", add("book flights")),
    ("don't let me forget to feed the cat", add("feed the cat")),
    ("Schedule a haircut", add("haircut")),
    ("note: renew car insurance", add("renew car insurance")),
    # --- dates
    ("buy milk tomorrow", add("buy milk", due=day("03-05"))),
    ("buy milk tmrw", add("buy milk", due=day("03-05"))),
    ("buy milk tmr", add("buy milk", due=day("03-05"))),
    ("buy milk 2morrow", add("buy milk", due=day("03-05"))),
    ("call mom today", add("call mom", due=day("03-04"))),
    ("pay invoice on friday", add("pay invoice", due=day("03-06"))),
    ("pay invoice friday", add("pay invoice", due=day("03-06"))),
    ("pay invoice this friday", add("pay invoice", due=day("03-06"))),
    ("pay invoice next friday", add("pay invoice", due=day("03-13"))),
    ("gym on thursday", add("gym", due=day("03-05"))),
    ("team lunch wednesday", add("team lunch", due=day("03-11"))),
    ("team lunch next wednesday", add("team lunch", due=day("03-11"))),
    ("review the deck next mon", add("review the deck", due=day("03-09"))),
    ("review the deck on mon", add("review the deck", due=day("03-09"))),
    ("send taxes by tues", add("send taxes", due=day("03-10"))),
    ("clean the garage on saturday", add("clean the garage", due=day("03-07"))),
    ("book tickets on the 3rd", add("book tickets", due=day("04-03"))),
    ("book tickets on the 15th", add("book tickets", due=day("03-15"))),
    ("dentist march 5th", add("dentist", due=day("03-05"))),
    ("dentist 5 march", add("dentist", due=day("03-05"))),
    ("dentist on March 20", add("dentist", due=day("03-20"))),
    ("dentist on april 2nd", add("dentist", due=day("04-02"))),
    ("renew license on 3/20", add("renew license", due=day("03-20"))),
    ("renew license 4/1", add("renew license", due=day("04-01"))),
    ("renew license on 2026-03-20", add("renew license", due=day("03-20"))),
    ("renew license 12/31/2026", add("renew license", due=day("12-31"))),
    ("plan the party next week", add("plan the party", due=day("03-09"))),
    ("clean the house this weekend", add("clean the house", due=day("03-07"))),
    ("file the report by end of the month", add("file the report", due=day("03-31"))),
    ("file the report by the end of month", add("file the report", due=day("03-31"))),
    ("send the invoice next month", add("send the invoice", due=day("04-01"))),
    ("call grandma in 3 days", add("call grandma", due=day("03-07"))),
    ("call grandma in two weeks", add("call grandma", due=day("03-18"))),
    ("check the filter in a month", add("check the filter", due=day("04-04"))),
    ("return the book day after tomorrow", add("return the book", due=day("03-06"))),
    ("return the book the day after tomorrow", add("return the book", due=day("03-06"))),
    ("submit form on Mar 12", add("submit form", due=day("03-12"))),
    ("submit form on the 12th of march", add("submit form", due=day("03-12"))),
    (
        "buy a gift for Anna's birthday on june 3",
        add("buy a gift for Anna's birthday", due=day("06-03")),
    ),
    # --- times
    ("call bob at 5pm", add("call bob", due=at("03-04 17:00"))),
    ("call bob at 5 pm", add("call bob", due=at("03-04 17:00"))),
    ("call bob @5pm", add("call bob", due=at("03-04 17:00"))),
    ("call bob 5p", add("call bob", due=at("03-04 17:00"))),
    ("call bob at 17:30", add("call bob", due=at("03-04 17:30"))),
    ("call bob at 9am", add("call bob", due=at("03-05 09:00"))),
    ("call bob at 9:45 am", add("call bob", due=at("03-05 09:45"))),
    ("call bob at noon", add("call bob", due=at("03-04 12:00"))),
    ("call bob at midnight", add("call bob", due=at("03-05 00:00"))),
    ("call bob tonight", add("call bob", due=at("03-04 20:00"))),
    ("call bob tonite", add("call bob", due=at("03-04 20:00"))),
    ("call bob this evening", add("call bob", due=at("03-04 18:00"))),
    ("call bob this afternoon", add("call bob", due=at("03-04 15:00"))),
    ("call bob tomorrow morning", add("call bob", due=at("03-05 09:00"))),
    ("call bob tomorrow afternoon", add("call bob", due=at("03-05 15:00"))),
    ("call bob tomorrow evening", add("call bob", due=at("03-05 18:00"))),
    ("call bob tomorrow night", add("call bob", due=at("03-05 20:00"))),
    ("call bob tomorrow at noon", add("call bob", due=at("03-05 12:00"))),
    ("call bob tomorrow at 5pm", add("call bob", due=at("03-05 17:00"))),
    ("call bob tmrw 5pm", add("call bob", due=at("03-05 17:00"))),
    ("call bob 5pm tomorrow", add("call bob", due=at("03-05 17:00"))),
    ("call bob tomorrow at 17:30", add("call bob", due=at("03-05 17:30"))),
    ("call bob friday at 2pm", add("call bob", due=at("03-06 14:00"))),
    ("call bob on friday at 2:30pm", add("call bob", due=at("03-06 14:30"))),
    ("call bob next monday at 10am", add("call bob", due=at("03-09 10:00"))),
    ("call bob monday morning", add("call bob", due=at("03-09 09:00"))),
    ("call bob EOD", add("call bob", due=at("03-04 17:00"))),
    ("call bob by eod", add("call bob", due=at("03-04 17:00"))),
    ("call bob end of day tomorrow", add("call bob", due=at("03-05 17:00"))),
    ("call bob on 3/20 at 3pm", add("call bob", due=at("03-20 15:00"))),
    ("call bob march 5th at 8am", add("call bob", due=at("03-05 08:00"))),
    ("call bob at five pm", add("call bob", due=at("03-04 17:00"))),
    ("call bob at ten thirty am tomorrow", add("call bob", due=at("03-05 10:30"))),
    ("call bob tomorrow at half past four pm", add("call bob", due=at("03-05 16:30"))),
    ("call bob at quarter to six pm", add("call bob", due=at("03-04 17:45"))),
    ("stand up at 11", add("stand up", due=at("03-04 11:00"))),
    ("lunch with Priya at 1", add("lunch with Priya", due=at("03-04 13:00"))),
    # --- relative instants
    ("stretch in 20 minutes", add("stretch", due=at("03-04 10:20"))),
    ("stretch in twenty minutes", add("stretch", due=at("03-04 10:20"))),
    ("stretch in 2 hrs", add("stretch", due=at("03-04 12:00"))),
    ("stretch in an hour", add("stretch", due=at("03-04 11:00"))),
    ("stretch in half an hour", add("stretch", due=at("03-04 10:30"))),
    ("stretch in 90 mins", add("stretch", due=at("03-04 11:30"))),
    ("check the oven in 5 min", add("check the oven", due=at("03-04 10:05"))),
    # --- reminders
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
    # --- priority
    ("fix the sink high priority", add("fix the sink", priority="high")),
    ("fix the sink, priority high", add("fix the sink", priority="high")),
    ("fix the sink p1", add("fix the sink", priority="high")),
    ("fix the sink p2", add("fix the sink", priority="medium")),
    ("fix the sink p3", add("fix the sink", priority="low")),
    ("urgent: fix the sink", add("fix the sink", priority="high")),
    ("fix the sink asap", add("fix the sink", priority="high")),
    ("important - renew passport", add("renew passport", priority="high")),
    ("low priority clean the attic", add("clean the attic", priority="low")),
    ("clean the attic medium priority", add("clean the attic", priority="medium")),
    ("clean the attic (low priority)", add("clean the attic", priority="low")),
    (
        "renew passport by friday high priority",
        add("renew passport", due=day("03-06"), priority="high"),
    ),
    # --- tags
    ("buy paint #home", add("buy paint", tags=("home",))),
    ("buy paint #home #diy", add("buy paint", tags=("home", "diy"))),
    ("#work prepare the slides", add("prepare the slides", tags=("work",))),
    ("buy paint tagged home", add("buy paint", tags=("home",))),
    ("buy paint tagged home and diy", add("buy paint", tags=("home", "diy"))),
    (
        "buy paint tagged with home, diy and weekend",
        add("buy paint", tags=("home", "diy", "weekend")),
    ),
    ("buy paint labeled home", add("buy paint", tags=("home",))),
    ("buy paint label it as Home", add("buy paint", tags=("home",))),
    ("buy paint with tags home and garden", add("buy paint", tags=("home", "garden"))),
    (
        "prepare slides for Monday #Work p1",
        add("prepare slides", due=day("03-09"), priority="high", tags=("work",)),
    ),
    # --- recurrence
    (
        "take vitamins every day at 8am",
        add("take vitamins", due=at("03-05 08:00"), rule="FREQ=DAILY"),
    ),
    ("take vitamins daily", add("take vitamins", due=day("03-04"), rule="FREQ=DAILY")),
    ("take vitamins everyday", add("take vitamins", due=day("03-04"), rule="FREQ=DAILY")),
    (
        "take vitamins daily at 8pm",
        add("take vitamins", due=at("03-04 20:00"), rule="FREQ=DAILY"),
    ),
    ("stretch each morning", add("stretch", due=at("03-05 09:00"), rule="FREQ=DAILY")),
    ("stretch every morning", add("stretch", due=at("03-05 09:00"), rule="FREQ=DAILY")),
    ("journal every night", add("journal", due=at("03-04 20:00"), rule="FREQ=DAILY")),
    (
        "standup every weekday at 9:30",
        add("standup", due=at("03-05 09:30"), rule=WEEKDAYS),
    ),
    (
        "run every weekday at 7:30",
        add("run", due=at("03-05 07:30"), rule=WEEKDAYS),
    ),
    ("check email on weekdays", add("check email", due=day("03-04"), rule=WEEKDAYS)),
    (
        "team sync every monday at 9:30am",
        add("team sync", due=at("03-09 09:30"), rule="FREQ=WEEKLY;BYDAY=MO"),
    ),
    (
        "gym every monday and thursday",
        add("gym", due=day("03-05"), rule="FREQ=WEEKLY;BYDAY=MO,TH"),
    ),
    (
        "gym every mon, wed and fri at 6pm",
        add("gym", due=at("03-04 18:00"), rule="FREQ=WEEKLY;BYDAY=MO,WE,FR"),
    ),
    ("yoga on tuesdays", add("yoga", due=day("03-10"), rule="FREQ=WEEKLY;BYDAY=TU")),
    (
        "piano lesson on tuesdays and thursdays at 4pm",
        add("piano lesson", due=at("03-05 16:00"), rule="FREQ=WEEKLY;BYDAY=TU,TH"),
    ),
    ("clean the fridge weekly", add("clean the fridge", due=day("03-04"), rule="FREQ=WEEKLY")),
    ("clean the fridge every week", add("clean the fridge", due=day("03-04"), rule="FREQ=WEEKLY")),
    (
        "call grandma every other sunday",
        add("call grandma", due=day("03-08"), rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=SU"),
    ),
    (
        "water plants every 2 weeks on tuesday",
        add("water plants", due=day("03-10"), rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
    ),
    (
        "change the filter every 3 months",
        add("change the filter", due=day("03-04"), rule="FREQ=MONTHLY;INTERVAL=3"),
    ),
    (
        "backup photos every 10 days",
        add("backup photos", due=day("03-04"), rule="FREQ=DAILY;INTERVAL=10"),
    ),
    ("pay rent monthly", add("pay rent", due=day("03-04"), rule="FREQ=MONTHLY")),
    ("pay rent every month", add("pay rent", due=day("03-04"), rule="FREQ=MONTHLY")),
    (
        "pay rent on the 1st of every month",
        add("pay rent", due=day("04-01"), rule="FREQ=MONTHLY;BYMONTHDAY=1"),
    ),
    (
        "review budget on the 15th of each month",
        add("review budget", due=day("03-15"), rule="FREQ=MONTHLY;BYMONTHDAY=15"),
    ),
    (
        "pay the card every month on the 20th",
        add("pay the card", due=day("03-20"), rule="FREQ=MONTHLY;BYMONTHDAY=20"),
    ),
    ("renew domain yearly", add("renew domain", due=day("03-04"), rule="FREQ=YEARLY")),
    ("renew domain annually", add("renew domain", due=day("03-04"), rule="FREQ=YEARLY")),
    ("renew domain every year", add("renew domain", due=day("03-04"), rule="FREQ=YEARLY")),
    (
        "take out the trash every tuesday at 7pm #home",
        add(
            "take out the trash", due=at("03-10 19:00"), tags=("home",), rule="FREQ=WEEKLY;BYDAY=TU"
        ),
    ),
    (
        "remind me to take my pills every day at 9pm",
        add("take my pills", due=at("03-04 21:00"), remind=at("03-04 21:00"), rule="FREQ=DAILY"),
    ),
    # --- listing
    ("show my tasks", listing()),
    ("list tasks", listing()),
    ("what's pending?", listing()),
    ("what do I have to do", listing()),
    ("what do i have today", listing(due_from=day("03-04"), due_to=day("03-04"))),
    ("what do I have today?", listing(due_from=day("03-04"), due_to=day("03-04"))),
    ("what do i have tomorrow", listing(due_from=day("03-05"), due_to=day("03-05"))),
    ("whats due tomorrow", listing(due_from=day("03-05"), due_to=day("03-05"))),
    ("what's on this week", listing(due_from=WEEK[0], due_to=WEEK[1])),
    ("what do I have this week", listing(due_from=WEEK[0], due_to=WEEK[1])),
    ("show tasks due next week", listing(due_from=day("03-09"), due_to=day("03-15"))),
    ("tasks for this month", listing(due_from=day("03-01"), due_to=day("03-31"))),
    ("what's due in the next 3 days", listing(due_from=day("03-04"), due_to=day("03-07"))),
    ("anything due this weekend?", listing(due_from=day("03-07"), due_to=day("03-08"))),
    ("what's due on friday", listing(due_from=day("03-06"), due_to=day("03-06"))),
    ("show completed tasks", listing(status="completed")),
    ("show completed", listing(status="completed")),
    ("what have I finished", listing(status="completed")),
    ("show all tasks including completed", listing(status="all")),
    ("what's overdue?", listing(overdue=True)),
    ("show overdue tasks", listing(overdue=True)),
    ("show my high priority tasks", listing(priority=["high"])),
    ("list urgent tasks", listing(priority=["high"])),
    ("show low priority tasks", listing(priority=["low"])),
    ("show tasks tagged work", listing(tags=["work"])),
    ("show #home tasks", listing(tags=["home"])),
    ("find tasks about invoices", listing(search="invoices")),
    ("search for dentist", listing(search="dentist")),
    ("find dentist", listing(search="dentist")),
    ("sort by priority", listing(sort=("priority", "desc"))),
    ("show my tasks sorted by due date", listing(sort=("due", "asc"))),
    ("list tasks alphabetically", listing(sort=("title", "asc"))),
    ("show tasks newest first", listing(sort=("created", "desc"))),
    ("show tasks oldest first", listing(sort=("created", "asc"))),
    ("sort by due date descending", listing(sort=("due", "desc"))),
    ("list my tasks by priority", listing(sort=("priority", "desc"))),
    (
        "show my high priority tasks tagged work due this week sorted by due date",
        listing(
            priority=["high"],
            tags=["work"],
            due_from=WEEK[0],
            due_to=WEEK[1],
            sort=("due", "asc"),
        ),
    ),
    (
        "show completed tasks tagged home",
        listing(status="completed", tags=["home"]),
    ),
    # --- completing
    ("Mark Take vitamins complete", done("Take vitamins")),
    ("mark buy milk as done", done("buy milk")),
    ("mark the report as completed", done("report")),
    ("done with laundry", done("laundry")),
    ("I finished the report", done("report")),
    ("finished call mom", done("call mom")),
    ("complete buy milk", done("buy milk")),
    ("check off groceries", done("groceries")),
    ("tick off pay rent", done("pay rent")),
    ("buy milk is done", done("buy milk")),
    ("i did the dishes", done("dishes")),
    ("completed taxes", done("taxes")),
    # --- reopening
    ("reopen buy milk", reopen("buy milk")),
    ("re-open the report task", reopen("report")),
    ("mark call mom as not done", reopen("call mom")),
    ("mark laundry incomplete", reopen("laundry")),
    ("uncheck groceries", reopen("groceries")),
    # --- deleting
    ("delete the dentist task", delete("dentist")),
    ("delete buy milk", delete("buy milk")),
    ("remove call mom", delete("call mom")),
    ("remove milk from my shopping list", delete("milk")),
    ("cancel my dentist appointment", delete("dentist appointment")),
    ("get rid of the gym task", delete("gym")),
    ("erase laundry", delete("laundry")),
    ("delete task: water plants", delete("water plants")),
    ("delete all", delete("all")),
    ("delete all tasks", delete("all")),
    ("clear my list", delete("all")),
    # --- updating
    (
        "move the report to next friday at 3pm",
        update("report", due=at("03-13 15:00")),
    ),
    ("reschedule dentist to tomorrow", update("dentist", due=day("03-05"))),
    ("postpone taxes until next week", update("taxes", due=day("03-09"))),
    ("push gym to 6pm", update("gym", due=at("03-04 18:00"))),
    ("move laundry to saturday", update("laundry", due=day("03-07"))),
    ("change the due date of the report to 3/20", update("report", due=day("03-20"))),
    ("make taxes high priority", update("taxes", priority="high")),
    ("set laundry priority to low", update("laundry", priority="low")),
    ("change priority of the report to medium", update("report", priority="medium")),
    ("rename buy milk to buy oat milk", update("buy milk", title="buy oat milk")),
    ("tag the report with work", update("report", tags_add=["work"])),
    ("add tag urgent to taxes", update("taxes", tags_add=["urgent"])),
    ("remove tag work from the report", update("report", tags_remove=["work"])),
    ("remove the due date from laundry", update("laundry", due=None)),
    ("clear the reminder on the dentist task", update("dentist", remind_at=None)),
    ("make gym repeat every monday", update("gym", recurrence="FREQ=WEEKLY;BYDAY=MO")),
    ("stop repeating water plants", update("water plants", recurrence=None)),
    # --- help
    ("help", HELP),
    ("Help!", HELP),
    ("what can you do?", HELP),
    ("how does this work", HELP),
    ("?", HELP),
    # --- small talk and out of domain
    ("hi", UNKNOWN),
    ("hello there", UNKNOWN),
    ("thanks!", UNKNOWN),
    ("thank you so much", UNKNOWN),
    ("good morning", UNKNOWN),
    ("what's the weather like", UNKNOWN),
    ("tell me a joke", UNKNOWN),
    ("how are you?", UNKNOWN),
    ("what time is it", UNKNOWN),
    ("lol", UNKNOWN),
    ("ok", UNKNOWN),
    ("", UNKNOWN),
]

# Cases resolved in other zones or on daylight-saving days: (text, now, tz, expected).
ZONED_CASES: list[tuple[str, str, str, Expected]] = [
    (
        "call bob sunday at 2:30am",
        NOW,
        TZ,
        add("call bob", due="2026-03-08T03:30:00-04:00"),
    ),
    (
        "call bob sunday at 9am",
        NOW,
        TZ,
        add("call bob", due="2026-03-08T09:00:00-04:00"),
    ),
    (
        "call bob on nov 1 at 1:30am",
        NOW,
        TZ,
        add("call bob", due="2026-11-01T01:30:00-04:00"),
    ),
    (
        "call bob on march 29 at 1:30am",
        "2026-03-04T10:00:00+00:00",
        "Europe/London",
        add("call bob", due="2026-03-29T02:30:00+01:00"),
    ),
    (
        "call bob on oct 25 at 1:30am",
        "2026-03-04T10:00:00+00:00",
        "Europe/London",
        add("call bob", due="2026-10-25T01:30:00+01:00"),
    ),
    (
        "call bob tomorrow at 9am",
        "2026-03-28T12:00:00+00:00",
        "Europe/London",
        add("call bob", due="2026-03-29T09:00:00+01:00"),
    ),
    (
        "stretch in 2 hours",
        "2026-03-08T01:30:00-05:00",
        TZ,
        add("stretch", due="2026-03-08T04:30:00-04:00"),
    ),
    (
        "call bob tomorrow at 9am",
        "2026-03-04T22:00:00+09:00",
        "Asia/Tokyo",
        add("call bob", due="2026-03-05T09:00:00+09:00"),
    ),
]
