"""Held-out phrasings that add a task: command words or none, casing, priority and tags.

Each case is read at ``NOW``, its expected command built with the helpers of
:mod:`heldout_expected`.
"""

from __future__ import annotations

from tests.unit.chat.language.heldout_expected import Expected, add, day

ADDING: list[tuple[str, Expected]] = [
    # plain, with command words, lower case, no punctuation
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
    ("add call plumber to my list", add("call plumber")),
    ("add a task: order new glasses", add("order new glasses")),
    ("new todo - clean the oven", add("clean the oven")),
    ("need to buy stamps", add("buy stamps")),
    # priority
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
    ("file taxes by april 15 high priority", add("file taxes", due=day("04-15"), priority="high")),
    ("urgent call the landlord", add("call the landlord", priority="high")),
    ("fix the bike, low priority", add("fix the bike", priority="low")),
    ("send invoice asap", add("send invoice", priority="high")),
    # tags
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
    (
        "submit expense report by friday #work",
        add("submit expense report", due=day("03-06"), tags=("work",)),
    ),
    ("review PR #frontend #urgent", add("review PR", tags=("frontend", "urgent"))),
    ("draft the newsletter tagged marketing", add("draft the newsletter", tags=("marketing",))),
]
