"""Article -> events: the stages run in order over one parsed spaCy Doc.

In:  an ``Article`` (body text only: ``article.captions`` are never read, their
     dates are photo dates) and ``Resources`` (spaCy model, gazetteer geocoder,
     actor dictionary).
Out: event dicts with every column of ``sitroom.schema.EVENT_COLUMNS``.

Stages: places (``places.find_places``) and dates (``dates.find_dates``) once
per article; then sentence by sentence: triggers, their modality and
participants (``events``), actors (``actors``), the trigger's date
(``event_dates``) and place (``event_places``), casualties; then ``merge``
and row building (``rows``).
"""
from __future__ import annotations

from typing import Iterable, Iterator

from ..loader import Article
from . import attach
from .actors import Actor, ActorMemory, phrase_tokens, resolve_actor
from .casualties import find_casualties
from .dates import find_dates
from .event_dates import StoryContext, anchor_date, in_background, set_date, valid_date
from .event_places import (HOME_TARGET_TYPES, article_places, context_places, country_place, fill_actor_countries,
                           focus_countries, refine_nearby, sentence_places, set_place, use_place)
from .events import PATIENT_NOUNS, SPEECH_VERBS, noun_agent, find_triggers, noun_is_supported, resolve_alt_types, set_modality, set_participants
from .lexicon import Lexicon, load_lexicon
from .merge import EventMention, merge_mentions
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


def _participants(t, resources: Resources, memory: ActorMemory) -> tuple[Actor | None, Actor | None]:
    """The first candidate heads of a trigger that name actors."""
    a1 = _first_actor(t.actor1_alts, resources, memory)
    a2 = None
    for h in t.actor2_alts:
        if a1 is not None and h.i == a1.head:
            continue
        if h.i in t.fallback2 and h.pos_ == "PRON":
            continue
        a2 = _actor(h, resources, memory)
        if a2 is None and h.ent_type_ in ("GPE", "LOC") and h.pos_ == "PROPN" and h.dep_ == "pobj":
            a2 = _place_actor(h, resources)   # "shelled Homs": a town stands for its country's side
        if a2 is not None and h.i in t.fallback2 and (a2.country is None and a2.kind != "igo"
                                                      or a2.via not in ("text", "place")):
            a2 = None   # the clause search wants a party with a known country
        if a2 is not None and h.i in t.fallback2:
            a2.weak = True
        if a2 is not None and h.i in t.location_targets and (a1 is None or a2.country == a1.country):
            if a1 is not None and a2.country and t.type in HOME_TARGET_TYPES:
                # "threatened a curfew in Algiers": a coercive act at home falls on the place's people.
                a2 = Actor(name=a2.name, country=a2.country, kind="civilians", start=a2.start, end=a2.end,
                           head=a2.head, via="place", weak=True, plural=True)
            elif a1 is not None and a2.country and t.type == "PROTEST":
                # "demonstrators protested in Monrovia": a protest at home with no named target
                # is addressed to the country's authorities.
                a2 = Actor(name=a2.name, country=a2.country, kind="government", start=a2.start, end=a2.end,
                           head=a2.head, via="place", weak=True)
            else:
                a2 = None   # a place at home is where, not whom
        if a2 is not None and a1 is not None and a2.country == a1.country and any(
                c.dep_ == "poss" and c.lower_ in ("its", "their", "his", "her") for c in h.children):
            a2 = None   # "withdraw its troops": the actor's own means, not whom it acts on
        if a2 is not None:
            break
    if a1 is not None and a2 is not None and a1.start == a2.start:
        a2 = None
    if a2 is None and t.rule.mode == "curfew" and a1 is not None and a1.country \
            and a1.kind in ("state", "government", "military", "person"):
        # "prepared to impose martial law", "threatened a curfew": imposed on the country's own people.
        a2 = Actor(name="population", country=a1.country, kind="civilians", via="inferred", weak=True,
                   plural=True)
    return a1, a2


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
    actors = {id(t): _participants(t, resources, memory) for t in kept}
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
            p = _pobj_of(c)
            if p is not None and p.i in by_i:
                return by_i[p.i].mode
    return None


def _place_actor(h, resources: Resources) -> Actor | None:
    """A town or region named as the one acted on, as its country's state."""
    doc = h.doc
    i, j = h.i, h.i + 1
    while i > 0 and doc[i].ent_iob_ == "I":
        i -= 1
    while j < len(doc) and doc[j].ent_iob_ == "I":
        j += 1
    span = doc[i:j]
    text = span.text[4:] if span.text.lower().startswith("the ") else span.text
    iso = resources.actors.place_country(text)
    if not iso:
        return None
    return Actor(name=text, country=iso, kind="state", start=span.end_char - len(text), end=span.end_char,
                 head=h.i, via="place")


def _pobj_of(prep):
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def _first_actor(heads, resources: Resources, memory: ActorMemory) -> Actor | None:
    for h in heads:
        a = _actor(h, resources, memory)
        if a is not None:
            return a
    return None


def _actor(head, resources: Resources, memory: ActorMemory) -> Actor | None:
    """The actor a participant head names; for a non-actor noun, its possessor ("praised
    Haiti's efforts" -> Haiti)."""
    if head is None:
        return None
    a = resolve_actor(head, dictionary=resources.actors, memory=memory)
    if a is None and head.pos_ == "NOUN":
        poss = next((c for c in head.children if c.dep_ == "poss" and c.tag_ not in ("PRP$",)), None)
        if poss is not None:
            a = resolve_actor(poss, dictionary=resources.actors, memory=memory)
    if a is None and head.pos_ == "NOUN" and head.lemma_.lower() in RESPONSE_NOUNS \
            and head.dep_ not in ("nsubj", "nsubjpass"):
        # "rejected an offer from Afghanistan", "dismissed an appeal by President X", "welcomed a
        # Saudi proposal": who is answered is who made the offer.
        ag = noun_agent(head)
        if ag is not None and ag.tag_ != "PRP$":
            a = resolve_actor(ag, dictionary=resources.actors, memory=memory)
    if a is None and head.pos_ == "NOUN" and head.dep_ in ("nsubj", "nsubjpass", "csubj"):
        # "a bomb planted by X killed ...", "the bombing by X killed ...": an act or instrument
        # standing as the subject is X's.
        ag = noun_agent(head)
        if ag is None:
            for c in head.children:
                if c.dep_ == "acl" and c.tag_ == "VBN":
                    ag = next((_pobj_of(b) for b in c.children if b.dep_ == "agent" or
                               (b.dep_ == "prep" and b.lower_ == "by")), None)
                    if ag is not None:
                        break
        if ag is not None and ag.i != head.i and ag.tag_ != "PRP$":
            a = resolve_actor(ag, dictionary=resources.actors, memory=memory)
        elif ag is None and head.lemma_.lower() not in PATIENT_NOUNS:
            # "the deployment of Ethiopian troops angered ...": the force of a deployment noun.
            of = next((_pobj_of(c) for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            if of is not None and of.pos_ == "NOUN":
                oa = resolve_actor(of, dictionary=resources.actors, memory=memory)
                if oa is not None and oa.kind in ("military", "armed_group"):
                    a = oa
    if a is not None and a.country is None and a.kind in PLACED_KINDS and a.via == "text" and head.pos_ == "NOUN":
        # "villagers in Darfur", "refugees from Burundi": the people of the place named.
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "from"):
                p = _pobj_of(c)
                if p is not None and p.ent_type_ in ("GPE", "LOC") and p.pos_ == "PROPN":
                    pa = _place_actor(p, resources)
                    if pa is not None:
                        a.country = pa.country
                        break
    if a is not None and a.country is None and a.kind in CONTEXT_KINDS and a.via == "text" \
            and head.pos_ == "NOUN" and _generic_phrase(head):
        a.country = _context_country(head, resources)
    if a is not None and a.country is None and a.via == "text" and a.body is None and _domestic_role(head, a):
        # "President Dos Santos conceded to demands from UNITA", "Ibo elders demanded ...": an
        # office holder or a people's group with no stated nationality belongs to the country
        # the sentence is about. The evidence says the country was inferred.
        a.country = _context_country(head, resources)
        if a.country:
            a.country_via = "context"
    return a


# Offices held inside one country: a holder with no stated nationality is the sentence country's.
DOMESTIC_TITLES = {"president", "vice-president", "prime", "premier", "minister", "governor", "mayor",
                   "general", "gen.", "gen", "lt.", "colonel", "col.", "judge", "speaker", "chancellor",
                   "king", "queen", "emir", "sultan", "senator", "lawmaker", "opposition", "dictator",
                   "junta", "commander"}
# Kinds that are a country's own people when nothing else places them (not organisations: an
# unnamed "human rights group" may be international).
DOMESTIC_GROUP_KINDS = {"armed_group", "civilians", "party"}


def _domestic_role(head, a: Actor) -> bool:
    if a.kind in DOMESTIC_GROUP_KINDS:
        return True
    if a.kind != "person":
        return False
    toks = phrase_tokens(head)
    if head.ent_type_ == "PERSON":
        ent = {t.i for t in toks if t.ent_type_ == "PERSON"}
        toks = [t for t in toks if t.i not in ent] + [c for c in head.lefts if c.i not in ent]
    return any(t.lower_ in DOMESTIC_TITLES or any(p in DOMESTIC_TITLES for p in t.lower_.split("-"))
               for t in toks if t.i != head.i or head.ent_type_ != "PERSON")


# Nouns for what one party puts to another: whoever answers one acts on its author.
RESPONSE_NOUNS = {"offer", "appeal", "call", "demand", "request", "proposal", "plan", "initiative",
                  "invitation", "ultimatum", "suggestion", "bid", "plea", "overture", "accusation",
                  "allegation", "charge", "criticism", "claim", "condition", "statement", "decision",
                  "move", "policy", "proposition", "peace plan", "order"}
# Kinds of a bare generic phrase ("the government", "the police", "the army") that belong to
# the country the story is about.
CONTEXT_KINDS = {"government", "military"}
# Kinds that are the people of a place named after them.
PLACED_KINDS = {"civilians", "military", "armed_group", "government", "person"}


def _generic_phrase(head) -> bool:
    """'the police', 'the army', 'security forces': no name, nationality or possessor."""
    return not any(c.dep_ in ("compound", "poss", "appos", "nmod") or (c.dep_ == "amod" and c.ent_type_)
                   or (c.dep_ == "prep" and c.lower_ == "of") for c in head.children)


def _context_country(head, resources: Resources) -> str | None:
    """The country named nearest before ``head`` in its sentence or the previous one, else the
    first named after it in its sentence ("Riots broke out in Kenya. The police arrested ...")."""
    doc, sent = head.doc, head.sent
    start = sent.start
    if start > 0:
        start = doc[start - 1].sent.start
    def iso_of(t):
        if t.ent_type_ not in ("GPE", "NORP") or t.ent_iob_ != "B":
            return None
        j = t.i + 1
        while j < len(doc) and doc[j].ent_iob_ == "I":
            j += 1
        text = doc[t.i:j].text
        if text.lower().startswith("the "):
            text = text[4:]
        return resources.actors.country_for(text)
    for i in range(head.i - 1, start - 1, -1):
        iso = iso_of(doc[i])
        if iso:
            return iso
    for i in range(head.i + 1, sent.end):
        iso = iso_of(doc[i])
        if iso:
            return iso
    return None
