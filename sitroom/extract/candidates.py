"""Stage: candidates. Trigger words that propose events, read from the parse.

In:  a parsed ``Doc`` and the ``TriggerMatcher`` (the lexicon as Matcher patterns).
Out: ``doc._.candidates``: a ``Candidate`` per trigger, in token order, with its modality
     (``events.set_modality``), its promise/threat retyping, its governing trigger and the parse's
     participant heads (``events.set_participants``). Candidates are kept whatever their modality:
     the learned scorer (``scorer.py``) reads the modality as one of its features, and the
     mentions stage only builds events for candidates that can report one.

``TriggerView`` gives later stages the token-level view of a candidate (its tokens and governing
view) without copying parse state into the records.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .commentary import commentary, commentator_names
from .events import Trigger, disaster, find_triggers, noun_is_supported, resolve_alt_types, set_modality, set_participants
from .lexicon import Lexicon, TriggerRule
from .records import Candidate
from .triggers import TriggerMatcher


def sentence_candidates(sent: Span, hits: list[tuple[Token, object]],
                        commentators: frozenset[str] = frozenset()) -> list[Candidate]:
    """The candidates of one sentence from the matcher's hits inside it; ``commentators``: the
    story's commentator surnames (``commentary.commentator_names``)."""
    triggers = find_triggers(sent, hits)
    if not triggers:
        return []
    resolve_alt_types(triggers)
    set_modality(triggers)
    for t in triggers:
        set_participants(t)
        if disaster(t):
            # PLOVER codes no disaster; OTHER at most, and the scorer caps its confidence.
            t.notes.append(f"disaster {t.type}")
            t.type, t.mode = "OTHER", None
        who = commentary(t, commentators)
        if who is not None:
            # An analyst's opinion about events, not an event; the scorer caps its confidence.
            t.notes.append(f"commentary by {who}")
    return [_freeze(t, sent.start) for t in triggers]


def _freeze(t: Trigger, sent_start: int) -> Candidate:
    return Candidate(
        token=t.token.i, pred=t.pred.i, sent_start=sent_start, type=t.type, lexicon_type=t.rule.type, lexicon_mode=t.rule.mode,
        mode=t.mode, nominal=t.nominal, modality=t.modality, prior=t.weight,
        governor=t.governor.token.i if t.governor is not None else None, undergo=t.undergo,
        actor1_heads=tuple(h.i for h in t.actor1_alts), actor2_heads=tuple(h.i for h in t.actor2_alts),
        clause_parties=frozenset(t.fallback2), object_fallbacks=frozenset(t.fallback1),
        location_targets=frozenset(t.location_targets),
        supported=(not t.nominal) or noun_is_supported(t), notes=tuple(t.notes))


def doc_candidates(doc: Doc, matcher: TriggerMatcher) -> tuple[Candidate, ...]:
    """Every candidate of the document, sentence by sentence."""
    hits = one_sense_per_story(matcher(doc), matcher.lexicon)
    commentators = commentator_names(doc)
    out: list[Candidate] = []
    k = 0
    for sent in doc.sents:
        mine = []
        while k < len(hits) and hits[k][0].i < sent.end:
            if hits[k][0].i >= sent.start:
                mine.append(hits[k])
            k += 1
        # Every sentence: demands and accusations are read from speech verbs, not the lexicon.
        out.extend(sentence_candidates(sent, mine, commentators))
    return tuple(out)


def one_sense_per_story(hits: list[tuple[Token, object]],
                        lexicon: Lexicon | None = None) -> list[tuple[Token, object]]:
    """An event noun read by the lexicon's catch-all rule (no context words matched: "a similar
    strike in 2022") takes the sense its lemma has where the story's context did decide ("teachers
    went on strike"): the nearest earlier such mention, else the first later one. One sense per
    discourse (Gale, Church and Yarowsky 1992); a story about a walkout means a walkout by its
    later bare "strike". With no such mention, the noun's own sentence may decide
    (``_sentence_sense``)."""
    decided: dict[str, list[tuple[int, object]]] = {}
    for tok, rule in hits:
        if rule.with_ and "NOUN" in rule.pos:
            decided.setdefault(rule.lemma, []).append((tok.i, rule))
    out = []
    for tok, rule in hits:
        bare = not rule.with_ and "NOUN" in rule.pos and tok.pos_ == "NOUN"
        known = decided.get(rule.lemma) if bare else None
        if known:
            before = [r for i, r in known if i < tok.i]
            sense = before[-1] if before else known[0][1]
            if sense.type != rule.type:
                rule = sense
        elif bare and lexicon is not None:
            rule = _sentence_sense(tok, rule, lexicon)
        out.append((tok, rule))
    return out


#: Words that make a bare "strike" a walkout when its sentence has them and no story mention
#: decided its sense ("the strike would continue until the union's pay demands are met").
#: Words for the strikers themselves ("teachers", "workers") are not among them: they are also
#: the victims of air strikes.
LABOUR_WORDS = frozenset({"union", "wage", "salary", "pay", "pension", "employer", "walkout", "picket"})


def _sentence_sense(tok: Token, rule: TriggerRule, lexicon: Lexicon) -> TriggerRule:
    """A bare event noun's sense from its own sentence's labour words: the lexicon's strike rule
    of the same lemma (mode ``strike``) when one is there, else ``rule`` unchanged."""
    if not any(w.lemma_.lower() in LABOUR_WORDS and w.pos_ in ("NOUN", "PROPN") for w in tok.sent):
        return rule
    for r in lexicon.rules.get(rule.lemma, ()):
        if r.mode == "strike" and r.type == "PROTEST" and "NOUN" in r.pos:
            return r
    return rule


@dataclass(frozen=True)
class TriggerView:
    """A candidate seen through its document: the tokens the date/place/actor rules walk."""
    cand: Candidate
    doc: Doc
    views: dict   # token index -> TriggerView of the same sentence (for governors)

    @property
    def token(self) -> Token:
        return self.doc[self.cand.token]

    @property
    def pred(self) -> Token:
        return self.doc[self.cand.pred]

    @property
    def nominal(self) -> bool:
        return self.cand.nominal

    @property
    def type(self) -> str:
        return self.cand.type

    @property
    def mode(self) -> str | None:
        return self.cand.mode

    @property
    def modality(self) -> str:
        return self.cand.modality

    @property
    def location_targets(self) -> frozenset[int]:
        return self.cand.location_targets

    @property
    def governor(self) -> "TriggerView | None":
        return self.views.get(self.cand.governor) if self.cand.governor is not None else None


def sentence_views(doc: Doc, cands: list[Candidate]) -> list[TriggerView]:
    """Views of one sentence's candidates, governors resolved among them."""
    views: dict[int, TriggerView] = {}
    out = []
    for c in cands:
        v = TriggerView(c, doc, views)
        views[c.token] = v
        out.append(v)
    return out
