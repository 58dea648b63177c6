"""Cached reads for the pages: ``sitroom.query`` functions without the cursor argument.

Every call goes through ``components.store``'s one caching wrapper (keyed by the
database path, its data version and the small frozen ``Filters``), so a page
switch or a second session with the same filters costs a dictionary lookup,
and an edit or an ingest shows at once. Nothing here returns more rows than a
page shows: tables are paged in SQL, maps are grouped by place or grid cell.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from sitroom.query import Filters

from . import store as data

PAGE_SIZES = (50, 100, 250, 500)


def events(f: Filters, *, limit: int | None = None, offset: int = 0, sort: str = "event_date",
           descending: bool = True) -> pd.DataFrame:
    """One page of the filtered events (``limit`` rows from ``offset``, sorted in SQL)."""
    return data._call("events", f, limit=limit, offset=offset, sort=sort, descending=descending)


def headline_counts(f: Filters) -> dict:
    return data._call("headline_counts", f)


def counts_by(f: Filters, column: str, *, current_only: bool = True) -> pd.DataFrame:
    return data._call("counts_by", f, column, current_only=current_only)


def counts_by_many(f: Filters, columns: tuple[str, ...], *, current_only: bool = True) -> dict[str, pd.DataFrame]:
    """column -> ``counts_by`` frame for each of ``columns``, from one scan (``query.counts_by_many``)."""
    return data._call("counts_by_many", f, tuple(columns), current_only=current_only)


def timeline(f: Filters, freq: str) -> pd.DataFrame:
    return data._call("timeline", f, freq)


def events_in_period(f: Filters, period_start: date, freq: str, *, limit: int | None = None, offset: int = 0,
                     sort: str = "event_date", descending: bool = True) -> pd.DataFrame:
    return data._call("events_in_period", f, period_start, freq, limit=limit, offset=offset, sort=sort,
                      descending=descending)


def map_points(f: Filters, *, limit: int | None = None) -> tuple[pd.DataFrame, bool]:
    return data._call("map_points", f, limit=limit or data.settings().map_point_limit)


def events_at(f: Filters, keys: tuple[str, ...], cell: float, *, limit: int | None = None, offset: int = 0,
              sort: str = "event_date", descending: bool = True) -> pd.DataFrame:
    """One page of the events under the map markers ``keys``."""
    return data._call("events_at", f, tuple(sorted(keys)), float(cell), limit=limit, offset=offset, sort=sort,
                      descending=descending)


def filter_options() -> dict:
    return data._call("filter_options", None)


def actor_profiles() -> pd.DataFrame:
    """Every actor key with its label, country and kind (one scan per data version)."""
    return data._call("actor_profiles", None)


def actor_names() -> dict[str, str]:
    """Actor key -> label, for every actor in the database."""
    p = actor_profiles()
    return dict(zip(p["key"], p["label"]))


def event_detail(event_id: str) -> dict | None:
    return data._call("event_detail", None, event_id)


def unlocated(f: Filters, *, limit: int | None = None, offset: int = 0, sort: str = "event_date",
              descending: bool = True) -> pd.DataFrame:
    """One page of the filtered events that have no coordinates."""
    return data._call("unlocated", f, limit=limit, offset=offset, sort=sort, descending=descending)
