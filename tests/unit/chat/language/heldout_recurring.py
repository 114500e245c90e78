"""Held-out phrasings of repeating tasks: "every weekday at 9am", "on the 25th of every month".

Each case is read at ``NOW``, its expected command built with the helpers of
:mod:`heldout_expected`.
"""

from __future__ import annotations

from tests.unit.chat.language.heldout_expected import Expected, add, at, day

WEEKDAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"

RECURRING: list[tuple[str, Expected]] = [
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
    (
        "backup laptop every 2 weeks on tuesday",
        add("backup laptop", due=day("03-10"), rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
    ),
    (
        "run every weekday at 6:30am",
        add("run", due=at("03-05 06:30"), rule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    ),
    ("journal each evening", add("journal", due=at("03-04 18:00"), rule="FREQ=DAILY")),
    ("vitamins every morning at 8", add("vitamins", due=at("03-05 08:00"), rule="FREQ=DAILY")),
    (
        "pay mortgage monthly on the 1st",
        add("pay mortgage", due=day("04-01"), rule="FREQ=MONTHLY;BYMONTHDAY=1"),
    ),
    (
        "renew car registration every year",
        add("renew car registration", due=day("03-04"), rule="FREQ=YEARLY"),
    ),
    (
        "laundry every saturday morning",
        add("laundry", due=at("03-07 09:00"), rule="FREQ=WEEKLY;BYDAY=SA"),
    ),
]
