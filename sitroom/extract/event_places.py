"""Where did it happen: a trigger's place from the place mentions of its sentence, the acting
government's seat, nearby sentences, or the article's focus; and what a place says about the
participants.

In:  ``places.find_places`` mentions (resolved gazetteer places), the sentence's triggers and
     resolved actors, the geocoder and actor dictionary.
Out: ``EventMention.place``/``place_text``/``place_span``/``place_source``; participant countries
     filled from where a material event happened.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..taxonomy import MATERIAL_CONFLICT, VERBAL, quad_class
from . import attach
from .actors import Actor, ActorMemory
from .event_dates import crosses_temporal_clause, inherits
from .events import MEETING_NOUNS, Trigger, travels_for
from .merge import GEO_RANK, EventMention
from .places import ATTACK_HEADS, TARGET_LOCATIVE


# Types located at the acting government's seat when the text names no place for them.
SEAT_KINDS = {"state", "government", "person", "party", "military"}


PLACE_TYPES_AT_SEAT = {"AGREE", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION", "OTHER"}


SEAT_MODES = {"resignation"}   # a resignation is announced where the government sits


MAX_PLACE_COST = 5.0


MAX_VERBAL_PLACE_COST = 2.5


def article_places(doc, geocoder) -> list:
    """Place mentions of the article that can say where (empty without a gazetteer): every
    toponym but nationality words."""
    if geocoder is None:
        return []
    from .places import find_places
    # Nationality words are whose, not where: an actor's demonym never places an event.
    return [pm for pm in find_places(doc, geocoder=geocoder) if not pm.is_demonym]


LOCATIVE_PREPS = {"in", "at", "near", "into", "across", "inside", "outside", "throughout", "within",
                  "around", "over", "along", "to", "from", "toward", "towards"}


def focus_countries(doc, places, mentions: list[EventMention], dictionary) -> list[str]:
    """The countries the article's events happen in, most salient first.

    Place mentions count by role: in a locative phrase 2, as an object 1, as a subject or a
    modifier 0.5 (speakers and owners are not where things happen); demonyms 0.5; countries of
    participants in material events 1; the first sentence counts a quarter more. This is the
    story's fallback only: an event whose sentence states a place is placed there.
    """
    from collections import Counter
    counts: Counter[str] = Counter()
    lead_end = next(iter(doc.sents)).end_char if len(doc) else 0
    for pm in places:
        iso = getattr(pm.place, "country", None)
        if not iso or inside_name(pm, doc):
            continue
        root = attach.span_root(doc, pm.start_char, pm.end_char)
        w = 1.0
        if root is not None:
            if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS:
                w = 2.0
            elif root.dep_ in ("nsubj", "nsubjpass") or root.dep_ in MODIFIER_DEPS:
                w = 0.5
        counts[iso] += w * (1.25 if pm.start_char < lead_end else 1.0)
    for ent in doc.ents:
        if ent.label_ == "NORP":
            iso = dictionary.country_for(ent.text)
            if iso:
                counts[iso] += 0.5
    for m in mentions:
        if quad_class(m.type) in (MATERIAL_CONFLICT, "material cooperation"):
            for a in (m.actor1, m.actor2):
                if a is not None and a.country and a.via == "text":
                    counts[a.country] += 1.0
    return [c for c, _ in counts.most_common(5)]


MODIFIER_DEPS = ("compound", "amod", "poss", "nmod", "npadvmod")


def is_modifier_place(pm, doc) -> bool:
    """A country named as a modifier ("US air strikes", "US-based", "Chile's system") or any
    place as a possessor ("New Delhi's influence") says whose, not where."""
    root = attach.span_root(doc, pm.start_char, pm.end_char)
    if root is None or attach.place_anchor(root) is not root:
        return False   # "Kabul's outskirts", "western Aleppo countryside": a part of the place
    if root.dep_ == "poss":
        return True   # "New Delhi's influence": a government, whatever the place's size
    if getattr(pm.place, "precision", None) not in ("country", "region") and \
            getattr(pm.place, "feature", None) != "country":
        return False
    nxt = doc[root.i + 1] if root.i + 1 < len(doc) else None
    paired = nxt is not None and nxt.text in ("-", "–")
    if root.dep_ in ("compound", "nmod") and not paired and root.head.lemma_.lower() in MEETING_NOUNS:
        return False   # "the Singapore summit", "the Geneva talks": where they met, not who
    if root.dep_ in MODIFIER_DEPS:
        return True
    return paired



CARDINAL_WORDS = {"west", "east", "north", "south"}


def is_person_name(pm, memory: ActorMemory, dictionary, doc=None) -> bool:
    """"Mendel", "Alder": a name the article uses for a person is not a place here; nor is
    "the West" as a political bloc."""
    text = pm.text.strip(" .,")
    if text.lower() in CARDINAL_WORDS:
        return True
    e = dictionary.lookup(text)
    if e is not None and e.kind == "person":
        return True
    if getattr(pm.place, "feature", None) == "country":
        return False
    if " " in text:
        return False   # "Kadena Air Base": multiword gazetteer names are places
    if doc is not None:
        root = attach.span_root(doc, pm.start_char, pm.end_char)
        if root is not None and root.dep_ == "pobj" and (
                root.head.lower_ in ("in", "at", "near", "outside", "inside") or
                (root.head.lower_ == "of" and root.head.head.lemma_.lower() in attach.PLACE_NOUNS) or
                (getattr(pm, "source", None) == "gazetteer" and root.head.lower_ in TARGET_LOCATIVE
                 and root.head.head.lemma_.lower() in ATTACK_HEADS)):
            return False   # "in Mendel", "the town of Goma", "a strike on Rafah": a place, whatever NER thought
    return memory.surname(text) is not None or any(
        a.kind == "person" and a.proper and a.name == text for a in memory.actors[-30:])


def is_speaker(pm, doc) -> bool:
    """A place that speaks ("..., the Kremlin said", "Washington announced") is a government by
    its seat's name: who, not where."""
    from .events import SPEECH_VERBS
    root = attach.span_root(doc, pm.start_char, pm.end_char)
    return root is not None and root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in SPEECH_VERBS


def locative(pm, doc) -> bool:
    """Is the place the object of a locative preposition ("in Pyongyang", "at the Elysee",
    "in the town of Tarim")?"""
    root = attach.span_root(doc, pm.start_char, pm.end_char)
    if root is None or root.dep_ != "pobj":
        return False
    head = root.head
    return head.lower_ in LOCATIVE_PREPS or (head.lower_ == "of" and head.head.lemma_.lower() in attach.PLACE_NOUNS)


def inside_name(pm, doc) -> bool:
    """A place word inside an organisation's or person's name ("... of Southeast Asian Nations",
    "U.S. Fish and Wildlife Service"): the geoparser's ``in_name`` flag, else the first
    token's entity."""
    if getattr(pm, "in_name", False):
        return True
    if getattr(pm, "source", "") == "facility":
        return False   # "at the University of Nairobi": the facility is in the place
    span = doc.char_span(pm.start_char, pm.end_char, alignment_mode="expand")
    if span is None or not len(span) or span[0].ent_type_ not in ("ORG", "PERSON", "NORP") or span[0].ent_iob_ != "I":
        return False
    i = span[0].i - 1
    while i >= 0 and doc[i].ent_iob_ == "I":
        i -= 1
    # The entity begins before the place; "the White House" tagged with its article is the place.
    return not (i >= 0 and doc[i].lower_ == "the" and i == span[0].i - 1)


def place_is_actor(pm, blocked) -> bool:
    """A place named as a participant ("France accused Iran") is not where the event happened,
    unless it is a site acted on ("rockets hit the air base")."""
    for s, e, strict in blocked:
        if pm.start_char < e and s < pm.end_char:
            if strict or getattr(pm.place, "precision", "country") in ("country", "region"):
                return True
            if getattr(pm.place, "feature", "") in ("country",):
                return True
    return False


@dataclass
class SentencePlaces:
    """A sentence's usable place mentions: those tied to each trigger, and the free ones."""
    own: dict[int, list]          # trigger index -> [(PlaceMention, cost)]
    free: list                    # mentions not used as participants nor inside a request's content
    loc: set = field(default_factory=set)   # ids of mentions in a locative phrase ("in Pyongyang")


def sentence_places(doc, splaces, triggers: list[Trigger], kept: list[Trigger], actors: dict,
                    memory: ActorMemory, dictionary) -> SentencePlaces:
    """Tie the sentence's place mentions to its triggers (see module docstring)."""
    blocked = set()
    for t in kept:
        a1, a2 = actors[id(t)]
        for a, strict in ((a1, True), (a2, False)):
            # "a visit by Modi to Mauritius": the host is also where the visit happens.
            if a is not None and a.via == "text" and not a.weak and not (a is a2 and (t.mode == "visit" or a.head in t.location_targets)):
                blocked.add((a.start, a.end, strict))
                if 0 <= a.head < len(doc):   # "requested by Chile, Peru and Bolivia"
                    for c in doc[a.head].conjuncts:
                        blocked.add((c.idx, c.idx + len(c.text), strict))
    splaces = [pm for pm in splaces if not is_modifier_place(pm, doc) and not inside_name(pm, doc)
               and not is_person_name(pm, memory, dictionary, doc) and not place_is_actor(pm, blocked)
               and not is_speaker(pm, doc)]
    anchors = [(pm, attach.place_anchor(attach.span_root(doc, pm.start_char, pm.end_char))) for pm in splaces]
    trig_ids = {t.token.i for t in triggers}
    verbs = [t for t in triggers if not t.nominal or t.pred.i != t.token.i]
    verb_ids = frozenset(t.pred.i for t in verbs)
    material_ids = frozenset(t.pred.i for t in verbs if quad_class(t.type) not in VERBAL)
    own = attach.assign(anchors, triggers,
                        penalty=lambda tok: attach.describes_noun(tok, trig_ids, verb_ids, material_ids))
    kept_ids = {id(t) for t in kept}
    # A statement's own place is one said of the statement itself ("said in Baghdad"); one deeper
    # in what was said is content ("backs the base in Diego Garcia"). Far-off places are the
    # sentence's, not the trigger's; places owned by a dropped trigger (a request's content) are
    # nobody's.
    sentence_level = []
    for k in list(own):
        limit = MAX_VERBAL_PLACE_COST if quad_class(triggers[k].type) in VERBAL else MAX_PLACE_COST
        if id(triggers[k]) not in kept_ids:
            del own[k]
            continue
        sentence_level += [pm for pm, c in own[k] if c > limit]
        own[k] = [(pm, c) for pm, c in own[k] if c <= limit]
    owned = {id(pm) for v in own.values() for pm, _ in v} | {id(pm) for pm in sentence_level}
    assigned_anywhere = {id(pm) for pm, tok in anchors if tok is not None}
    free = [pm for pm in splaces if id(pm) in owned or id(pm) not in assigned_anywhere]
    return SentencePlaces(own=own, free=free, loc={id(pm) for pm in splaces if locative(pm, doc)})


def set_place(m: EventMention, t: Trigger, k: int, triggers: list[Trigger], sp: SentencePlaces,
              results: dict, resources) -> None:
    """The event's place: tied to the trigger (or its governing / governed event), else the
    acting government's seat for statements and decisions, else the sentence's place, else an
    organisation's seat. A place without a country (a sea, "Europe") is used only when nothing
    else is found."""
    options = []   # (place, text, span, source)
    # Nearest first; at equal distance a place in a locative phrase ("signed in Pyongyang")
    # before one in another role, then the more precise.
    for pm, _ in sorted(sp.own.get(k, []), key=lambda ic: (ic[1], id(ic[0]) not in sp.loc, -geo_rank(ic[0].place))):
        options.append((pm.place, pm.text, (pm.start_char, pm.end_char), "trigger"))
    gov = t.governor
    while gov is not None:
        gk = triggers.index(gov)
        if gk in results and results[gk].place_source == "trigger" and inherits(t, gov) \
                and not crosses_temporal_clause(t, gov):
            g = results[gk]
            options.append((g.place, g.place_text, g.place_span, "trigger"))
            break
        gov = gov.governor
    for j, o in enumerate(triggers):
        if o.governor is t and sp.own.get(j) and o.nominal:   # "urged ... during a meeting in Amman"
            pm, _ = min(sp.own[j], key=lambda ic: ic[1])
            options.append((pm.place, pm.text, (pm.start_char, pm.end_char), "trigger"))
    for pm in _meeting_places(t, sp):   # "agreed on a truce after talks in Jeddah"
        options.append((pm.place, pm.text, (pm.start_char, pm.end_char), "trigger"))
    # A locative phrase in the trigger's own clause that no other event owns ("signed a treaty in
    # Minsk") is where it happened, before any actor's seat.
    others = {id(pm) for j, v in sp.own.items() if j != k for pm, _ in v}
    goer = travels_for(t.token) if t.nominal else None   # "travel to Lima for talks": in Lima
    clause = {x.i for x in (goer or t.pred).subtree}
    for pm in sp.free:
        root = attach.span_root(t.token.doc, pm.start_char, pm.end_char)
        if id(pm) in sp.loc and id(pm) not in others and root is not None and root.i in clause \
                and (_where_of_act(root, t) or goer is not None and _hung_on(root, goer.i, ("to", "in"))):
            options.append((pm.place, pm.text, (pm.start_char, pm.end_char), "sentence"))
    a1 = m.actor1
    doc = t.token.doc
    if a1 is not None and a1.via == "text" and 0 <= a1.head < len(doc):
        # "A court in Istanbul sentenced ...", "officials in Kabul accused ...": where the actor
        # is said to be is where it acted, before its government's seat.
        for pm in sp.free:
            root = attach.span_root(doc, pm.start_char, pm.end_char)
            if id(pm) in sp.loc and root is not None and _hung_on(root, a1.head, ("in", "at")):
                options.append((pm.place, pm.text, (pm.start_char, pm.end_char), "sentence"))
    pair = acting_pair(m)
    seat = a1 is not None and a1.country and a1.kind in SEAT_KINDS and not pair and (
        m.type in PLACE_TYPES_AT_SEAT or m.mode in SEAT_MODES)
    if seat:
        cap = _capital(resources.geocoder, a1.country)
        if cap is not None:
            options.append((cap, None, None, "actor"))
    for pm in sorted(sp.free, key=lambda p: -geo_rank(p.place)):
        if not _told_of_someone(pm, t.token.doc):
            options.append((pm.place, pm.text, (pm.start_char, pm.end_char), "sentence"))
    if not seat and not pair and a1 is not None and a1.canonical and (m.type in PLACE_TYPES_AT_SEAT
                                                                      or m.type == "CONSULT"):
        hq = resources.actors.seat_place(a1.canonical)   # "the Security Council met", "NATO warned"
        if hq is not None:
            options.append((hq, None, None, "actor"))
    if not options:
        return
    best = next((o for o in options if getattr(o[0], "country", None)), options[0])
    use_place(m, *best)


#: Prepositions that put an act at a meeting ("agreed at a summit in The Hague"); a statement or
#: a deal "after talks in Jeddah" was reached there too, but not fighting that followed them.
MEETING_PREPS = ("at", "during")
MEETING_PREPS_VERBAL = ("at", "during", "after", "following")


def _meeting_places(t: Trigger, sp: SentencePlaces) -> list:
    """Places of a meeting the trigger's clause was reached at: a locative phrase inside a
    meeting noun ("talks in Asmara", "talks mediated by Saudi Arabia in Jeddah") that is the
    object of at/during (or after/following, for verbal acts) on the trigger's verb or on its
    infinitive ("agreed ... to reopen the border, after talks in Asmara"). Places another event
    owns count too: the talks' place is the deal's."""
    doc = t.token.doc
    pred = t.pred if t.pred is not None else t.token
    hosts = {pred.i} | {c.i for c in pred.children if c.dep_ == "xcomp"}
    preps = MEETING_PREPS_VERBAL if quad_class(t.type) in VERBAL else MEETING_PREPS
    every = [pm for v in sp.own.values() for pm, _ in v] + list(sp.free)
    out = []
    for pm in every:
        root = attach.span_root(doc, pm.start_char, pm.end_char)
        if id(pm) not in sp.loc or root is None:
            continue
        meeting = _meeting_above(root)
        if meeting is not None and meeting.dep_ == "pobj" and meeting.head.lower_ in preps \
                and meeting.head.head.i in hosts and all(o is not pm for o in out):
            out.append(pm)
    return out


def _meeting_above(root):
    """The nearest meeting noun ("talks", "summit") whose phrase holds the place phrase ``root``,
    through prepositions, agents and participle clauses only; None when a clause intervenes."""
    x = root
    for _ in range(6):
        if x.dep_ not in ("pobj", "prep", "agent", "acl", "compound") or x.head is x:
            return None
        x = x.head
        if x.pos_ == "NOUN" and x.lemma_.lower() in MEETING_NOUNS:
            return x
    return None


def _hung_on(root, i: int, preps) -> bool:
    """Is the place phrase ``root`` the object of one of ``preps`` on the token at ``i``?"""
    return root.dep_ == "pobj" and root.head.lower_ in preps and root.head.head.i == i


#: Participles that say where someone lives or comes from, not where anything happened.
HOME_VERBS = {"base", "headquarter", "reside", "live", "bear"}


def _told_of_someone(pm, doc) -> bool:
    """Is the place named in a relative clause describing someone, and not as where ("a man who
    had been convicted of spying for Israel")? It tells about the person, not the event."""
    root = attach.span_root(doc, pm.start_char, pm.end_char)
    if root is not None and root.dep_ == "pobj" and root.head.head.pos_ == "VERB" \
            and root.head.head.lemma_.lower() in HOME_VERBS:
        return True   # "the smugglers are based in Tripoli": where they live, not where they acted
    if root is None or locative(pm, doc):
        return False
    return any(x.dep_ in ("relcl", "acl") and x.head.pos_ in ("NOUN", "PROPN", "PRON")
               for x in (root, *root.ancestors))


def acting_pair(m: EventMention) -> bool:
    """Do both sides come from one phrase for a pair named before ("The two agreed ...")? Such a
    pair acts where it met, not at either one's seat or home."""
    a1, a2 = m.actor1, m.actor2
    return a1 is not None and a2 is not None and a1.via == "memory" and a1.head == a2.head


def _where_of_act(root, t: Trigger) -> bool:
    """Does a locative phrase tell where ``t`` happened: hung on its verb or on a participle
    clause of it ("Speaking in Nairobi, ..."), on the document or deal it acts on ("signed a
    treaty in Minsk"), or on what a material act hits?"""
    prep = root.head
    if root.dep_ != "pobj" or prep.dep_ != "prep":
        return False
    host, pred = prep.head, t.pred if t.pred is not None else t.token
    if host.i == pred.i:
        return True
    if host.dep_ == "advcl" and host.head.i == pred.i and host.tag_ in ("VBG", "VBN"):
        return True   # "Speaking in Nairobi, the president accused ...": the act's circumstance
    return host.dep_ in ("dobj", "dative") and host.head.i == pred.i and \
        attach.placed_with_act(host, quad_class(t.type) not in VERBAL)


def context_places(mentions: list[EventMention]) -> None:
    """An event with no place of its own takes the place tied to an event in the sentence
    before (up to two back) or just after ("urged Chile ..." / "...their talks in Canada")."""
    located = [m for m in mentions if m.place_source == "trigger"]
    for m in mentions:
        if m.place is not None:
            continue
        best = None
        for o in located:
            d = m.sent_index - o.sent_index
            if o.background and not m.background:
                continue   # where a recalled event happened ("began in November in Novi Sad") is not today's
            if -1 <= d <= 2 and d != 0:
                # nearest; then the earlier; then a material event's, then the more precise place
                key = (abs(d), d < 0, quad_class(o.type) in VERBAL, -geo_rank(o.place))
                if best is None or key < best[0]:
                    best = (key, o)
        if best is not None:
            o = best[1]
            use_place(m, o.place, o.place_text, o.place_span, "context")


DOMESTIC_KINDS = {"person", "government", "military", "civilians", "party", "armed_group"}


def fill_actor_countries(m: EventMention) -> None:
    """Fill missing participant countries from where a material event happens.

    A court, the police, protesters or a named person with no stated nationality belong to the
    country where a material event happens (not for statements: speakers may be abroad). An
    international event with no one named as acted on takes the place it was aimed at as
    actor2 ("Israel will evacuate settlements in the Gaza Strip", "arrived in Amman on a visit").
    """
    _borrow_country(m)
    _authorities(m)
    _unidentified_attackers(m)
    _protest_target(m)
    iso = m.country
    if not iso or m.place_source in ("actor", "focus"):
        return
    a1, a2 = m.actor1, m.actor2
    material = quad_class(m.type) not in VERBAL
    for a in (a1, a2):
        if a is not None and a.kind == "civilians" and a.country_via == "context" and material \
                and m.place_source in ("trigger", "sentence") and a.country != iso:
            # "Russian forces shelled Kharkiv, wounding civilians": people with no stated
            # nationality are the place's, not those of the nearest nationality word.
            a.country = iso
    if a1 is not None and a1.country is None and a1.kind in DOMESTIC_KINDS and a1.via != "inferred" and (
            (material and m.place_source in ("trigger", "sentence")) or
            (m.place_source == "trigger" and (a2 is None or a2.country != iso))):
        a1.country = iso
    if material and a2 is not None and a2.country is None and a2.kind in DOMESTIC_KINDS and a2.via != "inferred":
        a2.country = iso
    _protest_target(m)   # again, now that protesters may have the place's country
    # A coercive act at home hits the place it is imposed on ("imposed a curfew in Cizre",
    # "shelled Juba"): the place is the target even in the actor's own country.
    at_home_ok = m.type in HOME_TARGET_TYPES and a1 is not None
    if a2 is None and m.place_text and (
            m.place_source == "trigger" or (m.place_source == "sentence" and a1 is not None)) \
            and (a1 is None or a1.country != iso or at_home_ok) \
            and getattr(m.place, "feature", None) in ("city", "admin1", "country", "district", "region"):
        s, e = m.place_span
        m.actor2 = Actor(name=m.place_text, country=iso, kind="state", start=s, end=e, via="place",
                         weak=m.place_source != "trigger")


# Coercive acts only a state's authorities perform: with no one named as doing them
# ("the activist was arrested in Tehran"), the authorities of the country they happen in did.
STATE_COERCION_MODES = {"arrest", "detention", "deportation", "ban", "curfew", "censorship", "repression"}


# Those freed by whoever held them, not by the state ("hostages were released").
CAPTIVES = {"hostage", "hostages", "captive", "captives", "abductee", "abductees", "passenger", "passengers"}


def _released_from_custody(m: EventMention) -> bool:
    """"The journalist was released on bail": with no one named, a person or group let go who
    is not a hostage was let go by the authorities that held them."""
    a2 = m.actor2
    return m.type == "RETREAT" and m.mode == "release" and a2 is not None and a2.kind in ("person", "civilians") \
        and not (set(a2.name.lower().split()) & CAPTIVES)


def _authorities(m: EventMention) -> None:
    """State coercion, an execution (or a release from custody) with no one named as doing it is
    the authorities' of the country it happens in, or of the people it is done to."""
    if m.actor1 is not None or not ((m.type == "COERCE" and m.mode in STATE_COERCION_MODES)
                                    or (m.type == "ASSAULT" and m.mode == "execution")
                                    or _released_from_custody(m)):
        return
    iso = None
    if m.country and m.place_source in ("trigger", "sentence"):
        iso = m.country
    elif m.actor2 is not None and m.actor2.country and m.actor2.kind in DOMESTIC_KINDS:
        iso = m.actor2.country
    if iso:
        m.actor1 = Actor(name="authorities", country=iso, kind="government", via="inferred", weak=True)


def _unidentified_attackers(m: EventMention) -> None:
    """An attack nobody is named for ("a roadside bomb near Samarra killed a U.S. soldier") is
    by an unidentified armed group of the country it happens in, as ACLED codes it."""
    if m.actor1 is not None or m.type != "ASSAULT" or not m.country or m.place_source not in ("trigger", "sentence"):
        return
    if m.actor2 is not None and m.actor2.country and m.actor2.country != m.country and m.actor2.kind == "state":
        return   # "shelled Syria" with no shooter named: the attacker is not Syria's own
    if m.mode in MILITARY_MODES:
        # Air strikes and shelling take an army, not a gang (ACLED's "unidentified military forces").
        m.actor1 = Actor(name="unidentified military forces", country=None, kind="military",
                         via="inferred", weak=True)
        return
    m.actor1 = Actor(name="unidentified armed group", country=m.country, kind="armed_group", via="inferred",
                     weak=True)


# Attacks only armies carry out; whose army is not for the place to say (strikes are often foreign).
MILITARY_MODES = {"aerial", "drone", "shelling", "missile", "naval"}


def _protest_target(m: EventMention) -> None:
    """A protest by a country's own people with no target named ("Algerian landowners began a
    hunger strike", "opposition parties organised a general strike") is addressed to that
    country's authorities, as PLOVER codes it."""
    a1 = m.actor1
    if m.type != "PROTEST" or m.actor2 is not None or a1 is None or not a1.country \
            or a1.kind not in ("civilians", "party", "armed_group", "person", "organisation"):
        return
    if m.country and m.place_source in ("trigger", "sentence") and m.country != a1.country:
        return   # protesting abroad: at whom is not for us to guess
    m.actor2 = Actor(name="authorities", country=a1.country, kind="government", via="inferred", weak=True)


# Kinds that say an actor is one country's own (not a state acting abroad).
NATIONAL_KINDS = {"person", "civilians", "party", "armed_group", "military", "government"}


def _borrow_country(m: EventMention) -> None:
    """A participant with no stated nationality facing one of a country's own people, parties
    or institutions is taken to be of that country ("President X banned Ugandan opposition
    candidates", "Yoruba leaders forgave Nigerian President Y"). Not for meetings and visits
    (leaders meet foreigners) nor when the other side is a state ("Bush threatened Russia")."""
    a1, a2 = m.actor1, m.actor2
    if a1 is None or a2 is None or m.type in ("CONSULT",) or a1.weak or a2.weak:
        return
    abroad = m.country if m.place_source in ("trigger", "sentence") else None
    for x, y in ((a1, a2), (a2, a1)):
        if x.country is None and y.country and x.kind in NATIONAL_KINDS and y.kind in NATIONAL_KINDS \
                and x.via == "text":
            if abroad and y.country != abroad:
                return   # "Russian forces shelled Kharkiv, wounding civilians": the people of the place
            x.country = y.country
            return


HOME_TARGET_TYPES = {"COERCE", "ASSAULT", "SANCTION", "THREATEN", "CONCEDE"}


def geo_rank(place) -> int:
    return GEO_RANK.get(getattr(place, "precision", None), 0)


def use_place(m: EventMention, place, text, span, source) -> None:
    if text is not None and span is not None:
        stripped = text.rstrip(" \n\t,;:")
        if stripped.endswith(".") and stripped.count(".") == 1:   # keep "U.S."
            stripped = stripped[:-1]
        span = (span[0], span[0] + len(stripped))
        text = stripped
    m.place, m.place_text, m.place_span, m.place_source = place, text, span, source


def _capital(geocoder, iso3):
    try:
        return geocoder.capital_of(iso3) if geocoder is not None else None
    except Exception:  # a geocoder without capitals
        return None


def country_place(geocoder, iso3):
    try:
        return geocoder.country(iso3) if geocoder is not None else None
    except Exception:
        return None


NEARBY_BEFORE, NEARBY_AFTER = 1, 2


def refine_nearby(mentions: list[EventMention], places: list, sent_starts: list[int], doc=None) -> None:
    """An event placed only at country (or province) level takes a town of that country (or
    province) named close by: in the sentence just before or the two after ("G7 ministers urged
    Russia ..." / "... meeting in Charlevoix, Quebec"). The country never changes, only the
    precision; the nearest such town wins, the following sentence before the preceding one.
    Then an event still placed from the story takes the story's town of the same event
    (``_refine_from_story``)."""
    import bisect
    if not mentions:
        return
    if not places:
        _refine_from_story(mentions)
        return
    towns: dict[int, list] = {}
    recalled = {m.place_span for m in mentions if m.background and m.place_span}   # where a past event was
    for pm in places:
        pl = pm.place
        if (pm.start_char, pm.end_char) in recalled:
            continue
        if getattr(pl, "precision", None) not in ("city", "point") or not getattr(pl, "country", None):
            continue
        if doc is not None and (is_modifier_place(pm, doc) or inside_name(pm, doc) or is_speaker(pm, doc)):
            continue   # ("..., Manila said": the government speaking, not where it happened)
        si = bisect.bisect_right(sent_starts, pm.start_char) - 1
        towns.setdefault(si, []).append(pm)
    for m in mentions:
        pl = m.place
        prec = getattr(pl, "precision", None)
        if pl is None or prec not in ("country", "admin1") or not m.country:
            continue
        for d in (0, 1, -1, 2):
            if not (-NEARBY_BEFORE <= d <= NEARBY_AFTER):
                continue
            cands = [pm for pm in towns.get(m.sent_index + d, []) if pm.place.country == m.country
                     and (prec == "country" or (pm.place.admin1 and pm.place.admin1 == getattr(pl, "admin1", None)))]
            if cands:
                pm = cands[0]
                use_place(m, pm.place, pm.text, (pm.start_char, pm.end_char),
                          "sentence" if d == 0 else "context")
                break
    _refine_from_story(mentions)


def _inside(town, coarse) -> bool:
    """Is a town's place inside a country- or admin1-level place (by the gazetteer's codes)?"""
    if getattr(town, "country", None) != getattr(coarse, "country", None):
        return False
    return coarse.precision == "country" or (bool(coarse.admin1) and town.admin1 == coarse.admin1)


def _refine_from_story(mentions: list[EventMention]) -> None:
    """A coarse place (country, province, region) made precise by the story: an event takes the
    town its story states for an event of the same type inside that place ("the attack" ...
    "gunmen attacked the convoy near Tarim"). The story says where once, other sentences say the
    province. An event placed only from the story takes the nearest such town; one whose own
    sentence names the province takes it only from the same event (same type and same day):
    "the hijacking in Balochistan province" on Tuesday is the hijacking near a town on Tuesday.
    The country never changes."""
    towns = [o for o in mentions if o.place_source in ("trigger", "sentence")
             and getattr(o.place, "precision", None) in ("city", "point")]
    if not towns:
        return
    for m in mentions:
        pl = m.place
        if pl is None or not m.country or m.place_source not in ("focus", "context", "trigger", "sentence") \
                or getattr(pl, "precision", None) not in ("country", "admin1", "region") or m.background:
            continue
        if pl.precision == "region" and not pl.admin1:
            continue
        stated = m.place_source in ("trigger", "sentence")
        if stated and (m.date is None or pl.precision == "country"):
            continue    # a stated country is no claim about a town; undated, no same-day test
        cands = [o for o in towns if o is not m and o.type == m.type and _inside(o.place, pl)
                 and not o.background and (not stated or o.date == m.date)]
        if cands:
            o = min(cands, key=lambda o: (abs(o.sent_index - m.sent_index), o.sent_index))
            # A refinement of what the event's own sentence says keeps that sentence's standing.
            use_place(m, o.place, o.place_text, o.place_span, m.place_source if stated else "context")
