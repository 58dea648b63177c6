"""Overview: the five-minute picture of what the filters select.

Headline counts (current events only: background events a story recalls never
count here), review progress, events by type, top countries and actors (by
entity), and the latest events (click one to check and review it).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components import reads
from components.event_detail import render_event_detail
from components.filters import current_filters, filters_caption
from components.labels import country_label, fmt_date, fmt_span
from components.store import data_version
from components.tables import event_table
from sitroom.figures import PLOTLY_CONFIG, QUAD_COLORS, counts_bar_figure, types_bar_figure

f = current_filters()
st.title("Overview")
filters_caption(f)

h = reads.headline_counts(f)
if h["shown"] == 0:
    st.info("No events match these filters. Widen the dates or clear a filter in the sidebar.")
    st.stop()

span_days = (pd.Timestamp(h["last"]) - pd.Timestamp(h["first"])).days + 1 if h["first"] is not None else 0
c = st.columns(5)
c[0].metric("Events", f"{h['events']:,}", help="Current events matching the filters (background events not counted)")
c[1].metric("Articles", f"{h['articles']:,}", help="Distinct articles with evidence for these events")
c[2].metric("Countries", f"{h['countries']:,}", help="Countries where the events happened")
c[3].metric("Period", fmt_span(span_days), help=f"{fmt_date(h['first'])} to {fmt_date(h['last'])}")
c[4].metric("Fatalities", f"{h['fatalities']:,}",
            help=f"{h['injuries']:,} injured, where the articles say; one figure per event (its best-supported "
                 "report), background events left out")
st.caption(f"Events from {fmt_date(h['first'])} to {fmt_date(h['last'])}."
           + (f" {h['background']:,} background events are shown on the other pages as asked; they are not "
              "counted here." if h["background"] else ""))

# The four breakdowns below come from one scan of the filtered events.
counts = reads.counts_by_many(f, ("review_status", "event_type", "country", "actor"))
status = counts["review_status"].set_index("value")["events"].to_dict()
reviewed = status.get("confirmed", 0) + status.get("rejected", 0)
if h["events"]:
    st.progress(min(1.0, reviewed / h["events"]),
                text=f"Reviewed {reviewed:,} of {h['events']:,} ({status.get('confirmed', 0):,} confirmed"
                     + (f", {status.get('rejected', 0):,} rejected shown" if status.get("rejected") else "") + ")")

left, right = st.columns([3, 2])
with left:
    st.plotly_chart(types_bar_figure(counts["event_type"]), config=PLOTLY_CONFIG, key="ov_types")
    st.caption("Colours: blues = verbal cooperation, greens = material cooperation, "
               "oranges = verbal conflict, reds = material conflict, grey = other.")
with right:
    tab_c, tab_a = st.tabs(["Top countries", "Top actors"])
    with tab_c:
        cc = counts["country"].dropna(subset=["value"])
        cc["value"] = [country_label(v) for v in cc["value"]]
        st.plotly_chart(counts_bar_figure(cc, title="Where (events)", limit=10,
                                          color=QUAD_COLORS["verbal cooperation"]),
                        config=PLOTLY_CONFIG, key="ov_countries")
    with tab_a:
        names = reads.actor_names()
        a = counts["actor"].head(50)
        a["value"] = [names.get(k, k) for k in a["value"]]
        st.plotly_chart(counts_bar_figure(a, title="Who (as actor 1 or 2, by entity)", limit=10, color="#6a51a3"),
                        config=PLOTLY_CONFIG, key="ov_actors")

st.subheader("Latest events")
latest = reads.events(f, limit=15)
pick = event_table(latest, key="ov", version=data_version())
if pick:
    render_event_detail(pick, key="ov")
