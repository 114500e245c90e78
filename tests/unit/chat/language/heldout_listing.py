"""Held-out requests for lists: "what's on today", "show tasks tagged home", "sort by name".

Each case is read at ``NOW``, its expected command built with the helpers of
:mod:`heldout_expected`.
"""

from __future__ import annotations

from tests.unit.chat.language.heldout_expected import Expected, day, listing

WEEK = ("2026-03-02", "2026-03-08")
"""Monday to Sunday of the week of ``NOW``."""

LISTING: list[tuple[str, Expected]] = [
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
    ("what's next", listing(("due", "asc"))),  # issue 20: "what's next?" lists by due
    ("list tasks sorted by priority", listing(sort=("priority", "desc"))),
    ("show tasks by due date", listing(sort=("due", "asc"))),
    ("search tasks for groceries", listing(search="groceries")),
    ("show me tasks about the wedding", listing(search="wedding")),
    ("what's due next week", listing(due_from=day("03-09"), due_to=day("03-15"))),
    ("show pending tasks", listing()),
    ("do I have anything on friday", listing(due_from=day("03-06"), due_to=day("03-06"))),
    ("what do i have tomorrow?", listing(due_from=day("03-05"), due_to=day("03-05"))),
    ("What do I have this week", listing(due_from="2026-03-02", due_to="2026-03-08")),
    ("what's on today", listing(due_from=day("03-04"), due_to=day("03-04"))),
    ("anything due tomorrow", listing(due_from=day("03-05"), due_to=day("03-05"))),
    ("show me my tasks for next week", listing(due_from=day("03-09"), due_to=day("03-15"))),
    (
        "show completed tasks from this week",
        listing(status="completed", due_from="2026-03-02", due_to="2026-03-08"),
    ),
    ("list all completed", listing(status="completed")),
    ("sort my tasks by priority", listing(sort=("priority", "desc"))),
    ("sort by name", listing(sort=("title", "asc"))),
    ("show high priority", listing(priority=["high"])),
    (
        "list low priority tasks due this month",
        listing(priority=["low"], due_from=day("03-01"), due_to=day("03-31")),
    ),
    ("show tasks tagged work and urgent", listing(tags=["work", "urgent"])),
    ("what's overdue", listing(overdue=True)),
    ("show everything overdue sorted by due date", listing(overdue=True, sort=("due", "asc"))),
    ("find my tasks about taxes", listing(search="taxes")),
    ("search dentist", listing(search="dentist")),
]
