"""Event tables with a stable pick: click a row (or use the select box) to open one event.

The picked event is remembered by *id* in session state, not by row number, so
a review that hides the row (reject) or reorders the table never silently
swaps the event an analyst is looking at.

``paged_event_table`` pages through any number of rows: sorting and paging run
in SQL (``fetch(limit, offset, sort, descending)``), so a million events cost
one page of rows in the browser.
"""
from __future__ import annotations

from functools import partial
from typing import Callable

import pandas as pd
import streamlit as st

from sitroom.query import SORT_COLUMNS

from . import reads
from .labels import TABLE_COLUMNS, column_config, display_frame, fmt_date
from .prefetch import DEFAULT_PAGE_SIZE

ROW_PX, HEADER_PX = 35, 38
SORT_LABELS = {"event_date": "date", "event_type": "type", "confidence": "confidence", "fatalities": "killed",
               "n_sources": "sources", "country": "country", "location": "place", "actor1": "actor 1",
               "actor2": "actor 2", "review_status": "review", "summary": "summary"}
Fetch = Callable[..., pd.DataFrame]


def _label(row: dict) -> str:
    summary = str(row.get("summary") or row.get("sentence") or "")
    if len(summary) > 90:
        summary = summary[:89] + "…"
    return f"{fmt_date(row.get('event_date'))} · {row.get('event_type') or 'event'} · {summary}"


def _on_row_select(table_key: str, pick_key: str, ids: list[str]) -> None:
    rows = st.session_state[table_key].selection.rows
    if rows and rows[0] < len(ids):
        st.session_state[pick_key] = ids[rows[0]]


def table_height(rows: int, *, most: int = 880) -> int:
    """Pixels for ``rows`` rows: every row when they fit, else most of a screen (the grid scrolls)."""
    return max(ROW_PX * 3, min(most, HEADER_PX + ROW_PX * max(rows, 1) + 2))


def event_table(df: pd.DataFrame, *, key: str, version=None, height: int | None = None,
                columns: list[str] | None = None) -> str | None:
    """Show events (rows of ``query.events``); return the picked event id (row click or select box), or None.

    ``version`` (e.g. the data version) is part of the table's widget key, so a
    row selection is cleared when the rows change underneath it.
    """
    pick_key = f"{key}_pick"
    shown = display_frame(df, reads.actor_names())
    cols = [c for c in (columns or TABLE_COLUMNS) if c in shown.columns]
    ids = shown["event_id"].tolist()
    table_key = f"{key}_table_{abs(hash(version)) % 10**8}"
    st.dataframe(shown[cols], hide_index=True, width="stretch", height=height or table_height(len(shown)),
                 column_config=column_config(), on_select=partial(_on_row_select, table_key, pick_key, ids),
                 selection_mode="single-row", key=table_key, row_height=ROW_PX)
    # Select-box fallback (keyboard users, tests, and picks that left the table after an edit).
    labels = {r["event_id"]: _label(r) for r in shown.head(2000).to_dict("records")} if ids else {}
    current = st.session_state.get(pick_key)
    if current and current not in labels:
        labels = {current: f"{current} (not in this list now)", **labels}
    if not labels:
        return None
    st.selectbox("Open event", list(labels), format_func=lambda i: labels.get(i, i), index=None,
                 key=pick_key, placeholder="Click a row above, or pick an event here …")
    return st.session_state.get(pick_key)


def paged_event_table(fetch: Fetch, total: int, *, key: str, version=None) -> str | None:
    """Sort and page controls over ``fetch(limit=, offset=, sort=, descending=)``; the page's table.

    Returns the picked event id, as ``event_table``.
    """
    c1, c2, c3, c4 = st.columns([2, 1, 1, 2])
    sort = c1.selectbox("Sort by", list(SORT_COLUMNS), format_func=lambda c: SORT_LABELS.get(c, c),
                        key=f"{key}_sort")
    order = c2.selectbox("Order", ["descending", "ascending"], key=f"{key}_order")
    size = c3.selectbox("Rows per page", list(reads.PAGE_SIZES), index=reads.PAGE_SIZES.index(DEFAULT_PAGE_SIZE),
                        key=f"{key}_size")
    pages = max(1, -(-total // size))
    page_key = f"{key}_page"
    if st.session_state.get(page_key, 1) > pages:
        st.session_state[page_key] = pages
    page = c4.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, step=1, key=page_key)
    offset = (int(page) - 1) * size
    rows = fetch(limit=size, offset=offset, sort=sort, descending=order == "descending")
    if total:
        st.caption(f"Rows {offset + 1:,}–{offset + len(rows):,} of {total:,}, by {SORT_LABELS.get(sort, sort)} "
                   f"({order}). Click a row to open the event; sorting applies to all {total:,}.")
    return event_table(rows, key=key, version=(version, sort, order, size, page))
