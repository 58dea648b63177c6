"""sitroom dashboard: the entrypoint Streamlit runs (`sitroom dashboard` or `make run`).

It only wires things: page registry, the shared Store, and the sidebar filters.
The filters are drawn here, before the page runs, so they keep their state and
their URL parameters when the analyst switches pages. Pages read them with
``components.filters.current_filters()``.
"""
from __future__ import annotations

import uuid
from pathlib import Path

import streamlit as st

from components import store as data
from components.filters import render_sidebar_filters
from components.pages import registered_pages
from components.prefetch import page_running, prefetch
from components.reads import headline_counts
from components.safe import md
from sitroom.store import StoreError

ROOT = Path(__file__).resolve().parent

st.set_page_config(page_title="sitroom", page_icon="🛰️", layout="wide")
pages = [st.Page(ROOT / path, title=title, icon=icon, default=(i == 0))
         for i, (path, title, icon) in enumerate(registered_pages(ROOT))]
page = st.navigation(pages)

try:
    store = data.get_store()
except StoreError as exc:
    st.error(f"Cannot open the events database: {exc}")
    st.caption("Set SITROOM_DB to a sitroom database, or build one with `sitroom ingest FILES --db PATH`.")
    st.stop()

filters = None
# A session's first run is a browser that has just loaded the dashboard: the warm-up leaves it
# the machine while it draws.
first_run = "_sitroom_session" not in st.session_state
session = st.session_state.setdefault("_sitroom_session", uuid.uuid4().hex)
try:
    # The background warm-up waits while any page runs; the run's reads share one data version.
    with page_running(session, first=first_run) as run, data.one_data_version():
        filters = render_sidebar_filters(page)
        run.shows(filters)   # a warm-up for other filters gives way at once
        counts, shown = store.counts(), headline_counts(filters)
        st.sidebar.caption(f"{shown['events']:,} events match these filters"
                           + (f" (+{shown['background']:,} background)" if shown["background"] else "")
                           + f". Database {md(Path(store.path).name)}: {counts['events']:,} events stored "
                           f"(rejected, background and low-confidence mentions included), {counts['articles']:,} "
                           f"articles, {counts['edits']:,} analyst edits. Edits are signed as "
                           f"{md(data.settings().author)}.")
        page.run()
finally:   # also after st.stop(): the other pages are warmed for these filters while the analyst reads
    if filters is not None:
        prefetch(filters)
