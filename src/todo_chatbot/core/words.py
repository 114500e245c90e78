"""Words as search and matching read them: case-folded, accents dropped ("Café" and
"CAFE" are the same word), so the keyword index, list sorts by title and the
chat's matching of titles agree."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_WORD: Final = re.compile(r"\w+")


def fold(text: str) -> str:
    """Case-folded and without accents: "Café" → "cafe"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def folded_words(text: str) -> list[str]:
    """The words of ``text``, folded, in order."""
    return _WORD.findall(fold(text))
