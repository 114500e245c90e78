"""Messages that mean nothing: keyboard mashes and lone interjections ("asdfgh", "hmm", "meh").

Such a message is ``unknown``, never a task. A word is a mash when it starts
along a keyboard row ("asdf...", "jkl"), has five letters or more and no vowel
("sdfghjk"), or repeats a short unit ("jkjkjk", "lololol"); pauses
("let me think", "hold on", "no idea") count as nothing too; letters held down
("hmmmm", "ughhh") count once. Any word that is none of these, a number or
a real word, makes the message something else: "buy milk", "xkcd comic".
"""

from __future__ import annotations

import re
from typing import Final

_ROWS: Final = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_INTERJECTIONS: Final = frozenset(
    {"hm", "hmm", "meh", "ugh", "uh", "um", "umm", "er", "erm", "eh", "huh", "ah", "aha", "oh"}
    | {"argh", "arg", "blah", "bleh", "pfft", "psst", "shh", "sigh", "whatever", "idk", "dunno"}
    | {"nvm", "omg", "wtf", "ffs", "welp", "yikes", "yawn", "zz", "duh", "bah", "hah", "ha", "heh"}
    | {"oof", "ow", "ouch", "whoa", "woah", "yay", "nah", "ehh", "mhm", "uhh", "ummm", "hmph"}
    | {"lol", "lmao", "rofl", "xd", "smh", "ok", "k", "so", "well", "hey", "wow", "oops"}
    | {"nothing", "nope", "yeah", "yep", "yes", "no", "okay", "sure", "fine", "alright"}
    | {"uhm", "hmmm", "cool", "nice", "great", "man", "dude", "bro", "right", "lmk", "haha"}
)
_FUNCTION_WORDS: Final = frozenset(
    {"the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "it"}
    | {"this", "that", "is", "if", "then", "as", "by", "from", "up", "so"}
)
"""Words that say nothing alone: a message of only these ("the", "and") is nothing meant."""
_HOME_ROW: Final = frozenset("asdfghjkl")
_HELD = re.compile(r"(.)\1{2,}")
_REPEATED_UNIT = re.compile(r"^(.{1,3})\1{2,}")
_PAUSES = re.compile(
    r"(?<![a-z'])(?:let me think|lemme think|hold on|hang on|one sec(?:ond)?|just a (?:sec|second|"
    r"minute|moment)|give me a (?:sec|second|minute|moment)|wait a (?:sec|second|minute)|"
    r"i don't know|i dont know|i dunno|not sure|no idea|never ?mind)(?![a-z'])"
)
_TWICE = re.compile(r"^([a-z]{3})\1+$")
_WORD = re.compile(r"[a-z']+|\d+|[^\sa-z\d]")


def means_nothing(text: str) -> bool:
    """Whether every word of ``text`` is a mash, an interjection or a pause ("let me think")."""
    lowered = text.lower()
    if len(lowered) > 80:
        return False
    paused = _PAUSES.sub(" ", lowered)
    words = [w for w in _WORD.findall(paused) if w[0].isalnum()]
    if not words:
        return paused != lowered
    if all(word in _FUNCTION_WORDS for word in words):
        return True
    return len(words) <= 6 and all(_is_noise(word) for word in words)


def _is_noise(word: str) -> bool:
    if not word.isalpha():
        return False
    squashed = _HELD.sub(r"\1", word)
    if squashed in _INTERJECTIONS or _HELD.sub(r"\1\1", word) in _INTERJECTIONS:
        return True
    return _is_mash(word)


def _is_mash(word: str) -> bool:
    repeated = _REPEATED_UNIT.match(word) if len(word) >= 6 else None
    if repeated and repeated.group(1).startswith(word[repeated.end() :]):
        return True  # "jkjkjk", "lololol"
    twice = _TWICE.match(word)
    if twice and _runs_along_a_row(twice.group(1)):
        return True  # "asdasd"
    if len(word) >= 5 and not any(vowel in word for vowel in "aeiouy"):
        return True
    if len(word) >= 6 and set(word) <= _HOME_ROW and len(set(word)) >= 4:
        return True  # "ajsdkfj": fingers resting on the home row
    return _runs_along_a_row(word)


def _runs_along_a_row(word: str) -> bool:
    """A whole word of 3 letters, or the first 4+ letters of a longer one, typed along a row.

    Only the start counts: "liberty" and "property" hold "erty" further in.
    """
    piece = word if len(word) == 3 else word[:4] if len(word) > 3 else ""
    return bool(piece) and any(piece in row or piece[::-1] in row for row in _ROWS)
