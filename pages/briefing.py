"""Briefing: a shareable summary of the filtered events over a period.

Pick the period (the sidebar filters apply on top), pin or drop events, write a
summary, preview, then download Markdown, HTML, PDF or PowerPoint. Files are
generated when their button is clicked; the charts are drawn once per briefing.
"""
from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

from components import reads
from components import store as data
from components.briefing_view import briefing, candidates, download_buttons, event_markdown, section_title
from components.filters import current_filters, filters_caption
from components.prefetch import briefing_period
from components.safe import md
from sitroom.figures import PLOTLY_CONFIG

f = current_filters()
st.title("Briefing")
filters_caption(f)

opts = reads.filter_options()
last = pd.Timestamp(opts["last"]).date() if opts.get("last") is not None else None
if last is None:
    st.info("No events in the database yet.")
    st.stop()
default_start, default_end = briefing_period(f, last)

with st.container(border=True):
    c1, c2, c3 = st.columns([1, 1, 2])
    start = c1.date_input("Period from", value=default_start, key="br_from", format="YYYY-MM-DD")
    end = c2.date_input("to", value=default_end, key="br_to", format="YYYY-MM-DD")
    title = c3.text_input("Title", key="br_title", max_chars=120, placeholder="Situation briefing (dates)")
    if start > end:
        st.error("The period ends before it starts.")
        st.stop()
    st.caption(f"Compared with the previous {(end - start).days + 1} days "
               f"({start - timedelta(days=(end - start).days + 1):%d %b} – {start - timedelta(days=1):%d %b %Y}).")
    options = candidates(f, start=start, end=end)
    label = lambda i: options.get(i, i)   # noqa: E731
    p1, p2 = st.columns(2)
    pinned = p1.multiselect("Pin events (listed first)", list(options), key="br_pin", format_func=label,
                            placeholder="Most salient first …")
    dropped = p2.multiselect("Drop events (left out)", list(options), key="br_drop", format_func=label,
                             placeholder="Noise, duplicates …")
    summary = st.text_area("Summary paragraph", key="br_summary", max_chars=3000, height=110,
                           placeholder="What the team should take away, in your words.")

b = briefing(f, start=start, end=end, pinned=tuple(pinned), dropped=tuple(dropped), summary=summary,
             title=title)
stem = f"sitroom-briefing-{start:%Y%m%d}-{end:%Y%m%d}"
download_buttons(b, key=repr((data.db_path(), data.data_version(), f, start, end, tuple(pinned), tuple(dropped),
                              summary, title)), file_stem=stem)
st.caption("Downloads render on click (PDF and charts take a few seconds). HTML is one self-contained file.")

st.header(md(b.title))
st.caption(f"{b.period_text} (previous: {b.previous_text}) · {md(b.filters_text)} · {b.candidates:,} events")
if b.summary:
    st.info(md(b.summary))
cols = st.columns(len(b.headline))
for col, m in zip(cols, b.headline):
    col.metric(m.name, f"{m.current:,}", delta=m.change, delta_color="off" if m.name == "Countries" else "inverse"
               if m.name.startswith("Reported") else "normal", help=f"Previous period: {m.previous:,}")

if b.changes:
    st.subheader("What changed")
    st.markdown("\n".join(f"- {md(c)}" for c in b.changes))
for name in ("map", "timeline"):
    if name in b.figures:
        st.plotly_chart(b.figures[name], config=PLOTLY_CONFIG, key=f"br_{name}")
        st.caption(md(b.image_titles.get(name, "")))

st.subheader("Key events")
if not b.key_events:
    st.caption("No events in this period.")
for i, e in enumerate(b.key_events, 1):
    st.markdown(f"{i}\\. " + event_markdown(e))
for s in b.sections:
    with st.expander(f"{section_title(s.iso3)}: {s.events} events ({s.metric.change_text})"):
        st.caption(md("Types: " + ", ".join(f"{t} {n}" for t, n in s.top_types) + " · Actors: "
                      + ", ".join(f"{a} {n}" for a, n in s.top_actors)))
        for e in s.key_events:
            st.markdown(event_markdown(e))
for n in b.notes:
    st.caption(md(n))
with st.expander("How events are ranked and surges flagged"):
    for m in b.method:
        st.markdown("- " + md(m))
