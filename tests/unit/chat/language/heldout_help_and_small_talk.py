"""Held-out messages that ask for help, and small talk and questions about the world (unknown).

Each case is read at ``NOW``, its expected command built with the helpers of
:mod:`heldout_expected`.
"""

from __future__ import annotations

from tests.unit.chat.language.heldout_expected import HELP, UNKNOWN, Expected

HELP_AND_SMALL_TALK: list[tuple[str, Expected]] = [
    # help
    ("help", HELP),
    ("Help!", HELP),
    ("what can you do?", HELP),
    ("how does this work", HELP),
    ("?", HELP),
    ("how do I use this?", HELP),
    ("what can I say", HELP),
    ("help me", HELP),
    ("what commands do you understand", HELP),
    # small talk and out of domain
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
    ("hey there", UNKNOWN),
    ("thanks a lot", UNKNOWN),
    ("who won the game last night", UNKNOWN),
    ("what's 2 plus 2", UNKNOWN),
    ("good night", UNKNOWN),
    ("hello", UNKNOWN),
    ("thx", UNKNOWN),
    ("you're awesome", UNKNOWN),
    ("what is the capital of france", UNKNOWN),
    ("how tall is mount everest", UNKNOWN),
    ("play some jazz", UNKNOWN),
]
