"""Test doubles shared by the store, ingest and concurrency tests (no models loaded)."""
from __future__ import annotations

import json

from sitroom import schema


def write_jsonl(path, rows):
    """``rows`` as a JSONL file at ``path`` (returned)."""
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def fake_extractor(articles, *, resources=None):
    """One ASSAULT per article, dated from its publication date, in Baghdad."""
    for a in articles:
        s = a.text.split(".")[0] + "."
        yield a, [{c.name: None for c in schema.EVENT_COLUMNS} | {
            "article_id": a.id, "event_id": f"{a.id}-e0", "event_type": "ASSAULT",
            "event_date": a.published.isoformat() if a.published else None, "date_precision": "day",
            "actor1": "Militia", "actor1_country": "IRQ", "actor2": "US forces", "actor2_country": "USA",
            "location": "Baghdad", "country": "IRQ", "lat": 33.34, "lon": 44.40, "geo_precision": "city",
            "sentence": s, "start_char": 0, "end_char": len(s), "confidence": 0.7,
            "summary": "Militia ASSAULT US forces", "n_sources": 1, "n_mentions": 1}]
