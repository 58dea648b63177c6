"""One real event, one row: merge the mentions of an article that report the same happening.

In:  ``EventMention``s of one article, in text order.
Out: merged mentions. Two mentions merge when they have the same type, fitting
dates, the same country (when both are known), no conflicting participants, and
something that ties them: the same sentence, a shared participant, or the same
exact day. The merged event keeps the richest fields: the most precise own date,
the most precise place, named actors over missing ones, the largest casualty
counts; ``n_mentions`` counts the evidence sentences.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import datetime as dt

from .actors import Actor
from .dates import PRECISION_RANK, compatible

STRONG_PLACE = {"trigger", "actor"}
STATE_KINDS = {"state", "government"}
STATE_SIDE_KINDS = {"state", "government", "military"}
NON_STATE_KINDS = {"armed_group", "civilians", "party"}
GEO_RANK = {"point": 5, "city": 4, "admin1": 3, "region": 2, "country": 1, None: 0}


@dataclass
class EventMention:
    """One trigger's event in one sentence (offsets are into the article text)."""
    type: str
    mode: str | None
    trigger: str
    trigger_start: int
    trigger_end: int
    sent_index: int
    sent_start: int
    sent_end: int
    actor1: Actor | None = None
    actor2: Actor | None = None
    date: dt.date | None = None
    date_precision: str = "unknown"
    date_text: str | None = None
    date_span: tuple[int, int] | None = None
    date_source: str = "none"         # sentence | governor | offset | context | publication | none
    place: object = None              # sitroom.geo.Place or None
    place_text: str | None = None
    place_span: tuple[int, int] | None = None
    place_source: str = "none"        # trigger | sentence | actor | context | focus | none
    fatalities: int | None = None
    injuries: int | None = None
    casualty_spans: list[tuple[int, int, str]] = field(default_factory=list)
    confidence: float = 0.5
    modality: str = "asserted"
    anaphoric: bool = False           # "the meeting": a definite event noun pointing back
    background: bool = False          # told in an after/since/before clause: not the story's time
    n_mentions: int = 1
    sentences: list[tuple[int, int]] = field(default_factory=list)

    @property
    def own_date(self) -> bool:
        return self.date_source in ("sentence", "governor", "offset")

    @property
    def country(self) -> str | None:
        return getattr(self.place, "country", None) if self.place is not None else None

    def richness(self) -> float:
        return (2 * self.own_date + PRECISION_RANK.get(self.date_precision, 0) * 0.2
                + GEO_RANK.get(getattr(self.place, "precision", None), 0) * 0.3
                + (self.actor1 is not None) + (self.actor2 is not None) * 0.8
                + (self.fatalities is not None or self.injuries is not None) + self.confidence)


def same_actor(a: Actor | None, b: Actor | None) -> bool:
    """Do two actors name the same participant (name overlap, canonical, or country+kind)?"""
    if a is None or b is None:
        return False
    x, y = a.name.lower(), b.name.lower()
    if x == y:
        return True
    xw, yw = x.replace("’s", "").replace("'s", "").split(), y.replace("’s", "").replace("'s", "").split()
    short, long_ = (xw, yw) if len(xw) <= len(yw) else (yw, xw)
    if short and all(w in long_ for w in short) and len("".join(short)) >= 3:
        return True   # "Taeb" / "Hossein Taeb", "militias" / "Iran-backed militias"
    if a.canonical and a.canonical == b.canonical:
        return True
    if a.country and a.country == b.country and a.kind != "person" and b.kind != "person" and (
            a.kind == b.kind or {a.kind, b.kind} <= STATE_KINDS):
        return True   # "Iran" / "Iranian authorities" / "the Iranians"
    xw, yw = set(x.split()), set(y.split())
    return bool(a.kind == "person" and b.kind == "person" and xw & yw and len(max(xw & yw, key=len)) > 3)


def _conflict(a: Actor | None, b: Actor | None) -> bool:
    if a is None or b is None:
        return False
    if same_actor(a, b):
        return False
    if a.country and b.country and a.country != b.country:
        return True
    if a.kind == "person" and b.kind == "person":
        return a.proper and b.proper      # two different names
    if a.country and a.country == b.country:
        # One country's state and its people may be one side; its forces and its rebels are two.
        return bool({a.kind, b.kind} & NON_STATE_KINDS and {a.kind, b.kind} & STATE_SIDE_KINDS)
    return a.kind != b.kind


def _strong(x: Actor | None) -> Actor | None:
    return None if x is None or x.weak else x


def can_merge(a: EventMention, b: EventMention) -> bool:
    if a.type != b.type:
        return False
    return _can_merge(a, b, _strong(a.actor1), _strong(a.actor2), _strong(b.actor1), _strong(b.actor2))


def _can_merge(a: EventMention, b: EventMention, a1, a2, b1, b2) -> bool:
    """can_merge over the mentions' actors, weak (clause-search) actors left out."""
    if _conflict(a1, b1) or _conflict(a2, b2):
        return False
    # Reversed roles are a different event ("X attacked Y" vs "Y attacked X").
    if same_actor(a1, b2) and not same_actor(a1, b1) and b2 is not None \
            and not same_actor(a2, b2):
        return False
    if a.own_date and b.own_date and not compatible(a.date, a.date_precision, b.date, b.date_precision):
        return False
    if a.country and b.country and a.country != b.country and \
            a.place_source in STRONG_PLACE and b.place_source in STRONG_PLACE:
        # Cross-border acts are reported from both sides; only merge when the actors tie them.
        if not (same_actor(a1, b1) and a1 is not None):
            return False
    if a.sent_index == b.sent_index:
        return True
    if same_actor(a1, b1) or same_actor(a2, b2):
        return True
    if a.own_date and b.own_date and a.date == b.date and a.date_precision == b.date_precision == "day":
        return True
    # An elaboration close by with no participant or no date of its own
    # ("I have decided to stand down"; "Mohammadi, sentenced Saturday, ...").
    if b.anaphoric and not b.own_date:
        return True
    gap = abs(b.sent_index - a.sent_index)
    if 0 < gap <= 3 and not b.own_date and _unnamed(b):
        return True
    if 0 < gap <= 1 and (not a.own_date or not b.own_date):
        return True
    return False


def _unnamed(m: EventMention) -> bool:
    return all(x is None or x.via != "text" or x.weak for x in (m.actor1, m.actor2))


def absorb(a: EventMention, b: EventMention) -> EventMention:
    """Merge b into a (a keeps its sentence when it is the richer evidence)."""
    if b.richness() > a.richness():
        a, b = b, a
    if (not a.own_date and b.own_date) or (a.own_date and b.own_date and
                                           PRECISION_RANK[b.date_precision] > PRECISION_RANK[a.date_precision]):
        a.date, a.date_precision, a.date_text, a.date_span, a.date_source = (
            b.date, b.date_precision, b.date_text, b.date_span, b.date_source)
    a.place, a.place_text, a.place_span, a.place_source = _better_place(a, b)
    for role in ("actor1", "actor2"):
        x, y = getattr(a, role), getattr(b, role)
        if x is None or (x.via != "text" and y is not None and y.via == "text") or \
                (x.weak and y is not None and not y.weak) or \
                (y is not None and x.country is None and y.country is not None and same_actor(x, y)):
            if y is not None:
                setattr(a, role, y)
    if b.fatalities is not None and (a.fatalities is None or b.fatalities > a.fatalities):
        a.fatalities = b.fatalities
    if b.injuries is not None and (a.injuries is None or b.injuries > a.injuries):
        a.injuries = b.injuries
    a.casualty_spans = a.casualty_spans + [s for s in b.casualty_spans if s not in a.casualty_spans]
    if a.mode is None:
        a.mode = b.mode
    a.n_mentions += b.n_mentions
    a.sentences = sorted(set(a.sentences + b.sentences))
    a.confidence = min(0.99, max(a.confidence, b.confidence) + 0.03)
    return a


def _better_place(a: EventMention, b: EventMention) -> tuple:
    """The place the merged event keeps: a tied place over a guessed one; between two places in
    different countries, the earlier mention's (the lead names where it happened); otherwise
    the more precise."""
    pa = (a.place, a.place_text, a.place_span, a.place_source)
    pb = (b.place, b.place_text, b.place_span, b.place_source)
    if b.place is None:
        return pa
    if a.place is None:
        return pb
    strong_a, strong_b = a.place_source in ("trigger", "sentence"), b.place_source in ("trigger", "sentence")
    if strong_a != strong_b:
        return pa if strong_a else pb
    if a.country and b.country and a.country != b.country:
        return pa if a.sent_index <= b.sent_index else pb
    return pb if GEO_RANK.get(getattr(b.place, "precision", None), 0) > \
        GEO_RANK.get(getattr(a.place, "precision", None), 0) else pa


def merge_mentions(mentions: list[EventMention]) -> list[EventMention]:
    """Greedy merge in text order: each mention joins a compatible earlier event, preferring one
    of the same sentence, then the nearest before it."""
    out: list[EventMention] = []
    for m in mentions:
        if not m.sentences:
            m.sentences = [(m.sent_start, m.sent_end)]
        cands = [k for k, e in enumerate(out) if can_merge(e, m)]
        if cands:
            k = max(cands, key=lambda k: (out[k].sent_index == m.sent_index, out[k].sent_index))
            out[k] = absorb(out[k], m)
        else:
            out.append(m)
    return out
