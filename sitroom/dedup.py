"""One real event, one row across articles: does a new event report a stored one?

The decision is ``sitroom.coref.same_event`` with no in-article tie (the one same-event policy the
extractor uses within an article): the same type and country, overlapping dates, no conflicting
participants, places within 50 km, and a shared participant or the same day. ``MergeIndex`` only
narrows the stored events a new one is compared with, so matching stays cheap at 100k events.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .coref import EventKey, same_event


@dataclass
class Candidate:
    event_id: str
    article_ids: set[str]
    event_type: str
    country: str | None
    event_date: date | None
    date_precision: str | None
    actor1_country: str | None
    actor2_country: str | None
    actor1: str | None
    lat: float | None
    lon: float | None
    actor1_id: str | None = None
    actor2_id: str | None = None
    background: bool = False
    geo_precision: str | None = None
    actor1_kind: str | None = None
    actor2_kind: str | None = None
    key: EventKey = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # What the policy reads: built once, as only article_ids changes after a candidate is made.
        self.key = _key(self)


def _day(v) -> date | None:
    if v is None or v != v:  # NaN/NaT
        return None
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def _num(v):
    try:
        f = float(v)
        return None if f != f else f
    except (TypeError, ValueError):
        return None


def candidate_from(ev: dict) -> Candidate:
    return Candidate(ev["event_id"], {ev["article_id"]}, ev.get("event_type"), ev.get("country"),
                     _day(ev.get("event_date")), ev.get("date_precision"), ev.get("actor1_country"),
                     ev.get("actor2_country"), ev.get("actor1"), _num(ev.get("lat")), _num(ev.get("lon")),
                     ev.get("actor1_id"), ev.get("actor2_id"), bool(ev.get("background")), ev.get("geo_precision"),
                     ev.get("actor1_kind"), ev.get("actor2_kind"))


def _key(c: Candidate) -> EventKey:
    """What the policy reads of an event row. A stored row's place is taken as stated (strong)."""
    return EventKey(type=c.event_type, date=c.event_date, precision=c.date_precision or "unknown",
                    own_date=c.event_date is not None, country=c.country, lat=c.lat, lon=c.lon,
                    strong_place=True, geo_precision=c.geo_precision, actor1=c.actor1_id or (c.actor1_country if c.actor1 else None),
                    actor2=c.actor2_id, actor1_country=c.actor1_country, actor2_country=c.actor2_country,
                    background=c.background, actor1_kind=c.actor1_kind, actor2_kind=c.actor2_kind)


def _same(new: Candidate, c: Candidate) -> bool:
    """Does the new mention ``new`` report the stored event ``c``?"""
    if c.article_ids & new.article_ids:
        return False  # within an article the extractor already merged what it should
    if new.event_type != c.event_type or new.country != c.country:
        return False
    return same_event(c.key, new.key, None)


class MergeIndex:
    """Candidates bucketed so matching stays cheap at 100k events.

    Day-precise events sit in buckets keyed by (type, country) then day, so a new
    day-precise mention looks at three days only; coarser ones are few and are
    kept in one list per (type, country).
    """

    def __init__(self) -> None:
        self._days: dict[tuple, dict[int, list[Candidate]]] = {}
        self._coarse: dict[tuple, list[Candidate]] = {}

    def add(self, c: Candidate) -> None:
        if c.event_date is None:
            return  # undated events never merge
        if c.date_precision == "day":
            by_day = self._days.setdefault((c.event_type, c.country), {})
            by_day.setdefault(c.event_date.toordinal(), []).append(c)
        else:
            self._coarse.setdefault((c.event_type, c.country), []).append(c)

    def near(self, new: Candidate) -> list[Candidate]:
        """The indexed candidates of ``new``'s type and country whose dates may fit its date."""
        if new.event_date is None:
            return []
        key = (new.event_type, new.country)
        by_day = self._days.get(key, {})
        if new.date_precision == "day":
            pool = [c for k in (-1, 0, 1) for c in by_day.get(new.event_date.toordinal() + k, ())]
        else:  # a coarse date may match any day-precise event of its month or year
            pool = [c for cs in by_day.values() for c in cs]
        return pool + self._coarse.get(key, [])

    def match(self, ev: dict) -> Candidate | None:
        # Of every stored event it fits, the one with the smallest id: which one is found first
        # must not depend on the order the index was filled in.
        new = candidate_from(ev)
        fits = [c for c in self.near(new) if _same(new, c)]
        return min(fits, key=lambda c: str(c.event_id)) if fits else None
