"""The trigger lexicon: which words express which PLOVER event (data/triggers.csv).

In:  the CSV path (comment lines start with '#').
Out: a ``Lexicon`` mapping a lemma to its ``TriggerRule``s, rules with context
words (``with``) first so that "air strike" wins over plain "strike".
``Lexicon.select(token, rules)`` returns the first of a key's rules that fits a spaCy token;
``triggers.TriggerMatcher`` finds the tokens.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..taxonomy import ALL_TYPES
from .actors import ARMED_KINDS, noun_kind

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
    variants: dict[str, list[TriggerRule]] = field(default_factory=dict)

    def select(self, token, cands: list[TriggerRule]) -> TriggerRule | None:
        """The first of a key's rules that fits ``token``'s part of speech and context words."""
        ctx = None
        for r in cands:
            if r.pos and token.pos_ not in r.pos:
                continue
            if r.with_ or r.unless:
                if ctx is None:
                    ctx = context_words(token)
                if r.with_ and not any(_holds(w, ctx) for w in r.with_):
                    continue
                if r.unless and (r.unless & ctx):
                    continue
            return r
        return None

    def names_event(self, token) -> bool:
        """Is ``token`` a noun the lexicon reads as an event ("attack", "talks")?"""
        return any(not r.pos or "NOUN" in r.pos for r in self.rules.get(token.lemma_.lower(), ()))

    def __len__(self) -> int:
        return sum(len(v) for v in self.rules.values())


# British -> American spellings (both are registered, so either form in a text or in the CSV
# matches). Word-final/whole-word patterns only, applied to single lemmas.
_SPELLING_WORDS = {"defence": "defense", "offence": "offense", "licence": "license", "manoeuvre": "maneuver",
                   "labour": "labor", "honour": "honor", "favour": "favor", "harbour": "harbor",
                   "centre": "center", "programme": "program", "travelled": "traveled",
                   "counselling": "counseling", "jewellery": "jewelry", "grey": "gray",
                   "enrol": "enroll", "fulfil": "fulfill", "instil": "instill", "cheque": "check",
                   "catalogue": "catalog", "dialogue": "dialog", "plough": "plow", "sceptic": "skeptic",
                   "paediatric": "pediatric", "mould": "mold", "tyre": "tire", "storey": "story",
                   "colour": "color", "rumour": "rumor", "endeavour": "endeavor", "neighbour": "neighbor",
                   "armour": "armor", "vapour": "vapor", "fibre": "fiber", "theatre": "theater",
                   "calibre": "caliber", "kidnapped": "kidnaped", "worshipped": "worshiped"}
_SPELLING_SAFE_ISE = {"rise", "wise", "arise", "advise", "apprise", "chastise", "comprise", "compromise",
                      "despise", "devise", "disguise", "excise", "exercise", "franchise", "improvise",
                      "incise", "merchandise", "premise", "promise", "revise", "supervise", "surmise",
                      "surprise", "televise", "enterprise", "expertise", "noise", "poise", "praise",
                      "raise", "cruise", "bruise", "concise", "precise", "treatise", "reprise",
                      "demise", "paradise", "otherwise", "likewise", "clockwise", "guise", "vise",
                      "sunrise", "appraise", "braise", "circumcise", "practise"}


_SPELLING_REV = {v: k for k, v in _SPELLING_WORDS.items()}


@lru_cache(maxsize=65536)
def spelling_variants(word: str) -> frozenset[str]:
    """The other spelling of a British/American pair: "criticise" <-> "criticize",
    "mobilisation" <-> "mobilization", "labour" <-> "labor", "defence" <-> "defense"."""
    w = word.lower()
    out: set[str] = set()
    rev = _SPELLING_REV
    if w in _SPELLING_WORDS:
        out.add(_SPELLING_WORDS[w])
    if w in rev:
        out.add(rev[w])
    if w == "practise":
        out.add("practice")
    for brit, amer in (("isation", "ization"), ("ise", "ize"), ("yse", "yze"), ("ised", "ized"),
                       ("ising", "izing"), ("iser", "izer")):
        if w.endswith(brit) and len(w) > len(brit) + 2 and not (brit == "ise" and w in _SPELLING_SAFE_ISE):
            out.add(w[: -len(brit)] + amer)
        if w.endswith(amer) and len(w) > len(amer) + 2:
            out.add(w[: -len(amer)] + brit)
    for brit, amer in (("our", "or"), ("ourite", "orite")):
        if w.endswith(brit) and len(w) > 5 and w not in ("four", "hour", "your", "tour", "pour", "sour", "flour",
                                                          "detour", "devour", "contour", "amour", "dour"):
            out.add(w[: -len(brit)] + amer)
    out.discard(w)
    return frozenset(out)


@lru_cache(maxsize=65536)
def lemma_candidates(form: str) -> tuple[str, ...]:
    """Fallback lemmas for a token the tagger lemmatised badly ("staged" -> "stag"): the
    spelling variant of its form and simple inflection strips (-s, -es, -ed, -ing, -ies)."""
    f = form.lower()
    cands: list[str] = []
    if f.endswith("ies") and len(f) > 4:
        cands.append(f[:-3] + "y")
    if f.endswith("ied") and len(f) > 4:
        cands.append(f[:-3] + "y")
    if f.endswith("es") and len(f) > 4:
        cands.append(f[:-2])
    if f.endswith("s") and not f.endswith("ss") and len(f) > 3:
        cands.append(f[:-1])
    if f.endswith("ed") and len(f) > 4:
        cands += [f[:-2], f[:-1]]
        if len(f) > 5 and f[-3] == f[-4]:
            cands.append(f[:-3])          # "cancelled" -> "cancel", "banned" -> "ban"
    if f.endswith("ing") and len(f) > 5:
        cands += [f[:-3], f[:-3] + "e"]
        if f[-4] == f[-5]:
            cands.append(f[:-4])          # "shelling" stays a noun rule; "stabbing" -> "stab"
    out = []
    for c in [f] + cands:
        for v in [c, *sorted(spelling_variants(c))]:
            if v not in out:
                out.append(v)
    return tuple(out[1:] if out and out[0] == f else out)


_WALK = {"dobj", "prep", "pobj", "nsubj", "nsubjpass", "compound", "amod", "prt", "attr", "advmod",
         "conj", "dative", "pcomp", "npadvmod", "agent"}
#: Word classes a rule's ``with``/``unless`` may name instead of listing words: "@armed" is any
#: context noun that names an armed force (``actors.noun_kind`` in ``actors.ARMED_KINDS``),
#: so "rebels struck a tanker" needs no list of every word for fighters; "@place" is a direct
#: object the places stage resolved to a town or region ("captured Goma").


#: Nouns that frame an event noun without adding to it: the verb acting on "a state of
#: emergency" acts on the emergency.
FRAME_NOUNS = frozenset({"state", "declaration", "imposition", "extension", "period", "round", "series",
                         "wave", "spate", "string", "exchange"})   # "an exchange of fire"


def frame_noun(token):
    """The frame noun ``token`` is the of-object of ("a state of emergency" -> state), or None."""
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in FRAME_NOUNS:
        return token.head.head
    return None


def context_words(token) -> set[str]:
    """Lemmas and lower forms of the words around a trigger: its children and, three levels
    down along argument/preposition links, their children ("fired rockets", "cut diplomatic
    ties", "ordered Zamora back to prison"); plus the governing verb of an object noun. A time
    phrase ("on Monday", "in March") is no context: its preposition says nothing of the act."""
    out: set[str] = set()
    frontier = [token]
    for depth in range(3):
        nxt = []
        for t in frontier:
            for c in t.children:
                if depth and c.dep_ not in _WALK:
                    continue
                if c.dep_ == "prep" and time_phrase(c):
                    continue
                if not (c.dep_ == "conj" and c.pos_ == "VERB" and t.pos_ == "VERB"):
                    # A coordinated verb is an act of its own: "sending lava ... and forcing
                    # residents out" has no forces in it. Its arguments still count (a shared object).
                    out.add(c.lemma_.lower())
                    out.add(c.lower_)
                if c.pos_ in ("NOUN", "PROPN") and noun_kind(c) in ARMED_KINDS:
                    out.add("@armed")
                if depth == 0 and c.dep_ == "dobj" and _names_place(c):
                    out.add("@place")
                if c.dep_ in _WALK:
                    nxt.append(c)
        frontier = nxt
    for c in token.children:
        if c.dep_ in ("ccomp", "xcomp", "advcl"):
            # "called for Serbia to respond": the clause's marker belongs to the verb; so does the
            # "to" of an object's infinitive ("ordered the schools to admit", "pressed Iran to halt").
            out.update(m.lower_ for m in c.children if m.dep_ == "mark"
                       or (c.dep_ == "xcomp" and m.dep_ == "aux" and m.tag_ == "TO"))
    if token.dep_ in ("dobj", "pobj", "nsubjpass", "compound", "acl", "relcl"):
        out.add(token.head.lemma_.lower())  # "take hostage", "impose a ban", "the town rebels captured"
    if token.dep_ == "pobj" and token.head.dep_ == "prep" and (
            token.head.head.pos_ in ("VERB", "AUX")
            or (token.head.lower_ == "of" and token.head.head.pos_ == "NOUN")):
        # "went on strike", "took into custody"; "an exchange of fire"
        out.add(token.head.head.lemma_.lower())
    frame = frame_noun(token)
    if frame is not None and frame.head.pos_ in ("VERB", "AUX"):
        out.add(frame.head.lemma_.lower())   # "declared a state of emergency"
    if token.dep_ == "pobj" and token.head.lower_ == "in" and token.head.dep_ == "prep":
        amount = token.head.head   # "announced $500 million in aid": the amount's verb
        if is_amount(amount):
            out.add(amount.lemma_.lower())
            if amount.head.pos_ in ("VERB", "AUX"):
                out.add(amount.head.lemma_.lower())
    if token.pos_ in ("NOUN", "PROPN") and token.head.pos_ in ("VERB", "AUX") and token.dep_ in ("dobj", "attr"):
        out.add(token.head.lower_)         # small-model lemma slips: "staged" -> "stag"
    return out | {v for w in out for v in spelling_variants(w)}


def _names_place(tok) -> bool:
    """Is ``tok`` inside a place mention the places stage resolved to a town or region ("captured
    Goma", which the tagger may call a person)? Countries are left out: "took Ukraine" is no
    capture of ground."""
    places = tok.doc._.places if tok.doc.has_extension("places") else None
    for pm in places or ():
        if pm.start_char <= tok.idx < pm.end_char:
            place = getattr(pm, "place", None)
            return place is not None and place.feature not in ("country", "continent", "water")
    return False


def is_amount(tok) -> bool:
    """A sum or quantity: "$500 million", "10 million euros" (often untagged), "40 tonnes"."""
    return (tok.ent_type_ in ("MONEY", "QUANTITY", "CARDINAL") or tok.lemma_.lower() in ("million", "billion")
            or any(c.dep_ == "nummod" for c in tok.children))


def time_phrase(prep) -> bool:
    """Is this preposition's object a date or a time ("on Monday", "in 2019", "at dawn")?"""
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objs) and all(o.ent_type_ in ("DATE", "TIME") for o in objs)


def _holds(word: str, ctx: set[str]) -> bool:
    """A ``with`` entry holds when its word is among the context words; "weapon&in" needs both
    ("handed in their weapons" is disarming, "handed weapons to" is not)."""
    return all(part in ctx for part in word.split("&"))


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
    for lemma in list(lex.rules):
        for v in spelling_variants(lemma):
            if v not in lex.rules:
                lex.variants.setdefault(v, []).extend(lex.rules[lemma])
    for v, rules in lex.variants.items():
        lex.rules.setdefault(v, rules)
    lex.variants.clear()
    for lemma, rules in lex.rules.items():
        # Stable: specific rules first (two context words needed, then one), file order kept.
        rules.sort(key=lambda r: (not r.with_, not any("&" in w for w in r.with_)))
    return lex


@lru_cache(maxsize=4)
def load_lexicon(path: str | Path = DEFAULT_PATH) -> Lexicon:
    """Read and cache the trigger CSV (a pure function of the file)."""
    with open(path, encoding="utf-8") as f:
        lines = [ln for ln in f if ln.strip() and not ln.lstrip().startswith("#")]
    return parse_rows(csv.DictReader(lines))
