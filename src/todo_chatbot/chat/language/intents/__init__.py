"""What a message asks for, and the words that name its task.

``parse`` reads one message: it skips wake words and politeness, tells help
and small talk apart, then tries each intent's reader in turn (a snooze of the
reminder that just rang, "snooze 10 min" or "remind me again later", comes
first; then a lead on a task the user has, "remind me 2 hours before the
dentist"; any other message that starts with "remind me" adds a task;
questions list tasks or, when they are about nothing the system keeps, are
unknown; complete, reopen, update and delete start with their verbs; anything
else that is not a question adds a task). Each reader claims the words it
understands; what is left is the title or the target.

The parts: :mod:`.dispatch` has ``parse`` and the order in which the readers
are tried; each intent's reader lives in a module named for it
(:mod:`.snoozing`, :mod:`.reminder_leads`, :mod:`.adding`,
:mod:`.list_requests`, :mod:`.marking` for complete and reopen,
:mod:`.updating`, :mod:`.deleting`); :mod:`.reading` and :mod:`.targets` hold
what the readers share.
"""
