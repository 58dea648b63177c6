"""Events: the filtered table, downloads, and the event card with the review panel.

Click a row (or use the select box) to see every field with its evidence, the
sentence highlighted in each source article, and to confirm, reject or correct it.
"""
from __future__ import annotations

from datetime import date

import streamlit as st

from components import store as data
from components.event_detail import render_event_detail
from components.filters import current_filters, describe, filters_caption
from components.safe import md
from components.tables import event_table

try:  # written by another engineer; the buttons hide until it exists
    from sitroom import export
except ImportError:
    export = None

SHOW_ROWS = 2000  # the table shows the newest rows; downloads carry every match

f = current_filters()
st.title("Events")
filters_caption(f)

n = data.headline_counts(f)["events"]
rows = data.events(f, limit=SHOW_ROWS)
st.caption(f"{n:,} events match" + (f"; the table shows the newest {len(rows):,} (downloads include all)"
                                    if n > len(rows) else "") + ".")

if export is not None and n:
    stem = f"sitroom-events-{date.today():%Y%m%d}"
    formats = [("CSV", "to_csv_bytes", "csv", "text/csv"),
               ("GeoJSON", "to_geojson_bytes", "geojson", "application/geo+json"),
               ("Parquet", "to_parquet_bytes", "parquet", "application/vnd.apache.parquet")]
    cols = st.columns(len(formats) + 2)
    for col, (label, fn, ext, mime) in zip(cols, formats):
        if hasattr(export, fn):
            # Deferred: the full filtered set is only built when the analyst clicks.
            col.download_button(label, data=lambda fn=fn: getattr(export, fn)(data.events(f)),
                                file_name=f"{stem}.{ext}", mime=mime, icon=":material/download:",
                                key=f"dl_{ext}", width="stretch", help=md(f"All {n:,} events: {describe(f)}"))

if rows.empty:
    st.info("No events match these filters.")
    st.stop()

pick = event_table(rows, key="ev", version=data.data_version(), height=420)
if pick:
    render_event_detail(pick, key="ev")
else:
    st.caption("Click a row to check an event against its sources and review it.")
