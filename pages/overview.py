"""Overview: the five-minute picture of what the filters select.

Headline counts, review progress, events by type, top countries and actors,
and the latest events (click one to check and review it).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components import store as data
from components.event_detail import render_event_detail
from components.filters import current_filters, filters_caption
from components.labels import country_name, fmt_date
from components.tables import event_table
from sitroom.figures import PLOTLY_CONFIG, QUAD_COLORS, counts_bar_figure, types_bar_figure

f = current_filters()
st.title("Overview")
filters_caption(f)

h = data.headline_counts(f)
if h["events"] == 0:
    st.info("No events match these filters. Widen the dates or clear a filter in the sidebar.")
    st.stop()

span_days = (pd.Timestamp(h["last"]) - pd.Timestamp(h["first"])).days + 1 if h["first"] is not None else 0
c = st.columns(5)
c[0].metric("Events", f"{h['events']:,}")
c[1].metric("Articles", f"{h['articles']:,}", help="Distinct articles with evidence for these events")
c[2].metric("Countries", f"{h['countries']:,}", help="Countries where the events happened")
c[3].metric("Date span", f"{span_days:,} days", help=f"{fmt_date(h['first'])} to {fmt_date(h['last'])}")
c[4].metric("Fatalities", f"{h['fatalities']:,}", help=f"{h['injuries']:,} injured, where the articles say")
st.caption(f"Events from {fmt_date(h['first'])} to {fmt_date(h['last'])}.")

status = data.counts_by(f, "review_status").set_index("value")["events"].to_dict()
reviewed = status.get("confirmed", 0) + status.get("rejected", 0)
st.progress(min(1.0, reviewed / h["events"]),
            text=f"Reviewed {reviewed:,} of {h['events']:,} ({status.get('confirmed', 0):,} confirmed"
                 + (f", {status.get('rejected', 0):,} rejected shown" if status.get("rejected") else "") + ")")

left, right = st.columns([3, 2])
with left:
    st.plotly_chart(types_bar_figure(data.counts_by(f, "event_type")), config=PLOTLY_CONFIG, key="ov_types")
    st.caption("Colours: blues = verbal cooperation, greens = material cooperation, "
               "oranges = verbal conflict, reds = material conflict, grey = other.")
with right:
    tab_c, tab_a = st.tabs(["Top countries", "Top actors"])
    with tab_c:
        cc = data.counts_by(f, "country").dropna(subset=["value"])
        cc["value"] = [f"{country_name(v)} ({v})" for v in cc["value"]]
        st.plotly_chart(counts_bar_figure(cc, title="Where (events)", limit=10,
                                          color=QUAD_COLORS["verbal cooperation"]),
                        config=PLOTLY_CONFIG, key="ov_countries")
    with tab_a:
        a = pd.concat([data.counts_by(f, "actor1"), data.counts_by(f, "actor2")])
        a = a.dropna(subset=["value"]).groupby("value", as_index=False)["events"].sum()
        st.plotly_chart(counts_bar_figure(a, title="Who (as actor 1 or 2)", limit=10, color="#6a51a3"),
                        config=PLOTLY_CONFIG, key="ov_actors")

st.subheader("Latest events")
latest = data.events(f, limit=15)
pick = event_table(latest, key="ov", version=data.data_version())
if pick:
    render_event_detail(pick, key="ov")
