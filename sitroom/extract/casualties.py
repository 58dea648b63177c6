"""Casualty counts in a sentence: people killed and wounded.

In:  sentence text (and its offset in the article).
Out: ``Casualties(fatalities, injuries, spans)``; counts are None when the text
gives none. Numbers may be digits ("31", "2,400") or words ("two", "a dozen",
"one" via "a soldier was killed"); vague amounts ("dozens", "thousands") give
no count. When several counts are given the largest is kept (a sentence
usually repeats a toll or gives a total and a part: "31 people, including 23
soldiers").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
          "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
          "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
          "eighty": 80, "ninety": 90, "a dozen": 12, "dozen": 12, "a hundred": 100,
          "one hundred": 100, "a": 1, "an": 1}
_NUM = (r"(?:\d{1,3}(?:,\d{3})+|(?!(?:19|20)\d\d\b)\d+|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine)"
        r"|a\s+dozen|a\s+hundred|one\s+hundred|" + "|".join(sorted((w for w in _WORDS if " " not in w and w not in ("a", "an")), key=len, reverse=True)) + r")")
_QUAL = r"(?:(?:at\s+least|more\s+than|over|about|around|some|nearly|almost|up\s+to|roughly|approximately|an\s+estimated)\s+)?"
_KILL = r"killed|dead|died|slain|murdered|executed|massacred|lost\s+their\s+lives"
_WOUND = r"wounded|injured|hurt"
_BE = r"(?:(?:were|was|have\s+been|has\s+been|had\s+been|are|is|being|got|reportedly|also|later|allegedly|all)\s+){0,3}"
_NOUNS = r"(?:\s+(?!(?:were|was|have|has|had|are|is|and|or|in|on|at|of|by|from|who|after)\b)[A-Za-z.'’\-]+){0,4}?"

# "at least nine civilians were killed", "two Dutch engineers were wounded", "31 dead"
_BEFORE = re.compile(rf"(?i)\b{_QUAL}(?P<n>{_NUM}){_NOUNS}\s+{_BE}(?P<v>{_KILL}|{_WOUND})\b")
_KILL_V = r"kill(?:ed|ing|s)?"
_HURT_V = r"wound(?:ed|ing|s)?|injur(?:ed|ing|es)?"
# "killing at least six people", "killed three of their comrades", "leaving 20 dead"
_AFTER = re.compile(rf"(?i)\b(?P<v>{_KILL_V}|{_HURT_V}|leaving|left)\s+{_QUAL}(?P<n>{_NUM})\b"
                    rf"(?P<rest>(?:\s+[A-Za-z'’\-]+){{0,4}}?\s+(?P<v2>dead|injured|wounded|killed))?")
# One count each, the kind fixed by the pattern or read from its verb (``v``):
_COUNTS = (
    # "killed three and injured 17 others": the kill match of _AFTER may have run over the verb
    (re.compile(rf"(?i)\b(?:{_HURT_V})\s+{_QUAL}(?P<n>{_NUM})\b"), "injuries"),
    # "killed a family of five"
    (re.compile(rf"(?i)\b(?P<v>{_KILL_V}|{_HURT_V})\s+(?:a|an\s+entire|the)\s+family\s+of\s+(?P<n>{_NUM})\b"), None),
    # "claimed the lives of 12 soldiers"
    (re.compile(rf"(?i)\b(?:claim(?:ed|ing|s)?|took|taking|take)\s+the\s+lives\s+of\s+{_QUAL}(?P<n>{_NUM})\b"),
     "fatalities"),
    # "the death toll rose to 31", "a death toll of 31", "the toll later rose to 12"
    # "the death toll from the hotel attack had risen to 21"
    (re.compile(rf"(?i)\b(?:death|the)\s+toll\s+(?:[\w'’\-]+\s+){{0,8}}?(?:to|of|at)\s+{_QUAL}(?P<n>{_NUM})\b"), "fatalities"),
)
# "A U.S. soldier was killed": an indefinite singular victim counts one.
_ONE = re.compile(r"(?i)\b(?P<n>an?)\s+(?:[A-Za-z.'’\-]+\s+){0,3}(?:soldier|civilian|person|man|woman|child|"
                  r"journalist|officer|policeman|service\s+member|member|worker|student|protester|boy|girl)\s+"
                  r"(?:was|has\s+been|had\s+been)\s+(?P<v>killed|shot\s+dead|wounded|injured)\b")


@dataclass
class Casualties:
    fatalities: int | None = None
    injuries: int | None = None
    spans: list[tuple[int, int, str]] = field(default_factory=list)   # (start, end, text) in the article

    def __bool__(self) -> bool:
        return self.fatalities is not None or self.injuries is not None


def to_int(word: str) -> int | None:
    w = " ".join(word.lower().split())
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", w):
        n = int(w.replace(",", ""))
        return None if 1900 <= n <= 2100 and "," not in w else n   # a year, not a count
    if "-" in w:
        a, b = w.split("-", 1)
        return (_WORDS.get(a) or 0) + (_WORDS.get(b) or 0) or None
    return _WORDS.get(w)


def _kind(verb: str) -> str:
    v = verb.lower()
    return "injuries" if v.startswith(("wound", "injur", "hurt")) else "fatalities"


def find_casualties(text: str, *, offset: int = 0) -> Casualties:
    """Casualty counts in ``text``; spans are shifted by ``offset`` (the sentence's start)."""
    out = Casualties()
    found: list[tuple[str, int, int, int]] = []
    for m in _BEFORE.finditer(text):
        n = to_int(m.group("n"))
        if n is not None:
            found.append((_kind(m.group("v")), n, m.start(), m.end()))
    for m in _AFTER.finditer(text):
        n = to_int(m.group("n"))
        if n is None:
            continue
        v = m.group("v").lower()
        if v in ("leaving", "left"):
            if not m.group("v2"):
                continue
            v = m.group("v2")
        found.append((_kind(v), n, m.start(), m.end()))
    for rx, kind in _COUNTS:
        for m in rx.finditer(text):
            n = to_int(m.group("n"))
            if n is not None:
                found.append((kind or _kind(m.group("v")), n, m.start(), m.end()))
    for m in _ONE.finditer(text):
        found.append((_kind(m.group("v")), 1, m.start(), m.end()))
    for kind, n, s, e in found:
        cur = getattr(out, kind)
        if cur is None or n > cur:
            setattr(out, kind, n)
        span = (offset + s, offset + e, text[s:e])
        if span not in out.spans:
            out.spans.append(span)
    return out
