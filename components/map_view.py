"""Map page pieces: the map figure for the current filters, built once per filters and data version.

Building a WebGL figure for a few thousand markers (hover text, sizes, one trace per type)
takes a few hundred milliseconds: cached like a query, so a rerun (a click, a lasso, an
opened event) or a page switch back to the map reuses it, and the warm-up can build it.
"""
from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from sitroom import maps
from sitroom.query import Filters

from . import reads
from . import store as data

VIEWS = ("Markers", "Density", "Countries")
_HASH = {Filters: repr}


@st.cache_data(ttl=900, max_entries=32, show_spinner=False, hash_funcs=_HASH)
def _figure(db: str, version: tuple, f: Filters, view: str, limit: int) -> go.Figure:
    if view == "Countries":
        return maps.choropleth_figure(reads.counts_by(f, "country", current_only=False))
    points, _ = reads.map_points(f, limit=limit)
    return maps.density_figure(points) if view == "Density" else maps.live_map_figure(points)


def figure(f: Filters, view: str) -> go.Figure:
    """The figure of one view of the map ("Markers", "Density" or "Countries") for the filters."""
    limit = data.settings().map_point_limit
    return _figure(data.db_path(), data.data_version(), f, view if view in VIEWS else VIEWS[0], int(limit))
