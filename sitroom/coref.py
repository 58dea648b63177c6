"""One same-event policy: do two reports describe one real event? Used within an article (the
extractor's clustering of mentions) and across articles (the store's merging of events).

In:  two ``EventKey``s (what the policy reads of a mention or a stored event) and, within an
     article, a ``Tie``: what links the two reports in the text.
Out: ``same_event(a, b, tie) -> bool``.

Two reports can be one event when nothing contradicts it (``compatible``): the same type, periods
that overlap (``periods.compatible``: the one date rule; within one story two days the text
states are two days), the same country, no conflicting participants (a named body's kind tells
its side), no reversed roles (of a symmetric act, CONSULT, AGREE or COOPERATE, the two sides
may be named either way round), not one current and one recalled as background, and places within
``MAX_KM``.
They are one event when, besides, something ties them:
- within an article: the same sentence; a shared participant; the same exact day; a definite
  event noun with no date of its own pointing back ("the attack"); a later report with no date of
  its own (or the same day) of an event of the story's lead, which a story elaborates; or a report
  with no participant or date of its own a few sentences after the one it elaborates;
- across articles: the same participant and overlapping dates, or the same day and place.
The rules are conservative: a wrong merge hides an event, a missed merge shows it twice.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from .periods import compatible as periods_overlap
from .taxonomy import AREA_PRECISIONS, SYMMETRIC_TYPES

MAX_KM = 50.0
COARSE_PLACES = AREA_PRECISIONS   # a province's centre says nothing of a town's distance
NEAR_GAP = 3            # sentences within which an unnamed elaboration joins the event before it
STATE_SIDE_ROLES = {"", "GOV", "MIL", "COP", "SPY"}
NON_STATE_ROLES = {"REB", "UAF", "CRM", "CVL", "PTY", "OPP"}


@dataclass(frozen=True)
class EventKey:
    """What the policy reads of a report. Actor ids follow ``schema``: ISO3, ISO3.ROLE, D:, P:, O:."""
    type: str
    date: date | None
    precision: str
    own_date: bool = True           # read from its own words, not carried from context
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    strong_place: bool = True       # the place was tied to the event, not guessed from the story
    geo_precision: str | None = None  # point, city, admin1, region, country
    actor1: str | None = None
    actor2: str | None = None
    actor1_country: str | None = None
    actor2_country: str | None = None
    background: bool = False
    actor1_kind: str | None = None  # schema's actor kinds: the side a named body is on
    actor2_kind: str | None = None
    actor1_guessed: bool = False    # the actor's country was guessed from its sentence, not stated
    actor2_guessed: bool = False


@dataclass(frozen=True)
class Tie:
    """What links two reports of one article (absent across articles)."""
    same_sentence: bool = False
    gap: int = 99                   # sentences between them
    later_anaphoric: bool = False   # the later one is "the attack", "the meeting"
    later_unnamed: bool = False     # the later one names no participant of its own
    earlier_in_lead: bool = False   # the earlier one is an event of the story's lead


# The side a named body's kind puts it on ("D:baloch-liberation-army", an armed group, is a rebel
# side; a named ministry is the government's); persons and other bodies have no side of their own.
KIND_SIDES = {"armed_group": "REB", "military": "MIL", "police": "COP", "government": "GOV", "state": "GOV",
              "party": "PTY", "civilians": "CVL"}


def _side(entity: str | None, country: str | None, kind: str | None = None) -> tuple[str, str]:
    """(country, role) of an actor id: 'PAK.MIL' -> (PAK, MIL); 'USA' -> (USA, ''); a named body
    takes the actor's country and the side of its kind, or '?' when its kind tells none."""
    if not entity:
        return country or "", ""
    if entity[:2] in ("D:", "P:", "O:"):
        return country or "", KIND_SIDES.get(kind or "", "?") if entity[:2] == "D:" else "?"
    iso, _, role = entity.partition(".")
    return iso if iso != "XXX" else (country or ""), role


def same_actor(a: str | None, b: str | None, a_country: str | None = None, b_country: str | None = None) -> bool:
    """Do two actor ids name one participant (one id, or one state's side: USA and USA.MIL)?"""
    if not a or not b or a.startswith("XXX.") or b.startswith("XXX."):
        return False    # an unnamed group of unknown country names no one in particular
    if a == b:
        return True
    (ca, ra), (cb, rb) = _side(a, a_country), _side(b, b_country)
    if a[:2] in ("D:", "P:", "O:") or b[:2] in ("D:", "P:", "O:"):
        return False
    return bool(ca) and ca == cb and ra in STATE_SIDE_ROLES and rb in STATE_SIDE_ROLES


def actors_conflict(a: str | None, b: str | None, a_country: str | None = None, b_country: str | None = None,
                    a_kind: str | None = None, b_kind: str | None = None) -> bool:
    """Do two known participants in one role rule out one event? Different countries; two
    different people; a state's forces and its rebels (a named armed group included)."""
    if not a or not b or same_actor(a, b, a_country, b_country):
        return False
    (ca, ra), (cb, rb) = _side(a, a_country, a_kind), _side(b, b_country, b_kind)
    if ca and cb and ca != cb:
        return True
    if a[:2] in ("D:", "P:", "O:") and b[:2] in ("D:", "P:", "O:"):
        return True    # two different named people or bodies
    if ca and ca == cb:
        return (ra in NON_STATE_ROLES and rb in STATE_SIDE_ROLES) or (rb in NON_STATE_ROLES and ra in STATE_SIDE_ROLES)
    return False


def _km(a: EventKey, b: EventKey) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def compatible(a: EventKey, b: EventKey, *, one_story: bool = False) -> bool:
    """Nothing contradicts one event (see module docstring). Within ``one_story`` two days the
    text itself gives ("on Tuesday", "on Wednesday") are two days: the slack of a day is for
    reports from different places and clocks."""
    if a.type != b.type or a.background != b.background:
        return False
    if a.own_date and b.own_date and not periods_overlap(a.date, a.precision, b.date, b.precision):
        return False
    if one_story and a.own_date and b.own_date and a.precision == b.precision == "day" and a.date != b.date:
        return False
    either_way = _both_sides_named(a, b)   # of a symmetric act the sides may come either way round
    if _sides_conflict(a, b, swapped=False) and not (either_way and not _sides_conflict(a, b, swapped=True)):
        return False
    if not either_way and (_reversed(a, b) or _reversed(b, a)):
        return False
    if a.country and b.country and a.country != b.country and a.strong_place and b.strong_place:
        # Cross-border acts are reported from both sides: one event only when the actor ties them.
        if not same_actor(a.actor1, b.actor1, a.actor1_country, b.actor1_country) and not _crosswise(a, b, 1):
            return False
    km = _km(a, b)
    if km is not None and km > MAX_KM and a.strong_place and b.strong_place and \
            a.geo_precision not in COARSE_PLACES and b.geo_precision not in COARSE_PLACES:
        return False    # towns stated for both, too far apart: two happenings, whatever the dates
    return True


def _both_sides_named(a: EventKey, b: EventKey) -> bool:
    """Two reports of a symmetric act (CONSULT, AGREE, COOPERATE) naming both its sides: the
    pairs are compared either way round ("A met B", "B met A"). A report naming one side only
    is not swapped, or any lone participant would fit it."""
    return a.type in SYMMETRIC_TYPES and None not in (a.actor1, a.actor2, b.actor1, b.actor2)


def _crosswise(a: EventKey, b: EventKey, side: int) -> bool:
    """Is ``a``'s actor on ``side`` (1 or 2) ``b``'s actor on the other side, both reports of a
    symmetric act naming both sides?"""
    if not _both_sides_named(a, b):
        return False
    x, y = _sides(a)[side - 1], _sides(b)[2 - side]
    return same_actor(x[0], y[0], x[1], y[1])


def _sides(k: EventKey) -> tuple[tuple, tuple]:
    """(id, country, kind, country guessed?) of ``k``'s actor1 and actor2."""
    return ((k.actor1, k.actor1_country, k.actor1_kind, k.actor1_guessed),
            (k.actor2, k.actor2_country, k.actor2_kind, k.actor2_guessed))


def _sides_conflict(a: EventKey, b: EventKey, *, swapped: bool) -> bool:
    """Do the participants rule out one event, ``b``'s two sides read straight or swapped? Two
    countries both guessed from their sentences ("militias" placed by the story's countries) are
    no evidence of two sides."""
    bs = _sides(b)[::-1] if swapped else _sides(b)
    return any(not (x[3] and y[3]) and actors_conflict(x[0], y[0], x[1], y[1], x[2], y[2])
               for x, y in zip(_sides(a), bs))


def _reversed(a: EventKey, b: EventKey) -> bool:
    """Is ``a``'s actor1 ``b``'s actor2 and not its actor1 too? Reversed roles are another event
    ("X attacked Y" against "Y attacked X")."""
    return same_actor(a.actor1, b.actor2, a.actor1_country, b.actor2_country) and \
        not same_actor(a.actor1, b.actor1, a.actor1_country, b.actor1_country) \
        and not same_actor(a.actor2, b.actor2, a.actor2_country, b.actor2_country)


def _shared_actor(a: EventKey, b: EventKey) -> bool:
    if any(same_actor(x[0], y[0], x[1], y[1]) for x, y in zip(_sides(a), _sides(b))):
        return True
    return _crosswise(a, b, 1) or _crosswise(a, b, 2)


def same_event(a: EventKey, b: EventKey, tie: Tie | None = None) -> bool:
    """Are ``a`` and the later report ``b`` one event? ``tie`` is None across articles."""
    if not compatible(a, b, one_story=tie is not None):
        return False
    same_day = a.own_date and b.own_date and a.date is not None and a.date == b.date \
        and a.precision == b.precision == "day"
    if tie is None:
        if a.date is None or b.date is None:
            return False        # undated reports are too vague to merge across stories
        near = _km(a, b)
        return _shared_actor(a, b) or (same_day and (near is None or near <= MAX_KM))
    if tie.same_sentence or _shared_actor(a, b) or same_day:
        return True
    if tie.later_anaphoric and not b.own_date:
        return True
    if tie.earlier_in_lead and (not b.own_date or same_day):
        return True     # a story elaborates its lead: later details, updated tolls, quotes about it
    return 0 < tie.gap <= NEAR_GAP and not b.own_date and tie.later_unnamed
