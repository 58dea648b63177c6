"""``GazetteerGeocoder``: an offline geopy Geocoder over the built SQLite index.

In: the index file written by ``build_gazetteer`` (opened once, read-only).
Out: ``geopy.location.Location`` objects whose ``.raw`` is ``Place.to_raw()``,
``Place`` lists for the analyst's search box, and country helpers
(``country_for_name``, ``capital_of``, ``is_capital``) for the actor extractor.

Ranking (``rank``) scores every candidate carrying the normalised name:
log10(population) plus bonuses for feature type (countries and curated news
places are what news usually means), capitals, a main-name match, and the
article's context countries. Then: a big city outranks its own same-named region
("New York", "Sao Paulo"; not a country, not with a "state"/"province" hint); bare compass
words ("the West") resolve only inside the article's countries; "East Jordan" with no
candidate in Lebanon is the south of Lebanon. Lookups are cached, so the per-mention cost in
``find_places`` is a dict hit after the first time a name is seen.
"""
from __future__ import annotations

import math
import re
import sqlite3
import threading
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from .model import Place, distance_km
from .text import norm, strip_article

# Words after a name that say what kind of place it is ("Diyala province", "Kuwait City").
_SUFFIX_HINT = {
    "province": "admin1", "governorate": "admin1", "state": "admin1", "oblast": "admin1",
    "prefecture": "admin1", "region": "admin1", "department": "admin1", "county": "admin1",
    "district": None, "municipality": "city", "city": "city", "town": "city", "village": "city",
    "krai": "admin1", "emirate": "admin1", "canton": "admin1", "territory": "admin1",
}
_PREFIX_HINT = {"province of": "admin1", "city of": "city", "state of": "admin1",
                "town of": "city", "village of": "city", "governorate of": "admin1",
                "region of": "admin1", "republic of": "country", "kingdom of": "country"}

# "eastern Laos", "north-west Mali", "the south of Laos" -> (dlat, dlon) in half-extents.
_DIRECTIONS = {
    "north": (1, 0), "south": (-1, 0), "east": (0, 1), "west": (0, -1),
    "northeast": (1, 1), "northwest": (1, -1), "southeast": (-1, 1), "southwest": (-1, -1),
    "central": (0, 0), "centre": (0, 0), "center": (0, 0), "middle": (0, 0),
}
_DIR_RE = re.compile(
    r"^(?:(north|south)\s?(east|west)(?:ern)?|(north|south|east|west)(?:ern)?|(central|centre|center|middle))"
    r"\s+(?:part of\s+)?(.+)$")
_DIR_OF_RE = re.compile(r"^(north|south|east|west|northeast|northwest|southeast|southwest|centre|center)"
                        r"\s+of\s+(.+)$")

# News says "Washington", "Santa Ana", "New York" for the city, rarely the same-named region.
FEATURE_BONUS = {"country": 3.0, "continent": 3.0, "admin1": -0.5, "admin2": 0.0, "city": 0.0,
                 "border": 3.0, "water": 2.5, "region": 2.5, "base": 2.5, "district": 2.0,
                 "crossing": 2.5, "point": 2.0, "territory": 3.0, "island": 2.0}
# A region of a country the article is about is likelier than a namesake abroad ("Georgia").
ADMIN_CONTEXT_BONUS = 1.5
KIND_BONUS = {0: 0.0, 1: -0.3, 2: -1.5}
CONTEXT_BONUS = 3.5
BIAS_BONUS = 6.0
HINT_BONUS = 4.0
CAPITAL_BONUS = 2.5
# Curated rows carry no population; this stands in for how prominent they are in news.
CURATED_POP = 200_000
# A big city named like its own region is what news means by the bare name ("New York",
# "Sao Paulo", "Quebec", "Mendoza"): the city needs this many people to win.
NAMESAKE_CITY_POP = 100_000

# Bare compass words are political or generic terms ("the West", "the South"), not the regions
# of Cameroon or towns that carry them: such names resolve only inside the article's countries.
GENERIC_NAMES = {
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "north east", "north west", "south east", "south west", "centre", "center", "central",
    "middle", "northern", "southern", "eastern", "western", "midwest", "mid west", "far east",
    "near east", "orient", "occident", "interior", "coast", "capital", "frontier", "mainland",
}


# Plain words that some place has as its name ("The Valley", Anguilla): never the remainder of a
# longer name ("Lake Province", "Eastern Ridge").
_PLAIN_WORDS = {"valley", "creek", "river", "lake", "hills", "hill", "island", "islands", "bay",
                "coast", "city", "town", "village", "park", "heights", "springs", "falls", "plains",
                "mountain", "mountains", "forest", "desert", "beach", "harbour", "harbor", "port",
                "point", "ridge", "gardens", "region", "province", "state", "district", "county",
                "new", "old", "upper", "lower", "great", "little"}


def _direction_form(query: str) -> bool:
    """'eastern Syria', 'north Iraq', 'North-Western Syria' are directions; 'North Dallas' is a name."""
    first = query.strip().split()[0] if query.strip() else ""
    if first.lower() in ("the",) and len(query.split()) > 1:
        first = query.split()[1]
    return not first[:1].isupper() or first.lower().rstrip(",").endswith(("ern", "central", "centre"))


def _compatible(place: Place, hint: str) -> bool:
    """Does a place fit the kind the text named ("X province" -> a region, "X City" -> a town)?"""
    if hint == "admin1":
        return place.feature in ("admin1", "admin2", "region", "territory") or place.precision == "admin1"
    if hint == "city":
        return place.feature in ("city", "district")
    return place.feature == hint


#: Which alias keys ``find_places`` matches directly in text (the build stores the result).
PHRASE_SQL = (
    "SELECT a.key, MIN(a.kind) FROM alias a JOIN place p ON p.id = a.place_id "
    "WHERE (p.feature != 'city' AND a.kind <= 1) OR (p.feature = 'city' AND a.kind = 0 "
    "AND p.population >= 15000) GROUP BY a.key")


class GazetteerGeocoder(Geocoder):
    """Offline geocoder: ``geocode("Paris", country_bias="FRA")`` -> Location.

    ``path``: the SQLite index from ``build_gazetteer``. ``places_dir`` is kept
    for callers that want to rebuild; lookups need only the index.
    ``fallback``: an optional online geopy geocoder (e.g. Nominatim) used only
    when the gazetteer has nothing and the caller passes ``online=True``.
    """

    def __init__(self, path: Path | str, *, places_dir: Path | str | None = None,
                 fallback: Geocoder | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.path = Path(path)
        self.places_dir = Path(places_dir) if places_dir else None
        if not self.path.exists():
            raise FileNotFoundError(f"gazetteer index {self.path} not found; "
                                    f"run `sitroom build-gazetteer -o {self.path}`")
        self.fallback = fallback
        # immutable=1: no locking or journal reads; the index never changes under us.
        self._con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True,
                                    check_same_thread=False)
        self._lock = threading.Lock()
        self._country_names: dict[str, list[tuple[str, str]]] | None = None
        self._countries: dict[str, Place] | None = None
        self._capitals: dict[str, Place] | None = None
        self._extents: dict[str, tuple[float, float, float, float]] | None = None
        self._phrases: dict[str, int] | None = None
        self._firsts: dict[str, int] = {}
        self.candidates = lru_cache(maxsize=100_000)(self._candidates)
        self.province_named_after = lru_cache(maxsize=10_000)(self._province_named_after)

    # ---- low level ---------------------------------------------------------------------------

    def _query(self, sql: str, args: Sequence = ()) -> list[tuple]:
        with self._lock:
            return self._con.execute(sql, args).fetchall()

    _PLACE_COLS = "p.id, p.name, p.country, p.admin1, p.lat, p.lon, p.feature, p.precision, " \
                  "p.population, p.geonameid, p.capital, p.source"

    @staticmethod
    def _place(row: tuple) -> Place:
        return Place(name=row[1], country=row[2], admin1=row[3], lat=row[4], lon=row[5],
                     feature=row[6], precision=row[7], population=row[8], geonameid=row[9],
                     id=row[0])

    def _candidates(self, key: str) -> tuple[tuple[Place, int, bool, bool], ...]:
        """(place, alias kind, is_capital, is_curated) for every place named ``key`` (cached)."""
        rows = self._query(
            f"SELECT {self._PLACE_COLS}, MIN(a.kind) FROM alias a JOIN place p ON p.id = a.place_id "
            f"WHERE a.key = ? GROUP BY p.id", (key,))
        return tuple((self._place(r), r[12], bool(r[10]), not (r[11] or "").startswith("geonames"))
                     for r in rows)

    # ---- ranking -----------------------------------------------------------------------------

    def rank(self, query: str, *, context_countries: Sequence[str] | Mapping[str, float] | None = None,
             country_bias: str | None = None, feature_hint: str | None = None,
             context_admin1: Iterable[tuple[str, str]] | None = None,
             limit: int = 10, namesake_city: bool = True) -> list[tuple[Place, float]]:
        """Candidates for ``query``, best first, with their scores.

        ``context_countries``: ISO3 codes of the article's countries, most
        salient first, or a mapping ISO3 -> weight in 0..1.
        ``country_bias``: one ISO3 code strongly preferred.
        ``feature_hint``: 'admin1', 'city', 'country' when the text says so.
        ``context_admin1``: (ISO3, admin1 name) pairs the article names; towns
        inside them are preferred ("Tully" in a Queensland story).
        ``namesake_city``: a big city outranks its own same-named region ("New York",
        "Quebec": see ``_prefer_namesake_city``); False keeps the plain score order.
        """
        key = norm(query)
        if not key:
            return []
        if isinstance(context_countries, Mapping):
            ctx = {c: float(w) for c, w in context_countries.items() if c}
        else:
            ctx = {c: 1.0 - 0.15 * i for i, c in enumerate(context_countries or []) if c}
        regions = set(context_admin1 or ())
        if key in GENERIC_NAMES and not feature_hint:
            # "the West": a place only when the article is about the country that has one.
            return [(p, s) for p, s in self.rank(key + " region", context_countries=ctx,
                                                   country_bias=country_bias, limit=limit)
                    if p.country and (p.country == country_bias or ctx.get(p.country, 0) >= 0.5)
                    and norm(p.name) == key] if (ctx or country_bias) else []
        scored: dict[int, tuple[Place, float]] = {}
        for k, hint in self._keys_for(key, feature_hint):
            for place, kind, capital, curated in self.candidates(k):
                if k != key and hint and not _compatible(place, hint):
                    # "Lamar County" is not the town of Lamar; "Saada province" is the province
                    # named after the town of Saada, when the index knows the town only.
                    place = self.province_named_after(place) if hint == "admin1" else None
                    if place is None:
                        continue
                    capital = curated = False
                s = self._score(place, kind, capital, curated, ctx, country_bias, hint)
                if regions and place.feature not in ("admin1", "country") \
                        and (place.country, place.admin1) in regions:
                    s += ADMIN_CONTEXT_BONUS
                if place.id not in scored or s > scored[place.id][1]:
                    scored[place.id] = (place, s)
            if scored and k == key:
                break  # the name as written matched: variants only add noise
        if not scored and _direction_form(query):
            region = self._direction_region(key, ctx, country_bias)
            if region:
                return [(region, 8.0)]
        if scored and not feature_hint:
            # "East Jordan" is the south of Lebanon, not a hamlet in Ohio that has the name.
            region = self._direction_of_known(key, scored, ctx, country_bias)
            if region:
                return [(region, 8.0)]
        out = sorted(scored.values(), key=lambda ps: -ps[1])
        if namesake_city and feature_hint != "admin1" and len(out) > 1 \
                and out[0][0].feature in ("admin1", "admin2"):
            out = self._prefer_namesake_city(out)
        return out[:limit]

    def _province_named_after(self, town: Place) -> Place | None:
        """The admin1 region a town lies in, when it is named after the town (Sa'dah in Şāʻdah)."""
        if town.feature != "city" or not town.admin1 or not town.country:
            return None
        from rapidfuzz import fuzz
        if fuzz.ratio(norm(town.name), norm(town.admin1)) < 80:
            return None
        rows = self._query(f"SELECT {self._PLACE_COLS} FROM place p WHERE p.feature = 'admin1' "
                           f"AND p.country = ? AND p.name = ?", (town.country, town.admin1))
        return self._place(rows[0]) if rows else None

    @staticmethod
    def _prefer_namesake_city(out: list[tuple[Place, float]]) -> list[tuple[Place, float]]:
        """Put a big city above its own same-named region ("New York", "Quebec", "Sao Paulo").

        Only a region that is the top answer yields, only to a city of that region (same admin1,
        or within 150 km of a level-2 unit's centre) big enough to be what news means; a
        country is never overtaken ("Mexico" stays the country), and "New York state" keeps the
        region through its hint.
        """
        region, rs = out[0]
        for i, (p, s) in enumerate(out[1:], start=1):
            if p.feature != "city" or p.country != region.country or p.population < NAMESAKE_CITY_POP:
                continue
            own = (p.admin1 == region.admin1) if region.feature == "admin1" \
                else distance_km(p, region) < 150
            if own and norm(region.name) in norm(p.name):   # not "Rio Grande" for "Rio Grande do Sul"
                return [(p, rs + 0.01)] + [t for j, t in enumerate(out) if j != i]
        return out

    def _direction_of_known(self, key: str, scored: dict, ctx: dict[str, float],
                            bias: str | None) -> Place | None:
        """'east jordan' -> eastern Jordan when no candidate lies in Lebanon itself.

        The name is a compass word plus a country or region ("East Jordan", "West Texas");
        when every place carrying the whole name is elsewhere (or a mere town outside that
        country), the phrase means the part of the country, as "eastern Jordan" would.
        """
        m = _DIR_RE.match(key)
        if not m or not (m.group(1) or m.group(3)):
            return None
        rest = m.group(5)
        base = self.best(rest, context_countries=ctx, country_bias=bias)
        if base is None or base.feature not in ("country", "admin1") or base.id is None:
            return None
        if norm(base.name) != rest and self.country_for_name(rest, demonyms=False) != base.country:
            return None
        for place, _ in scored.values():
            if place.country == base.country or place.feature not in ("city",) or place.population >= 100_000:
                return None
        word = (m.group(1) + m.group(2)) if m.group(1) else m.group(3)
        return self._direction_region(f"{word} {rest}", ctx, bias)

    def _keys_for(self, key: str, hint: str | None) -> list[tuple[str, str | None]]:
        """The key itself, then variants: suffix/prefix words removed, Arabic article dropped."""
        keys = [(key, hint)]
        words = key.split(" ")
        if len(words) > 1 and words[-1] in _SUFFIX_HINT:
            keys.append((" ".join(words[:-1]), _SUFFIX_HINT[words[-1]] or hint))
        for pre, h in _PREFIX_HINT.items():
            if key.startswith(pre + " "):
                keys.append((key[len(pre) + 1:], h))
        # "Lake Province" (NER cut "Great" off) is not the Valley, Anguilla.
        keys = keys[:1] + [(k, h) for k, h in keys[1:] if k not in GENERIC_NAMES and k not in _PLAIN_WORDS]
        for k, h in list(keys):
            bare = strip_article(k)
            if bare:
                keys.append((bare, h))
        return keys

    @staticmethod
    def _score(place: Place, kind: int, capital: bool, curated: bool, ctx: dict[str, float],
               bias: str | None, hint: str | None) -> float:
        pop = place.population or (CURATED_POP if curated else 0)
        s = math.log10(pop + 10)
        s += FEATURE_BONUS.get(place.feature, 2.0 if curated else 0.0)
        s += KIND_BONUS.get(kind, -1.5)
        if capital and kind <= 1:   # not via an old or foreign name ("Victoria" for Hong Kong)
            s += CAPITAL_BONUS
        if place.country and place.country in ctx:
            s += CONTEXT_BONUS * ctx[place.country]
            if place.feature in ("admin1", "admin2"):
                s += ADMIN_CONTEXT_BONUS * ctx[place.country]
        if bias and place.country == bias:
            s += BIAS_BONUS
        if hint and (place.feature == hint or (hint == "admin1" and place.precision == "admin1")):
            s += HINT_BONUS
        return s

    def candidate_set(self, query: str, *, limit: int = 60) -> list:
        """Every reading of ``query`` the learned ranker chooses among (``ranker.Candidate``s).

        The candidates are ``rank``'s context-free order cut at ``limit`` (a cheap prior that
        keeps a "Springfield" to its 60 likeliest towns), each with how it matched: alias kind,
        capital, curated, matched only as a variant key and the kind that variant's word named.
        Computed places (direction regions) come as curated main-name candidates.
        """
        from .ranker import Candidate
        key = norm(query)
        if not key:
            return []
        ranked = self.rank(query, limit=limit, namesake_city=False)
        info: dict[int, tuple[int, bool, bool, bool, str | None]] = {}
        for k, hint in self._keys_for(key, None):
            for place, kind, capital, curated in self.candidates(k):
                if place.id not in info or (k == key and info[place.id][3]):
                    info[place.id] = (kind, capital, curated, k != key, hint if k != key else None)
        out = []
        for p, _ in ranked:
            # (Not found by its own names: a computed region, or the province named after a town.)
            default = (2, False, False, True, "admin1") if p.id is not None else (0, False, True, False, None)
            kind, capital, curated, variant, hint = info.get(p.id, default)
            out.append(Candidate(p, kind, capital, curated, variant, hint))
        return out

    def best(self, query: str, **kwargs) -> Place | None:
        """The top-ranked Place for ``query`` or None."""
        r = self.rank(query, limit=1, **kwargs)
        return r[0][0] if r else None

    # ---- direction regions -------------------------------------------------------------------

    def _direction_region(self, key: str, ctx: dict[str, float], bias: str | None) -> Place | None:
        """'eastern chad' -> a region Place a third of the way from centre to the east edge."""
        m = _DIR_RE.match(key)
        if m:
            if m.group(1):
                word = m.group(1) + m.group(2)
            else:
                word = m.group(3) or m.group(4)
            rest = m.group(5)
        else:
            m = _DIR_OF_RE.match(key)
            if not m:
                return None
            word, rest = m.group(1), m.group(2)
        dlat, dlon = _DIRECTIONS[word]
        if rest in _PLAIN_WORDS or rest in GENERIC_NAMES:
            return None     # "Eastern Ridge" is a suburb's name, not the east of some Ridge
        base = self.best(rest, context_countries=ctx, country_bias=bias)
        if base is None or base.feature not in ("country", "admin1", "admin2", "region", "territory",
                                                "city"):
            return None
        ext = self.extents().get(base.country or "") if base.feature == "country" else None
        if ext:
            lat_lo, lat_hi, lon_lo, lon_hi = ext
            clat, clon = (lat_lo + lat_hi) / 2, (lon_lo + lon_hi) / 2
            hlat, hlon = (lat_hi - lat_lo) / 2, (lon_hi - lon_lo) / 2
        elif base.feature == "city":  # "north-western Sydney": a suburb-scale shift
            clat, clon, hlat, hlon = base.lat, base.lon, 0.15, 0.15
        else:  # admin1 / curated region: no extent stored, assume ~1.5 degrees across
            clat, clon, hlat, hlon = base.lat, base.lon, 0.75, 0.75
        lat = clat + dlat * hlat * 0.6
        lon = clon + dlon * hlon * 0.6
        label = {"northeast": "north-eastern", "northwest": "north-western", "southeast": "south-eastern",
                 "southwest": "south-western", "north": "northern", "south": "southern",
                 "east": "eastern", "west": "western"}.get(word, "central")
        return Place(name=f"{label} {base.name}", country=base.country, admin1=base.admin1,
                     lat=round(lat, 4), lon=round(lon, 4), feature="region", precision="region",
                     population=0, geonameid=None, id=None)

    def extents(self) -> dict[str, tuple[float, float, float, float]]:
        if self._extents is None:
            self._extents = {r[0]: r[1:] for r in self._query("SELECT * FROM extent")}
        return self._extents

    # ---- geopy interface ---------------------------------------------------------------------

    def geocode(self, query: str, *, exactly_one: bool = True, country_bias: str | None = None,
                context_countries: Sequence[str] | None = None, limit: int | None = None,
                online: bool = False, timeout=None, **kwargs):
        """geopy-style geocode: a Location (``exactly_one``), a list, or None.

        ``country_bias``: ISO3 (or ISO2) code to prefer. ``online=True`` lets
        the configured ``fallback`` geocoder answer when the gazetteer cannot.
        """
        if country_bias and len(country_bias) == 2:
            country_bias = self._iso2to3(country_bias)
        ranked = self.rank(query, context_countries=context_countries, country_bias=country_bias,
                           limit=1 if exactly_one else (limit or 10))
        if not ranked:
            if online and self.fallback is not None:
                return self.fallback.geocode(query, exactly_one=exactly_one, timeout=timeout, **kwargs)
            return None
        locs = [self.location(p) for p, _ in ranked]
        return locs[0] if exactly_one else locs

    @staticmethod
    def location(place: Place) -> Location:
        """geopy Location for a Place; ``.raw`` is ``place.to_raw()``."""
        parts = [place.name, place.admin1 if place.admin1 != place.name else None, place.country]
        return Location(", ".join(p for p in parts if p), (place.lat, place.lon, 0.0), place.to_raw())

    def reverse(self, query, *, exactly_one: bool = True, **kwargs):
        """Nearest city to a (lat, lon) point (coarse: scans towns within ~1 degree)."""
        lat, lon = (float(x) for x in (query if not isinstance(query, str) else query.split(",")))
        rows = self._query(
            f"SELECT {self._PLACE_COLS} FROM place p WHERE p.feature = 'city' "
            f"AND p.lat BETWEEN ? AND ? AND p.lon BETWEEN ? AND ?",
            (lat - 1, lat + 1, lon - 1.5, lon + 1.5))
        places = sorted((self._place(r) for r in rows), key=lambda p: distance_km(p, (lat, lon)))
        if not places:
            return None
        locs = [self.location(p) for p in places[: 1 if exactly_one else 10]]
        return locs[0] if exactly_one else locs

    # ---- analyst search ----------------------------------------------------------------------

    def search(self, name: str, *, countries: list[str] | None = None, limit: int = 10) -> list[Place]:
        """Prefix matches (then fuzzy ones) for a search box, most populous first."""
        key = norm(name)
        if not key:
            return []
        cset = {c.upper() for c in countries} if countries else None
        rows = self._query(
            f"SELECT {self._PLACE_COLS}, MIN(a.kind), MIN(length(a.key)) FROM alias a "
            f"JOIN place p ON p.id = a.place_id WHERE a.key >= ? AND a.key < ? "
            f"GROUP BY p.id ORDER BY p.population DESC LIMIT 2000", (key, key + "\uffff"))
        places = [(self._place(r), r[12], r[13]) for r in rows]
        if cset:
            places = [t for t in places if t[0].country in cset]
        if len(places) < limit:
            places += self._fuzzy(key, cset, limit * 3)
        seen, out = set(), []
        # Exact names first, then by feature weight and population.
        places.sort(key=lambda t: (t[2] != len(key), t[1] > 0,
                                   -(math.log10(t[0].population + 10) + FEATURE_BONUS.get(t[0].feature, 1.0))))
        for p, _, _ in places:
            if p.id not in seen:
                seen.add(p.id)
                out.append(p)
            if len(out) >= limit:
                break
        return out

    def _fuzzy(self, key: str, cset: set[str] | None, limit: int) -> list[tuple[Place, int, int]]:
        from rapidfuzz import fuzz, process
        head = key[:1]
        keys = [r[0] for r in self._query(
            "SELECT DISTINCT key FROM alias WHERE key >= ? AND key < ?", (head, head + "\uffff"))]
        hits = process.extract(key, keys, scorer=fuzz.ratio, limit=limit, score_cutoff=75)
        out = []
        for k, _, _ in hits:
            for place, kind, _, _ in self.candidates(k):
                if not cset or place.country in cset:
                    out.append((place, kind + 1, len(k) + 1))
        return out

    # ---- countries ---------------------------------------------------------------------------

    def countries(self) -> dict[str, Place]:
        """ISO3 -> country Place (centroid)."""
        if self._countries is None:
            rows = self._query(f"SELECT {self._PLACE_COLS} FROM place p WHERE p.feature = 'country'")
            self._countries = {r[2]: self._place(r) for r in rows}
        return self._countries

    def country(self, iso3: str) -> Place | None:
        """The country Place (centroid) for an ISO3 (or ISO2) code."""
        code = (iso3 or "").upper()
        if len(code) == 2:
            code = self._iso2to3(code) or ""
        return self.countries().get(code)

    @staticmethod
    @lru_cache(maxsize=None)
    def _iso2to3(iso2: str) -> str | None:
        import pycountry
        c = pycountry.countries.get(alpha_2=iso2.upper())
        return c.alpha_3 if c else None

    def _names(self) -> dict[str, list[tuple[str, str]]]:
        if self._country_names is None:
            d: dict[str, list[tuple[str, str]]] = {}
            for key, iso3, kind in self._query("SELECT key, iso3, kind FROM country_name"):
                d.setdefault(key, []).append((iso3, kind))
            self._country_names = d
        return self._country_names

    def country_for_name(self, text: str, *, demonyms: bool = True) -> str | None:
        """ISO3 for a country name, short form or demonym ("U.S.", "Britain", "Iranian"), else None."""
        key = norm(text)
        if not key:
            return None
        hits = self._names().get(key)
        if hits is None and key.endswith("s") and demonyms:
            hits = [h for h in self._names().get(key[:-1], []) if h[1] == "demonym"]
        if not hits:
            return None
        if not demonyms:
            hits = [h for h in hits if h[1] != "demonym"]
            if not hits:
                return None
        # Prefer a real name over a demonym when a word is both ("Georgian" is only a demonym).
        hits = sorted(hits, key=lambda h: h[1] == "demonym")
        return hits[0][0]

    def misspelt_country(self, text: str) -> str | None:
        """ISO3 of the one country name ``text`` is a typing slip away from ("Ethopia",
        "Venezuala", "Kazakstan"), else None. Names of 7+ letters only, one edit (two from
        10 letters on), and no other country as close: "Iraq"/"Iran" and "Niger"/"Nigeria" are
        never guessed. Callers use it only for names nothing else resolves."""
        from rapidfuzz.distance import Levenshtein
        key = norm(text)
        if len(key) < 7 or key in self._names():
            return None
        limit = 2 if len(key) >= 10 else 1
        best: dict[str, int] = {}
        for name, hits in self._names().items():
            if abs(len(name) - len(key)) > limit:
                continue
            d = Levenshtein.distance(key, name, score_cutoff=limit + 1)
            if d <= limit + 1:
                for iso3, kind in hits:
                    if kind != "demonym" and d < best.get(iso3, 99):
                        best[iso3] = d
        ranked = sorted(best.items(), key=lambda kv: kv[1])
        if not ranked or ranked[0][1] > limit or (len(ranked) > 1 and ranked[1][1] <= ranked[0][1] + 1):
            return None
        return ranked[0][0]

    def is_demonym(self, text: str) -> bool:
        """True when ``text`` is a nationality adjective/noun ("Iranian", "Iraqis") and not a name."""
        hits = self._names().get(norm(text), [])
        return bool(hits) and all(k == "demonym" for _, k in hits)

    def _capital_places(self) -> dict[str, Place]:
        if self._capitals is None:
            rows = self._query(f"SELECT {self._PLACE_COLS} FROM place p WHERE p.capital = 1")
            self._capitals = {r[2]: self._place(r) for r in rows}
        return self._capitals

    def capital_of(self, iso3: str) -> Place | None:
        """The capital city Place of a country."""
        return self._capital_places().get((iso3 or "").upper())

    def is_capital(self, name: str) -> str | None:
        """ISO3 of the country whose capital is called ``name`` ("Tehran" -> "IRN"), else None."""
        key = norm(name)
        for place, kind, capital, _ in self.candidates(key):
            if capital and kind <= 1:
                return place.country
        return None

    # ---- phrase keys for find_places ---------------------------------------------------------

    def phrase_keys(self) -> dict[str, int]:
        """Keys worth matching directly in text -> best alias kind.

        Countries, admin1 regions, curated places, borders, and towns of 15,000+
        under their main or English names (precomputed by the build).
        """
        return self.phrase_index()[0]

    def phrase_index(self) -> tuple[dict[str, int], dict[str, int]]:
        """(phrase key -> alias kind, first word -> longest phrase in words), loaded once."""
        if self._phrases is None:
            try:
                rows = self._query("SELECT key, kind FROM phrase")
            except sqlite3.OperationalError:   # index built before the phrase table existed
                rows = self._query(PHRASE_SQL)
            self._phrases = dict(rows)
            firsts: dict[str, int] = {}
            for k in self._phrases:
                words = k.split(" ")
                firsts[words[0]] = max(firsts.get(words[0], 0), len(words))
            self._firsts = firsts
        return self._phrases, self._firsts

    def close(self) -> None:
        self._con.close()

    def __getstate__(self):  # picklable for multiprocessing: reopen in the child
        return {"path": self.path, "places_dir": self.places_dir}

    def __setstate__(self, state):
        self.__init__(state["path"], places_dir=state["places_dir"])


def country_names_in(geocoder: GazetteerGeocoder, words: Iterable[str]) -> list[str]:
    """ISO3 codes named (by name, short form or demonym) in ``words``, in order."""
    out = []
    for w in words:
        iso = geocoder.country_for_name(w)
        if iso:
            out.append(iso)
    return out
