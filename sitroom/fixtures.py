"""Deterministic SYNTHETIC databases for tests and benchmarks: no models, no real news.

Every title, sentence and source says it is synthetic ("Fixture report", "Synthetic
fixture"), so a screenshot or a briefing made from it cannot be mistaken for news.

- ``fixture_items(n_events, seed=...)``: (Article, events) pairs shaped exactly like
  the extractor's output, written through ``ingest.write_batch`` like real ingest
  (``build_fixture_db``). Text fields include markup on purpose, to prove the UI
  escapes what it shows. The optional shares add what the default view hides or
  marks: low-confidence mentions, background events, country-centroid places.
- ``build_synthetic_db(path, n_events=1_000_000, seed=...)``: the benchmark scale,
  generated inside DuckDB from hashes of the row number (a million events in
  seconds), with the same vocabulary, headline/background flags and actor ids.

The same arguments always give the same rows.
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
# Where a country-level mention is drawn (its centre), for the countries above.
CENTROIDS = {"IRQ": (33.0, 43.7), "SYR": (35.0, 38.5), "IRN": (32.4, 53.7), "LBN": (33.9, 35.9),
             "PSE": (31.9, 35.2), "YEM": (15.6, 48.0), "UKR": (49.0, 31.4), "FRA": (46.6, 2.4),
             "GBR": (53.0, -1.5), "USA": (39.8, -98.6)}
ACTORS = [  # name, ISO3, kind, canonical id
    ("United States", "USA", "state", "USA"), ("US forces", "USA", "military", "USA.MIL"),
    ("Iran", "IRN", "state", "IRN"), ("IRGC", "IRN", "military", "IRN.MIL"),
    ("Iraqi militias", "IRQ", "armed_group", "IRQ.REB"), ("Kataib Hezbollah", "IRQ", "armed_group", "D:kataib-hezbollah"),
    ("Hezbollah", "LBN", "armed_group", "D:hezbollah"), ("Israel", "ISR", "state", "ISR"),
    ("Hamas", "PSE", "armed_group", "D:hamas"), ("Houthis", "YEM", "armed_group", "D:houthis"),
    ("Russia", "RUS", "state", "RUS"), ("Ukraine", "UKR", "state", "UKR"), ("France", "FRA", "state", "FRA"),
    ("United Kingdom", "GBR", "state", "GBR"), ("UN", None, "igo", "D:united-nations"),
    ("<b>Evil</b> & Co", "SYR", "organisation", "D:evil-co"),
]
# Stand-ins drawn now and then for an actor of the same country (so merging behaves the same):
# another surface form of an id (the most frequent name labels it), and one generic word in two
# countries, which must stay two actors.
STAND_INS = {"United States": ("Washington", "USA", "state", "USA"),
             "Iraqi militias": ("civilians", "IRQ", "civilians", "IRQ.CIV"),
             "Ukraine": ("civilians", "UKR", "civilians", "UKR.CIV")}
TYPE_WEIGHTS = {t: 3 if t in ("ASSAULT", "ACCUSE", "CONSULT", "REQUEST") else 1 for t in taxonomy.ALL_TYPES}


def fixture_items(n_events: int = 200, *, seed: int = 0, start: date = date(2025, 1, 1),
                  days: int = 120, events_per_article: int = 4, mention_share: float = 0.0,
                  background_share: float = 0.0, country_share: float = 0.0) -> list[tuple[Article, list[dict]]]:
    """(Article, events) pairs shaped exactly like the extractor's output.

    The first event of each article is its headline event. ``mention_share`` of
    the others are low-confidence mentions (below the default view's threshold),
    ``background_share`` are background events dated 5-25 years back, and
    ``country_share`` are placed at their country's centre (geo_precision country).
    """
    rng = random.Random(seed)
    extra = random.Random(seed + 7919)    # draws for the optional shares: the base rows stay as they were
    types = list(TYPE_WEIGHTS)
    weights = list(TYPE_WEIGHTS.values())
    items, k = [], 0
    n_articles = max(1, (n_events + events_per_article - 1) // events_per_article)
    for i in range(n_articles):
        published = start + timedelta(days=rng.randrange(days))
        sentences, events = [], []
        offset = 0
        for j in range(min(events_per_article, n_events - k)):
            et = rng.choices(types, weights)[0]
            a1, a2 = (STAND_INS.get(a[0]) if extra.random() < 0.3 and a[0] in STAND_INS else a
                      for a in rng.sample(ACTORS, 2))
            place = rng.choice(PLACES)
            d = published - timedelta(days=rng.randrange(4))
            background = j > 0 and background_share > 0 and extra.random() < background_share
            if background:
                d = d.replace(year=d.year - extra.randrange(5, 26), day=min(d.day, 28))
            mention = j > 0 and not background and mention_share > 0 and extra.random() < mention_share
            at_centre = country_share > 0 and place[2] in CENTROIDS and extra.random() < country_share
            s = f"{a1[0]} {et.lower()} {a2[0]} in {place[0]} on {d:%B %d}."
            dead = rng.choice([None, None, None, rng.randrange(1, 30)]) if et == "ASSAULT" else None
            ev_id = f"fx{seed}-{k:06d}"
            conf = round(rng.uniform(0.5, 0.95), 2)
            if mention:
                conf = round(extra.uniform(0.1, 0.45), 2)
            lat, lon = (CENTROIDS[place[2]] if at_centre else
                        (place[3] + rng.uniform(-0.05, 0.05), place[4] + rng.uniform(-0.05, 0.05)))
            events.append({
                "article_id": f"fx{seed}-art{i:05d}", "event_id": ev_id, "event_type": et,
                "event_mode": None, "event_date": d.isoformat(), "date_precision": "year" if background else "day",
                "actor1": a1[0], "actor1_country": a1[1], "actor1_kind": a1[2], "actor1_id": a1[3],
                "actor2": a2[0], "actor2_country": a2[1], "actor2_kind": a2[2], "actor2_id": a2[3],
                "location": None if at_centre else place[0], "admin1": None if at_centre else place[1],
                "country": place[2], "lat": lat, "lon": lon, "geo_precision": "country" if at_centre else "city",
                "fatalities": dead, "injuries": None,
                "sentence": s, "start_char": offset, "end_char": offset + len(s),
                "confidence": conf, "quad_class": taxonomy.quad_class(et),
                "summary": f"{a1[0]} {et} {a2[0]} in {place[0]}", "trigger": et.lower(),
                "date_text": f"{d:%B %d}", "place_text": place[0],
                "field_evidence": json.dumps({"place": {"text": place[0], "start": s.index(place[0]) + offset,
                                                        "end": s.index(place[0]) + offset + len(place[0])}}),
                "n_sources": 1, "n_mentions": 1, "extractor": "fixture",
                "headline": j == 0, "background": background,
            })
            sentences.append(s)
            offset += len(s) + 1
            k += 1
        text = " ".join(sentences)
        art = Article(id=f"fx{seed}-art{i:05d}", title=f"Fixture report {i} <script>alert(1)</script>",
                      text=text, published=published, source="Fixture Wire (synthetic)",
                      url=f"https://example.org/fixture/{i}", captions=[], origin="fixture")
        items.append((art, events))
        if k >= n_events:
            break
    return items


def build_fixture_db(path: str | Path, *, n_events: int = 200, seed: int = 0, **kwargs) -> Path:
    """Write a fresh fixture database (replacing any file there) and return its path."""
    path = _fresh(path)
    store = Store(path)
    with store.transaction() as cur:
        write_batch(cur, fixture_items(n_events, seed=seed, **kwargs))
    store.close()
    return path


def _fresh(path: str | Path) -> Path:
    path = Path(path)
    for p in (path, path.with_name(path.name + ".wal")):
        if p.exists():
            p.unlink()
    return path


# ---- benchmark scale: generated in SQL ----------------------------------------------------------
SYNTHETIC_END = date(2025, 6, 30)     # the newest day of a synthetic database
SYNTHETIC_DAYS = 730                  # current events spread over two years before it
SYNTHETIC_SHARES = {"mention": 0.25, "background": 0.05, "country": 0.2, "headline": 0.3}
N_GROUPS = 400                        # synthetic named groups beyond ACTORS (a realistic long tail)


def _values(rows: list[tuple]) -> str:
    """A SQL VALUES list of literal rows (the vocabulary is ours, but quote it properly anyway)."""
    def lit(v):
        if v is None:
            return "NULL"
        if isinstance(v, (int, float)):
            return repr(v)
        return "'" + str(v).replace("'", "''") + "'"
    return ", ".join("(" + ", ".join(lit(v) for v in r) + ")" for r in rows)


def _actor_pool() -> list[tuple]:
    """(i, name, iso3, kind, id) rows: ACTORS, country groups (forces, police, civilians), named groups."""
    pool = list(ACTORS) + list(STAND_INS.values())
    for iso3 in CENTROIDS:
        pool += [("security forces", iso3, "military", f"{iso3}.MIL"), ("police", iso3, "police", f"{iso3}.POL"),
                 ("civilians", iso3, "civilians", f"{iso3}.CIV"), ("protesters", iso3, "civilians", f"{iso3}.OPP")]
    isos = list(CENTROIDS)
    pool += [(f"Synthetic group {g:03d}", isos[g % len(isos)], "armed_group", f"D:synthetic-group-{g:03d}")
             for g in range(N_GROUPS)]
    return [(i, *row) for i, row in enumerate(pool)]


def build_synthetic_db(path: str | Path, *, n_events: int = 1_000_000, seed: int = 0,
                       events_per_article: int = 4) -> Path:
    """A fresh SYNTHETIC database of ``n_events`` events, generated inside DuckDB.

    Deterministic: every value is a function of (row number, seed) through DuckDB's
    ``hash``. Shares (SYNTHETIC_SHARES): a quarter low-confidence mentions, 5%
    background events dated 1990-2019, a fifth placed at their country's centre,
    the first event of every article its headline; actors skewed towards a few
    busy ones over a long tail of synthetic groups; places spread up to a degree
    around the fixture's towns.
    """
    path = _fresh(path)
    store = Store(path)
    types = [(i, t, taxonomy.quad_class(t) or None, w) for i, (t, w) in enumerate(TYPE_WEIGHTS.items())]
    places = [(i, *p, *CENTROIDS.get(p[2], (p[3], p[4]))) for i, p in enumerate(PLACES)]
    actors = _actor_pool()
    sh = SYNTHETIC_SHARES
    with store.transaction() as cur:
        cur.execute(f"CREATE TEMP MACRO u(i, salt) AS (hash(i, {int(seed)}, salt) % 1000003) / 1000003.0")
        cur.execute(f"CREATE TEMP TABLE fx_types AS SELECT * FROM (VALUES {_values(types)}) t(i, t, quad, w)")
        cur.execute("CREATE TEMP TABLE fx_typecum AS SELECT i, t, quad, "
                    "sum(w) OVER (ORDER BY i) / sum(w) OVER () AS hi, "
                    "(sum(w) OVER (ORDER BY i) - w) / sum(w) OVER () AS lo FROM fx_types")
        cur.execute(f"CREATE TEMP TABLE fx_places AS SELECT * FROM (VALUES {_values(places)}) "
                    "p(i, name, admin1, iso3, lat, lon, clat, clon)")
        cur.execute(f"CREATE TEMP TABLE fx_actors AS SELECT * FROM (VALUES {_values(actors)}) a(i, name, iso3, kind, id)")
        n_places, n_actors = len(places), len(actors)
        cur.execute(f"""
            CREATE TEMP TABLE fx AS
            SELECT r.i, r.i // {events_per_article} AS art, r.i % {events_per_article} AS j,
                   u(r.i, 'type') AS ut, CAST(floor(u(r.i, 'place') * {n_places}) AS INTEGER) AS pi,
                   -- skewed actors: a few busy ones, a long tail
                   CAST(floor(pow(u(r.i, 'a1'), 2.5) * {n_actors}) AS INTEGER) AS a1,
                   CAST(floor(pow(u(r.i, 'a2'), 1.8) * {n_actors}) AS INTEGER) AS a2,
                   u(r.i, 'mention') < {sh['mention']} AS is_mention, u(r.i, 'bg') < {sh['background']} AS is_bg,
                   u(r.i, 'ctr') < {sh['country']} AS at_centre,
                   CAST(floor(u(r.i // {events_per_article}, 'day') * {SYNTHETIC_DAYS}) AS INTEGER) AS age,
                   u(r.i, 'conf') AS uc, u(r.i, 'dead') AS ud, u(r.i, 'jlat') AS jlat, u(r.i, 'jlon') AS jlon,
                   u(r.i, 'hl') AS uh
            FROM range({int(n_events)}) r(i)""")
        cur.execute(f"""
            CREATE TEMP TABLE fx_ev AS
            SELECT x.i, x.art, x.j, t.t AS event_type, t.quad AS quad_class,
                   (x.j = 0 OR x.uh < {sh['headline'] / 2}) AND NOT (x.j > 0 AND x.is_bg) AS headline,
                   x.j > 0 AND x.is_bg AS background,
                   CASE WHEN x.j > 0 AND x.is_bg
                        THEN DATE '1990-01-01' + CAST(floor(x.uc * 365 * 30) AS INTEGER)
                        ELSE DATE '{SYNTHETIC_END.isoformat()}' - x.age - CAST(floor(x.jlat * 4) AS INTEGER)
                   END AS event_date,
                   DATE '{SYNTHETIC_END.isoformat()}' - x.age AS published,
                   p.name AS place, p.admin1, p.iso3 AS country,
                   CASE WHEN x.at_centre THEN p.clat ELSE p.lat + (x.jlat - 0.5) * 2 * pow(x.jlon, 2) END AS lat,
                   CASE WHEN x.at_centre THEN p.clon ELSE p.lon + (x.jlon - 0.5) * 2 * pow(x.jlat, 2) END AS lon,
                   x.at_centre,
                   a.name AS actor1, a.iso3 AS actor1_country, a.kind AS actor1_kind, a.id AS actor1_id,
                   b.name AS actor2, b.iso3 AS actor2_country, b.kind AS actor2_kind, b.id AS actor2_id,
                   CASE WHEN x.j > 0 AND x.is_mention AND NOT x.is_bg THEN round(0.1 + x.uc * 0.35, 2)
                        ELSE round(0.5 + x.uc * 0.45, 2) END AS confidence,
                   CASE WHEN t.t = 'ASSAULT' AND x.ud < 0.3 THEN 1 + CAST(floor(x.ud * 90) AS INTEGER) END AS fatalities
            FROM fx x
            JOIN fx_typecum t ON x.ut >= t.lo AND x.ut < t.hi
            JOIN fx_places p ON p.i = x.pi
            JOIN fx_actors a ON a.i = x.a1
            JOIN fx_actors b ON b.i = CASE WHEN x.a2 = x.a1 THEN (x.a2 + 1) % {n_actors} ELSE x.a2 END""")
        cur.execute("""
            CREATE TEMP TABLE fx_s AS
            SELECT *, concat(actor1, ' ', lower(event_type), ' ', actor2, ' in ', place, ' (synthetic).') AS sentence
            FROM fx_ev""")
        cur.execute("""
            CREATE TEMP TABLE fx_off AS
            SELECT *, sum(length(sentence) + 1) OVER (PARTITION BY art ORDER BY j) - length(sentence) - 1 AS start_char
            FROM fx_s""")
        cur.execute(f"""
            INSERT INTO articles (article_id, content_hash, title, published, source, url, text, captions, origin,
                                  ingested_at)
            SELECT printf('syn{int(seed)}-art%07d', art), md5(printf('syn{int(seed)}-%d', art)),
                   printf('Synthetic fixture report %d', art), any_value(published),
                   'Synthetic fixture (not real news)', printf('https://example.org/synthetic/%d', art),
                   string_agg(sentence, ' ' ORDER BY j), '[]', 'synthetic fixture', TIMESTAMP '2025-07-01 00:00:00'
            FROM fx_off GROUP BY art""")
        cur.execute(f"""
            INSERT INTO events (article_id, event_id, event_type, event_mode, event_date, date_precision,
                                actor1, actor1_country, actor1_kind, actor2, actor2_country, actor2_kind,
                                location, admin1, country, lat, lon, geo_precision, fatalities, injuries,
                                sentence, start_char, end_char, confidence, quad_class, summary, trigger,
                                date_text, place_text, field_evidence, n_sources, n_mentions, extractor,
                                headline, background, actor1_id, actor2_id)
            SELECT printf('syn{int(seed)}-art%07d', art), printf('syn{int(seed)}-%08d', i), event_type, NULL,
                   event_date, CASE WHEN background THEN 'year' ELSE 'day' END,
                   actor1, actor1_country, actor1_kind, actor2, actor2_country, actor2_kind,
                   CASE WHEN at_centre THEN NULL ELSE place END, CASE WHEN at_centre THEN NULL ELSE admin1 END,
                   country, lat, lon, CASE WHEN at_centre THEN 'country' ELSE 'city' END, fatalities, NULL,
                   sentence, start_char, start_char + length(sentence), confidence, quad_class,
                   concat(actor1, ' ', event_type, ' ', actor2, ' in ', place), lower(event_type),
                   NULL, place, NULL, 1, 1, 'synthetic-fixture', headline, background, actor1_id, actor2_id
            FROM fx_off""")
        cur.execute("""
            INSERT INTO evidence (evidence_id, event_id, article_id, event_type, event_date, sentence, start_char,
                                  end_char, confidence, field_evidence)
            SELECT event_id, event_id, article_id, event_type, event_date, sentence, start_char, end_char,
                   confidence, field_evidence FROM events""")
        for t in ("fx_off", "fx_s", "fx_ev", "fx", "fx_actors", "fx_places", "fx_typecum", "fx_types"):
            cur.execute(f"DROP TABLE {t}")
    store.close()
    return path
