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
- Reads take their connection from ``cursor()``: in the background warm-up
  (``components.prefetch``) that connection checks, before each query, whether the
  warm-up should make way for a page (``background_reads``).
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

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


# Per thread: .before_query (a warm-up thread, background_reads); .in_run, .run_version (one_data_version).
_THREAD = threading.local()


def cursor(db: str | None = None):
    """A DuckDB connection for this thread's reads of ``db`` (default: the dashboard's database);
    one per query function, as connections are not thread-safe. In a warm-up thread each query
    first calls the warm-up's ``before_query``."""
    cur = (_open_store(db) if db else get_store()).cursor()
    before = getattr(_THREAD, "before_query", None)
    return cur if before is None else _CheckedCursor(cur, before)


class _CheckedCursor:
    """A connection whose ``execute`` calls ``before()`` first; ``before`` raises to stop the caller
    (it must never wait: the caller may hold a cached value's lock a page is waiting for)."""

    def __init__(self, cur, before: Callable[[], None]):
        self._cur, self._before = cur, before

    def execute(self, *args, **kwargs):
        self._before()
        return self._cur.execute(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._cur, name)


@contextmanager
def background_reads(before_query: Callable[[], None]) -> Iterator[None]:
    """Within the block, this thread's ``cursor()`` connections call ``before_query()`` before
    each query (the warm-up's way to give up a step as soon as a page needs the machine)."""
    _THREAD.before_query = before_query
    try:
        yield
    finally:
        _THREAD.before_query = None


def data_version() -> tuple:
    """Changes with every ingest, edit or re-extraction (``Store.data_version``): part of each
    cache key, so new events and edits show on every page at once, without a restart.

    Within ``one_data_version()`` (a page run) it is asked of the database once, and again only
    after this process has written: every read of the run then shows the same data."""
    store = get_store()
    if not getattr(_THREAD, "in_run", False):
        return store.data_version()
    memo = getattr(_THREAD, "run_version", None)
    if memo is None or memo[0] is not store or memo[1] != store.writes:
        memo = (store, store.writes, store.data_version())
        _THREAD.run_version = memo
    return memo[2]


@contextmanager
def one_data_version() -> Iterator[None]:
    """Around one page run (app.py): its reads share one data version. A page asks for it with
    every cached read (ten times on the Overview), and each ask is two queries; a change made
    by another process meanwhile shows on the next run, as it would have a moment later anyway."""
    _THREAD.in_run, _THREAD.run_version = True, None
    try:
        yield
    finally:
        _THREAD.in_run, _THREAD.run_version = False, None


@st.cache_data(ttl=900, max_entries=256, show_spinner=False, hash_funcs=_HASH)
def _run(name: str, db: str, version: tuple, f: Filters | None, args: tuple, kwargs: tuple):
    fn = getattr(query, name)
    cur = cursor(db)
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
