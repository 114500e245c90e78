"""Dates and times in a message: "tomorrow at 5pm", "next friday", "in 20 minutes".

The grammar reads *pieces*: a day or a range of days ("friday", "next week",
"march 5th"), a clock time ("5pm", "half past four"), a part of the day
("tonight", "in the morning"), an exact instant ("in 20 minutes") or a zone
("GMT"). Pieces that stand next to each other, with at most a few linking
words between them ("friday *at* 5pm"), form one :class:`~.values.Moment`. A moment
resolves against ``now`` in the user's zone:

- an instant is itself ("in N minutes / hours": ``now`` plus N, to the second);
- a day and a time make a date-time, the wall time in the zone turned into an
  instant by :func:`~todo_chatbot.core.timekeeping.to_instant` (a time in a
  spring-forward gap moves forward; a repeated one takes its first instant);
- a time alone is the next time that wall-clock time occurs after ``now``;
- a day alone is a date with no time.

Conventions (see the contract): a weekday is the first such day after today,
never today; "next friday" is the Friday of next week; "next week" is its
Monday; "this weekend" the coming Saturday; "end of the month" its last day;
"in N days / weeks / months" a date; morning 09:00, noon 12:00, afternoon
15:00, evening 18:00, night 20:00, end of day 17:00. Numeric dates are US
style (3/20 is March 20). An hour said without am/pm and without a day is the
sooner of its two readings; with a day it is read as a working hour (1 to 6
in the afternoon, 7 to 11 in the morning).

The parts, in the order a message goes through them:

- :mod:`.values`: what is read (Now, Days, TimeOfDay, DayPart, Piece, Moment);
- :mod:`.grammar`: the rule table ``RULES``, one pattern and reader per phrase;
- the readers it calls: :mod:`.instants` ("now", "in 20 minutes"),
  :mod:`.days` (one day: "friday", "march 5th"), :mod:`.periods` (runs of
  days: "next week", "this summer") and :mod:`.times` (clock times, parts of
  the day, zones), with :mod:`.date_words` for the numbers and names in them;
- :mod:`.moments`: finding the pieces in a sentence and grouping them;
- :mod:`.resolving`: a moment as a due, or as a run of days for a list.
"""
