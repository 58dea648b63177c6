"""Stage: story events. The mentions of one real event clustered into one event (coreference).

In:  ``doc._.mentions`` of one article, in text order.
Out: ``doc._.events``: ``StoryEvent``s, each keeping every mention as evidence, ordered by their
     first mention.

Each mention joins the earlier event that ``sitroom.coref.same_event`` accepts (the one policy
used across articles too), preferring one of its own sentence, then the nearest; only the latest
``WINDOW`` events of a type are looked at, so the cost stays linear in the article's length.
An event takes, from its mentions: the most precise own date, the place tied most closely to it,
named participants over unnamed ones, and the casualty counts of its best-supported report (the
highest toll a current mention gives; never a sum). Headline events (GDELT's root events) are the
asserted events of the story's lead, its first ``LEAD_SENTENCES`` sentences.
"""
from __future__ import annotations

from ..coref import EventKey, Tie, compatible, same_event
from ..periods import PRECISION_RANK
from .merge import GEO_RANK
from .records import ActorRef, DateValue, Mention, PlaceValue, StoryEvent

WINDOW = 50
LEAD_SENTENCES = 3
HEADLINE_MIN_CONFIDENCE = 0.3
PLACE_SOURCE_RANK = {"trigger": 0, "sentence": 1, "actor": 2, "context": 3, "focus": 4}


def key_of(m: Mention) -> EventKey:
    """What the same-event policy reads of a mention (clause-search actors left out)."""
    pl = m.place.place

    def actor(a: ActorRef | None) -> tuple[str | None, str | None, str | None]:
        if a is None or a.weak:
            return None, None, None
        return a.entity_id, a.country, a.kind

    a1, c1, k1 = actor(m.actor1)
    a2, c2, k2 = actor(m.actor2)
    return EventKey(type=m.type, date=m.date.value, precision=m.date.precision, own_date=m.date.own,
                    country=pl.country if pl is not None else None,
                    lat=pl.lat if pl is not None else None, lon=pl.lon if pl is not None else None,
                    # A place at the actor's seat is a guess ("signed ... in Manila" and "signed by
                    # Japan's minister", placed in Tokyo, are one signing).
                    strong_place=m.place.source == "trigger",
                    geo_precision=pl.precision if pl is not None else None, actor1=a1, actor2=a2,
                    actor1_country=c1, actor2_country=c2, background=m.background, actor1_kind=k1, actor2_kind=k2,
                    actor1_guessed=_guessed(m.actor1), actor2_guessed=_guessed(m.actor2))


def _guessed(a: ActorRef | None) -> bool:
    return a is not None and a.country_via == "context"


def _unnamed(m: Mention) -> bool:
    return all(a is None or a.via != "text" or a.weak for a in (m.actor1, m.actor2))


def _tie(a: Mention, b: Mention, first: Mention) -> Tie:
    return Tie(same_sentence=a.sent_index == b.sent_index, gap=abs(b.sent_index - a.sent_index),
               later_anaphoric=b.anaphoric, later_unnamed=_unnamed(b),
               earlier_in_lead=first.sent_index < LEAD_SENTENCES)


def cluster_mentions(mentions: tuple[Mention, ...]) -> list[list[Mention]]:
    """Mentions grouped into events, in order of first mention."""
    groups: list[list[Mention]] = []
    by_type: dict[str, list[int]] = {}
    keys: dict[str, EventKey] = {}
    for m in mentions:
        km = key_of(m)
        best, best_rank = None, None
        for gi in by_type.get(m.type, [])[-WINDOW:]:
            g = groups[gi]
            last = g[-1]
            if not any(same_event(keys[x.id], km, _tie(x, m, g[0])) for x in g[-3:]):
                continue
            if not all(compatible(keys[x.id], km, one_story=True) for x in g):   # complete linkage on contradictions
                continue
            rank = (last.sent_index == m.sent_index, last.sent_index)
            if best_rank is None or rank > best_rank:
                best, best_rank = gi, rank
        keys[m.id] = km
        if best is None:
            by_type.setdefault(m.type, []).append(len(groups))
            groups.append([m])
        else:
            groups[best].append(m)
    return groups


def _best_date(ms: list[Mention]) -> DateValue:
    own = [m.date for m in ms if m.date.own and m.date.value is not None]
    pool = own or [m.date for m in ms if m.date.value is not None]
    if not pool:
        return ms[0].date
    return max(pool, key=lambda d: PRECISION_RANK.get(d.precision, 0))   # first most precise wins ties


def _best_place(ms: list[Mention]) -> PlaceValue:
    """The place tied most closely to the event (trigger, then sentence, then the actor's seat,
    then context); among equals the first mention's country (the lead says where it happened),
    then the most precise place."""
    placed = [m for m in ms if m.place.place is not None]
    if not placed:
        return ms[0].place
    best = min(PLACE_SOURCE_RANK.get(m.place.source, 9) for m in placed)
    pool = [m for m in placed if PLACE_SOURCE_RANK.get(m.place.source, 9) == best]
    lead_country = pool[0].place.place.country
    same = [m for m in pool if m.place.place.country == lead_country]
    return max(same, key=lambda m: GEO_RANK.get(m.place.place.precision, 0)).place


def _actor_rank(a: ActorRef | None, mode_match: bool) -> tuple:
    if a is None:
        return (0,)
    return (1, a.via == "text", not a.weak, mode_match, a.country is not None, a.proper, a.entity_id is not None)


def _best_actor(ms: list[Mention], role: str, mode: str | None) -> ActorRef | None:
    """The best-named participant in a role; among equals, one read with the event's mode (an
    air strike's inferred attacker is an army), then the primary (richest) mention's."""
    best, best_rank = None, (0,)
    for m in ms:
        a = getattr(m, role)
        rank = _actor_rank(a, m.mode == mode)
        if rank > best_rank:
            best, best_rank = a, rank
    return best


def _toll(ms: list[Mention]) -> tuple[int | None, int | None, object]:
    """The best-supported report's counts: the highest toll a mention gives (later reports of a
    story update the toll upward; summing mentions would count one death many times)."""
    fat = max((m.casualty.fatalities for m in ms if m.casualty and m.casualty.fatalities is not None), default=None)
    inj = max((m.casualty.injuries for m in ms if m.casualty and m.casualty.injuries is not None), default=None)
    span = None
    for m in ms:
        if m.casualty and m.casualty.spans and (m.casualty.fatalities == fat or fat is None):
            span = m.casualty.spans[0]
            break
    return fat, inj, span


def _primary(ms: list[Mention]) -> list[Mention]:
    """Mentions with the richest evidence first (the row's sentence), then in text order."""
    def richness(m: Mention) -> float:
        return (2 * m.date.own + PRECISION_RANK.get(m.date.precision, 0) * 0.2
                + GEO_RANK.get(m.place.place.precision if m.place.place else None, 0) * 0.3
                + (m.actor1 is not None) + (m.actor2 is not None) * 0.8 + (m.casualty is not None) + m.confidence)
    first = max(ms, key=richness)
    return [first] + [m for m in ms if m is not first]


def story_events(mentions: tuple[Mention, ...]) -> tuple[StoryEvent, ...]:
    """The article's events (see module docstring)."""
    out = []
    for g in cluster_mentions(mentions):
        ordered = _primary(g)
        fat, inj, span = _toll(g)
        background = all(m.background for m in g)
        confidence = max(m.confidence for m in g)
        # The lead's own events, recent or not (a story may lead with an older event it is about);
        # background still keeps an old one out of current totals. After the first sentence, a
        # recalled event is the story's background ("The rebels had seized the town in 2019").
        headline = (g[0].sent_index < LEAD_SENTENCES and confidence >= HEADLINE_MIN_CONFIDENCE
                    and g[0].modality == "asserted" and (g[0].sent_index == 0 or not background))
        mode = next((m.mode for m in ordered if m.mode), None)
        out.append(StoryEvent(mentions=tuple(ordered), type=g[0].type, mode=mode,
                              actor1=_best_actor(ordered, "actor1", mode), actor2=_best_actor(ordered, "actor2", mode),
                              date=_best_date(ordered), place=_best_place(g), fatalities=fat, injuries=inj,
                              casualty_span=span, background=background, headline=headline,
                              confidence=confidence))
    return tuple(out)
