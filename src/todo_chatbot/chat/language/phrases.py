"""Fixed phrases: fillers to skip, small talk, help requests, and what titles and targets shed.

Kept apart from the rules that use them so that the vocabulary can be read,
and extended, in one place.
"""

from __future__ import annotations

import re
from typing import Final

from todo_chatbot.chat.language.words import Sentence, Span

_FILLER = re.compile(
    r"^(?:(?:hey|hi|hello|yo|ok|okay|olly|alexa|siri|google|ok google|hey siri|hey google|"
    r"computer|assistant|bot|please|pls|kindly|so|um|uh|uhm|well|also|and|then|now|oh|right|"
    r"alright|quickly|just|could you please|can you please|can you|could you|would you|will you|"
    r"would you please|will you please|can u|could u|you can|i want you to|i need you to|"
    r"i would like you to|i'd like you to|go ahead and|help me|buddy|mate|dude|,) )+"
)
SMALL_TALK = re.compile(
    r"^(?:(?:hi|hello|hey|hiya|howdy|yo|sup|greetings|good (?:morning|afternoon|evening|night|"
    r"day)|gm|gn)(?: there| again| everyone| all| friend| buddy| bot| olly| assistant| you)?|"
    r"(?:thanks|thank you|thank u|many thanks|cheers|much appreciated|appreciate it)"
    r"(?: (?:a lot|so much|very much|again|a bunch|anyway|man|buddy|bot|olly|for (?:that|"
    r"the help|your help|everything)))*|ok|okay|k|kk|sure|yes|yeah|yep|yup|no|nope|nah|cool|"
    r"nice|great|awesome|perfect|got it|alright|all right|fine|good|lol|haha|hahaha|lmao|hmm|"
    r"hm|wow|oops|bye|goodbye|bye bye|see you|see ya|later|good job|well done|nice job|"
    r"never mind|nevermind|forget it|nothing|no thanks|you rock|love you|i love you|"
    r"how are you(?: doing)?(?: today)?|how is it going|how's it going|hows it going|"
    r"how are things|what's up|whats up|wassup|who are you|what are you|what is your name|"
    r"what's your name|whats your name|are you (?:a )?(?:robot|bot|human|real|there)|"
    r"tell me (?:a )?joke|tell me a story|tell me something funny|make me laugh|"
    r"sing(?: me)? a song|what's the weather(?: like)?(?: today| tomorrow)?|what is the weather"
    r"(?: like)?(?: today| tomorrow)?|whats the weather(?: like)?(?: today| tomorrow)?|"
    r"how's the weather|how is the weather|weather|is it going to rain(?: today| tomorrow)?|"
    r"will it rain(?: today| tomorrow)?|what time is it|what's the time|whats the time|"
    r"what is the time|what day is it(?: today)?|what's today's date|what is today's date|"
    r"what's the date(?: today)?|what is the date(?: today)?|play (?:some )?music|"
    r"play (?:a |my )?(?:song|songs|playlist)|i'm bored|im bored|test|testing|"
    r"(?:you're|youre|you are|ur) (?:so |really |very )?(?:awesome|great|the best|amazing|cool|"
    r"funny|smart|clever|helpful|nice|stupid|dumb|useless|annoying|wrong)|good bot|bad bot|"
    r"play (?:some |a |my |the )?(?:jazz|rock|pop|classical|hip hop|rap|country|blues|lofi|"
    r"radio|podcast|music|tunes)(?: music)?)$"
)
HELP = re.compile(
    r"^(?:help(?: me)?(?: please)?|what can you do|what do you do|what can i do|"
    r"what can i (?:say|ask|type)|how does (?:this|it|this thing|this app) work|how do i use "
    r"(?:this|you|it|this app)|how do you work|how (?:can|do) i (?:use|talk to) you|"
    r"what are (?:the|your) commands|(?:show|list)(?: me)? (?:the |your )?commands|commands|"
    r"usage|instructions|how to use(?: this| you)?|menu|options|i need help|i'm lost|im lost|"
    r"what should i say|examples|give me (?:some )?examples|how do i add (?:a )?tasks?|"
    r"what commands do you (?:know|understand|accept)|"
    r"(?:i )?need (?:some |a little |a bit of )?help|can you help(?: me)?|"
    r"(?:i'm|im|i am) (?:so |a bit |kinda |kind of |totally |completely )?(?:lost|confused|stuck)|"
    r"i (?:don't|dont|do not) (?:get it|understand(?: this| how (?:this|it) works)?|know how "
    r"(?:this|it) works)|what (?:do|should|can) i (?:say|ask|type|write)(?: (?:to you|here|"
    r"now|next))*|(?:what|how much) can (?:you|this|this bot|this app|the bot|the app|it) do"
    r"(?: for me)?|(?:show|tell) me what you can do|"
    r"(?:what|how) (?:can|could|do) you help(?: me)?(?: with)?)$"
)
QUESTION_WORDS: Final = frozenset(
    {"what", "what's", "whats", "when", "where", "which", "who", "whose", "why", "how", "is"}
    | {"are", "am", "do", "does", "did", "can", "could", "will", "would", "should", "have"}
    | {"has", "any", "anything", "was", "were", "how's", "when's", "where's", "who's", "wat"}
)
TITLE_EDGES: Final = frozenset(
    {"to", "that", "about", "of", "for", "on", "at", "by", "and", ",", "with", "due", "from"}
    | {"until", "before", "after", "starting", "please", "pls", "every", "in", "is", "it"}
    | {"also", "then", "so", "-", "me", "or", "&", "beginning", "around", "@", "the", "a", "an"}
)
TITLE_LEADING_KEEP: Final = frozenset({"the", "a", "an"})
"""Articles stay at the start of a title ("the Smiths' party"); they go only at its end."""
DETERMINERS: Final = frozenset(
    {"the", "my", "a", "an", "this", "that", "these", "those", "our", "your", "his", "her"}
)
_CONTAINER = (
    r"(?:(?:to|on|onto|in|into|from|off|of|off of|out of|for) )(?:my |the |our |your )?"
    r"(?:[\w'-]+ ){0,2}?(?:list|lists|todo list|to do list|todo|todos|to dos|tasks|task list|"
    r"calendar|schedule|agenda|reminders|planner|diary|notes|errands)(?: list)?"
)
CONTAINER_SUFFIX = re.compile(rf"(?<!\S){_CONTAINER}(?!\S)")
TARGET_NOUNS: Final = frozenset(
    {"task", "tasks", "todo", "todos", "item", "items", "reminder", "entry", "one", "thing"}
)


_NOTE_LEAD = re.compile(
    r"(?:note to self|note to myself|notes to self|self note|memo to self|memo to myself|memo|"
    r"quick (?:one|1)|quick note|quick task|(?:one|1) more(?: thing)?|another (?:one|1)|"
    r"new (?:one|1)|for my list|for the list)(?: ,)?(?!\S)"
)
_TRAILING_THANKS = re.compile(
    r"(?:(?<=^)|(?<=[^\S]))(?<!a )(?<!the )(?<!say )(?<!send )(?<!write )(?<!no )"
    r"(?:, )?(?:thanks|thank you|thank u|cheers|please|ta)(?: (?:so much|a lot|very much|"
    r"in advance|again))?(?: ,)?$"
)


def claim_fillers(sentence: Sentence) -> None:
    """Claim wake words and politeness: "hey olly, could you please ...", "..., thanks"."""
    match = _FILLER.match(sentence.text)
    if match:
        sentence.claim(sentence.span_of(match))
    thanks = _TRAILING_THANKS.search(sentence.text)
    if thanks and thanks.start() > 0:
        sentence.claim(sentence.span_of(thanks))


def claim_note_lead(sentence: Sentence) -> bool:
    """Claim a lead-in that makes the message a note to keep ("note to self:", "memo:")."""
    start = next((i for i, alive in enumerate(sentence.alive) if alive), len(sentence))
    if start >= len(sentence):
        return False
    match = _NOTE_LEAD.match(sentence.text, sentence.span_start(start))
    if match is None:
        return False
    sentence.claim(sentence.span_of(match))
    return True


def claim_container(sentence: Sentence, lo: int = 0) -> None:
    """Claim "to my shopping list", "from the calendar" and the like."""
    for match in list(sentence.find(CONTAINER_SUFFIX, lo)):
        span = sentence.span_of(match)
        if all(sentence.alive[span.start : span.end]):
            sentence.claim(span)


def trimmed_span(sentence: Sentence, lo: int, hi: int, edges: frozenset[str]) -> Span:
    """Words ``lo`` to ``hi`` without unclaimed linking words at either end."""
    alive = [i for i in range(lo, hi) if sentence.alive[i]]
    leading = edges - TITLE_LEADING_KEEP
    first, last = 0, len(alive)
    while first < last and sentence.norm(alive[first]) in leading:
        first += 1
    while last > first and sentence.norm(alive[last - 1]) in edges:
        last -= 1
    if first == last:
        return Span(lo, lo)
    return Span(alive[first], alive[last - 1] + 1)


def clean_text(text: str) -> str:
    """Surrounding punctuation and spaces removed; quotes that pair with one inside stay.

    `"call at 5"` is call at 5, `watch "Next Friday"` keeps both its quotes.
    """
    cleaned = text.strip(" \t,.;:!?-\u2013\u2014'()[]{}")
    enclosed = (cleaned[:1], cleaned[-1:]) in (('"', '"'), ("\u201c", "\u201d"))
    if len(cleaned) > 1 and enclosed:
        return clean_text(cleaned[1:-1])
    if cleaned.count('"') % 2 == 1 and (cleaned.startswith('"') or cleaned.endswith('"')):
        return clean_text(cleaned.strip('"'))
    return cleaned
