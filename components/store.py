"""The dashboard's one Store, cached queries over it, and the gazetteer for the review form.

- The Store is a *shared* handle, one per database path (``st.cache_resource``): it
  opens the file only while queries run and lets go as soon as another process
  (``sitroom ingest``, ``export``, ``briefing``, ``reextract``, ``watch``) waits, so the
  CLI works while the dashboard is open (``sitroom.dbaccess``). Every query takes its
  own ``store.cursor()`` (DuckDB connections are not thread-safe and Streamlit serves
  each session from its own thread).
- Query results are cached with ``st.cache_data`` (``_call``) keyed by the database
  path, a *data version* (``Store.data_version``: the row counts, the newest edit and
  article and the last rebuild, so an ingest, an edit or a re-extraction changes it and
  nobody sees stale numbers after a review) and the small frozen ``Filters``: never a
  DataFrame. The pages call these queries through ``components.reads``.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from sitroom import query
from sitroom.query import Filters
from sitroom.settings import Settings, load_settings
from sitroom.store import Store, StoreError

# Filters is a frozen dataclass of tuples/scalars: its repr identifies it exactly.
_HASH = {Filters: repr}


def settings() -> Settings:
    """Settings from the environment (SITROOM_DB, SITROOM_AUTHOR, ...); cheap, read every run."""
    return load_settings()


@st.cache_resource(show_spinner="Opening the database ...")
def _open_store(path: str) -> Store:
    return Store(path, shared=True)


def db_path() -> str:
    return str(Path(settings().db).resolve())


def get_store() -> Store:
    """The shared read-write Store (raises StoreError when the file is locked or unreadable)."""
    path = db_path()
    if not Path(path).exists():
        raise StoreError(f"{path}: no database here; run `sitroom ingest` (or `make sample-db`) first")
    return _open_store(path)


def data_version() -> tuple:
    """Changes with every ingest, edit or re-extraction (``Store.data_version``): part of each
    cache key, so new events and edits show on every page at once, without a restart."""
    return get_store().data_version()


@st.cache_data(ttl=900, max_entries=256, show_spinner=False, hash_funcs=_HASH)
def _run(name: str, db: str, version: tuple, f: Filters | None, args: tuple, kwargs: tuple):
    fn = getattr(query, name)
    cur = _open_store(db).cursor()
    return fn(cur, *args, **dict(kwargs)) if f is None else fn(cur, f, *args, **dict(kwargs))


def _call(name: str, f: Filters | None, *args, **kwargs):
    return _run(name, db_path(), data_version(), f, args, tuple(sorted(kwargs.items())))


def history(event_id: str) -> pd.DataFrame:
    """Edit history of one event (not cached: it is small and must be exact after a save)."""
    return get_store().history(event_id)


# ---- gazetteer --------------------------------------------------------------------------------
@st.cache_resource(show_spinner="Loading the gazetteer ...")
def _open_geocoder(path: str, places_dir: str):
    try:
        from sitroom.geo import GazetteerGeocoder
    except ImportError:
        return None
    if not Path(path).exists():
        return None
    return GazetteerGeocoder(path, places_dir=places_dir)


def get_geocoder():
    """The offline gazetteer for the place search, or None when it is not built (the form degrades)."""
    s = settings()
    try:
        return _open_geocoder(str(s.gazetteer), str(s.places_dir))
    except Exception:  # a broken index must not take the review form down
        return None
