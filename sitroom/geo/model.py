"""The ``Place`` record every gazetteer lookup returns, and geodesic distance.

A Place is one gazetteer row: a city, an admin1 region, a country, or a
curated news place (base, district, waterway, border area, region).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from geopy.distance import geodesic

#: Feature types, most specific first; precision says how wide the place is.
FEATURES = ("point", "city", "district", "base", "crossing", "water", "admin1", "region", "country")
PRECISIONS = ("point", "city", "admin1", "region", "country")


@dataclass(frozen=True)
class Place:
    """One gazetteer entry. ``country`` is ISO 3166-1 alpha-3 (None for seas/regions spanning many)."""
    name: str
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    feature: str            # city | admin1 | country | region | water | base | district | crossing | point
    precision: str          # point | city | admin1 | region | country
    population: int = 0
    geonameid: int | None = None
    id: int | None = None   # row id in the index (stable within one build)

    def to_raw(self) -> dict[str, Any]:
        """The dict stored in ``geopy.location.Location.raw``."""
        d = asdict(self)
        d.pop("id", None)
        return d

    @property
    def point(self) -> tuple[float, float]:
        return (self.lat, self.lon)


def distance_km(a: Place | tuple[float, float], b: Place | tuple[float, float]) -> float:
    """Geodesic (WGS-84) distance in km between two Places or (lat, lon) pairs."""
    pa = a.point if isinstance(a, Place) else a
    pb = b.point if isinstance(b, Place) else b
    return geodesic(pa, pb).km
