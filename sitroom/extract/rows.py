"""EventMention -> the event dict of ``sitroom.schema.EVENT_COLUMNS``: id, summary, evidence
spans, confidence.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date

from ..loader import Article
from ..schema import EVENT_COLUMNS
from ..taxonomy import quad_class
from .events import FUTURE, INTENT, Trigger
from .merge import EventMention


EXTRACTOR_VERSION = "sitroom-rules/0.3"


COLUMNS = tuple(c.name for c in EVENT_COLUMNS)


def confidence(t: Trigger, m: EventMention) -> float:
    c = t.weight * (0.9 if t.nominal and t.pred.i == t.token.i else 1.0)
    c += 0.05 * (m.actor1 is not None) + 0.04 * (m.actor2 is not None)
    c += {"sentence": 0.05, "governor": 0.04, "offset": 0.03, "context": -0.03, "publication": -0.02}.get(m.date_source, 0)
    c += {"trigger": 0.04, "sentence": 0.02, "actor": 0.0, "context": -0.02, "focus": -0.03}.get(m.place_source, -0.05)
    if t.modality in (FUTURE, INTENT):
        c -= 0.05
    return round(max(0.05, min(0.99, c)), 3)


def _event_id(article_id: str, start: int, etype: str) -> str:
    return "e" + hashlib.sha1(f"{article_id}|{start}|{etype}".encode("utf-8")).hexdigest()[:15]


def _summary(m: EventMention) -> str:
    parts = [m.actor1.name if m.actor1 else "?", m.type]
    if m.actor2 is not None:
        parts.append(m.actor2.name)
    where = (m.place_text or getattr(m.place, "name", None)) if m.place is not None else None
    if where:
        prec = getattr(m.place, "precision", "")
        parts.append(("at " if prec == "point" else "in ") + where)
    if m.date is not None:
        parts.append(f"({m.date.isoformat()})")
    return " ".join(parts)


def _span(text: str, span) -> dict | None:
    if not span or span[0] is None or span[0] < 0:
        return None
    s, e = span
    return {"text": text[s:e], "start": s, "end": e}


def event_row(article: Article, m: EventMention, text: str) -> dict:
    place = m.place
    ev: dict = {"trigger": {"text": m.trigger, "start": m.trigger_start, "end": m.trigger_end}}
    d = _span(text, m.date_span)
    if d is not None or m.date is not None:
        ev["date"] = dict(d or {}, source=m.date_source)
    p = _span(text, m.place_span)
    if p is not None or place is not None:
        ev["place"] = dict(p or {}, source=m.place_source)
    for role in ("actor1", "actor2"):
        a = getattr(m, role)
        if a is not None:
            ev[role] = a.to_evidence()
    if m.casualty_spans:
        s, e, _ = m.casualty_spans[0]
        ev["casualties"] = {"text": text[s:e], "start": s, "end": e}
    row = {
        "article_id": article.id,
        "event_id": _event_id(article.id or "", m.trigger_start, m.type),
        "event_type": m.type,
        "event_mode": m.mode,
        "event_date": m.date.isoformat() if isinstance(m.date, date) else None,
        "date_precision": m.date_precision if m.date is not None else "unknown",
        "actor1": m.actor1.name if m.actor1 else None,
        "actor1_country": m.actor1.country if m.actor1 else None,
        "actor1_kind": _shown_kind(m.actor1),
        "actor2": m.actor2.name if m.actor2 else None,
        "actor2_country": m.actor2.country if m.actor2 else None,
        "actor2_kind": _shown_kind(m.actor2),
        "location": (m.place_text or getattr(place, "name", None)) if place is not None else None,
        "admin1": getattr(place, "admin1", None),
        "country": getattr(place, "country", None),
        "lat": getattr(place, "lat", None),
        "lon": getattr(place, "lon", None),
        "geo_precision": getattr(place, "precision", None),
        "fatalities": m.fatalities,
        "injuries": m.injuries,
        "sentence": text[m.sent_start:m.sent_end],
        "start_char": m.sent_start,
        "end_char": m.sent_end,
        "confidence": m.confidence,
        "quad_class": quad_class(m.type),
        "summary": _summary(m),
        "trigger": m.trigger,
        "date_text": m.date_text,
        "place_text": m.place_text or (getattr(place, "name", None) if place is not None else None),
        "field_evidence": json.dumps(ev, ensure_ascii=False),
        "n_sources": 1,
        "n_mentions": len(m.sentences) or 1,
        "extractor": EXTRACTOR_VERSION,
    }
    return {c: row.get(c) for c in COLUMNS}


def _shown_kind(a) -> str | None:
    """An actor's kind for the row: a stateless official shows the body they act for."""
    if a is None:
        return None
    return getattr(a, "body", None) if a.kind == "person" and not a.country and getattr(a, "body", None) else a.kind
