"""Tie sentence-level things (date and place mentions) to the trigger they belong to.

In:  anchor tokens (the syntactic head of each date or place mention) and the
     sentence's triggers.
Out: for each anchor, the trigger(s) it is closest to in the dependency tree.

Each date/place goes to its nearest trigger, so in "France accused Iran on
Monday after a court handed her a sentence" Monday belongs to "accused", not
to the sentence. A prepositional phrase right after an event noun belongs to
the noun ("US air strikes ... at the border on June 27"), whatever the parser
attached it to.
"""
from __future__ import annotations

import bisect

FAR = 99


def depth(tok) -> int:
    d = 0
    while tok.head.i != tok.i:
        tok = tok.head
        d += 1
    return d


def tree_distance(a, b) -> int:
    """Edges between two tokens of one sentence in the dependency tree."""
    if a.i == b.i:
        return 0
    up = {a.i: 0}
    x, d = a, 0
    while x.head.i != x.i:
        x, d = x.head, d + 1
        up[x.i] = d
    x, d = b, 0
    while x.i not in up:
        if x.head.i == x.i:
            return FAR
        x, d = x.head, d + 1
    return d + up[x.i]


def span_root(doc, start_char: int, end_char: int):
    """The head token of the tokens covering [start_char, end_char), or None."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


class TokenIndex:
    """Character offset -> token, for offsets computed outside spaCy (regex dates)."""

    def __init__(self, doc):
        self.doc = doc
        self.starts = [t.idx for t in doc]

    def token_at(self, char: int):
        i = bisect.bisect_right(self.starts, char) - 1
        return self.doc[max(i, 0)] if len(self.doc) else None


def cost(anchor, trig) -> float:
    """How strongly an anchor token belongs to a trigger (lower is closer)."""
    c = float(tree_distance(anchor, trig.token))
    if trig.pred.i != trig.token.i:
        c = min(c, tree_distance(anchor, trig.pred) + 0.5)
    if trig.nominal:
        # "strikes ... at the border on June 27": a PP just after the noun phrase is the noun's.
        right = trig.token.right_edge.i
        prep = anchor.head if anchor.dep_ == "pobj" else anchor
        if 0 < prep.i - right <= 2 and prep.i > trig.token.i:
            c = min(c, 1.5)
        if anchor.head.i == trig.token.i:
            # The noun's own modifier ("the 2004 bombing", "Monday's attack") before a phrase
            # the parser also hung on it.
            c = min(c, 0.5 if anchor.dep_ in ("nummod", "compound", "amod", "poss") else 1.0)
    return c


PLACE_NOUNS = {"base", "city", "town", "village", "border", "region", "area", "province", "district",
               "capital", "country", "state", "camp", "port", "airport", "hotel", "building", "site",
               "neighborhood", "neighbourhood", "street", "square", "coast", "desert", "zone", "strip"}


# Heads a place name modifies to name a part of it ("the Aleppo countryside", "Kabul's outskirts").
# (Not "base", "embassy" or "hotel": "a U.S. base" says whose.)
AREA_NOUNS = frozenset({"countryside", "outskirts", "outskirt", "suburbs", "suburb", "hinterland", "environs",
                        "periphery", "province", "governorate", "county", "district", "region", "area"})


# Nouns for a part or kind of a place that take it after "of": "off the coast of Yemen", "the
# outskirts of Kabul", "the town of Bama".
OF_AREA_NOUNS = AREA_NOUNS | {"coast", "coastline", "shores", "waters", "edge", "city", "town", "village",
                              "capital", "port", "centre", "center", "heart", "north", "south", "east", "west",
                              "street", "neighborhood", "neighbourhood"}


def place_anchor(root):
    """The token a place mention is tied through: the name itself, or the area noun it modifies
    ("shelled villages in western Aleppo countryside": the countryside is where) or that it
    names after "of" ("off the coast of Yemen")."""
    if root is not None and root.dep_ in ("compound", "amod", "nmod", "poss") \
            and root.head.lemma_.lower() in AREA_NOUNS and root.head.i > root.i:
        return root.head
    if root is not None and root.dep_ == "pobj" and root.head.lower_ == "of" \
            and root.head.head.lemma_.lower() in OF_AREA_NOUNS and root.head.head.i < root.i:
        return root.head.head
    return root


# A document signed or a deal struck "in Minsk" was signed there; "backed the government in
# Sanaa" says where the government is.
AGREEMENT_NOUNS = {"treaty", "agreement", "deal", "accord", "pact", "memorandum", "contract", "declaration",
                   "ceasefire", "truce", "charter", "protocol", "communique", "statement"}
LOCATIVE_HEADS = ("in", "at", "near", "inside")


def placed_with_act(obj, material: bool) -> bool:
    """Is a locative phrase on the object of an event verb the event's place? For a deal or a
    document signed there, and for whatever a material act hits."""
    return material or obj.lemma_.lower() in AGREEMENT_NOUNS


def describes_noun(anchor, trigger_ids: set[int], verbs: frozenset[int] = frozenset(),
                   material_verbs: frozenset[int] = frozenset()) -> float:
    """Penalty for a place that modifies a plain noun ("the envoy in Paris said", "refugees in
    Chad"); none when that noun is what an event verb (``verbs``) signs or, for a material act
    (``material_verbs``), hits: there the place is the event's ("signed a treaty in Minsk",
    "shelled positions in eastern Syria")."""
    while anchor.dep_ == "conj" and anchor.head.i != anchor.i:
        anchor = anchor.head
    if anchor.dep_ == "pobj" and anchor.head.dep_ == "prep":
        n = anchor.head.head
        if n.dep_ in ("dobj", "dative") and n.head.i in verbs and anchor.head.lower_ in LOCATIVE_HEADS \
                and placed_with_act(n, n.head.i in material_verbs):
            return 0.0
        if n.pos_ in ("NOUN", "PROPN") and n.i not in trigger_ids and n.lemma_.lower() not in PLACE_NOUNS:
            return 3.0
    return 0.0


def assign(anchors: list, triggers: list, penalty=None) -> dict[int, list[tuple[object, float]]]:
    """anchors: [(item, token)] -> {trigger index: [(item, cost)]} (each item to its nearest
    trigger; ties go to all tied triggers). ``penalty(token)`` adds to every cost of an anchor."""
    out: dict[int, list[tuple[object, float]]] = {}
    if not triggers:
        return out
    for item, tok in anchors:
        if tok is None:
            continue
        extra = penalty(tok) if penalty else 0.0
        costs = [cost(tok, t) + extra for t in triggers]
        best = min(costs)
        if best >= FAR:
            continue
        for k, c in enumerate(costs):
            if c == best:
                out.setdefault(k, []).append((item, c))
    return out
