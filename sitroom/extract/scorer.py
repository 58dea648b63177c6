"""Stage: the learned event scorer. Is a candidate a concrete event of its proposed type?

In:  a parsed ``Doc`` and its ``Candidate``s; an ``EventScorer`` loaded from the model file that
     ``sitroom train`` writes (``data/build/event_scorer.json``).
Out: the candidates with ``p_event``: a calibrated probability that the candidate reports a real
     event of its type (not talk about one, a figure of speech, a hypothetical, a question, a
     report about reporting, a disaster with no political actor, or a commentator's opinion).

The model is a logistic regression over sparse features of the candidate and its sentence
(``candidate_features``): the trigger's lemma and proposed type, the modality the rules read,
tense and auxiliaries, what fills its subject and object slots, its governing trigger, the words
around it. Its raw score is mapped to a probability by a Platt calibration (a logistic fit on
the raw logit) fitted on out-of-fold predictions (``training.py``). Scoring needs no scikit-learn: the model file holds
the weights and the calibration table.

Without a model file, and always for OTHER (which PLOVER, and so the training labels, do not
have), the prior is used: the lexicon rule's weight, discounted for modalities that rarely report
events.
"""
from __future__ import annotations

import bisect
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.tokens import Doc, Token

from .events import HAZARDS
from .records import Candidate

MODEL_VERSION = 2
# Candidates a rule caps, by the first word of the note the candidates stage wrote: a disaster's
# or accident's toll (an event of no political actor: OTHER, never confident), and what a
# commentator says about events (``commentary.py``: context, never a confident event).
CAPS = {"disaster": 0.2, "commentary": 0.2}
# Caps the model must not learn from: the rule decides (a disaster note is also a feature).
RULE_ONLY_NOTES = ("commentary",)


# Modalities that rarely report an event, and the prior's discount for them.
_PRIOR_FACTOR = {"asserted": 1.0, "habitual": 0.6, "future": 0.7, "intent": 0.6, "hypothetical": 0.35,
                 "content": 0.15, "negated": 0.1}


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _slot(doc: Doc, heads: tuple[int, ...], skip: frozenset[int] = frozenset()) -> Token | None:
    return next((doc[i] for i in heads if i not in skip), None)


def _slot_kind(tok: Token | None) -> str:
    """What fills a participant slot: an entity label, a pronoun, a common noun, or nothing."""
    if tok is None:
        return "none"
    if tok.ent_type_:
        return tok.ent_type_
    if tok.pos_ == "PRON":
        return "PRON"
    return tok.pos_


def candidate_features(doc: Doc, c: Candidate, governor_type: str | None = None) -> dict[str, float]:
    """Sparse features of one candidate (names -> values) for the event scorer."""
    t, p = doc[c.token], doc[c.pred]
    sent = t.sent
    lem, ty = _lemma(t), c.type
    f: dict[str, float] = {}

    def on(*parts: str) -> None:
        f["|".join(parts)] = 1.0

    on("bias")
    on("type", ty)
    on("lem", lem)
    on("lem", lem, ty)
    if c.lexicon_type != ty:
        on("retyped", c.lexicon_type, ty)
    on("mod", c.modality)
    on("mod", c.modality, ty)
    on("pos", t.pos_)
    on("tag", t.tag_)
    on("dep", t.dep_)
    on("dep", t.dep_, ty)
    if c.nominal:
        on("nominal")
        on("supported" if c.supported else "unsupported")
        if c.pred != c.token:
            on("support_verb", _lemma(p))
    on("ptag", p.tag_)
    for ch in p.children:
        if ch.dep_ in ("aux", "auxpass", "neg", "mark", "prt"):
            on("p_" + ch.dep_, ch.lower_)
        elif ch.dep_ == "advmod":
            on("p_advmod", ch.lower_)
    for ch in t.children:
        if ch.dep_ in ("det", "poss", "amod", "compound", "nummod"):
            on("t_" + ch.dep_, ch.ent_type_ or ch.lower_ if ch.dep_ in ("det", "poss") else (ch.ent_type_ or ch.pos_))
    a1 = _slot(doc, c.actor1_heads, c.object_fallbacks)
    a2 = _slot(doc, c.actor2_heads, c.clause_parties)
    on("a1", _slot_kind(a1))
    on("a2", _slot_kind(a2))
    on("a1", _slot_kind(a1), ty)
    on("a2", _slot_kind(a2), ty)
    for role, tok in (("a1", a1), ("a2", a2)):
        if tok is not None and not tok.ent_type_ and tok.pos_ in ("NOUN", "PROPN"):
            on(role + "lem", _lemma(tok))
            if _lemma(tok) in HAZARDS:
                on(role + "_hazard")
    subj = next((ch for ch in p.children if ch.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None:
        if subj.lower_ in ("i", "we", "you"):
            on("subj_person", subj.lower_)
        if _lemma(subj) in HAZARDS:
            on("subj_hazard")
    if c.undergo:
        on("undergo")
    if governor_type:
        on("gov", governor_type)
        on("gov", governor_type, ty)
    for k in range(max(sent.start, t.i - 3), min(sent.end, t.i + 4)):
        if k != t.i and not doc[k].is_punct:
            on("L" if k < t.i else "R", _lemma(doc[k]))
    x, depth = t, 0
    while x.head.i != x.i and depth < 3:
        on("anc%d" % depth, x.dep_)
        x = x.head
        depth += 1
        if x.pos_ in ("VERB", "AUX"):
            on("anc_lem", _lemma(x))
    text = sent.text
    if text.rstrip().endswith("?"):
        on("question")
    if any(q in text for q in ('"', "“", "”")):
        on("quoted")
    if t.ent_type_:
        on("ent", t.ent_type_)
    if t.i > sent.start and t.text[:1].isupper():
        on("capitalised")
    for n in c.notes:
        if n.split(" ")[0] not in RULE_ONLY_NOTES:
            on("note", n.split(" ")[0])
    return f


def features_for(doc: Doc, cands: Sequence[Candidate]) -> Callable[[Candidate], dict[str, float]]:
    """``candidate_features`` of any of ``cands``, its governor's type looked up among them: the one
    way both training and scoring read a candidate, so the two see the same features."""
    types = {c.token: c.type for c in cands}
    return lambda c: candidate_features(doc, c, types.get(c.governor) if c.governor is not None else None)


@dataclass(frozen=True)
class EventScorer:
    """Weights and calibration of a fitted model (see ``training.py``)."""
    weights: dict[str, float]
    intercept: float
    calib_x: tuple[float, ...]      # raw probabilities, ascending
    calib_y: tuple[float, ...]      # calibrated probabilities at those points
    meta: dict

    @classmethod
    def load(cls, path: str | Path) -> "EventScorer":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("version") != MODEL_VERSION:
            raise ValueError(f"{path}: event scorer version {data.get('version')}, expected {MODEL_VERSION}; "
                             f"run `sitroom train`")
        return cls(weights=data["weights"], intercept=float(data["intercept"]),
                   calib_x=tuple(data["calibration"]["x"]), calib_y=tuple(data["calibration"]["y"]),
                   meta=data.get("meta", {}))

    def raw(self, feats: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def calibrate(self, p: float) -> float:
        xs, ys = self.calib_x, self.calib_y
        if not xs:
            return p
        if p <= xs[0]:
            return ys[0]
        if p >= xs[-1]:
            return ys[-1]
        k = bisect.bisect_right(xs, p)
        x0, x1, y0, y1 = xs[k - 1], xs[k], ys[k - 1], ys[k]
        return y0 if x1 == x0 else y0 + (y1 - y0) * (p - x0) / (x1 - x0)

    def probability(self, feats: dict[str, float]) -> float:
        return self.calibrate(self.raw(feats))


def prior_probability(c: Candidate) -> float:
    """The lexicon's prior for a candidate when no model is available."""
    return round(c.prior * _PRIOR_FACTOR.get(c.modality, 0.5), 4)


def score_candidates(doc: Doc, cands: tuple[Candidate, ...], scorer: EventScorer | None) -> tuple[Candidate, ...]:
    """The candidates with ``p_event`` filled."""
    features = features_for(doc, cands)
    out = []
    for c in cands:
        if scorer is None or c.type == "OTHER":
            p = prior_probability(c)   # the training labels say nothing of OTHER (PLOVER has none)
        else:
            p = scorer.probability(features(c))
        for n in c.notes:
            p = min(p, CAPS.get(n.split(" ")[0], 1.0))
        out.append(replace(c, p_event=round(p, 4)))
    return tuple(out)
