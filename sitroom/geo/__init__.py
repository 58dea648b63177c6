"""Offline geography: gazetteer build + index, and a geopy Geocoder over it.

Public interface:

- ``build_gazetteer(out_path, *, places_dir) -> dict``: write the SQLite index
  (GeoNames cities, countries, admin1 regions, curated news places, borders).
- ``GazetteerGeocoder(path, *, places_dir=None)``: geopy ``Geocoder`` subclass;
  ``geocode``, ``rank``, ``search``, ``country``, ``country_for_name``,
  ``capital_of``, ``is_capital``.
- ``Place`` (dataclass) and ``distance_km(a, b)`` (geopy geodesic).
- Module-level ``country_for_name`` / ``capital_of`` / ``is_capital`` use a
  default geocoder opened from the settings (or pass ``geocoder=``).
"""
from __future__ import annotations

from functools import lru_cache

from .build import build_gazetteer
from .geocoder import GazetteerGeocoder
from .model import Place, distance_km
from .text import norm

__all__ = ["build_gazetteer", "GazetteerGeocoder", "Place", "distance_km", "norm",
           "default_geocoder", "country_for_name", "capital_of", "is_capital"]


@lru_cache(maxsize=1)
def default_geocoder() -> GazetteerGeocoder:
    """The geocoder over the configured index (``SITROOM_GAZETTEER``), opened once."""
    from ..settings import load_settings
    s = load_settings()
    return GazetteerGeocoder(s.gazetteer, places_dir=s.places_dir)


def country_for_name(text: str, *, geocoder: GazetteerGeocoder | None = None) -> str | None:
    """ISO3 for a country name, short form or demonym ("US", "Britain", "Iranian"), else None."""
    return (geocoder or default_geocoder()).country_for_name(text)


def capital_of(iso3: str, *, geocoder: GazetteerGeocoder | None = None) -> Place | None:
    """Capital city Place of a country (ISO3)."""
    return (geocoder or default_geocoder()).capital_of(iso3)


def is_capital(name: str, *, geocoder: GazetteerGeocoder | None = None) -> str | None:
    """ISO3 of the country whose capital is ``name`` ("Tehran" -> "IRN"), else None."""
    return (geocoder or default_geocoder()).is_capital(name)
