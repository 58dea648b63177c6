"""Toponym rows for ``sitroom geoparse``: the place mentions of one article, as the place-JSONL
contract in ``../shared/eval/README.md`` has them.

In:  an ``Article``, a spaCy ``nlp`` and the gazetteer geocoder.
Out: one dict per toponym (``mention_row``'s keys, plus ``region_*`` and ``resolved_by`` where
     they apply).

Toponym resolution differs from event placing (``find_places`` serves both) in two ways: a
compass phrase ("northern China") is reported as its toponym (China) with the computed region
beside it, and a name the gazetteer lacks takes the nearest resolved place instead of no point.
"""
from __future__ import annotations

import bisect
import re
from typing import Any

from ..geo import GazetteerGeocoder
from .places import PlaceMention, find_places


def mention_row(article_id: str | None, m: PlaceMention) -> dict[str, Any]:
    """One row of the place JSONL contract (../shared/eval/README.md)."""
    p = m.place
    return {"article_id": article_id, "text": m.text, "start_char": m.start_char,
            "end_char": m.end_char, "name": p.name if p else None,
            "country": p.country if p else None, "admin1": p.admin1 if p else None,
            "lat": p.lat if p else None, "lon": p.lon if p else None,
            "feature": p.feature if p else None, "geonameid": p.geonameid if p else None,
            "score": m.score}


def geoparse_article(article, *, nlp, geocoder: GazetteerGeocoder) -> list[dict]:
    """Parse ``article.text`` and return its toponyms as place-JSONL rows.

    The rows answer toponym resolution, which differs from event placing in two ways:
    a compass phrase ("northern China") is reported as its toponym ("China", the country's
    point) with the region in ``region_name``/``region_lat``/``region_lon``; and a name the
    gazetteer lacks ("Kibera", "Queen Anne's County") takes the point of the nearest resolved
    place in the article (``resolved_by`` "context", a low score) instead of no point at all.
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
    """Give each unresolved row the point of the nearest resolved sub-country place, preferring
    its own sentence ("clashes in Kibera, Nairobi's largest slum" -> Nairobi)."""
    anchors = [r for r in rows if r.get("lat") is not None and r.get("feature") in CONTEXT_FEATURES
               and r.get("resolved_by") is None]
    if not anchors:
        return
    def sent_of(pos: int) -> int:
        return bisect.bisect_right(sent_starts, pos)
    for r in rows:
        if r.get("lat") is not None:
            continue
        sr = sent_of(r["start_char"])
        near = min(anchors, key=lambda a: (sent_of(a["start_char"]) != sr, abs(a["start_char"] - r["start_char"])))
        r.update({k: near[k] for k in ("name", "country", "admin1", "lat", "lon", "feature", "geonameid")})
        r["resolved_by"] = "context"
        r["score"] = 0.1
