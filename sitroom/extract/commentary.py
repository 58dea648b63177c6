"""Commentary: what analysts and experts say about events is not itself an event.

PLOVER, like ICEWS and ACLED, codes what political actors do and say. A commentator (an analyst,
an expert, a professor, a think tank's fellow) who "praised the policy", "accused the ministry of
mishandling it" or says that a bank "would endorse" something gives an opinion about events; the
reporter quotes it for context. ``commentary(trigger)`` names the commentator when

- the trigger is a statement (a verbal PLOVER type) whose actor1 is a commentator, or
- the trigger sits in what a commentator says ("Economists say the bank would endorse ...",
  "..., experts said", "according to analysts") and is a statement, or a deed told as possible or
  expected rather than done ("the region could become a target, analysts say").

A commentator introduced once ("John Roe, an analyst at the Y Institute, said ...") is one by
surname for the rest of the story ("Roe warned that ..."): ``commentator_names(doc)``.

The nearest speaker decides: "The minister said analysts were wrong" is the minister's statement.
Experts who speak for an international body ("U.N. experts") are that body, and are not commentators.
The candidates stage records the finding as a note; the scorer caps the candidate's confidence.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ..taxonomy import VERBAL_CONFLICT, VERBAL_COOPERATION, quad_class
from .events import ASSERTED, SPEECH_VERBS, Trigger

# Nouns that make a speaker a commentator, and the bodies commentators speak from (by lemma).
# ("observer" is not one: election observers and war monitors speak for their missions.)
COMMENTATOR_NOUNS = frozenset({
    "analyst", "expert", "scholar", "academic", "professor", "commentator", "economist",
    "pundit", "fellow", "specialist", "strategist", "historian",
})
COMMENTATOR_BODIES = frozenset({"university", "college", "endowment", "institute", "institution"})
# A speaker named with one of these speaks for an international body, not as a commentator.
BODY_WORDS = frozenset({"u.n.", "un", "nations", "panel", "rapporteur", "commission"})
# Verbs of opinion as well as speech introduce what a commentator holds.
OPINION_VERBS = SPEECH_VERBS | {"believe", "think", "expect", "predict", "caution", "contend", "see"}
# A speaker's phrase: the noun, its modifiers, appositions and prepositional attachments, not
# clauses about it (a relative clause may mention anything).
PHRASE_DEPS = frozenset({"compound", "amod", "appos", "prep", "pobj", "nmod", "dep", "det", "poss", "npadvmod"})


def _phrase(head: Token, depth: int = 0) -> list[Token]:
    out = [head]
    if depth < 4:
        for ch in head.children:
            if ch.dep_ in PHRASE_DEPS:
                out.extend(_phrase(ch, depth + 1))
    return out


def is_commentator(head: Token) -> bool:
    """Is the noun phrase headed by ``head`` a commentator ("security analyst X", "experts",
    "Y of the think tank Z", "a professor at W University")? Experts of a named organisation
    ("IAEA experts", "analysts at the World Bank") speak for it, and are not."""
    toks = _phrase(head)
    lemmas = {t.lemma_.lower() for t in toks} | {t.lower_ for t in toks}
    if lemmas & BODY_WORDS:
        return False
    # "think tank": never a bare "tank".
    if lemmas & COMMENTATOR_BODIES or \
            any(t.lower_ == "tank" and t.i > 0 and t.doc[t.i - 1].lower_ == "think" for t in toks):
        return True
    if not lemmas & COMMENTATOR_NOUNS:
        return False
    return not any(_names_organisation(t, _own_name(head)) for t in toks)


def _own_name(head: Token) -> set[int]:
    """Token indices of the person's own name ("Kabiru Adamu"), when the head is a name."""
    if head.pos_ != "PROPN":
        return set()
    out, stack = {head.i}, [head]
    while stack:
        for c in stack.pop().children:
            if c.dep_ == "compound" and c.pos_ == "PROPN":
                out.add(c.i)
                stack.append(c)
    return out


def _names_organisation(t: Token, own: set[int]) -> bool:
    """Is ``t`` an organisation the speaker is of ("IAEA experts", "analysts at Eurasia Group",
    "experts with the World Bank")? Nationalities and places ("Nigerian analyst", "an analyst in
    Dakar") are not."""
    named = t.pos_ == "PROPN" or (t.is_alpha and len(t.text) >= 2 and t.text.isupper())   # "IAEA" tagged NN
    if t.i in own or not named or t.ent_type_ in ("GPE", "NORP", "LOC", "PERSON", "DATE"):
        return False
    if t.dep_ in ("compound", "nmod", "poss", "amod"):
        return True
    return t.dep_ == "pobj" and t.head.lower_ in ("at", "of", "with", "for")


def commentator_names(doc: Doc) -> frozenset[str]:
    """Surnames (lower case) of the people the story introduces as commentators."""
    out = set()
    for ent in doc.ents:
        # (the small model often tags a West African or Asian name ORG: a name is proper nouns)
        if ent.label_ in ("PERSON", "ORG") and len(ent) >= 2 and all(t.pos_ == "PROPN" for t in ent) \
                and is_commentator(ent.root):
            out.add(ent[-1].lower_)
    return frozenset(out)


def _names_commentator(head: Token, known: frozenset[str]) -> bool:
    if is_commentator(head):
        return True
    return head.pos_ == "PROPN" and head.lower_ in known and \
        not any(c.dep_ in ("compound", "amod", "appos") for c in head.children if c.ent_type_ != "PERSON")


def _speakers(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]


def _according_to(x: Token) -> list[Token]:
    """Objects of "according to" attached to ``x``."""
    out = []
    for c in x.children:
        if c.dep_ == "prep" and c.lower_ == "according":
            for to in c.children:
                out.extend(o for o in to.children if o.dep_ == "pobj")
    return out


def reported_speaker(tok: Token) -> list[Token] | None:
    """The subject heads of the nearest speech or opinion verb whose content contains ``tok``, or
    None when nothing reports it."""
    x = tok
    for _ in range(12):
        side = [c for c in x.children if c.dep_ == "parataxis" and c.lemma_.lower() in OPINION_VERBS]
        if side:
            return _speakers(side[0])
        src = _according_to(x)
        if src:
            return src
        if x.head.i == x.i:
            return None
        if x.dep_ in ("ccomp", "parataxis") and x.head.lemma_.lower() in OPINION_VERBS:
            return _speakers(x.head)
        x = x.head
    return None


def commentary(t: Trigger, known: frozenset[str] = frozenset()) -> str | None:
    """The commentator whose opinion ``t`` is (see module docstring), or None. ``known``: the
    story's commentator surnames (``commentator_names``)."""
    verbal = quad_class(t.type) in (VERBAL_COOPERATION, VERBAL_CONFLICT)
    if verbal:
        for h in t.actor1_alts[:1]:
            if _names_commentator(h, known):
                return h.text
    if not verbal and t.modality == ASSERTED:
        return None   # "Rebels attacked the base, analysts said": a deed stays a deed
    pred = t.pred if t.pred is not None else t.token
    for h in reported_speaker(pred) or ():
        if _names_commentator(h, known):
            return h.text
    return None
