"""Held-out round 6: the families of round 5 again, written after round 5 passed and
before the parser ran on them, to measure round 5's rules on phrasings they were not
made from. Each case is read at ``NOW``; docs/parser.md has the first run.
"""

from __future__ import annotations

from tests.unit.chat.language.heldout_expected import (
    HELP,
    UNKNOWN,
    Expected,
    add,
    at,
    day,
    delete,
    done,
    listing,
    update,
)
from tests.unit.chat.language.heldout_round5 import selecting

WEEK = (day("03-02"), day("03-08"))

ROUND_6: list[tuple[str, Expected]] = [
    # filler
    ("note to self buy printer paper", add("buy printer paper")),
    ("could u add renew library books", add("renew library books")),
    ("i need to call the insurance guy tmrw", add("call the insurance guy", due=day("03-05"))),
    ("pls delete the task called yoga class", delete("yoga class")),
    ("can you mark laundry as done please", done("laundry")),
    ("hey add pick up prescription at 5", add("pick up prescription", due=at("03-04 17:00"))),
    # priority and tags after the title
    ("email the landlord, urgent", add("email the landlord", priority="high")),
    ("order new glasses - low priority", add("order new glasses", priority="low")),
    ("book dentist #health p2", add("book dentist", priority="medium", tags=("health",))),
    ("clean the garage tag it home", add("clean the garage", tags=("home",))),
    ("send the slides under #work", add("send the slides", tags=("work",))),
    ("pay parking ticket asap", add("pay parking ticket", priority="high")),
    # reminders on a task the user has
    ("remind me about the plumber at 2pm", update("plumber", remind_at=at("03-04 14:00"))),
    (
        "remind me about my flight friday at 6am",
        update("flight", remind_at=at("03-06 06:00")),
    ),
    (
        "set a reminder for the rent on monday",
        update("rent", remind_at=at("03-09 09:00")),
    ),
    ("remind me 15 minutes before standup", update("standup")),
    ("no more alerts for the gym please", update("gym", remind_at=None)),
    (
        "remind me about dinner with sam tomorrow at 7pm",
        add("dinner with sam", due=at("03-05 19:00"), remind=at("03-05 19:00")),
    ),
    # corrections
    ("rename laundry to do laundry", update("laundry", title="do laundry")),
    ("make the essay high priority", update("essay", priority="high")),
    ("the taxes should be due next monday", update("taxes", due=day("03-09"))),
    ("change the vet to 11am", update("vet", due_time="11:00")),
    ("set my haircut to saturday at 10am", update("haircut", due=at("03-07 10:00"))),
    ("make groceries low priority", update("groceries", priority="low")),
    # sorts
    ("show my list sorted by priority", listing(("priority", "desc"))),
    ("oldest first", listing(("created", "asc"))),
    ("list tasks by due", listing(("due", "asc"))),
    ("show work tasks alphabetically", listing(("title", "asc"), tags=["work"])),
    ("sort them by priority", listing(("priority", "desc"))),
    ("show everything newest first", listing(("created", "desc"), status="all")),
    # finished tasks
    (
        "what did i finish today",
        listing(status="completed", due_from=day("03-04"), due_to=day("03-04")),
    ),
    ("show finished tasks", listing(status="completed")),
    ("what have i done this week", listing(status="completed", due_from=WEEK[0], due_to=WEEK[1])),
    ("list all the things i completed", listing(status="completed")),
    ("show my done home tasks", listing(status="completed", tags=["home"])),
    ("how many tasks have i finished", {**listing(status="completed"), "count": True}),
    # parts of the day
    ("call dad saturday morning", add("call dad", due=at("03-07 09:00"))),
    ("run every evening at 6", add("run", due=at("03-04 18:00"), rule="FREQ=DAILY")),
    ("pack bags tonight", add("pack bags", due=at("03-04 20:00"))),
    ("review notes in the afternoon", add("review notes", due=at("03-04 15:00"))),
    ("lunch with amy friday at noon", add("lunch with amy", due=at("03-06 12:00"))),
    ("stretch every morning at 7:15", add("stretch", due=at("03-05 07:15"), rule="FREQ=DAILY")),
    # help
    ("help please", HELP),
    ("im stuck", HELP),
    ("what can you help with", HELP),
    ("how do i use this app", HELP),
    ("i dont get it", HELP),
    ("what should i say", HELP),
    # nothing meant
    ("asdfasdf lol", UNKNOWN),
    ("ok lol", UNKNOWN),
    ("ummm", UNKNOWN),
    ("the and", UNKNOWN),
    ("🤔", UNKNOWN),
    ("meh ok", UNKNOWN),
    # bulk
    (
        "make all school tasks high priority",
        selecting(update("all school", priority="high"), tags=["school"]),
    ),
    (
        "delete all tasks tagged junk",
        selecting(delete("all tasks tagged junk"), tags=["junk"]),
    ),
    (
        "complete everything tagged shopping",
        selecting(done("everything tagged shopping"), tags=["shopping"]),
    ),
    (
        "add #later to all home tasks",
        selecting(update("all home", tags_add=["later"]), tags=["home"]),
    ),
]
