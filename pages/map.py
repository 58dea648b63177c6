"""Map: located events on a WebGL map (pan, zoom, click or lasso to list them), offline.

Markers are grouped by place and type, sized by their count and coloured by
type; events placed at a country's or region's centre are hollow rings. Above
``settings.map_point_limit`` located events the query groups them by grid cells
instead (density and clusters at world scale); narrowing the filters brings back
one marker per place. "Density" shows the same as a heat map, "Countries" as a
choropleth (click a country to filter the dashboard to it). Pan and zoom survive
reruns that keep the figure (a click, a lasso, an opened event card, a review);
new filters frame the events they select.
"""
from __future__ import annotations

import streamlit as st

from components import map_view, reads
from components import store as data
from components.event_detail import render_event_detail
from components.filters import KEYS, current_filters, filters_caption
from components.labels import country_name
from components.tables import paged_event_table
from sitroom import maps
from sitroom.figures import PLOTLY_CONFIG
from sitroom.topo import ensure_countries_file

ensure_countries_file()   # the outlines the browser fetches from /app/static/geo/
f = current_filters()
st.title("Map")
filters_caption(f)

limit = data.settings().map_point_limit
points, aggregated = reads.map_points(f, limit=limit)
h = reads.headline_counts(f)
located = int(points["events"].sum()) if not points.empty else 0
centred = int(points.loc[points["approx"], "events"].sum()) if not points.empty else 0
missing = max(0, h["shown"] - located)

cols = st.columns(4)
cols[0].metric("Events on the map", f"{located:,}")
cols[1].metric("At a country or region centre", f"{centred:,}",
               help="Drawn as hollow rings: the article named only a country or region, not a place")
cols[2].metric("Without a location", f"{missing:,}", help="Not drawn: the article named no place we could resolve")
cols[3].metric("Grid cells" if aggregated else "Places", f"{len(points[['klat', 'klon']].drop_duplicates()):,}"
               if not points.empty else "0")

view = st.segmented_control("Show", list(map_view.VIEWS), default=map_view.VIEWS[0], key="map_view") \
    or map_view.VIEWS[0]
if aggregated and view == "Markers":
    cell = float(points["cell"].iloc[0])
    st.info(f"More than {limit:,} located events: each marker groups the events of a grid cell of {cell:g}° "
            f"(sized by count, coloured by its most frequent type; hover for the mix). Narrow the filters "
            f"(dates, country, type) to see one marker per place and type.")

if view == "Countries":
    event = st.plotly_chart(map_view.figure(f, view), config=PLOTLY_CONFIG, key="map_countries",
                            on_select="rerun", selection_mode="points")
    picked = [p.get("location") or (p.get("customdata") or [None])[0]
              for p in (event.selection.points if event else [])]
    picked = [c for c in picked if c]
    if picked:
        iso3 = picked[0]
        st.button(f"Filter the dashboard to {country_name(iso3)} ({iso3})", key="map_focus_country",
                  on_click=lambda: st.session_state.update({KEYS["countries"]: [iso3]}))
    else:
        st.caption("Click a country to filter the whole dashboard to it. Shade: events that happened there.")
    st.stop()

# Streamlit keeps a chart's state (the analyst's pan and zoom included) while its figure is the same:
# a click, a lasso, an opened event card or a review rerun the page without resetting the view. New
# filters draw a new figure, framed on the events they select.
event = st.plotly_chart(map_view.figure(f, view), config={**PLOTLY_CONFIG, "scrollZoom": True}, key=f"map_{view.lower()}",
                        on_select="rerun", selection_mode=("points", "box", "lasso"))
# customdata per marker: [key, events, event_id] (see sitroom.maps); ring centres carry none.
chosen = {cd[0] for p in (event.selection.points if event else []) if (cd := p.get("customdata"))}

if view == "Density":
    st.caption("Heat: events per place or grid cell. Switch to Markers to click or lasso events.")
elif not chosen:
    st.caption("Scroll or pinch to zoom, drag to pan. Click a marker, or box/lasso-select several (tools at the "
               "top right of the map), to list their events here. " + maps.APPROX_NOTE.capitalize() + ".")
else:
    cell = float(points["cell"].iloc[0]) if not points.empty else 0.0001
    keys = tuple(sorted(chosen))
    n = int(points.loc[maps.marker_keys(points).isin(chosen).to_numpy(), "events"].sum())
    st.subheader(f"{n:,} selected event{'s' if n != 1 else ''} at {len(keys):,} marker{'s' if len(keys) != 1 else ''}")
    pick = paged_event_table(lambda **page: reads.events_at(f, keys, cell, **page), n, key="map",
                             version=(data.data_version(), keys))
    if pick:
        render_event_detail(pick, key="map")

if missing and st.toggle(f"List the {missing:,} events without a location", key="map_missing"):
    pick = paged_event_table(lambda **page: reads.unlocated(f, **page), missing, key="map_noloc",
                             version=data.data_version())
    if pick:
        render_event_detail(pick, key="map_noloc")
