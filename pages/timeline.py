"""Timeline: events per day/week/month, stacked by type; click a bar to list that period.

The bar width follows the filtered span (days for a month, weeks for a year,
months beyond), so the dashboard's recent-window default reads as bars, not
hairlines. A click on the chart (plotly selection event) sets the period select
box, which is also the keyboard-friendly fallback; the period's events open in
the event card. Background events appear (at their own dates) only when the
sidebar asks for them.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components import reads
from components import store as data
from components.event_detail import render_event_detail
from components.filters import current_filters, filters_caption
from components.tables import paged_event_table
from components.prefetch import TIMELINE_FREQS, timeline_freq
from sitroom.figures import PLOTLY_CONFIG, period_label, timeline_figure

f = current_filters()
st.title("Timeline")
filters_caption(f)

freqs = list(TIMELINE_FREQS)
freq = st.radio("Period", freqs, index=freqs.index(timeline_freq(f, reads.headline_counts(f))), horizontal=True,
                key="tl_freq", help="The default follows the filtered span: days up to 45 days, weeks up to a year")
tl = reads.timeline(f, freq)
if tl.empty:
    st.info("No dated events match these filters.")
    st.stop()

tl["period"] = pd.to_datetime(tl["period"]).dt.date
periods = sorted(tl["period"].unique(), reverse=True)
period_key = f"tl_period_{freq}"
chart_key = f"tl_chart_{freq}"


def _on_bar_click() -> None:
    """Chart selection -> the period select box (the single source of truth)."""
    points = st.session_state[chart_key].selection.points
    for p in points:
        raw = (p.get("customdata") or [None])[0] or p.get("x")
        if raw is None:
            continue
        day = pd.Timestamp(raw).date()
        # A click may land anywhere on the bar: map it to the period that contains it.
        match = [q for q in periods if q <= day]
        if match:
            st.session_state[period_key] = max(match)
            return


totals = tl.groupby("period")["events"].sum()
busiest = totals.idxmax()
st.caption(f"{int(totals.sum()):,} dated events in {len(periods)} {freq}s; busiest: "
           f"{period_label(busiest, freq)} ({int(totals.max()):,}). Click a bar to list its events.")
st.plotly_chart(timeline_figure(tl, freq), config=PLOTLY_CONFIG, key=chart_key, on_select=_on_bar_click,
                selection_mode="points")

if st.session_state.get(period_key) not in periods:
    st.session_state.pop(period_key, None)
period = st.selectbox("Period", periods, index=None, key=period_key, format_func=lambda p: period_label(p, freq),
                      placeholder="Click a bar above, or pick a period here …")
if period is None:
    st.stop()

n = int(totals.get(period, 0))
st.subheader(f"{period_label(period, freq)}: {n:,} events")
pick = paged_event_table(lambda **page: reads.events_in_period(f, period, freq, **page), n, key="tl",
                         version=(data.data_version(), period, freq))
if pick:
    render_event_detail(pick, key="tl")
