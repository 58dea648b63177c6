"""Stage: mentions. Every candidate that can report an event, with its fields resolved.

In:  a parsed ``Doc`` with ``doc._.article``, ``doc._.dates``, ``doc._.places`` and scored
     ``doc._.candidates``; ``Resources`` (actor dictionary, agents dictionary, geocoder).
Out: ``doc._.mentions``: one ``Mention`` per candidate whose modality can report an event, whose
     noun is supported and whose event probability reaches the stage's floor.

Sentence by sentence: actors (``participants`` over ``actors``), the trigger's date
(``event_dates``) and place (``event_places``), casualties; then, over the article, places from
nearby sentences or the story's focus and participant countries from where things happened.
Each mention is built in a working draft (``merge.EventMention``) and frozen at the end.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span

from ..taxonomy import VERBAL, quad_class
from . import attach
from .actors import ActorMemory, resolve_actor
from .candidates import TriggerView, sentence_views
from .casualties import find_casualties
from .dates import DateMention
from .entities import to_ref
from .event_dates import (PERIOD_KINDS, StoryContext, after_clause_date, anchor_date, in_background,
                          is_background, set_date, valid_date)
from .event_places import (acting_pair, context_places, country_place, fill_actor_countries, focus_countries,
                           refine_nearby, sentence_places, set_place, use_place)
from .events import HAZARDS, noun_agent
from .merge import EventMention
from .participants import participants
from .records import ArticleMeta, Candidate, Casualty, DateValue, Mention, PlaceValue, TextSpan
from .resources import Resources

# Below this event probability a candidate is not even kept as a low-confidence mention.
MENTION_FLOOR = 0.05
SUBJECT_DEPS = ("nsubj", "nsubjpass")


@dataclass
class ArticleState:
    """What one article's sentences share while they are read (across the pieces of a long one)."""
    meta: ArticleMeta
    memory: ActorMemory = field(default_factory=ActorMemory)
    story: StoryContext = field(default_factory=StoryContext)
    focus: list[str] = field(default_factory=list)     # the story's focus countries so far
    sent_base: int = 0                                  # sentences of the article's earlier pieces


@dataclass(frozen=True)
class SentenceInput:
    """One sentence and what the article-level stages found in it."""
    sent: Span
    index: int
    candidates: list[Candidate]
    dates: list[DateMention]
    places: list


def mention_id(article_id: str, trigger_start: int, etype: str) -> str:
    """Stable id of a mention (and of the event it is the primary evidence of)."""
    return "e" + hashlib.sha1(f"{article_id}|{trigger_start}|{etype}".encode("utf-8")).hexdigest()[:15]


def doc_mentions(doc: Doc, resources: Resources, *, floor: float = MENTION_FLOOR,
                 state: ArticleState | None = None) -> tuple[Mention, ...]:
    """The mentions of a document (see module docstring); ``state`` carries a long article's
    context from its previous piece."""
    meta: ArticleMeta = doc._.article
    if state is None:
        state = ArticleState(meta)
    state.meta = meta
    event_tokens = frozenset(c.token for c in doc._.candidates if c.nominal)
    dates = [dm for dm in doc._.dates if valid_date(dm, doc, event_tokens)]
    places = [pm for pm in doc._.places if pm.place is not None]
    ents = [e for e in doc.ents if e.label_ in ("PERSON", "ORG") or
            (e.label_ == "GPE" and e.root.dep_ in SUBJECT_DEPS)]
    by_sent: dict[int, list[Candidate]] = {}
    for c in doc._.candidates:
        by_sent.setdefault(c.sent_start, []).append(c)
    drafts: list[EventMention] = []
    n_sents = 0
    ent_at, date_at, place_at = (_Cursor(ents, lambda e: e.start_char), _Cursor(dates, lambda d: d.start),
                                 _Cursor(places, lambda p: p.start_char))
    for si, sent in enumerate(doc.sents):
        s0, s1 = sent.start_char, sent.end_char
        _remember_entities(ent_at.within(s0, s1), state.memory, resources)
        _remember_speakers(sent, state.memory, resources)
        sdates, splaces = date_at.within(s0, s1), place_at.within(s0, s1)
        state.story.sent_index = state.sent_base + si
        found = []
        if sent.start in by_sent:
            found = _sentence_drafts(SentenceInput(sent, si, by_sent[sent.start], sdates, splaces), state,
                                     resources, floor)
        drafts.extend(found)
        if not any(c.type == "ASSAULT" for c in by_sent.get(sent.start, ())):
            _update_toll(sent, drafts, si)
        state.story.note(found, state.sent_base + si, meta.published)
        state.story.note_lead_dates(sdates, state.sent_base + si, meta.published)
        n_sents = si + 1
    state.sent_base += n_sents if len(doc) else 0
    _place_from_article(doc, drafts, places, resources, state)
    for m in drafts:
        fill_actor_countries(m)
    text = doc.text   # built once: Doc.text joins every token
    return tuple(_freeze(m, meta, text, resources) for m in drafts)


# Types done at home by whoever does them (a state's arrests, bans, deployments, protests,
# resignations): with no place stated, the event is in the acting side's country.
AT_HOME_TYPES = {"COERCE", "MOBILIZE", "PROTEST", "RETREAT", "SANCTION", "CONCEDE", "AID", "REJECT", "ACCUSE",
                 "REQUEST", "SUPPORT", "THREATEN", "AGREE", "OTHER"}
# Types that happen where they are aimed: an attack on a country's people is in that country.
AT_TARGET_TYPES = {"ASSAULT"}
ACTING_KINDS = {"state", "government", "military", "police", "party", "person", "civilians", "armed_group"}


def _forces_abroad(a1, a2) -> bool:
    """Is the target a force another country's side attacked ("Hamas fighters attacked Israeli
    troops", "Houthi rebels attacked American warships")? Forces fight where they are deployed,
    so their nationality does not say where: the story's places and focus do."""
    return a2.kind == "military" and a1 is not None and bool(a1.country) and a1.country != a2.country


def _actor_country(m: EventMention) -> str | None:
    """The country a place-less event happened in, as its participants tell (see the type sets)."""
    a1, a2 = m.actor1, m.actor2
    if m.type in AT_TARGET_TYPES:
        if a2 is not None and a2.country and a2.via == "text" and not a2.weak and not _forces_abroad(a1, a2) \
                and a2.country_via != "context":
            return a2.country
        return None
    if m.type in AT_HOME_TYPES and a1 is not None and a1.country and a1.via in ("text", "memory") \
            and a1.kind in ACTING_KINDS and not a1.weak and not acting_pair(m):
        return a1.country
    return None


class _Cursor:
    """Walks items sorted by offset, sentence after sentence (one pass over the article)."""

    def __init__(self, items: list, start) -> None:
        self.items, self.start, self.k = items, start, 0

    def within(self, s0: int, s1: int) -> list:
        """The items starting inside [s0, s1); the sentences must come in order."""
        while self.k < len(self.items) and self.start(self.items[self.k]) < s0:
            self.k += 1
        out = []
        while self.k < len(self.items) and self.start(self.items[self.k]) < s1:
            out.append(self.items[self.k])
            self.k += 1
        return out


def _place_from_article(doc: Doc, drafts: list[EventMention], places: list, resources: Resources,
                        state: ArticleState) -> None:
    """Unplaced mentions take a place from nearby sentences, then their participants' country
    (``_actor_country``), then the story's focus country."""
    for m in drafts:
        if m.place is not None and not m.place.country:
            # A sea or a continent says where no country's event happened: place it as if unplaced,
            # keeping the water or region only when nothing better is found.
            m.place_hint = (m.place, m.place_text, m.place_span, m.place_source)
            use_place(m, None, None, None, "none")
        elif m.place_source == "actor" and m.actor1 is not None and m.actor1.kind == "igo" \
                and m.actor2 is not None and m.actor2.country and m.actor2.via == "text":
            # "The United Nations urged Somali leaders ...": a body's statement on a country, said
            # at no stated place, concerns that country rather than the body's seat.
            c = country_place(resources.geocoder, m.actor2.country) if resources.geocoder is not None else None
            if c is not None:
                use_place(m, c, None, None, "actor")
    context_places(drafts)
    if resources.geocoder is not None:
        for m in drafts:
            iso = _actor_country(m) if m.place is None else None
            c = country_place(resources.geocoder, iso) if iso else None
            if c is not None:
                use_place(m, c, None, None, "actor")
    unplaced = [m for m in drafts if m.place is None]
    if resources.geocoder is not None and (unplaced or places):
        # Each piece of a long article adds to what the story is about.
        state.focus = focus_countries(doc, places, drafts, resources.actors) or state.focus
    if unplaced and resources.geocoder is not None:
        focus = state.focus
        c = country_place(resources.geocoder, focus[0]) if focus else None
        if c is not None:
            for m in unplaced:
                use_place(m, c, None, None, "focus")
    for m in drafts:
        if m.place is None and m.place_hint is not None:
            use_place(m, *m.place_hint)
        elif m.place_hint is not None and _at_sea(m):
            # "fired at a tanker in the Red Sea": the point is the sea's, the country the one the
            # participants or the story gave (ACLED files events at sea under the nearest state),
            # not that country's inland centroid.
            sea, text, span, source = m.place_hint
            use_place(m, replace(sea, country=m.place.country, admin1=None), text, span, source)
    refine_nearby(drafts, places, [s.start_char for s in doc.sents], doc)


def _at_sea(m: EventMention) -> bool:
    """Was the act tied to a water body (or, for a material act, had one in its sentence: "fired
    at a tanker in the Red Sea") and then given only a country by its participants? A sea in a
    statement is more often its content ("an open Indian Ocean")."""
    sea, source = m.place_hint[0], m.place_hint[3]
    return sea.feature == "water" and (source == "trigger" or source == "sentence"
                                       and quad_class(m.type) not in VERBAL) \
        and m.place is not None and m.place.feature == "country" \
        and m.place_source in ("actor", "focus", "context")


def _is_subject(tok) -> bool:
    return tok.dep_ in SUBJECT_DEPS or (tok.dep_ in ("appos", "compound") and tok.head.dep_ in SUBJECT_DEPS)


def _remember_entities(ents, memory: ActorMemory, resources: Resources) -> None:
    """Add a sentence's named people and organisations to the article memory."""
    for ent in ents:
        a = resolve_actor(ent.root, dictionary=resources.actors, memory=memory)
        if a is not None and a.via == "text":
            memory.add(a, subject=_is_subject(ent.root))


def _remember_speakers(sent: Span, memory: ActorMemory, resources: Resources) -> None:
    """Subjects ("the Nepali rebels said they ...", "Demonstrators chanted as they marched") are who
    later pronouns point to."""
    for tok in sent:
        if tok.dep_ == "nsubj" and tok.head.pos_ in ("VERB", "AUX") and tok.pos_ in ("NOUN", "PROPN") \
                and tok.ent_type_ not in ("PERSON", "ORG"):
            a = resolve_actor(tok, dictionary=resources.actors, memory=memory)
            if a is not None and a.via == "text":
                memory.add(a, subject=True)


# Occasions a statement or an act is made at: a day that modifies one dates what happened there
# ("rejected the proposal at a May 9 news conference").
OCCASION_NOUNS = frozenset({"briefing", "conference", "meeting", "interview", "speech", "statement",
                            "session", "summit", "hearing", "address", "broadcast", "appearance",
                            "call", "visit", "rally", "ceremony", "debate"})


def _noun_of(tok):
    """The noun a compound modifier belongs to ("news" in "news conference": "conference")."""
    while tok.dep_ == "compound" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _date_anchors(doc: Doc, sdates: list[DateMention], views: list[TriggerView]) -> list:
    """(date mention, head token) pairs, without dates that name a thing ("the 2015 nuclear
    agreement", "the 1979 revolution", "the Jan. 6 committee", "last year's election") rather
    than date an event; a day that modifies an occasion noun dates it."""
    trig_ids = {v.cand.token for v in views}
    out = []
    for dm in sdates:
        root = attach.span_root(doc, dm.start, dm.end)
        if root is not None and (root.dep_ in ("nummod", "compound", "amod", "nmod")
                                 or root.dep_ == "poss" and dm.precision != "day") and \
                root.head.pos_ in ("NOUN", "PROPN") and root.head.i not in trig_ids and \
                not (dm.precision == "day" and _noun_of(root.head).lemma_.lower() in OCCASION_NOUNS):
            continue
        if dm.kind == "offset":
            root = _offset_reference(doc, dm) or root
        elif root is not None and root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.idx < dm.start:
            root = root.head   # "In 2015" read as "2015": anchored at its preposition, as "on Monday" is
        if root is not None and _in_since_clause(root, trig_ids):
            continue
        out.append((dm, root))
    return out


def _in_since_clause(tok, trig_ids: set[int]) -> bool:
    """Is ``tok`` inside a since-clause whose verb reports no event ("Since leaving office in
    February, he has criticised ..."): it dates the start of a span, not what the main verb tells."""
    for x in (tok, *tok.ancestors):
        if x.dep_ == "advcl" and _marked_since(x) or x.dep_ == "pcomp" and x.head.lower_ == "since":
            return x.i not in trig_ids
    return False


def _marked_since(clause) -> bool:
    return any(m.dep_ == "mark" and m.lower_ == "since" for m in clause.children)


def _offset_reference(doc: Doc, dm: DateMention):
    """The event an offset is counted from ("a day after an ambush": the ambush, which was a day
    before the sentence's dated event), wherever the parser hung the count; or None."""
    span = doc.char_span(dm.start, dm.end, alignment_mode="expand")
    if span is None or not len(span) or span[-1].lower_ not in ("after", "before"):
        return None
    w = span[-1]
    if w.dep_ == "mark":
        return w.head
    return next((c for c in w.children if c.dep_ in ("pobj", "pcomp")), None)


def _acting_place(doc: Doc, pm) -> bool:
    """A place named as who acts ("Beijing said", "weaponised by Beijing") is an actor of some
    event of the sentence, never where another event of it happened."""
    root = attach.span_root(doc, pm.start_char, pm.end_char)
    if root is None:
        return False
    if root.dep_ == "nsubj" and root.head.pos_ in ("VERB", "AUX"):
        return True
    return root.dep_ == "pobj" and root.head.dep_ == "agent"


def _can_report(c: Candidate, floor: float) -> bool:
    return c.kept and c.supported and c.p_event >= floor


def _sentence_drafts(si: SentenceInput, state: ArticleState, resources: Resources, floor: float) -> list[EventMention]:
    """The working drafts of one sentence's mentions."""
    doc = si.sent.doc
    views = sentence_views(doc, si.candidates)
    # Dates go to their nearest trigger, kept or not: a dropped trigger owns its dates.
    own_dates = attach.assign(_date_anchors(doc, si.dates, views), views)
    kept = [v for v in views if _can_report(v.cand, floor)]
    if not kept:
        return []
    memory = state.memory
    actors = {id(v): _not_towns(participants(v, resources, memory), si.places) for v in kept}
    for v in kept:
        # "urged the militias ... during a meeting": the meeting is between the governing
        # event's participants unless the noun names its own.
        g = v.governor
        if v.type == "CONSULT" and v.nominal and v.cand.pred == v.cand.token and g is not None \
                and id(g) in actors and noun_agent(v.token) is None and any(actors[id(g)]):
            actors[id(v)] = actors[id(g)]
    # Talking to the press is not consultation, nor is a reporter's question a request.
    kept = [v for v in kept if not (v.type in ("CONSULT", "REQUEST") and any(
        a is not None and a.kind == "media" for a in actors[id(v)]))]
    for v in kept:
        for a in actors[id(v)]:
            if a is not None and a.via == "text" and a.kind != "civilians" and 0 <= a.head < len(doc):
                memory.add(a, subject=_is_subject(doc[a.head]))
    sp = sentence_places(doc, [pm for pm in si.places if not _acting_place(doc, pm)], views, kept, actors,
                         memory, resources.actors)
    cas = None
    toll_owners: set[int] = set()
    results: dict[int, EventMention] = {}
    kept_ids = {id(v) for v in kept}
    sent = si.sent
    # Governing triggers first: their dates and places pass down to the events they govern.
    for k in sorted(range(len(views)), key=lambda k: attach.depth(views[k].token)):
        v = views[k]
        if id(v) not in kept_ids:
            continue
        a1, a2 = actors[id(v)]
        tok = v.token
        m = EventMention(type=v.type, mode=v.mode or _instrument_mode(v, views), trigger=tok.text,
                         trigger_start=tok.idx, trigger_end=tok.idx + len(tok.text),
                         sent_index=si.index, sent_start=sent.start_char,
                         sent_end=sent.start_char + len(sent.text.rstrip()),   # not the paragraph break after it
                         actor1=a1, actor2=a2, modality=v.modality)
        set_date(m, v, k, views, own_dates, results, state.story, state.meta.published)
        set_place(m, v, k, views, sp, results, resources)
        if v.type == "ASSAULT":
            if cas is None:
                cas = find_casualties(sent.text, offset=sent.start_char)
                toll_owners = _toll_owners(doc, cas, views, kept_ids)
            if cas and k in toll_owners:
                m.fatalities, m.injuries, m.casualty_spans = cas.fatalities, cas.injuries, list(cas.spans)
        m.confidence = v.cand.p_event
        m.subordinate = in_background(v)
        m.anaphoric = _definite_noun(v)
        m.aggregate = _durative(v)
        results[k] = m
    for k, m in results.items():
        if m.date_source in ("context", "publication", "none"):
            after_clause_date(m, views[k], views, results)
        if m.date_source in ("context", "publication", "none"):
            anchor_date(m, views[k], views, results)
        m.background = is_background(m, state.meta.published)
    return [results[k] for k in sorted(results, key=lambda k: views[k].cand.token)]


_TOLL_WORD = re.compile(r"(?i)\b(?:death|casualty|the)\s+toll\b|\btoll\s+(?:rose|climbed|jumped|has\s+risen|stood|reached)")
TOLL_GAP = 3   # sentences within which an updated toll with no attack of its own is the last attack's


def _update_toll(sent: Span, drafts: list[EventMention], si: int) -> None:
    """"Gunmen killed 12 ... The death toll later rose to 20": a count in a sentence that tells
    no attack updates the toll of the story's latest current attack a few sentences before (the
    event's figure is its highest toll, never a sum). ``si`` counts sentences as the drafts'
    ``sent_index`` does (within this piece of the article)."""
    if not _TOLL_WORD.search(sent.text) or any(t.lemma_.lower() in HAZARDS for t in sent):
        return   # only a toll said as such, and not a flood's or a quake's
    cas = find_casualties(sent.text, offset=sent.start_char)
    if not cas:
        return
    last = next((m for m in reversed(drafts) if m.type == "ASSAULT"), None)
    if last is None or last.background or si - last.sent_index > TOLL_GAP:
        return
    if cas.fatalities is not None and cas.fatalities > (last.fatalities or 0):
        last.fatalities = cas.fatalities
        last.casualty_spans = list(last.casualty_spans) + [sp for sp in cas.spans if sp not in last.casualty_spans]
    if cas.injuries is not None and cas.injuries > (last.injuries or 0):
        last.injuries = cas.injuries


# Gazetteer features of places a participant's words can name: towns, provinces, sites, waters,
# and named territories or regions ("seized Crimea", the tagger's organisation).
SITE_FEATURES = frozenset({"city", "admin1", "admin2", "district", "point", "crossing", "base", "border", "water",
                           "territory", "region"})


def _not_towns(pair: tuple, places: list) -> tuple:
    """A participant the tagger named as an organisation or a person whose words the geoparser
    resolved as a town or province ("gunmen attacked Bokkos, Plateau state") is where, not who."""
    def town(a) -> bool:
        return a is not None and a.kind in ("organisation", "person") and a.via == "text" and any(
            pm.place is not None and pm.place.feature in SITE_FEATURES and not pm.is_demonym
            and pm.start_char <= a.start and a.end <= pm.end_char for pm in places)
    return tuple(None if town(a) else a for a in pair)


def _toll_owners(doc: Doc, cas, views: list[TriggerView], kept_ids: set[int]) -> set[int]:
    """Indices of the sentence's attacks a toll belongs to: those nearest in the parse to the
    words that give it ("freed the hostages and killed 12 kidnappers, a day after an ambush":
    the 12 are the killing's, not the earlier ambush's). Every attack when the words cannot be placed."""
    attacks = [k for k, v in enumerate(views) if v.type == "ASSAULT" and id(v) in kept_ids]
    if not cas or len(attacks) < 2:
        return set(attacks)
    owners: set[int] = set()
    for start, end, _ in cas.spans:
        root = attach.span_root(doc, start, end)
        if root is None:
            return set(attacks)
        costs = {k: attach.cost(root, views[k]) for k in attacks}
        best = min(costs.values())
        owners |= {k for k, c in costs.items() if c == best}
    return owners


def _definite_noun(v: TriggerView) -> bool:
    """"the attack", "this week's talks", "Tuesday's bombing": a definite event noun points back to
    an event the story has told (or is about)."""
    if not v.nominal:
        return False
    for c in v.token.children:
        if c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those"):
            return True
        if c.dep_ == "poss":
            return True
    return False


# Nouns of long-running violence: what they "have killed" is a cumulative toll, not one event.
DURATIVE_CONFLICT = {"war", "conflict", "insurgency", "violence", "crisis", "campaign", "rebellion",
                     "uprising", "occupation", "genocide", "unrest", "revolution", "terrorism", "bloodshed",
                     "fighting", "hostility", "hostilities", "siege", "civil"}


# Words that make a plural event noun many events ("several recent attacks", "a wave of arrests").
MANY_WORDS = {"several", "many", "numerous", "multiple", "repeated", "recent", "frequent", "dozens", "hundreds",
              "thousands", "series", "wave", "spate", "string", "string", "countless", "various", "past"}


def _many(v: TriggerView) -> bool:
    """A plural event noun counted or qualified as many ("several recent attacks") tells of many
    happenings, not one event."""
    tok = v.token
    if not v.nominal or tok.tag_ != "NNS":
        return False
    words = {c.lower_ for c in tok.children if c.dep_ in ("amod", "det", "nummod", "quantmod", "predet")}
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in MANY_WORDS:
        words.add(tok.head.head.lower_)
    return bool(words & MANY_WORDS) or any(c.like_num for c in tok.children if c.dep_ == "nummod")


def _tally_since(verb) -> bool:
    """A toll counted since a start ("48,000 people have been killed since the war began",
    "... since October"): a running total, not one attack."""
    return any(c.dep_ == "advcl" and _marked_since(c) or c.dep_ == "prep" and c.lower_ == "since"
               for c in verb.children)


def _durative(v: TriggerView) -> bool:
    """An attack told as the deeds of a war or an insurgency ("a war that has killed 100,000
    people", "the insurgency has killed thousands") or a war named as such, or events told as many
    ("several recent attacks"): an aggregate."""
    if _many(v):
        return True
    if v.type != "ASSAULT":
        return False
    if _tally_since(v.pred):
        return True
    if v.nominal and v.token.lemma_.lower() in DURATIVE_CONFLICT - {"fighting", "siege"}:
        return True
    doc = v.doc
    return any(doc[i].lemma_.lower() in DURATIVE_CONFLICT for i in v.cand.actor1_heads[:1])


def _instrument_mode(v: TriggerView, views: list[TriggerView]) -> str | None:
    """'killed in an airstrike', 'wounded by shelling': the means named by a same-type trigger
    noun in the verb's in/by/with phrase gives the mode."""
    by_i = {x.cand.token: x for x in views if x.type == v.type and x.mode}
    for c in v.token.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in ("in", "by", "with"):
            p = next((x for x in c.children if x.dep_ == "pobj"), None)
            if p is not None and p.i in by_i:
                return by_i[p.i].mode
    return None


def _span(text: str, span: tuple[int, int] | None) -> TextSpan | None:
    if not span or span[0] is None or span[0] < 0:
        return None
    return TextSpan(span[0], span[1], text[span[0]:span[1]])


def _date_value(m: EventMention, text: str) -> DateValue:
    """The mention's date record: a decade or span is kept as evidence but dates nothing."""
    span = _span(text, m.date_span)
    if m.date is None or m.date_kind in PERIOD_KINDS:
        # A period, or an offset from no known date, is the event's own time, though undated.
        own = m.date_kind in PERIOD_KINDS or m.date_source == "offset"
        return DateValue(None, "unknown", m.date_source if own else "none", span)
    if m.background and m.date_source in ("publication", "context"):
        # Background is never dated to the publication (or the story's) date.
        return DateValue(None, "unknown", "none", None)
    return DateValue(m.date, m.date_precision, m.date_source, span)


def _freeze(m: EventMention, meta: ArticleMeta, text: str, resources: Resources) -> Mention:
    cas = None
    if m.fatalities is not None or m.injuries is not None:
        cas = Casualty(m.fatalities, m.injuries, tuple(TextSpan(s, e, t) for s, e, t in m.casualty_spans))
    return Mention(
        id=mention_id(meta.id or "", m.trigger_start, m.type), type=m.type, mode=m.mode,
        trigger=TextSpan(m.trigger_start, m.trigger_end, m.trigger),
        sentence=TextSpan(m.sent_start, m.sent_end, text[m.sent_start:m.sent_end]), sent_index=m.sent_index,
        modality=m.modality,
        actor1=to_ref(m.actor1, resources.actors, resources.agents),
        actor2=to_ref(m.actor2, resources.actors, resources.agents),
        date=_date_value(m, text),
        place=PlaceValue(m.place, m.place_source, _span(text, m.place_span),
                         m.place_text or (getattr(m.place, "name", None) if m.place is not None else None)),
        casualty=cas, background=m.background, anaphoric=m.anaphoric, confidence=m.confidence)
