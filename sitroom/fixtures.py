"""Deterministic test databases: synthetic articles and events, no models needed.

``build_fixture_db(path, n_events=..., seed=...)`` always writes the same rows for
the same arguments, so tests (and the 100k-event map benchmark) can rely on them.
Text fields include markup on purpose, to prove the UI escapes what it shows.
"""
from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from . import taxonomy
from .ingest import write_batch
from .loader import Article
from .store import Store

PLACES = [  # name, admin1, ISO3, lat, lon
    ("Baghdad", "Baghdad", "IRQ", 33.3406, 44.4009), ("Ain al-Asad air base", "Anbar", "IRQ", 33.7856, 42.4412),
    ("Erbil", "Erbil", "IRQ", 36.19, 44.01), ("Deir ez-Zor", "Deir ez-Zor", "SYR", 35.33, 40.14),
    ("Damascus", "Damascus", "SYR", 33.51, 36.29), ("Tehran", "Tehran", "IRN", 35.69, 51.42),
    ("Beirut", "Beirut", "LBN", 33.89, 35.50), ("Gaza City", "Gaza", "PSE", 31.50, 34.47),
    ("Sanaa", "Sanaa", "YEM", 15.35, 44.21), ("Kyiv", "Kyiv City", "UKR", 50.45, 30.52),
    ("Kharkiv", "Kharkiv", "UKR", 49.99, 36.23), ("Paris", "Ile-de-France", "FRA", 48.85, 2.35),
    ("London", "England", "GBR", 51.51, -0.13), ("Washington", "District of Columbia", "USA", 38.90, -77.04),
]
ACTORS = [  # name, ISO3, kind
    ("United States", "USA", "state"), ("US forces", "USA", "military"), ("Iran", "IRN", "state"),
    ("IRGC", "IRN", "military"), ("Iraqi militias", "IRQ", "armed_group"), ("Kataib Hezbollah", "IRQ", "armed_group"),
    ("Hezbollah", "LBN", "armed_group"), ("Israel", "ISR", "state"), ("Hamas", "PSE", "armed_group"),
    ("Houthis", "YEM", "armed_group"), ("Russia", "RUS", "state"), ("Ukraine", "UKR", "state"),
    ("France", "FRA", "state"), ("United Kingdom", "GBR", "state"), ("UN", None, "igo"),
    ("<b>Evil</b> & Co", "SYR", "organisation"),
]


def fixture_items(n_events: int = 200, *, seed: int = 0, start: date = date(2025, 1, 1),
                  days: int = 120, events_per_article: int = 4) -> list[tuple[Article, list[dict]]]:
    """(Article, events) pairs shaped exactly like the extractor's output."""
    rng = random.Random(seed)
    types = list(taxonomy.ALL_TYPES)
    weights = [3 if t in ("ASSAULT", "ACCUSE", "CONSULT", "REQUEST") else 1 for t in types]
    items, k = [], 0
    n_articles = max(1, (n_events + events_per_article - 1) // events_per_article)
    for i in range(n_articles):
        published = start + timedelta(days=rng.randrange(days))
        sentences, events = [], []
        offset = 0
        for j in range(min(events_per_article, n_events - k)):
            et = rng.choices(types, weights)[0]
            a1, a2 = rng.sample(ACTORS, 2)
            place = rng.choice(PLACES)
            d = published - timedelta(days=rng.randrange(4))
            s = f"{a1[0]} {et.lower()} {a2[0]} in {place[0]} on {d:%B %d}."
            dead = rng.choice([None, None, None, rng.randrange(1, 30)]) if et == "ASSAULT" else None
            ev_id = f"fx{seed}-{k:06d}"
            events.append({
                "article_id": f"fx{seed}-art{i:05d}", "event_id": ev_id, "event_type": et,
                "event_mode": None, "event_date": d.isoformat(), "date_precision": "day",
                "actor1": a1[0], "actor1_country": a1[1], "actor1_kind": a1[2],
                "actor2": a2[0], "actor2_country": a2[1], "actor2_kind": a2[2],
                "location": place[0], "admin1": place[1], "country": place[2],
                "lat": place[3] + rng.uniform(-0.05, 0.05), "lon": place[4] + rng.uniform(-0.05, 0.05),
                "geo_precision": "city", "fatalities": dead, "injuries": None,
                "sentence": s, "start_char": offset, "end_char": offset + len(s),
                "confidence": round(rng.uniform(0.4, 0.95), 2), "quad_class": taxonomy.quad_class(et),
                "summary": f"{a1[0]} {et} {a2[0]} in {place[0]}", "trigger": et.lower(),
                "date_text": f"{d:%B %d}", "place_text": place[0],
                "field_evidence": json.dumps({"place": {"text": place[0], "start": s.index(place[0]) + offset,
                                                        "end": s.index(place[0]) + offset + len(place[0])}}),
                "n_sources": 1, "n_mentions": 1, "extractor": "fixture",
            })
            sentences.append(s)
            offset += len(s) + 1
            k += 1
        text = " ".join(sentences)
        art = Article(id=f"fx{seed}-art{i:05d}", title=f"Fixture report {i} <script>alert(1)</script>",
                      text=text, published=published, source="Fixture Wire",
                      url=f"https://example.org/fixture/{i}", captions=[], origin="fixture")
        items.append((art, events))
        if k >= n_events:
            break
    return items


def build_fixture_db(path: str | Path, *, n_events: int = 200, seed: int = 0, **kwargs) -> Path:
    """Write a fresh fixture database (replacing any file there) and return its path."""
    path = Path(path)
    for p in (path, path.with_name(path.name + ".wal")):
        if p.exists():
            p.unlink()
    store = Store(path)
    with store.transaction() as cur:
        write_batch(cur, fixture_items(n_events, seed=seed, **kwargs))
    store.close()
    return path
