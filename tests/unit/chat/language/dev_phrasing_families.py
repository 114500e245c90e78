"""Development phrasings for the families issue 20 names, written before the parser was changed.

One list per family, several phrasings each, read at ``NOW`` (Wednesday
2026-03-04 10:00 in New York). They are the parser's own development cases;
the issue's held-out set is kept apart and never tuned on.
"""

from __future__ import annotations

from tests.unit.chat.language.heldout_expected import (
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

FILLER: list[tuple[str, Expected]] = [
    ("note to self: buy stamps", add("buy stamps")),
    ("memo: renew passport by friday", add("renew passport", due=day("03-06"))),
    ("quick one: call the bank tomorrow", add("call the bank", due=day("03-05"))),
    ("I should really clean the garage", add("clean the garage")),
    ("i should really call grandma this weekend", add("call grandma", due=day("03-07"))),
    ("gotta pay the water bill", add("pay the water bill")),
    ("add to my list: pick up dry cleaning", add("pick up dry cleaning")),
    ("hey, add order printer ink please", add("order printer ink")),
    ("water the plants tomorrow thanks", add("water the plants", due=day("03-05"))),
    ("note to self - email Sam about the lease thanks!", add("email Sam about the lease")),
    ("mark the task called quarterly report as done", done("quarterly report")),
    ("delete the task called old notes", delete("old notes")),
    (
        "reminder to self: book flights friday",
        add("book flights", due=day("03-06"), remind=at("03-06 09:00")),
    ),
    ("quick note: defrost the freezer, thank you", add("defrost the freezer")),
]

PRIORITY_AND_TAGS: list[tuple[str, Expected]] = [
    ("file the expense report, it's urgent", add("file the expense report", priority="high")),
    ("fix the leaky tap - high prio", add("fix the leaky tap", priority="high")),
    ("book the dentist priority: low", add("book the dentist", priority="low")),
    ("renew library books, not urgent", add("renew library books", priority="low")),
    ("submit timesheet !high", add("submit timesheet", priority="high")),
    ("buy printer paper !1", add("buy printer paper", priority="high")),
    ("sort the recycling !2", add("sort the recycling", priority="medium")),
    ("wash the car !3", add("wash the car", priority="low")),
    ("call the plumber tag it home", add("call the plumber", tags=("home",))),
    (
        "order new chairs tags: office, furniture",
        add("order new chairs", tags=("office", "furniture")),
    ),
    (
        "pick up prescription #health, low priority",
        add("pick up prescription", priority="low", tags=("health",)),
    ),
    ("finish the slides asap", add("finish the slides", priority="high")),
    ("complete the visa form, urgent", add("complete the visa form", priority="high")),
    ("clear the gutters", add("clear the gutters")),
    ("clear the gutters on saturday", add("clear the gutters", due=day("03-07"))),
    ("empty the dishwasher", add("empty the dishwasher")),
    ("book flights !low", add("book flights", priority="low")),
]

REMINDERS_ON_TASKS: list[tuple[str, Expected]] = [
    (
        "set a reminder for the dentist task tomorrow at 8am",
        update("dentist", remind_at=at("03-05 08:00")),
    ),
    ("put a reminder on pay rent at 9am friday", update("pay rent", remind_at=at("03-06 09:00"))),
    (
        "put a reminder on the report for tomorrow at 2pm",
        update("report", remind_at=at("03-05 14:00")),
    ),
    ("add a reminder to the gym task at 6pm", update("gym", remind_at=at("03-04 18:00"))),
    ("remove the reminder on the report", update("report", remind_at=None)),
    ("turn off the reminder for gym", update("gym", remind_at=None)),
    ("don't remind me about the gym", update("gym", remind_at=None)),
    ("stop reminding me about taxes", update("taxes", remind_at=None)),
    ("no more reminders for the report", update("report", remind_at=None)),
]

CORRECTIONS: list[tuple[str, Expected]] = [
    ("the report is actually due tomorrow", update("report", due=day("03-05"))),
    ("the dentist is now due friday at 3pm", update("dentist", due=at("03-06 15:00"))),
    ("taxes are actually due next monday", update("taxes", due=day("03-09"))),
    ("pay rent should be low priority", update("pay rent", priority="low")),
    ("the report should be high priority", update("report", priority="high")),
    ("mark the report as high priority", update("report", priority="high")),
    ("mark taxes as urgent", update("taxes", priority="high")),
    ("gym is actually low priority", update("gym", priority="low")),
    ("take the work tag off the report", update("report", tags_remove=["work"])),
    ("remove the home tag from gym", update("gym", tags_remove=["home"])),
    ("make gym repeat every 3 days", update("gym", recurrence="FREQ=DAILY;INTERVAL=3")),
    ("change yoga to every sunday", update("yoga", recurrence="FREQ=WEEKLY;BYDAY=SU")),
    (
        "change the standup to every weekday",
        update("standup", recurrence="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    ),
]

SORTS: list[tuple[str, Expected]] = [
    ("show my tasks newest first", listing(("created", "desc"))),
    ("list tasks oldest first", listing(("created", "asc"))),
    ("show tasks A-Z", listing(("title", "asc"))),
    ("list my tasks alphabetically", listing(("title", "asc"))),
    ("show tasks by deadline", listing(("due", "asc"))),
    ("show my tasks most important first", listing(("priority", "desc"))),
    ("list tasks lowest first", listing(("priority", "asc"))),
    ("show tasks by date added", listing(("created", "desc"))),
    ("show my tasks furthest due first", listing(("due", "desc"))),
    ("newest first", listing(("created", "desc"))),
    ("alphabetically please", listing(("title", "asc"))),
    ("most important first", listing(("priority", "desc"))),
]

FINISHED: list[tuple[str, Expected]] = [
    ("what have I completed", listing(status="completed")),
    ("show my done tasks", listing(status="completed")),
    ("what did I already do", listing(status="completed")),
    ("show all my tasks done or not", listing(status="all")),
    ("list completed tasks", listing(status="completed")),
    ("what have i finished", listing(status="completed")),
    ("what did i get done", listing(status="completed")),
]

PARTS_OF_DAY: list[tuple[str, Expected]] = [
    ("run every morning at 6:30", add("run", due=at("03-05 06:30"), rule="FREQ=DAILY")),
    (
        "stretch every weekday morning",
        add("stretch", due=at("03-05 09:00"), rule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    ),
    ("call mom sunday night", add("call mom", due=at("03-08 20:00"))),
    ("review the PR this afternoon at 4", add("review the PR", due=at("03-04 16:00"))),
    (
        "take out the trash every evening",
        add("take out the trash", due=at("03-04 18:00"), rule="FREQ=DAILY"),
    ),
    (
        "water the plants every saturday morning",
        add("water the plants", due=at("03-07 09:00"), rule="FREQ=WEEKLY;BYDAY=SA"),
    ),
    ("read every night at 10", add("read", due=at("03-04 22:00"), rule="FREQ=DAILY")),
    ("send the invoice friday afternoon", add("send the invoice", due=at("03-06 15:00"))),
]

MEANINGLESS: list[tuple[str, Expected]] = [
    ("asdfgh", UNKNOWN),
    ("asdf jkl", UNKNOWN),
    ("jkjkjk", UNKNOWN),
    ("qwerty", UNKNOWN),
    ("sdfghjk", UNKNOWN),
    ("hmm", UNKNOWN),
    ("hmmmm", UNKNOWN),
    ("meh", UNKNOWN),
    ("ugh", UNKNOWN),
    ("whatever", UNKNOWN),
    ("idk", UNKNOWN),
    ("huh?", UNKNOWN),
    ("why is the sky blue", UNKNOWN),
    ("how do magnets work", UNKNOWN),
    ("who invented the telephone", UNKNOWN),
    ("what is the tallest mountain", UNKNOWN),
    ("buy milk", add("buy milk")),
    ("groceries", add("groceries")),
    ("dentist appointment", add("dentist appointment")),
    ("xkcd comic for Bob", add("xkcd comic for Bob")),
]

TYPOS: list[tuple[str, Expected]] = [
    ("pay rent tomorrow aftrenoon", add("pay rent", due=at("03-05 15:00"))),
    ("wats due today", listing(due_from=day("03-04"), due_to=day("03-04"))),
    ("whats due tomorow", listing(due_from=day("03-05"), due_to=day("03-05"))),
    ("shwo my tasks", listing()),
    ("lst my tasks", listing()),
    ("delet buy milk", delete("buy milk")),
    ("delte the report", delete("report")),
    ("cancle the dentist", delete("dentist")),
    ("complet the report", done("report")),
    (
        "remnd me to call mom at 5pm",
        add("call mom", due=at("03-04 17:00"), remind=at("03-04 17:00")),
    ),
    ("remidn me to pay rent friday", add("pay rent", due=day("03-06"), remind=at("03-06 09:00"))),
    ("submit the form by firday", add("submit the form", due=day("03-06"))),
    ("team meeting wednesdya at 3pm", add("team meeting", due=at("03-11 15:00"))),
    ("clean the house satruday", add("clean the house", due=day("03-07"))),
    ("finish the essay 2day", add("finish the essay", due=day("03-04"))),
    ("call mom tmr", add("call mom", due=day("03-05"))),
    ("buy a sundae", add("buy a sundae")),
    ("call Frida", add("call Frida")),
    ("movie tickets friday", add("movie tickets", due=day("03-06"))),
    ("park the car", add("park the car")),
]

NAMED_CASES: list[tuple[str, Expected]] = [
    ("what's next?", listing(("due", "asc"))),
    ("whats next on my list", listing(("due", "asc"))),
    ("how many tasks do I have left?", listing()),
    ("show me my work stuff", listing(tags=["work"])),
    ("show me my home stuff", listing(tags=["home"])),
    (
        "gym mon wed fri at 7am",
        add("gym", due=at("03-06 07:00"), rule="FREQ=WEEKLY;BYDAY=MO,WE,FR"),
    ),
    ("yoga tue thu at 6pm", add("yoga", due=at("03-05 18:00"), rule="FREQ=WEEKLY;BYDAY=TU,TH")),
]

QUOTED: list[tuple[str, Expected]] = [
    ('add "The 5th Wave" by friday', add("The 5th Wave", due=day("03-06"))),
    ('add "call at 5" tomorrow', add("call at 5", due=day("03-05"))),
    ('"Meeting notes for Monday" tag work', add("Meeting notes for Monday", tags=("work",))),
    (
        "read \u201cTomorrow and Tomorrow\u201d tonight",
        add("read \u201cTomorrow and Tomorrow\u201d", due=at("03-04 20:00")),
    ),
    ('delete "buy milk tomorrow"', delete("buy milk tomorrow")),
    ('mark "done deal" as done', done("done deal")),
    ('add "urgent: call Bob" p3', add("urgent: call Bob", priority="low")),
]

# Round 2: written after round 1 passed, before the parser was run on them.
ROUND_TWO: list[tuple[str, Expected]] = [
    ("note to self: call the vet friday", add("call the vet", due=day("03-06"))),
    ("memo - order business cards", add("order business cards")),
    ("gotta renew my license next week", add("renew my license", due=day("03-09"))),
    ("I should really start running", add("start running")),
    ("add to my todo list: fix the fence", add("fix the fence")),
    ("hey add wash the dog please", add("wash the dog")),
    ("book a haircut tomorrow, thanks", add("book a haircut", due=day("03-05"))),
    ("quick one - text Maria", add("text Maria")),
    ("delete the one called gym bag", delete("gym bag")),
    ("pay the electric bill, it's important", add("pay the electric bill", priority="high")),
    ("call the insurance company - low prio", add("call the insurance company", priority="low")),
    ("buy a new kettle priority: medium", add("buy a new kettle", priority="medium")),
    ("organize the closet, not urgent", add("organize the closet", priority="low")),
    ("prepare the demo !urgent", add("prepare the demo", priority="high")),
    ("fix the bike tag it errands", add("fix the bike", tags=("errands",))),
    ("buy batteries tags: home, shopping", add("buy batteries", tags=("home", "shopping"))),
    ("finish the report asap", add("finish the report", priority="high")),
    ("clear the snow from the driveway", add("clear the snow from the driveway")),
    ("set a reminder for the rent task friday at 9am", update("rent", remind_at=at("03-06 09:00"))),
    (
        "put a reminder on the car wash tomorrow at noon",
        update("car wash", remind_at=at("03-05 12:00")),
    ),
    ("turn off the reminder on the dentist", update("dentist", remind_at=None)),
    ("don't remind me about the report anymore", update("report", remind_at=None)),
    ("the report is actually due next friday", update("report", due=day("03-13"))),
    ("the dentist should be high priority", update("dentist", priority="high")),
    ("mark the presentation as high priority", update("presentation", priority="high")),
    ("take the urgent tag off taxes", update("taxes", tags_remove=["urgent"])),
    ("make laundry repeat every 2 weeks", update("laundry", recurrence="FREQ=WEEKLY;INTERVAL=2")),
    ("change gym to every monday", update("gym", recurrence="FREQ=WEEKLY;BYDAY=MO")),
    ("show me my tasks oldest first", listing(("created", "asc"))),
    ("sort my tasks A-Z", listing(("title", "asc"))),
    ("show everything alphabetically", listing(("title", "asc"), status="all")),
    ("list my tasks by deadline", listing(("due", "asc"))),
    ("show tasks lowest priority first", listing(("priority", "asc"))),
    ("list tasks by date added", listing(("created", "desc"))),
    (
        "what have I done this week",
        listing(status="completed", due_from=day("03-02"), due_to=day("03-08")),
    ),
    ("show me completed tasks", listing(status="completed")),
    ("what did i finish", listing(status="completed")),
    ("show tasks done or not", listing(status="all")),
    ("meditate every morning at 7", add("meditate", due=at("03-05 07:00"), rule="FREQ=DAILY")),
    (
        "check email every weekday morning at 8",
        add("check email", due=at("03-05 08:00"), rule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    ),
    ("call dad saturday night", add("call dad", due=at("03-07 20:00"))),
    ("pick up the kids this afternoon at 3", add("pick up the kids", due=at("03-04 15:00"))),
    ("zxcvbn", UNKNOWN),
    ("hmm ok", UNKNOWN),
    ("ughhh", UNKNOWN),
    ("why do cats purr", UNKNOWN),
    ("milk and eggs", add("milk and eggs")),
    ("lsit my tasks", listing()),
    ("shw my tasks", listing()),
    ("delte buy milk", delete("buy milk")),
    (
        "remind me to call bob tmrw at 5pm",
        add("call bob", due=at("03-05 17:00"), remind=at("03-05 17:00")),
    ),
    ("pay rent thursady", add("pay rent", due=day("03-05"))),
    ("dentist tomorow afternoon", add("dentist", due=at("03-05 15:00"))),
    ("whats due this week", listing(due_from=day("03-02"), due_to=day("03-08"))),
    ("what's next", listing(("due", "asc"))),
    ("how many tasks are left", listing()),
    ("show me my school stuff", listing(tags=["school"])),
    (
        "swim tue thu sat at 6am",
        add("swim", due=at("03-05 06:00"), rule="FREQ=WEEKLY;BYDAY=TU,TH,SA"),
    ),
    ("buy bread !2", add("buy bread", priority="medium")),
    ('add "Monday meeting notes" tomorrow', add("Monday meeting notes", due=day("03-05"))),
    (
        'remind me to watch "Next Friday" at 8pm',
        add('watch "Next Friday"', due=at("03-04 20:00"), remind=at("03-04 20:00")),
    ),
]

FAMILIES: dict[str, list[tuple[str, Expected]]] = {
    "filler": FILLER,
    "priority_and_tags": PRIORITY_AND_TAGS,
    "reminders_on_tasks": REMINDERS_ON_TASKS,
    "corrections": CORRECTIONS,
    "sorts": SORTS,
    "finished": FINISHED,
    "parts_of_day": PARTS_OF_DAY,
    "meaningless": MEANINGLESS,
    "typos": TYPOS,
    "named_cases": NAMED_CASES,
    "quoted": QUOTED,
    "round_two": ROUND_TWO,
}
