"""A chat reply for the terminal.

Replies are the chat's Markdown-lite (as the web app reads it: lines, ``- ``
lists, numbered lists, ``*italics*`` for task titles, ``**bold**``). On a
terminal that takes colours, italics and bold are shown as such; elsewhere
(a pipe, a file, ``NO_COLOR`` set, ``TERM=dumb``) the markers are left out, so
scripts read plain text.
"""

from __future__ import annotations

import os
import re
from typing import Final, TextIO

_INLINE: Final = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*")
_BULLET: Final = re.compile(r"^\s*[-•]\s+(.*)$")
_BOLD: Final = ("\x1b[1m", "\x1b[22m")
_ITALIC: Final = ("\x1b[3m", "\x1b[23m")


def styled_output(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal that should get italics and bold."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


def render(reply: str, *, styled: bool) -> str:
    """``reply`` as it is printed: list bullets as "•", emphasis styled or plain."""
    return "\n".join(_line(line, styled) for line in reply.splitlines())


def _line(line: str, styled: bool) -> str:
    bullet = _BULLET.match(line)
    if bullet:
        line = f"  • {bullet.group(1)}"
    return _INLINE.sub(lambda match: _emphasis(match, styled), line)


def _emphasis(match: re.Match[str], styled: bool) -> str:
    bold, italic = match.group(1), match.group(2)
    text = bold if bold is not None else italic
    if not styled:
        return text
    start, end = _BOLD if bold is not None else _ITALIC
    return f"{start}{text}{end}"
