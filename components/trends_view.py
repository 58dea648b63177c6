"""Trends page pieces: cached period comparison and balance, readable table, and
"focus on this row" (sets the country or actor filter for the whole dashboard)."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from sitroom.analysis import trends
from sitroom.names import country_name
from sitroom.query import Filters

from . import reads
from . import store as data
from .filters import KEYS

_HASH = {Filters: repr, trends.SurgeRule: repr}


@st.cache_data(ttl=900, max_entries=64, show_spinner="Comparing periods ...", hash_funcs=_HASH)
def _comparison(db: str, version: tuple, f: Filters, by: str, days: int, rule: trends.SurgeRule):
    return trends.comparison(data.cursor(), f, by=by, days=days, rule=rule)


def comparison(f: Filters, *, by: str, days: int, rule: trends.SurgeRule) -> tuple[pd.DataFrame, list]:
    return _comparison(data.db_path(), data.data_version(), f, by, int(days), rule)


@st.cache_data(ttl=900, max_entries=64, show_spinner=False, hash_funcs=_HASH)
def _balance(db: str, version: tuple, f: Filters, freq: str) -> pd.DataFrame:
    return trends.quad_balance(data.cursor(), f, freq=freq)


def balance(f: Filters, *, freq: str) -> pd.DataFrame:
    return _balance(data.db_path(), data.data_version(), f, freq)


def readable(table: pd.DataFrame, windows: list[tuple[date, date]], *, by: str) -> pd.DataFrame:
    """The comparison table as it reads: the name first, then now / baseline / change / trend,
    then the periods newest first (the current one in view, never scrolled off to the right)."""
    names = reads.actor_names() if by == "actor" else {}
    out = table.copy()
    out.insert(1, "name", [country_name(k) if by == "country" else names.get(k, k) for k in out["key"]])
    periods = [f"p{i}" for i in range(len(windows))][::-1]
    out = out[["key", "name", "current", "baseline", "change", "ratio", "trend", "surge",
               *[p for p in periods[1:] if p in out.columns]]]
    labels = trends.period_labels(windows)
    return out.rename(columns={p: labels[p] for p in periods[1:] if p in labels})


def table_config(by: str) -> dict:
    return {
        "key": st.column_config.TextColumn("ISO3" if by == "country" else "id", width="small",
                                           help=None if by == "country" else "Canonical actor id (or the name "
                                                                             "when the extractor gave none)"),
        "name": st.column_config.TextColumn(by, width=140),
        "current": st.column_config.NumberColumn("now", help="Events in the current period"),
        "baseline": st.column_config.NumberColumn("baseline", format="%.2f",
                                                  help="Mean events per period over the previous periods"),
        "change": st.column_config.NumberColumn("change", format="%+.1f", width="small"),
        "ratio": st.column_config.NumberColumn("ratio", format="%.2f×", help="now / baseline", width="small"),
        "trend": st.column_config.TextColumn("trend", width="small"),
        "surge": st.column_config.CheckboxColumn("surge", help="See the rule above the table"),
    }


def focus(by: str, value: str | None) -> None:
    """Callback: filter the dashboard to one country or actor."""
    if not value:
        return
    st.session_state[KEYS["countries" if by == "country" else "actors"]] = [value]
    name = country_name(value) if by == "country" else reads.actor_names().get(value, value)
    st.session_state["_flash"] = f"Filtered to {by} “{name}”"


def on_table_select(table_key: str, by: str, keys: list[str]) -> None:
    rows = st.session_state[table_key].selection.rows
    if rows and rows[0] < len(keys):
        focus(by, keys[rows[0]])
