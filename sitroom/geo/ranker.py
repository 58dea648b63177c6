"""Learned toponym resolution: every gazetteer candidate of a mention gets a dozen features, a
logistic model fitted with scikit-learn scores them, and a calibration on top turns the winner's
score into the probability that its point is within 161 km of the place meant.

In:  ``Candidate`` rows (from ``GazetteerGeocoder.candidate_set``), a ``StoryPlaces`` context
     (the story's country weights, its admin1 regions, the points of its other resolved names)
     and a text cue ("the town of", "province", "governor").
Out: ``PlaceRanker.choose(cands, story, cue) -> Choice`` (best candidate, calibrated score,
     whether to abstain).

The fitted weights live in ``place_ranker.json`` beside this file (small, committed); the command
that refits them is ``sitroom train-places`` (``sitroom.geo.train_places``). Inference needs no
scikit-learn: a dot product and two logistic functions.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

from .geocoder import NAMESAKE_CITY_POP
from .model import Place

MODEL_PATH = Path(__file__).with_name("place_ranker.json")

#: Curated rows carry no population; this stands in for how prominent they are in news.
CURATED_POP = 200_000
POINT_FEATURES = {"base", "point", "district", "crossing"}
WIDE_FEATURES = {"region", "continent", "territory", "border", "water", "island"}
#: Text cues: the words around a name that say what kind of place it is.
CUES = ("city", "admin", "country")

FEATURE_NAMES = (
    "log_pop",          # log10(population + 10); curated rows as CURATED_POP
    "pop_gap",          # log_pop minus the most populous candidate's (0 for the biggest)
    "alias_english",    # matched an English or curated alias (not the main name)
    "alias_other",      # matched another GeoNames alternate name (transliterations, old names)
    "variant",          # matched only after a suffix word or an Arabic article was dropped
    "hint_fits",        # "X province" / "city of X": the kind the name itself says fits
    "is_country",
    "is_admin",         # admin1 or level-2 unit
    "is_point",         # curated base, landmark, district, crossing
    "is_wide",          # region, continent, territory, border area, water body
    "capital",
    "curated",
    "story_country",    # weight 0..1 of the candidate's country among the story's other names
    "story_admin1",     # the candidate lies in an admin1 region the story names
    "near_story",       # 1 - log10(1 + km to the nearest other resolved name) / 4, floored at 0
    "cue_fits",         # the words around the mention say its kind and the candidate has it
    "cue_clashes",      # they say a kind the candidate does not have
    "n_candidates",     # log10(1 + number of candidates): how ambiguous the name is
    "namesake_city",    # a town of 100,000+ inside a same-named region that is also a candidate
    "story_pop_gap",    # story_country x pop_gap: how far below the biggest namesake a story town is
    "top_in_story",     # the most populous candidate in the story's main countries (weight >= 0.5)
)


@dataclass(frozen=True)
class Candidate:
    """One gazetteer reading of a mention, with the facts the ranker needs about how it matched."""
    place: Place
    kind: int = 0            # 0 main name, 1 English/curated alias, 2 other alternate name
    capital: bool = False
    curated: bool = False
    variant: bool = False    # matched a variant key ("diyala" for "Diyala province")
    hint: str | None = None  # the kind the variant's suffix/prefix word named


@dataclass
class StoryPlaces:
    """What the rest of the story says about where it is.

    ``countries``: ISO3 -> weight 0..1 (1 = the main country); ``admin1``: (ISO3, admin1 name)
    pairs named; ``points``: (norm key, lat, lon) of the story's resolved names. A mention's own
    name is left out of its context (``without``), so a name never votes for itself.
    """
    countries: dict[str, float] = field(default_factory=dict)
    admin1: set[tuple[str, str]] = field(default_factory=set)
    points: list[tuple[str, float, float]] = field(default_factory=list)
    by_key: dict[str, dict[str, float]] = field(default_factory=dict)   # key -> its country votes

    def country_weight(self, iso3: str | None, key: str) -> float:
        """Weight of ``iso3`` among the story's names other than ``key`` (0..1)."""
        if not iso3 or not self.countries:
            return 0.0
        own = self.by_key.get(key, {})
        rest = {c: v - own.get(c, 0.0) for c, v in self.countries.items()}
        top = max(rest.values(), default=0.0)
        return max(0.0, rest.get(iso3, 0.0)) / top if top > 1e-9 else 0.0


@dataclass(frozen=True)
class Choice:
    """The ranker's answer for one mention: the chosen candidate (None when none), the
    calibrated probability that its point is right, and whether that is too low to show."""
    candidate: Candidate | None
    score: float
    abstain: bool


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km (haversine: fast enough for thousands of pairs)."""
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _log_pop(c: Candidate) -> float:
    pop = c.place.population or (CURATED_POP if c.curated else 0)
    return math.log10(pop + 10)


def _kind_of(place: Place) -> str:
    if place.feature in ("city",) or place.feature in POINT_FEATURES:
        return "city"
    if place.feature in ("admin1", "admin2") or place.precision == "admin1":
        return "admin"
    if place.feature == "country":
        return "country"
    return "wide"


def _hint_fits(c: Candidate) -> float:
    if not c.hint:
        return 0.0
    if c.hint == "admin1":
        return float(c.place.feature in ("admin1", "admin2", "region", "territory")
                     or c.place.precision == "admin1")
    if c.hint == "city":
        return float(c.place.feature in ("city", "district"))
    return float(c.place.feature == c.hint)


def featurize(cands: Sequence[Candidate], story: StoryPlaces | None, key: str,
              cue: str | None = None) -> list[list[float]]:
    """One feature row (``FEATURE_NAMES`` order) per candidate of the mention keyed ``key``."""
    story = story or StoryPlaces()
    pops = [_log_pop(c) for c in cands]
    top_pop = max(pops, default=0.0)
    others = [(la, lo) for k, la, lo in story.points if k != key]
    n_c = math.log10(1 + len(cands))
    regions = {(c.place.country, c.place.admin1) for c in cands if c.place.feature == "admin1"}
    weights = [story.country_weight(c.place.country, key) for c in cands]
    top_story = max((lp for lp, w in zip(pops, weights) if w >= 0.5), default=None)
    rows = []
    for c, lp, sw in zip(cands, pops, weights):
        p = c.place
        if others:
            d = min(km((p.lat, p.lon), o) for o in others)
            near = max(0.0, 1.0 - math.log10(1.0 + d) / 4.0)
        else:
            near = 0.0
        kind = _kind_of(p)
        rows.append([
            lp, lp - top_pop, float(c.kind == 1), float(c.kind >= 2), float(c.variant), _hint_fits(c),
            float(p.feature == "country"), float(kind == "admin"), float(p.feature in POINT_FEATURES),
            float(p.feature in WIDE_FEATURES), float(c.capital and c.kind <= 1), float(c.curated),
            sw,
            float(bool(p.country) and (p.country, p.admin1) in story.admin1 and p.feature != "admin1"),
            near, float(cue is not None and cue == kind), float(cue is not None and kind != "wide" and cue != kind),
            n_c, float(p.feature == "city" and p.population >= NAMESAKE_CITY_POP and (p.country, p.admin1) in regions),
            sw * (lp - top_pop), float(sw >= 0.5 and lp == top_story),
        ])
    return rows


def _sigmoid(x: float) -> float:
    if x < -35:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


class PlaceRanker:
    """The fitted model: ``weights`` over ``FEATURE_NAMES`` (standardised by ``mean``/``scale``);
    a ``calibration`` mapping the winner's logit, its margin over the runner-up and its kind to
    P(point within 161 km), the score shown; a ``referent_calibration`` to P(right place), which
    decides abstention against ``abstain_below``."""

    def __init__(self, spec: Mapping) -> None:
        if tuple(spec["features"]) != FEATURE_NAMES:
            raise ValueError("place ranker was fitted on other features; run `sitroom train-places`")
        self.spec = dict(spec)
        self.weights = [float(w) for w in spec["weights"]]
        self.intercept = float(spec["intercept"])
        self.mean = [float(x) for x in spec["mean"]]
        self.scale = [float(x) or 1.0 for x in spec["scale"]]
        self.calibration = tuple(float(x) for x in spec["calibration"])
        self.referent_calibration = tuple(float(x) for x in spec.get("referent_calibration")
                                          or spec["calibration"])
        self.abstain_below = float(spec.get("abstain_below", 0.0))

    @classmethod
    def load(cls, path: Path | str = MODEL_PATH) -> "PlaceRanker":
        try:
            spec = json.loads(Path(path).read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"{path}: cannot read the place ranker ({exc}); "
                             "run `sitroom train-places`") from exc
        return cls(spec)

    def logits(self, rows: Sequence[Sequence[float]]) -> list[float]:
        """The model's logit for each feature row."""
        out = []
        for r in rows:
            z = self.intercept
            for x, m, s, w in zip(r, self.mean, self.scale, self.weights):
                z += w * (x - m) / s
            out.append(z)
        return out

    def calibrate(self, top: float, second: float | None, feature: str, *, referent: bool = False) -> float:
        """P(the winner's point is within 161 km) from its logit, its margin over the runner-up
        (None: no rival) and its kind (a country's point is a convention, a town's is not);
        ``referent=True``: P(the winner is the place meant), whatever point convention."""
        *w, c = self.referent_calibration if referent else self.calibration
        return _sigmoid(sum(a * x for a, x in zip(w, calibration_row(top, second, feature))) + c)

    def choose(self, cands: Sequence[Candidate], story: StoryPlaces | None, key: str,
               cue: str | None = None) -> Choice:
        """The best candidate, its calibrated score, and whether to abstain."""
        if not cands:
            return Choice(None, 0.0, True)
        z = self.logits(featurize(cands, story, key, cue))
        order = sorted(range(len(z)), key=lambda i: -z[i])
        best = order[0]
        second = _rival(cands, order, z)
        feature = cands[best].place.feature
        score = round(self.calibrate(z[best], second, feature), 3)
        # Withheld when the place meant is in doubt (not when only its point convention is: a
        # sea is the sea); a computed region ("eastern Laos") is as sure as its base name.
        sure = self.calibrate(z[best], second, feature, referent=True)
        computed = cands[best].place.id is None
        stranger = _stranger(cands[best], story, key)
        return Choice(cands[best], score, (sure < self.abstain_below or stranger) and not computed)


# A hamlet this small, abroad from everything else the story names, is more likely a street, a
# building or a town the gazetteer lacks than the place meant (a London street in a London story
# is not a farming hamlet of the same name in another continent): the ranker abstains and keeps
# it as a hint.
STRANGER_POP = 5000


def _stranger(c: Candidate, story: StoryPlaces | None, key: str) -> bool:
    p = c.place
    if story is None or not story.countries or p.feature != "city" or p.population >= STRANGER_POP \
            or c.curated:
        return False
    return story.country_weight(p.country, key) == 0.0


def calibration_row(top: float, second: float | None, feature: str) -> list[float]:
    """Calibration inputs: winner logit, margin (capped at 10), is country, is admin, is wider area."""
    margin = min(top - second, 10.0) if second is not None else 10.0
    return [top, margin, float(feature == "country"), float(feature in ("admin1", "admin2")),
            float(feature in WIDE_FEATURES)]


def _rival(cands: Sequence[Candidate], order: list[int], z: list[float]) -> float | None:
    """Logit of the best candidate that is really another place (not within 50 km of the winner,
    nor the winner's own country or region around it)."""
    w = cands[order[0]].place
    for i in order[1:]:
        p = cands[i].place
        if km((p.lat, p.lon), (w.lat, w.lon)) < 50:
            continue
        if p.country and p.country == w.country and (p.feature == "country" or (
                p.feature in ("admin1", "admin2") and p.admin1 == w.admin1)):
            continue
        return z[i]
    return None


@lru_cache(maxsize=1)
def default_ranker() -> PlaceRanker | None:
    """The committed model, or None when it is missing (resolution then falls back to the
    gazetteer's prior order)."""
    if not MODEL_PATH.exists():
        return None
    return PlaceRanker.load(MODEL_PATH)
