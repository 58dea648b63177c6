"""Map: every located event, coloured by type, on local world outlines.

Hover shows date, actors and summary; click or box-select markers to list them
and open one. Above ``settings.map_point_limit`` events the query layer groups
markers by place and type (sized by count) so the browser stays responsive.
"""
from __future__ import annotations

import streamlit as st

from components import store as data
from components.event_detail import render_event_detail
from components.filters import current_filters, filters_caption
from components.tables import event_table
from sitroom.figures import PLOTLY_CONFIG, map_figure

f = current_filters()
st.title("Map")
filters_caption(f)

limit = data.settings().map_point_limit
points, aggregated = data.map_points(f, limit=limit)
h = data.headline_counts(f)
located = int(points["events"].sum()) if not points.empty else 0
missing = max(0, h["events"] - located)

cols = st.columns(3)
cols[0].metric("Events on the map", f"{located:,}")
cols[1].metric("Without a location", f"{missing:,}", help="Not drawn: the article named no place we could resolve")
cols[2].metric("Places", f"{points[['lat', 'lon']].drop_duplicates().shape[0]:,}" if not points.empty else "0")
if aggregated:
    st.info(f"More than {limit:,} located events: markers are grouped by place (0.1°) and type, "
            f"sized by their event count. Narrow the filters to see single events.")

event = st.plotly_chart(map_figure(points, aggregated), config=PLOTLY_CONFIG, key="map_chart",
                        on_select="rerun", selection_mode=("points", "box", "lasso"))
chosen = [p.get("customdata") for p in (event.selection.points if event else []) if p.get("customdata")]
# customdata per marker: [event_id or None, events, lat, lon, type] (see sitroom.figures.map_figure)

if not chosen:
    st.caption("Hover a marker for date, actors and summary. Click a marker, or box/lasso-select several "
               "(tools at the top right of the map), to list those events here.")
elif aggregated:
    keys = {(round(float(cd[2]), 1), round(float(cd[3]), 1), cd[4]) for cd in chosen}
    sel = points[[(round(r.lat, 1), round(r.lon, 1), r.event_type) in keys for r in points.itertuples()]]
    st.subheader(f"{int(sel['events'].sum()):,} events at {len(sel):,} selected markers")
    st.dataframe(sel, hide_index=True, width="stretch")
else:
    ids = {cd[0] for cd in chosen if cd[0]}
    sel = points[points["event_id"].isin(ids)].sort_values("event_date", ascending=False)
    st.subheader(f"{len(sel):,} selected event{'s' if len(sel) != 1 else ''}")
    pick = event_table(sel, key="map", version=(data.data_version(), tuple(sorted(ids))))
    if pick:
        render_event_detail(pick, key="map")

if missing and st.toggle(f"List the {missing:,} events without a location", key="map_missing"):
    rows = data.events(f)
    event_table(rows[rows["lat"].isna()], key="map_noloc", version=data.data_version(), height=300)
