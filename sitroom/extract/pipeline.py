"""Article -> events: the stages run in order over one parsed spaCy Doc.

In:  an ``Article`` (body text only: ``article.captions`` are never read, their
     dates are photo dates) and ``Resources`` (spaCy model, gazetteer geocoder,
     actor dictionary).
Out: event dicts with every column of ``sitroom.schema.EVENT_COLUMNS``.

Stages: places (``places.find_places``) and dates (``dates.find_dates``) once
per article; then sentence by sentence: triggers, their modality and
participants (``events``), actors (``participants`` over ``actors``), the trigger's date
(``event_dates``) and place (``event_places``), casualties; then ``merge``
and row building (``rows``).
"""
from __future__ import annotations

from typing import Iterable, Iterator

from ..loader import Article
from . import attach
from .actors import ActorMemory, resolve_actor
from .casualties import find_casualties
from .dates import find_dates
from .event_dates import StoryContext, anchor_date, in_background, set_date, valid_date
from .event_places import (article_places, context_places, country_place, fill_actor_countries,
                           focus_countries, refine_nearby, sentence_places, set_place, use_place)
from .events import SPEECH_VERBS, noun_agent, find_triggers, noun_is_supported, resolve_alt_types, set_modality, set_participants
from .lexicon import Lexicon, load_lexicon
from .merge import EventMention, merge_mentions
from .participants import participants
from .resources import Resources
from .rows import EXTRACTOR_VERSION, confidence, event_row

__all__ = ["extract_events", "extract_many", "geoparse", "events_from_doc", "EXTRACTOR_VERSION"]


def extract_events(article: Article, *, resources: Resources) -> list[dict]:
    """Events of one article (see module docstring)."""
    doc = resources.nlp(article.text or "")
    return events_from_doc(article, doc, resources=resources)


def extract_many(articles: Iterable[Article], *, resources: Resources,
                 batch_size: int = 32) -> Iterator[tuple[Article, list[dict]]]:
    """``(article, events)`` for many articles, parsing in batches with ``nlp.pipe``."""
    pairs = ((a.text or "", a) for a in articles)
    for doc, a in resources.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield a, events_from_doc(a, doc, resources=resources)


def geoparse(article: Article, *, resources: Resources) -> list[dict]:
    """Place mentions of one article in the place JSONL contract."""
    from .toponyms import geoparse_article
    return geoparse_article(article, nlp=resources.nlp, geocoder=resources.geocoder)


def events_from_doc(article: Article, doc, *, resources: Resources) -> list[dict]:
    """Events of an article whose text ``doc`` has already been parsed."""
    lexicon: Lexicon = resources.lexicon or load_lexicon()
    pub = article.published
    text = doc.text   # built once: Doc.text joins every token
    dates = [dm for dm in find_dates(text, published=pub) if valid_date(dm, doc)]
    places = [pm for pm in article_places(doc, resources.geocoder) if pm.place is not None]
    ents = [e for e in doc.ents if e.label_ in ("PERSON", "ORG") or
            (e.label_ == "GPE" and e.root.dep_ in ("nsubj", "nsubjpass"))]
    memory = ActorMemory()
    ctx = StoryContext()
    mentions: list[EventMention] = []
    for si, sent in enumerate(doc.sents):
        s0, s1 = sent.start_char, sent.end_char
        _remember_entities([e for e in ents if s0 <= e.start_char < s1], memory, resources)
        _remember_speakers(sent, memory, resources)
        ctx.sent_index = si
        found = _sentence_events(article, sent, si, lexicon,
                                 [dm for dm in dates if s0 <= dm.start < s1],
                                 [pm for pm in places if s0 <= pm.start_char < s1], memory, ctx, resources)
        mentions.extend(found)
        ctx.note(found, si, pub)
    context_places(mentions)
    unplaced = [m for m in mentions if m.place is None]
    if unplaced and resources.geocoder is not None:
        focus = focus_countries(doc, places, mentions, resources.actors)
        c = country_place(resources.geocoder, focus[0]) if focus else None
        if c is not None:
            for m in unplaced:
                use_place(m, c, None, None, "focus")
    refine_nearby(mentions, places, [s.start_char for s in doc.sents], doc)
    merged = merge_mentions(mentions)
    for m in merged:
        fill_actor_countries(m)
    return [event_row(article, m, text) for m in merged]


SUBJECT_DEPS = ("nsubj", "nsubjpass")


def _is_subject(tok) -> bool:
    return tok.dep_ in SUBJECT_DEPS or (tok.dep_ in ("appos", "compound") and tok.head.dep_ in SUBJECT_DEPS)


def _remember_entities(ents, memory: ActorMemory, resources: Resources) -> None:
    """Add a sentence's named people and organisations to the article memory."""
    for ent in ents:
        root = ent.root
        a = resolve_actor(root, dictionary=resources.actors, memory=memory)
        if a is not None and a.via == "text":
            memory.add(a, subject=_is_subject(root))


def _remember_speakers(sent, memory: ActorMemory, resources: Resources) -> None:
    """Speakers ("the Fijian rebels said they ...") are who later pronouns point to."""
    for tok in sent:
        if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in SPEECH_VERBS and tok.pos_ in ("NOUN", "PROPN") \
                and tok.ent_type_ not in ("PERSON", "ORG"):
            a = resolve_actor(tok, dictionary=resources.actors, memory=memory)
            if a is not None and a.via == "text":
                memory.add(a, subject=True)


def _date_anchors(doc, sdates, triggers) -> list:
    """(date mention, head token) pairs, without years that name a thing ("the 2015 nuclear
    agreement", "the 1979 revolution") rather than date an event."""
    trig_ids = {t.token.i for t in triggers}
    out = []
    for dm in sdates:
        root = attach.span_root(doc, dm.start, dm.end)
        if root is not None and root.dep_ in ("nummod", "compound", "amod", "nmod") and \
                root.head.pos_ in ("NOUN", "PROPN") and root.head.i not in trig_ids:
            continue
        out.append((dm, root))
    return out


def _sentence_events(article, sent, si, lexicon, sdates, splaces, memory, ctx, resources) -> list[EventMention]:
    """The event mentions of one sentence (see module docstring)."""
    triggers = find_triggers(sent, lexicon)
    if not triggers:
        return []
    resolve_alt_types(triggers)
    set_modality(triggers)
    for t in triggers:
        set_participants(t)
    doc = sent.doc
    # Dates go to their nearest trigger, kept or not: a dropped trigger owns its dates.
    own_dates = attach.assign(_date_anchors(doc, sdates, triggers), triggers)
    kept = [t for t in triggers if t.keep and (not t.nominal or noun_is_supported(t))]
    if not kept:
        return []
    actors = {id(t): participants(t, resources, memory) for t in kept}
    for t in kept:
        # "urged the militias ... during a meeting": the meeting is between the governing
        # event's participants unless the noun names its own.
        g = t.governor
        if t.type == "CONSULT" and t.nominal and t.pred.i == t.token.i and g is not None and id(g) in actors \
                and noun_agent(t.token) is None and any(actors[id(g)]):
            actors[id(t)] = actors[id(g)]
    # Talking to the press is not consultation, nor is a reporter's question a request.
    kept = [t for t in kept if not (t.type in ("CONSULT", "REQUEST") and any(
        a is not None and a.kind == "media" for a in actors[id(t)]))]
    for t in kept:
        for a in actors[id(t)]:
            if a is not None and a.via == "text" and a.kind != "civilians" and 0 <= a.head < len(doc):
                memory.add(a, subject=_is_subject(doc[a.head]))
    sp = sentence_places(doc, splaces, triggers, kept, actors, memory, resources.actors)
    cas = None
    results: dict[int, EventMention] = {}
    # Governing triggers first: their dates and places pass down to the events they govern.
    for k in sorted(range(len(triggers)), key=lambda k: attach.depth(triggers[k].token)):
        t = triggers[k]
        if t not in kept:
            continue
        a1, a2 = actors[id(t)]
        m = EventMention(type=t.type, mode=t.mode or _instrument_mode(t, triggers), trigger=t.token.text,
                         trigger_start=t.token.idx, trigger_end=t.token.idx + len(t.token.text),
                         sent_index=si, sent_start=sent.start_char, sent_end=sent.end_char,
                         actor1=a1, actor2=a2, modality=t.modality)
        set_date(m, t, k, triggers, own_dates, results, ctx, article.published)
        set_place(m, t, k, triggers, sp, results, resources)
        if t.type == "ASSAULT":
            if cas is None:
                cas = find_casualties(sent.text, offset=sent.start_char)
            if cas:
                m.fatalities, m.injuries, m.casualty_spans = cas.fatalities, cas.injuries, list(cas.spans)
        m.confidence = confidence(t, m)
        m.background = in_background(t)
        m.anaphoric = t.nominal and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                                        for c in t.token.children) \
            and all(a is None or a.via != "text" or a.weak for a in (a1, a2))
        results[k] = m
    for k, m in results.items():
        if m.date_source in ("context", "publication", "none"):
            anchor_date(m, triggers[k], triggers, results)
    return [results[k] for k in sorted(results, key=lambda k: triggers[k].token.i)]


def _instrument_mode(t, triggers) -> str | None:
    """'killed in an airstrike', 'wounded by shelling': the means named by a same-type trigger
    noun in the verb's in/by/with phrase gives the mode."""
    by_i = {x.token.i: x for x in triggers if x.type == t.type and x.mode}
    for c in t.token.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in ("in", "by", "with"):
            p = next((x for x in c.children if x.dep_ == "pobj"), None)
            if p is not None and p.i in by_i:
                return by_i[p.i].mode
    return None
