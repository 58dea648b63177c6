"""Name normalisation shared by the gazetteer build and every lookup.

``norm(text) -> key``: the one function that turns a surface name into the
key stored in the index, so "Al-Qa'im", "al Qaim" and "AL QAIM" meet.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Apostrophe-like marks vanish ("Sana'a" -> "sanaa"); other punctuation splits words.
_APOS = re.compile(r"[\'\u2019\u2018\u02bf\u02be\u02bb\u02bc`\u00b4]")
_NONWORD = re.compile(r"[^0-9a-z]+")
# Saint/Sainte/St./Ste. are written every way in news and GeoNames.
_SAINT = re.compile(r"\b(saint|sainte|ste)\b")

# Arabic articles glued with a hyphen or space: "Al-Anbar", "ad-Dawr", "el Arish".
ARTICLES = ("al", "el", "ad", "ar", "as", "at", "az", "an", "ash", "ath", "adh", "ul")


@lru_cache(maxsize=200_000)
def norm(text: str) -> str:
    """Lowercase ASCII key: accents stripped, punctuation to single spaces, "the" dropped."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = _APOS.sub("", s.lower())
    s = _NONWORD.sub(" ", s).strip()
    s = _SAINT.sub("st", s)
    if s.startswith("the "):
        s = s[4:]
    return s


def strip_article(key: str) -> str | None:
    """'al anbar' -> 'anbar'; None when the key has no leading Arabic article."""
    head, _, rest = key.partition(" ")
    if head in ARTICLES and rest:
        return rest
    return None


def is_latin(text: str) -> bool:
    """True when every letter is Latin script (keeps the index to names news uses)."""
    for c in text:
        if c.isalpha() and ord(c) > 0x24F and not (0x1E00 <= ord(c) <= 0x1EFF):
            return False
    return True
