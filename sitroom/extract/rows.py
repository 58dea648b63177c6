"""StoryEvent -> the event dict of ``sitroom.schema.EVENT_COLUMNS`` (plus its mentions as evidence).

In:  the article, one ``StoryEvent`` and the article text.
Out: a dict with every event column; under ``MENTIONS_KEY`` the event's mentions, each a dict
     with the evidence columns (``evidence_id`` = the mention's id), for the store's evidence table.
The event's id is its first mention's (order-independent: offsets and type in its article).
"""
from __future__ import annotations

import json
from datetime import date

from ..loader import Article
from ..schema import EVENT_COLUMNS, MENTIONS_KEY
from ..taxonomy import quad_class
from .records import ActorRef, Mention, StoryEvent, TextSpan

EXTRACTOR_VERSION = "sitroom-events/1.0"
COLUMNS = tuple(c.name for c in EVENT_COLUMNS)


def summary(ev: StoryEvent) -> str:
    """One line: who did what to whom, where and when ("Militants ASSAULT passengers in Sibi (2025-03-11)")."""
    parts = [ev.actor1.name if ev.actor1 else "Unidentified actor", ev.type]
    if ev.actor2 is not None:
        parts.append(ev.actor2.name)
    where = ev.place.text if ev.place.place is not None else None
    if where:
        parts.append(("at " if ev.place.place.precision == "point" else "in ") + where)
    if ev.date.value is not None:
        parts.append(f"({ev.date.value.isoformat()})")
    return " ".join(parts)


def _span_dict(s: TextSpan | None) -> dict:
    return {} if s is None else {"text": s.text, "start": s.start, "end": s.end}


def field_evidence(m: Mention, *, date_=None, place=None, actor1: ActorRef | None = None,
                   actor2: ActorRef | None = None, casualty: TextSpan | None = None) -> str:
    """JSON: field -> the words it came from (spans into the article text)."""
    d = date_ or m.date
    p = place or m.place
    ev: dict = {"trigger": dict(_span_dict(m.trigger), modality=m.modality)}
    if d.span is not None or d.value is not None:
        ev["date"] = dict(_span_dict(d.span), source=d.source)
    if p.span is not None or p.place is not None:
        ev["place"] = dict(_span_dict(p.span), source=p.source)
    for role, a in (("actor1", actor1 or m.actor1), ("actor2", actor2 or m.actor2)):
        if a is not None:
            ev[role] = a.to_evidence()
    cas = casualty or (m.casualty.spans[0] if m.casualty and m.casualty.spans else None)
    if cas is not None:
        ev["casualties"] = _span_dict(cas)
    return json.dumps(ev, ensure_ascii=False)


def mention_row(article: Article, m: Mention, event_id: str) -> dict:
    """The evidence row of one mention."""
    return {"evidence_id": m.id, "event_id": event_id, "article_id": article.id, "event_type": m.type,
            "event_date": m.date.value.isoformat() if m.date.value else None, "sentence": m.sentence.text,
            "start_char": m.sentence.start, "end_char": m.sentence.end, "confidence": m.confidence,
            "field_evidence": field_evidence(m)}


def _actor_cols(a: ActorRef | None, role: str) -> dict:
    return {role: a.name if a else None, f"{role}_country": a.country if a else None,
            f"{role}_kind": a.kind if a else None, f"{role}_id": a.entity_id if a else None}


def event_row(article: Article, ev: StoryEvent) -> dict:
    """The event dict (see module docstring)."""
    m = ev.primary
    first = min(ev.mentions, key=lambda x: (x.trigger.start, x.type))
    pl = ev.place.place
    row = {
        "article_id": article.id,
        "event_id": first.id,
        "event_type": ev.type,
        "event_mode": ev.mode,
        "event_date": ev.date.value.isoformat() if isinstance(ev.date.value, date) else None,
        "date_precision": ev.date.precision if ev.date.value is not None else "unknown",
        **_actor_cols(ev.actor1, "actor1"),
        **_actor_cols(ev.actor2, "actor2"),
        "location": ev.place.text if pl is not None else None,
        "admin1": pl.admin1 if pl is not None else None,
        "country": pl.country if pl is not None else None,
        "lat": pl.lat if pl is not None else None,
        "lon": pl.lon if pl is not None else None,
        "geo_precision": pl.precision if pl is not None else None,
        "fatalities": ev.fatalities,
        "injuries": ev.injuries,
        "sentence": m.sentence.text,
        "start_char": m.sentence.start,
        "end_char": m.sentence.end,
        "confidence": round(ev.confidence, 3),
        "quad_class": quad_class(ev.type),
        "summary": summary(ev),
        "trigger": m.trigger.text,
        "date_text": ev.date.span.text if ev.date.span else None,
        "place_text": ev.place.text if pl is not None else None,
        "field_evidence": field_evidence(m, date_=ev.date, place=ev.place, actor1=ev.actor1, actor2=ev.actor2,
                                         casualty=ev.casualty_span),
        "n_sources": 1,
        "n_mentions": len(ev.mentions),
        "extractor": EXTRACTOR_VERSION,
        "headline": ev.headline,
        "background": ev.background,
    }
    out = {c: row.get(c) for c in COLUMNS}
    out[MENTIONS_KEY] = [mention_row(article, x, first.id) for x in sorted(ev.mentions, key=lambda x: x.trigger.start)]
    return out
