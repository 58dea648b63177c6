"""Toponym rows for ``sitroom geoparse``: the place mentions of one article, as the place-JSONL
contract in ``../shared/eval/README.md`` has them.

In:  an ``Article``, a spaCy ``nlp`` and the gazetteer geocoder.
Out: one dict per toponym (``mention_row``'s keys, plus ``region_*`` and ``hint_*`` where
     they apply).

Toponym resolution differs from event placing (``find_places`` serves both): a compass phrase
("northern Chad") is reported as its toponym (Chad) with the computed region beside it. A name
the gazetteer lacks, or one the ranker is too unsure of, has no point: it is reported unresolved
with a hint beside it (``hint_*``: the ranker's low-score guess, or the nearest resolved place of
its sentence or story), never as that place.
"""
from __future__ import annotations

import bisect
import re
from typing import Any

from ..geo import GazetteerGeocoder
from .places import PlaceMention, find_places


def mention_row(article_id: str | None, m: PlaceMention) -> dict[str, Any]:
    """One row of the place JSONL contract (../shared/eval/README.md), plus ``source`` (how the
    name was found) and, for an abstention, the ranker's guess as a hint."""
    p = m.place
    row = {"article_id": article_id, "text": m.text, "start_char": m.start_char,
           "end_char": m.end_char, "name": p.name if p else None,
           "country": p.country if p else None, "admin1": p.admin1 if p else None,
           "lat": p.lat if p else None, "lon": p.lon if p else None,
           "feature": p.feature if p else None, "geonameid": p.geonameid if p else None,
           "score": m.score, "source": m.source}
    if p is None and m.hint is not None:
        row.update(abstained=True, **_hint(m.hint, "ranker"))
    return row


def _hint(place, via: str) -> dict[str, Any]:
    """The hint columns for an unresolved row: a place it is probably at or near, and why."""
    return {"hint_name": place["name"] if isinstance(place, dict) else place.name,
            "hint_country": place["country"] if isinstance(place, dict) else place.country,
            "hint_lat": place["lat"] if isinstance(place, dict) else place.lat,
            "hint_lon": place["lon"] if isinstance(place, dict) else place.lon,
            "hint_via": via}


def geoparse_article(article, *, nlp, geocoder: GazetteerGeocoder) -> list[dict]:
    """Parse ``article.text`` and return its toponyms as place-JSONL rows.

    The rows answer toponym resolution: a compass phrase ("northern Chad") is reported as its
    toponym ("Chad", the country's point) with the region in ``region_name``/``region_lat``/
    ``region_lon``; a name the gazetteer lacks keeps no point and gets the nearest resolved
    place of the article as a hint (``hint_via`` "context"), never that place's name or id.
    """
    doc = nlp(article.text)
    mentions = find_places(doc, geocoder=geocoder)
    rows = []
    for m in mentions:
        row = _toponym_of_direction(m, geocoder) or mention_row(article.id, m)
        row["article_id"] = article.id
        rows.append(row)
    _resolve_from_context(rows, [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else [0])
    return rows


_DIRECTION_PREFIX = re.compile(r"^(?:(?:north|south|east|west|central|centre|center|middle)[a-z-]*\s+)+"
                               r"(?:part\s+of\s+(?:the\s+)?)?", re.I)
# Features precise enough to stand for a nearby unresolved name.
CONTEXT_FEATURES = ("city", "district", "admin2", "admin1", "base", "territory")


def _toponym_of_direction(m: PlaceMention, geocoder: GazetteerGeocoder) -> dict | None:
    """'northern China' (a computed region) -> the toponym 'China' with the region kept aside."""
    p = m.place
    if p is None or p.feature != "region" or p.id is not None:
        return None
    pre = _DIRECTION_PREFIX.match(m.text)
    if not pre or pre.end() >= len(m.text):
        return None
    base_text = m.text[pre.end():]
    base = geocoder.best(base_text, context_countries=[p.country] if p.country else None)
    if base is None:
        return None
    row = mention_row(None, PlaceMention(text=base_text, start_char=m.start_char + pre.end(),
                                         end_char=m.end_char, place=base, score=m.score,
                                         sent_start=m.sent_start, source=m.source))
    row.update(region_name=p.name, region_lat=p.lat, region_lon=p.lon)
    return row


def _resolve_from_context(rows: list[dict], sent_starts: list[int]) -> None:
    """Give each unresolved row without a hint the nearest resolved sub-country place as a hint,
    preferring its own sentence ("protests in Old Mill, a district of Leeds" -> hint Leeds). The
    row itself stays unresolved: no name, point or geonameid of another place is written on it."""
    anchors = [r for r in rows if r.get("lat") is not None and r.get("feature") in CONTEXT_FEATURES]
    if not anchors:
        return
    def sent_of(pos: int) -> int:
        return bisect.bisect_right(sent_starts, pos)
    for r in rows:
        if r.get("lat") is not None or r.get("hint_name") is not None:
            continue
        sr = sent_of(r["start_char"])
        near = min(anchors, key=lambda a: (sent_of(a["start_char"]) != sr, abs(a["start_char"] - r["start_char"])))
        r.update(_hint(near, "context"))
