"""The trigger lexicon: which words express which PLOVER event (data/triggers.csv).

In:  the CSV path (comment lines start with '#').
Out: a ``Lexicon`` mapping a lemma to its ``TriggerRule``s, rules with context
words (``with``) first so that "air strike" wins over plain "strike".
``Lexicon.match(token)`` returns the first rule that fits a spaCy token.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..taxonomy import ALL_TYPES

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "triggers.csv"
_POS = {"V": ("VERB",), "N": ("NOUN", "PROPN"), "A": ("ADJ",), "*": ()}


@dataclass(frozen=True)
class TriggerRule:
    lemma: str
    pos: tuple[str, ...]          # spaCy coarse tags accepted; empty = any
    type: str                     # PLOVER type or OTHER
    alt_type: str | None          # "A|B" rules: type when the content is not material conflict
    mode: str | None
    with_: frozenset[str]
    unless: frozenset[str]
    weight: float


@dataclass
class Lexicon:
    rules: dict[str, list[TriggerRule]] = field(default_factory=dict)

    def match(self, token) -> TriggerRule | None:
        """The rule that makes ``token`` a trigger, or None."""
        cands = self.rules.get(token.lemma_.lower()) or self.rules.get(token.lower_)
        if not cands:
            return None
        ctx = None
        for r in cands:
            if r.pos and token.pos_ not in r.pos:
                continue
            if r.with_ or r.unless:
                if ctx is None:
                    ctx = context_words(token)
                if r.with_ and not (r.with_ & ctx):
                    continue
                if r.unless and (r.unless & ctx):
                    continue
            return r
        return None

    def __len__(self) -> int:
        return sum(len(v) for v in self.rules.values())


_WALK = {"dobj", "prep", "pobj", "nsubj", "nsubjpass", "compound", "amod", "prt", "attr", "advmod",
         "conj", "dative", "pcomp", "npadvmod"}


def context_words(token) -> set[str]:
    """Lemmas and lower forms of the words around a trigger: its children and, three levels
    down along argument/preposition links, their children ("fired rockets", "cut diplomatic
    ties", "ordered Zamora back to prison"); plus the governing verb of an object noun."""
    out: set[str] = set()
    frontier = [token]
    for depth in range(3):
        nxt = []
        for t in frontier:
            for c in t.children:
                if depth and c.dep_ not in _WALK:
                    continue
                out.add(c.lemma_.lower())
                out.add(c.lower_)
                if c.dep_ in _WALK:
                    nxt.append(c)
        frontier = nxt
    for c in token.children:
        if c.dep_ in ("ccomp", "xcomp", "advcl"):
            # "called for Russia to reciprocate": the clause's marker belongs to the verb.
            out.update(m.lower_ for m in c.children if m.dep_ == "mark")
    if token.dep_ in ("dobj", "pobj", "nsubjpass", "compound", "acl"):
        out.add(token.head.lemma_.lower())  # "take hostage", "impose a ban"
    return out


def _split(cell: str | None) -> frozenset[str]:
    return frozenset(w.strip().lower() for w in (cell or "").split("|") if w.strip())


def parse_rows(rows) -> Lexicon:
    """Rows as dicts (the CSV's columns) -> Lexicon. Bad types raise ValueError."""
    lex = Lexicon()
    for row in rows:
        lemma = (row.get("lemma") or "").strip().lower()
        if not lemma or lemma.startswith("#"):
            continue
        types = [t.strip().upper() for t in (row.get("type") or "").split("|")]
        for t in types:
            if t not in ALL_TYPES:
                raise ValueError(f"trigger {lemma!r}: unknown type {t!r}")
        rule = TriggerRule(
            lemma=lemma, pos=_POS.get((row.get("pos") or "*").strip().upper(), ()),
            type=types[0], alt_type=types[1] if len(types) > 1 else None,
            mode=(row.get("mode") or "").strip() or None,
            with_=_split(row.get("with")), unless=_split(row.get("unless")),
            weight=float(row.get("weight") or 0.6))
        lex.rules.setdefault(lemma, []).append(rule)
    for lemma, rules in lex.rules.items():
        rules.sort(key=lambda r: (not r.with_,))  # stable: specific rules first, file order kept
    return lex


@lru_cache(maxsize=4)
def load_lexicon(path: str | Path = DEFAULT_PATH) -> Lexicon:
    """Read and cache the trigger CSV (a pure function of the file)."""
    with open(path, encoding="utf-8") as f:
        lines = [ln for ln in f if ln.strip() and not ln.lstrip().startswith("#")]
    return parse_rows(csv.DictReader(lines))
