"""Participants: the trigger's candidate heads (``events.set_participants``) resolved to Actors.

In:  a ``TriggerView`` (its candidate's actor1/actor2 heads from the parse), ``Resources`` (actor
     dictionary and gazetteer) and the article's ``ActorMemory``.
Out: ``(actor1, actor2)``; either may be None. Beyond what ``actors.resolve_actor`` reads from a
     phrase, this stage knows the trigger: a place named as acted on stands for its side, a
     non-actor object points to its author or possessor ("rejected an offer from Somalia"), an
     office holder or group with no nationality takes the sentence's country, and a curfew with
     no one named falls on the population.
"""
from __future__ import annotations

from ..taxonomy import SYMMETRIC_TYPES
from . import attach
from .actors import (ARMED_KINDS, GEOGRAPHIC_NOUNS, HEAD_KINDS, Actor, ActorMemory, alias_key, force_named_before,
                     is_bare_definite, phrase_tokens, resolve_actor)
from .candidates import TriggerView
from .event_places import HOME_TARGET_TYPES
from .events import PATIENT_NOUNS, SPEECH_VERBS, denied, noun_agent
from .resources import Resources

__all__ = ["participants", "first_actor"]


def participants(t: TriggerView, resources: Resources, memory: ActorMemory) -> tuple[Actor | None, Actor | None]:
    """The first candidate heads of a trigger that name actors."""
    doc, c = t.doc, t.cand
    pair = None
    if c.actor1_heads:
        head = doc[c.actor1_heads[0]]
        pair = _pair_in_clause(head, resources, memory) or _pair_named_before(head, memory)
    if pair is not None:
        return pair   # "Wang met Lavrov ... The two agreed to ...": the pair named before
    if t.type in SYMMETRIC_TYPES and c.actor1_heads:
        sides = _coordinated_sides(doc[c.actor1_heads[0]], resources, memory)
        if sides is not None:
            return sides   # "Israeli and Hamas negotiators held talks": one side each
    a1 = first_actor([doc[i] for i in c.actor1_heads], resources, memory)
    if a1 is None and t.type == "THREATEN" and c.lexicon_type != "THREATEN":
        a1 = _threatener(t.pred, resources, memory)
    a2 = None
    fallback2 = c.clause_parties
    for h in (doc[i] for i in c.actor2_heads):
        if a1 is not None and h.i == a1.head:
            continue
        part_of_place = attach.place_anchor(h) is not h
        if h.i in fallback2 and (h.pos_ == "PRON" or part_of_place):
            continue   # ("on Kabul's outskirts": a part of a place is where, not whom)
        if part_of_place and t.type not in HOME_TARGET_TYPES:
            continue   # "marched through the streets of Nairobi": where, not at whom
        a2 = _actor(h, resources, memory)
        if a2 is None and h.ent_type_ in ("GPE", "LOC") and h.pos_ == "PROPN" and h.dep_ == "pobj" \
                and (h.head.lower_ in TARGET_PREPS or h.i in t.location_targets):
            a2 = _place_actor(h, resources)   # "fired on Homs": a town stands for its country's side
        if a2 is not None and h.i in fallback2 and (a2.country is None and a2.kind != "igo"
                                                    or a2.via not in ("text", "place")):
            a2 = None   # the clause search wants a party with a known country
        if a2 is not None and h.i in fallback2:
            a2.weak = True
        if a2 is not None and a1 is not None and same_entity(a1, a2):
            a2 = None   # "his summit with ...": the actor itself is not its own counterpart
            continue
        if a2 is not None and h.i in t.location_targets and (a1 is None or a1.country is None
                                                              or a2.country == a1.country
                                                              or t.type not in PLACE_TARGET_TYPES):
            # At home: the actor's country is the place's, or unstated for coercion ("the army
            # imposed a curfew in Mosul": a bare army is the country's own; troops that bomb a
            # town may be anyone's).
            home = a1 is not None and a2.country is not None and (
                a1.country == a2.country or (a1.country is None and t.type == "COERCE"))
            if home and t.type in HOME_TARGET_TYPES:
                # "threatened a curfew in Algiers": a coercive act at home falls on the place's people.
                a2 = Actor(name="residents", country=a2.country, kind="civilians", via="inferred", weak=True,
                           plural=True)
            elif home and t.type == "PROTEST":
                # "demonstrators protested in Monrovia": a protest at home with no named target
                # is addressed to the country's authorities.
                a2 = Actor(name=a2.name, country=a2.country, kind="government", start=a2.start, end=a2.end,
                           head=a2.head, via="place", weak=True)
            else:
                a2 = None   # a place at home is where, not whom
        if a2 is not None and a1 is not None and a2.country == a1.country and any(
                c.dep_ == "poss" and c.lower_ in ("its", "their", "his", "her") for c in h.children):
            a2 = None   # "pull back its troops": the actor's own means, not whom it acts on
        if a2 is not None:
            break
    if a1 is not None and a2 is not None and a1.start == a2.start:
        a2 = None
    if a2 is None and c.lexicon_mode == "curfew" and a1 is not None and a1.country \
            and a1.kind in ("state", "government", "military", "person"):
        # "ready to declare martial law", "threatened a curfew": imposed on the country's own people.
        a2 = Actor(name="population", country=a1.country, kind="civilians", via="inferred", weak=True,
                   plural=True)
    return a1, a2


# Acts that can be done to a place's side ("evacuate settlements in the Gaza Strip", "aid in
# Sudan"); talks, statements and agreements in a place are held there, not with it.
PLACE_TARGET_TYPES = frozenset(HOME_TARGET_TYPES | {"MOBILIZE", "RETREAT", "AID", "PROTEST"})


# Heads of a phrase that points back to two parties: "the two", "both sides", "the two leaders".
PAIR_HEADS = frozenset({"two", "both", "side", "sides", "leader", "leaders", "country", "countries",
                        "nation", "nations", "minister", "ministers", "president", "presidents", "government",
                        "governments", "party", "parties", "neighbour", "neighbours", "neighbor", "neighbors"})
PAIR_KINDS = frozenset({"person", "state", "government", "igo", "party", "armed_group", "military"})


#: The kinds a pair's head noun asks for ("the two leaders": people).
PAIR_HEAD_KINDS = {**dict.fromkeys(("leader", "president", "minister"), frozenset({"person"})),
                   **dict.fromkeys(("country", "nation", "government", "neighbour", "neighbor"),
                                   frozenset({"state", "government"}))}


def _two_parties(actors: list[Actor]) -> list[Actor]:
    """The first two of ``actors`` that are different entities, neither inside the other's
    phrase ("her Angolan counterpart" holds "Angolan")."""
    found: list[Actor] = []
    for a in actors:
        if not any(same_entity(a, b) or (a.start < b.end and b.start < a.end) for b in found):
            found.append(a)
            if len(found) == 2:
                break
    return found


def _threatener(pred, resources: Resources, memory: ActorMemory) -> Actor | None:
    """Who threatens an act still to come that names no doer ("the union said the strike would
    go on until ..."): the subject of the speech verb whose content it is; else None."""
    x = pred.head if pred.pos_ == "NOUN" and pred.dep_ in ("nsubj", "nsubjpass", "dobj") else pred
    while x.dep_ in ("ccomp", "conj", "xcomp") and x.head is not x:
        x = x.head
        if x.lemma_.lower() in SPEECH_VERBS:
            subj = next((k for k in x.children if k.dep_ == "nsubj"), None)
            return _actor(subj, resources, memory) if subj is not None else None
    return None


def _is_pair_phrase(head) -> bool:
    """Is ``head`` "the two", "both" or "both / the two <sides, leaders, countries ...>", with no
    name of its own?"""
    low = head.lower_
    if head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return False
    kids = list(head.children)
    if low in ("two", "both"):
        ok = low == "both" or any(k.dep_ == "det" and k.lower_ == "the" for k in kids)
        return ok and not any(k.dep_ == "prep" for k in kids)        # not "two of the soldiers"
    return low in PAIR_HEADS and head.tag_ in ("NNS", "NN") and any(
        k.lower_ in ("both", "two") and k.dep_ in ("det", "nummod", "predet") for k in kids) \
        and not any(k.dep_ in ("amod", "compound", "poss") for k in kids)


def _pair_in_clause(head, resources: Resources, memory: ActorMemory) -> tuple[Actor, Actor] | None:
    """"X met Y on Friday, and the two sides agreed to ...": a pair phrase subject of a verb
    coordinated with one whose subject and object are two parties is those two; else None."""
    verb = head.head
    if head.dep_ != "nsubj" or verb.dep_ != "conj" or not _is_pair_phrase(head):
        return None
    first = verb.head
    subj = next((c for c in first.children if c.dep_ == "nsubj"), None)
    obj = next((c for c in first.children if c.dep_ == "dobj"), None)
    if obj is None:   # "met with Y", "held talks with Y"
        obj = next((g for c in first.children if c.dep_ == "prep" and c.lower_ == "with"
                    for g in c.children if g.dep_ == "pobj"), None)
    sides = [_actor(x, resources, memory) for x in (subj, obj)]
    if any(a is None or a.kind not in PAIR_KINDS for a in sides) or same_entity(*sides):
        return None
    return _as_pair(head, *sides)


def _pair_named_before(head, memory: ActorMemory) -> tuple[Actor, Actor] | None:
    """The two parties named last before ``head`` when it is "the two", "both" or "both / the
    two <sides, leaders, countries ...>", with no name of its own; else None. Out: the earlier
    named first ("Wang Yi met Sergey Lavrov ... The two agreed": Wang Yi, Lavrov)."""
    if not _is_pair_phrase(head):
        return None
    sent_start = head.sent.start_char
    # Nearest in the text first, whatever order the memory learnt them in; "the two leaders" are
    # two people, "the two countries" two states, when two such were named.
    named = [a for a in memory.actors if a.start < sent_start and a.kind in PAIR_KINDS and a.name
             and not {"both", "two"} & set(a.name.lower().split())]   # a pair is not one party
    # A name inside a longer one ("Angolan" in "her Angolan counterpart") is that phrase's part.
    before = sorted((a for a in named if not any(b.start <= a.start and a.end <= b.end and
                                                 (b.end - b.start) > (a.end - a.start) for b in named)),
                    key=lambda a: -a.start)
    wanted = PAIR_HEAD_KINDS.get(head.lemma_.lower())
    found = _two_parties([a for a in before if a.kind in wanted]) if wanted else []
    if len(found) < 2:
        found = _two_parties(before)
    if len(found) < 2:
        return None
    return _as_pair(head, found[1], found[0])


def _as_pair(head, first: Actor, second: Actor) -> tuple[Actor, Actor]:
    """The two parties a pair phrase ("the two sides") stands for, each spanning that phrase."""
    span = (head.left_edge.idx, head.idx + len(head.text))
    return tuple(Actor(name=x.name, country=x.country, kind=x.kind, canonical=x.canonical, start=span[0],
                       end=span[1], head=head.i, via="memory", proper=x.proper, body=x.body)
                 for x in (first, second))


def _coordinated_sides(head, resources: Resources, memory: ActorMemory) -> tuple[Actor, Actor] | None:
    """"Israeli and Hamas negotiators", "Indian and Chinese officials": two named modifiers joined
    by "and" on one common noun are two sides, each with the noun's kind. Else None."""
    if head.pos_ != "NOUN":
        return None
    for m in head.lefts:
        if m.dep_ not in ("amod", "compound", "nmod") or m.ent_type_ not in ("NORP", "GPE", "ORG"):
            continue
        other = next((x for x in m.children if x.dep_ == "conj" and x.ent_type_ in ("NORP", "GPE", "ORG")), None)
        if other is None:
            continue
        sides = [resolve_actor(x, dictionary=resources.actors, memory=memory) for x in (m, other)]
        if any(a is None for a in sides) or same_entity(*sides):
            return None
        kind = HEAD_KINDS.get(head.lemma_.lower())
        out = []
        for x, a in zip((m, other), sides):
            named = a.kind not in ("state", "government") and a.canonical is not None
            out.append(Actor(name=f"{x.text} {head.text}", country=a.country, kind=kind or a.kind,
                             canonical=a.canonical if named else None, start=x.idx,
                             end=head.idx + len(head.text), head=head.i, plural=True))
        return out[0], out[1]
    return None


def same_entity(a: Actor, b: Actor) -> bool:
    """Do two resolved participants name one entity (one canonical id, or one name)?"""
    if a.canonical and b.canonical:
        return a.canonical == b.canonical
    return alias_key(a.name) == alias_key(b.name)


# Prepositions that name whom an act is aimed at ("fired on Homs", "advanced into Kherson"); a
# place after "of" ("a bus in the north of Mali") is where (after "in", the location-target
# rules below decide).
TARGET_PREPS = frozenset({"on", "upon", "against", "into", "toward", "towards", "at", "to", "from", "with"})
# Sites that belong to a force: an attack on a police station or an army base is an attack on
# the police or the army.
FORCE_SITES = frozenset({"station", "post", "base", "barracks", "checkpoint", "outpost", "headquarters",
                         "garrison", "position", "positions", "camp", "vehicle", "academy"})


def _site_force(head, resources: Resources, memory: ActorMemory) -> Actor | None:
    """The police or military a site is named for ("a police station", "an army base", "positions
    of the army"), or None."""
    for c in head.children:
        if c.dep_ in ("compound", "amod") and c.i < head.i and c.pos_ in ("NOUN", "ADJ"):
            kind = HEAD_KINDS.get(c.lemma_.lower()) or HEAD_KINDS.get(c.lower_)
            if kind in ("police", "military"):
                return Actor(name=c.text, kind=kind, start=c.idx, end=c.idx + len(c.text), head=c.i)
    of = next((_pobj_of(c) for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        a = resolve_actor(of, dictionary=resources.actors, memory=memory)
        if a is not None and a.kind in ("police", "military"):
            return a
    return None


FIRST_PERSON = frozenset({"we", "us", "i", "me", "our", "my"})


def quoted_speaker(tok):
    """The subject of the speech verb whose words ``tok`` is in ('"We will not accept it," the
    minister said': the minister), or None when no speech verb above it has one."""
    x = tok
    while x.head.i != x.i:
        if x.dep_ in ("ccomp", "parataxis", "xcomp") and x.head.lemma_.lower() in SPEECH_VERBS:
            subj = next((c for c in x.head.children if c.dep_ == "nsubj"), None)
            return subj if subj is not None and subj.lower_ not in FIRST_PERSON else None
        x = x.head
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


def first_actor(heads, resources: Resources, memory: ActorMemory) -> Actor | None:
    for h in heads:
        a = _actor(h, resources, memory)
        if a is not None:
            return a
    return None


def _actor(head, resources: Resources, memory: ActorMemory) -> Actor | None:
    """The actor a participant head names; for a non-actor noun, its possessor ("praised
    Haiti's efforts" -> Haiti)."""
    if head is None or denied(head):
        return None   # "no group claimed the attack": nobody is named
    if head.lower_ in FIRST_PERSON and head.pos_ == "PRON" and head.text != "US":
        speaker = quoted_speaker(head)
        return resolve_actor(speaker, dictionary=resources.actors, memory=memory) if speaker is not None else None
    if head.pos_ == "NOUN" and head.lemma_.lower() in FORCE_SITES:
        force = _site_force(head, resources, memory)
        if force is not None:
            return force
    if head.pos_ == "NOUN" and head.dep_ == "dobj" and head.head.lemma_.lower() in CONDEMNING_VERBS \
            and resources.lexicon.names_event(head) and is_bare_definite(head):
        # "... shelled a hospital. The U.N. condemned the attack": who is condemned is the armed
        # side named last before the sentence.
        doer = memory.last(ARMED_KINDS, before=head.sent.start_char)
        if doer is not None:
            return doer
    if head.pos_ == "NOUN" and resources.lexicon.names_event(head):
        # "the Taliban attack killed four": the party is the name before the event noun, shown
        # by its own name ("Taliban", not "Taliban attack").
        mod = next((c for c in head.children if c.dep_ in ("compound", "nmod") and c.i < head.i
                    and c.ent_type_ in ("ORG", "GPE", "NORP", "PERSON")), None)
        if mod is not None:
            a = resolve_actor(mod, dictionary=resources.actors, memory=memory)
            if a is not None:
                return a
    a = force_named_before(head, resources.actors) if _act_as_agent(head, resources) else None
    a = a or resolve_actor(head, dictionary=resources.actors, memory=memory)
    if a is None and head.pos_ == "NOUN" and head.lemma_.lower() not in attach.AREA_NOUNS:
        # ("Kabul's outskirts" is a part of Kabul: where, not whose)
        poss = next((c for c in head.children if c.dep_ == "poss" and c.tag_ not in ("PRP$",)), None)
        if poss is not None:
            a = resolve_actor(poss, dictionary=resources.actors, memory=memory)
    if a is None and head.pos_ == "NOUN" and head.lemma_.lower() not in GEOGRAPHIC_NOUNS:
        # "closed U.S. operations", "attacked Turkish positions": a thing named by its owner's
        # country stands for that side (not a place: "marched through the Serbian capital").
        mod = next((c for c in head.children if c.dep_ in ("compound", "amod", "nmod")
                    and c.ent_type_ in ("GPE", "NORP") and c.i < head.i), None)
        if mod is not None:
            a = resolve_actor(mod, dictionary=resources.actors, memory=memory)
            if a is not None and a.kind not in ("state", "government"):
                a = None
    if a is None and head.pos_ == "NOUN" and head.lemma_.lower() in RESPONSE_NOUNS \
            and head.dep_ not in ("nsubj", "nsubjpass"):
        # "rejected an offer from Afghanistan", "dismissed an appeal by President X", "welcomed a
        # Saudi proposal": who is answered is who made the offer.
        ag = noun_agent(head)
        if ag is not None and ag.tag_ != "PRP$":
            a = resolve_actor(ag, dictionary=resources.actors, memory=memory)
    if a is None and head.pos_ == "NOUN" and head.lemma_.lower() in DOCUMENT_NOUNS:
        # "the committee passed legislation targeting X", "signed a decree banning Y": what an
        # instrument does, its author does (the document's own author first: "a U.S. law").
        ag = noun_agent(head)
        if ag is None and head.dep_ in ("dobj", "nsubjpass") and head.head.pos_ == "VERB":
            verb = head.head
            ag = next((c for c in verb.children if c.dep_ == "nsubj"), None) if head.dep_ == "dobj" else \
                next((_pobj_of(c) for c in verb.children if c.dep_ == "agent"), None)
        if ag is not None and ag.i != head.i and ag.tag_ != "PRP$":
            a = resolve_actor(ag, dictionary=resources.actors, memory=memory)
    if a is None and head.pos_ == "NOUN" and (head.dep_ in ("nsubj", "nsubjpass", "csubj")
                                              or head.dep_ == "pobj" and head.head.dep_ == "agent"):
        # "a bomb planted by X killed ...", "the bombing by X killed ...", "killed by a bomb planted
        # by X": an act or instrument standing as the subject or passive agent is X's.
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
        if a.country:
            a.country_via = "context"   # "a man ... spying for Israel": the sentence's country, not his
    if a is not None and a.country is None and a.via == "text" and a.body is None and _domestic_role(head, a):
        # "President Dos Santos conceded to demands from UNITA", "Ibo elders demanded ...": an
        # office holder or a people's group with no stated nationality belongs to the country
        # the sentence is about. The evidence says the country was inferred.
        a.country = _context_country(head, resources)
        if a.country:
            a.country_via = "context"
    return a


# Verbs whose object act is blamed on its doer ("condemned the attack").
CONDEMNING_VERBS = frozenset({"condemn", "denounce", "decry", "deplore", "criticize", "criticise", "blame"})


# Offices held inside one country: a holder with no stated nationality is the sentence country's.
DOMESTIC_TITLES = {"president", "vice-president", "prime", "premier", "minister", "governor", "mayor",
                   "general", "gen.", "gen", "lt.", "colonel", "col.", "judge", "speaker", "chancellor",
                   "king", "queen", "emir", "sultan", "senator", "lawmaker", "opposition", "dictator",
                   "junta", "commander"}
# Kinds that are a country's own people when nothing else places them (not organisations: an
# unnamed "human rights group" may be international).
DOMESTIC_GROUP_KINDS = {"armed_group", "civilians", "party"}


# Nouns of a force's action that the lexicon does not list as events of their own.
OPERATION_NOUNS = frozenset({"operation", "raid", "offensive", "campaign", "crackdown", "sweep", "mission"})


def _act_as_agent(head, resources: Resources) -> bool:
    """Is ``head`` an act standing where its doer would: the subject or the passive agent?
    ("An army operation freed hostages", "killed by a rebel attack"; not "military aid")."""
    if head.pos_ != "NOUN" or not (head.dep_ in ("nsubj", "nsubjpass", "csubj")
                                   or head.dep_ == "pobj" and head.head.dep_ == "agent"):
        return False
    return head.lemma_.lower() in OPERATION_NOUNS or resources.lexicon.names_event(head)


def _domestic_role(head, a: Actor) -> bool:
    """A people's group, or a person with a domestic title ("President X", "the prime minister")."""
    if a.kind in DOMESTIC_GROUP_KINDS:
        return True
    if a.kind != "person":
        return False
    words = {t.lower_ for t in [*phrase_tokens(head), *head.lefts] if t.ent_type_ != "PERSON"}
    return any(w in DOMESTIC_TITLES or any(p in DOMESTIC_TITLES for p in w.split("-")) for w in words)


# Instruments that act for their author: a law targets, a decree bans, an order imposes.
DOCUMENT_NOUNS = {"law", "bill", "legislation", "decree", "edict", "order", "resolution", "measure", "regulation",
                  "directive", "ordinance", "amendment", "act", "ruling", "verdict", "judgment", "judgement"}
# Nouns for what one party puts to another: whoever answers one acts on its author.
RESPONSE_NOUNS = {"offer", "appeal", "call", "demand", "request", "proposal", "plan", "initiative",
                  "invitation", "ultimatum", "suggestion", "bid", "plea", "overture", "accusation",
                  "allegation", "charge", "criticism", "claim", "condition", "statement", "decision",
                  "move", "policy", "proposition", "order"}
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
    first place named after it in its sentence ("Riots broke out in Kenya. The police arrested
    ..."), else the first demonym after it: later in the sentence a demonym is more often the
    other side's nationality ("rebels kidnapped Chinese engineers in Pakistan") than a place."""
    doc, sent = head.doc, head.sent
    start = sent.start
    if start > 0:
        start = doc[start - 1].sent.start
    placed = (doc._.places or ()) if doc.has_extension("places") else ()

    def iso_of(t):
        if t.ent_type_ not in ("GPE", "NORP") or t.ent_iob_ != "B":
            return None
        j = t.i + 1
        while j < len(doc) and doc[j].ent_iob_ == "I":
            j += 1
        text = doc[t.i:j].text
        if text.lower().startswith("the "):
            text = text[4:]
        iso = resources.actors.country_for(text)
        if iso:   # a country name as the places stage read it ("eastern Congo" in a story about the DRC)
            iso = next((pm.place.country for pm in placed if pm.start_char <= t.idx < pm.end_char
                        and getattr(pm.place, "country", None)), iso)
        return iso
    own = range(head.left_edge.i, head.i)   # the phrase's own modifiers were read already ("Iran-backed")
    for i in range(head.i - 1, start - 1, -1):
        iso = iso_of(doc[i]) if i not in own else None
        if iso:
            return iso
    later = [(doc[i].ent_type_ == "NORP", iso) for i in range(head.i + 1, sent.end) if (iso := iso_of(doc[i]))]
    return min(later, key=lambda pair: pair[0])[1] if later else None
