"""One real event, one row: decide whether a new mention reports a stored event.

Two mentions from different articles are the same event when they have the same
type and country, compatible dates, compatible actors and nearby places. The
rules are deliberately conservative: a wrong merge hides an event, a missed merge
only shows it twice.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from geopy.distance import geodesic

MAX_KM = 50.0


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


def _day(v) -> date | None:
    if v is None or v != v:  # NaN/NaT
        return None
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def candidate_from(ev: dict) -> Candidate:
    return Candidate(ev["event_id"], {ev["article_id"]}, ev.get("event_type"), ev.get("country"),
                     _day(ev.get("event_date")), ev.get("date_precision"), ev.get("actor1_country"),
                     ev.get("actor2_country"), ev.get("actor1"), _num(ev.get("lat")), _num(ev.get("lon")))


def _num(v):
    try:
        f = float(v)
        return None if f != f else f
    except (TypeError, ValueError):
        return None


def dates_compatible(a: date | None, pa: str | None, b: date | None, pb: str | None) -> bool:
    if a is None or b is None:
        return False  # undated mentions are too vague to merge on
    if pa == "day" and pb == "day":
        return abs((a - b).days) <= 1
    if "year" in (pa, pb):
        return a.year == b.year
    if "month" in (pa, pb):
        return (a.year, a.month) == (b.year, b.month)
    return abs((a - b).days) <= 7


def _compatible(x: str | None, y: str | None) -> bool:
    return not x or not y or x == y


def same_event(new: dict, c: Candidate) -> bool:
    if new["article_id"] in c.article_ids:
        return False  # within an article the extractor already merged what it should
    if new.get("event_type") != c.event_type or new.get("country") != c.country:
        return False
    if not dates_compatible(_day(new.get("event_date")), new.get("date_precision"), c.event_date, c.date_precision):
        return False
    if not (_compatible(new.get("actor1_country"), c.actor1_country)
            and _compatible(new.get("actor2_country"), c.actor2_country)):
        return False
    lat, lon = _num(new.get("lat")), _num(new.get("lon"))
    if None not in (lat, lon, c.lat, c.lon):
        return geodesic((lat, lon), (c.lat, c.lon)).km <= MAX_KM
    return True


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

    def match(self, ev: dict) -> Candidate | None:
        key = (ev.get("event_type"), ev.get("country"))
        d = _day(ev.get("event_date"))
        if d is None:
            return None
        by_day = self._days.get(key, {})
        if ev.get("date_precision") == "day":
            pool = [c for k in (-1, 0, 1) for c in by_day.get(d.toordinal() + k, ())]
        else:  # a coarse date may match any day-precise event of its month or year
            pool = [c for cs in by_day.values() for c in cs]
        for c in pool + self._coarse.get(key, []):
            if same_event(ev, c):
                return c
        return None
