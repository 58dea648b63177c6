"""Event tables with a stable pick: click a row (or use the select box) to open one event.

The picked event is remembered by *id* in session state, not by row number, so
a review that hides the row (reject) or reorders the table never silently
swaps the event an analyst is looking at.
"""
from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from .labels import TABLE_COLUMNS, column_config, fmt_date


def _label(row: dict) -> str:
    summary = str(row.get("summary") or row.get("sentence") or "")
    if len(summary) > 90:
        summary = summary[:89] + "…"
    return f"{fmt_date(row.get('event_date'))} · {row.get('event_type') or '?'} · {summary}"


def _on_row_select(table_key: str, pick_key: str, ids: list[str]) -> None:
    rows = st.session_state[table_key].selection.rows
    if rows and rows[0] < len(ids):
        st.session_state[pick_key] = ids[rows[0]]


def event_table(df: pd.DataFrame, *, key: str, version=None, height: int | str = "auto",
                columns: list[str] | None = None) -> str | None:
    """Show events; return the picked event id (row click or select box), or None.

    ``version`` (e.g. the data version) is part of the table's widget key, so a
    row selection is cleared when the rows change underneath it.
    """
    pick_key = f"{key}_pick"
    cols = [c for c in (columns or TABLE_COLUMNS) if c in df.columns]
    ids = df["event_id"].astype(str).tolist() if "event_id" in df else []
    table_key = f"{key}_table_{abs(hash(version)) % 10**8}"
    st.dataframe(df[cols], hide_index=True, width="stretch", height=height, column_config=column_config(),
                 on_select=partial(_on_row_select, table_key, pick_key, ids), selection_mode="single-row",
                 key=table_key)
    # Select-box fallback (keyboard users, tests, and picks that left the table after an edit).
    labels = {r["event_id"]: _label(r) for r in df.head(2000).to_dict("records")} if ids else {}
    current = st.session_state.get(pick_key)
    if current and current not in labels:
        labels = {current: f"{current} (not in this list now)", **labels}
    if not labels:
        return None
    st.selectbox("Open event", list(labels), format_func=lambda i: labels.get(i, i), index=None,
                 key=pick_key, placeholder="Click a row above, or pick an event here …")
    return st.session_state.get(pick_key)
