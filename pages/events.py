"""Events: the filtered table, page by page, downloads, and the event card with the review panel.

The table is sorted and paged in the database, so it pages through a million
events as quickly as through a hundred. Click a row (or use the select box) to
see every field with its evidence, the sentence highlighted in each source
article, and to confirm, reject or correct it.
"""
from __future__ import annotations

from datetime import date

import streamlit as st

from components import reads
from components import store as data
from components.event_detail import render_event_detail
from components.filters import current_filters, describe, filters_caption
from components.safe import md
from components.tables import paged_event_table
from sitroom import query

try:  # written by another engineer; the buttons hide until it exists
    from sitroom import export
except ImportError:
    export = None

f = current_filters()
st.title("Events")
filters_caption(f)

h = reads.headline_counts(f)
n = h["shown"]
st.caption(f"{h['events']:,} events match" + (f", and {h['background']:,} background events (shown, not counted "
                                               "in totals)" if h["background"] else "") + ".")


def _all_rows():
    """Every filtered event for a download: read when the button is clicked, never cached."""
    return query.events(data.get_store().cursor(), f)


if export is not None and n:
    stem = f"sitroom-events-{date.today():%Y%m%d}"
    formats = [("CSV", "to_csv_bytes", "csv", "text/csv"),
               ("GeoJSON", "to_geojson_bytes", "geojson", "application/geo+json"),
               ("Parquet", "to_parquet_bytes", "parquet", "application/vnd.apache.parquet")]
    cols = st.columns(len(formats) + 2)
    for col, (label, fn, ext, mime) in zip(cols, formats):
        if hasattr(export, fn):
            # Deferred: the full filtered set is only built when the analyst clicks.
            col.download_button(label, data=lambda fn=fn: getattr(export, fn)(_all_rows()),
                                file_name=f"{stem}.{ext}", mime=mime, icon=":material/download:",
                                key=f"dl_{ext}", width="stretch", help=md(f"All {n:,} events: {describe(f)}"))

if not n:
    st.info("No events match these filters.")
    st.stop()

pick = paged_event_table(lambda **page: reads.events(f, **page), n, key="ev", version=data.data_version())
if pick:
    render_event_detail(pick, key="ev")
else:
    st.caption("Click a row to check an event against its sources and review it.")
