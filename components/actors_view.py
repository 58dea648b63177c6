"""Actors page pieces: cached actor analysis, the network chart, the ranked table, and
"focus on this actor", which sets the sidebar's actor filter for the whole dashboard.

The actor filter widget (components.filters) is bound to the URL parameter
``actor``; a bound parameter can only be changed through st.session_state, and
only in a callback (before the widget is drawn again), which is what
``focus_actor`` does.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from sitroom.analysis import actors
from sitroom.query import Filters

from . import reads
from . import store as data
from .filters import KEYS

_HASH = {Filters: repr}


@st.cache_data(ttl=900, max_entries=64, show_spinner="Building the actor network ...", hash_funcs=_HASH)
def _analysis(db: str, version: tuple, f: Filters, top_n: int,
              linked_only: bool) -> tuple[pd.DataFrame, actors.ActorNetwork]:
    cur = data.cursor()
    table, edges = actors.actor_analysis(cur, f, labels=reads.actor_names(), profiles=reads.actor_profiles())
    return table, actors.build_network(table=table, edges=edges, top_n=top_n, linked_only=linked_only)


def actor_analysis(f: Filters, *, top_n: int, linked_only: bool = True) -> tuple[pd.DataFrame, actors.ActorNetwork]:
    """(ranked actor table, network of the top_n actors) for the filters; cached per data version."""
    return _analysis(data.db_path(), data.data_version(), f, int(top_n), bool(linked_only))


def focus_actor(actor: str | None, *, add: bool = False) -> None:
    """Callback: filter the dashboard to one actor key (or add it to the actors already chosen)."""
    if not actor:
        return
    key = KEYS["actors"]
    current = list(st.session_state.get(key) or []) if add else []
    st.session_state[key] = list(dict.fromkeys([*current, actor]))
    st.session_state["_flash"] = f"Filtered to actor “{reads.actor_names().get(actor, actor)}”"


def clear_actors() -> None:
    st.session_state[KEYS["actors"]] = []


def on_network_select(chart_key: str) -> None:
    """Callback of the network chart: a clicked actor circle becomes the actor filter."""
    state = st.session_state.get(chart_key)
    points = (state or {}).get("selection", {}).get("points", []) if state else []
    for p in points:
        custom = p.get("customdata")
        if isinstance(custom, (list, tuple)) and custom and isinstance(custom[0], str):
            focus_actor(custom[0])
            return


def on_table_select(table_key: str, names: list[str]) -> None:
    rows = st.session_state[table_key].selection.rows
    if rows and rows[0] < len(names):
        focus_actor(names[rows[0]])


TABLE_COLUMNS = ["rank", "label", "country", "kind", "events", "as_actor1", "as_actor2", "partners",
                 "conflict_share", "fatalities", "first_date", "last_date", "actor"]


def table_config() -> dict:
    return {
        "rank": st.column_config.NumberColumn("#", width="small"),
        "label": st.column_config.TextColumn("actor", width="medium"),
        "actor": st.column_config.TextColumn("id", width="small",
                                             help="Canonical entity id (or the name when the extractor gave none)"),
        "country": st.column_config.TextColumn("country", width="small"),
        "kind": st.column_config.TextColumn("kind", width="small"),
        "events": st.column_config.NumberColumn("events", help="Events it takes part in, either side"),
        "as_actor1": st.column_config.NumberColumn("acts", help="Events where it is actor 1 (who acts)"),
        "as_actor2": st.column_config.NumberColumn("acted on", help="Events where it is actor 2"),
        "partners": st.column_config.NumberColumn("partners", help="Distinct counterpart actors"),
        "conflict_share": st.column_config.ProgressColumn(
            "conflict share", min_value=0.0, max_value=1.0, format="percent",
            help="Share of its classed events that are verbal or material conflict"),
        "fatalities": st.column_config.NumberColumn("killed"),
        "first_date": st.column_config.DateColumn("first", format="YYYY-MM-DD"),
        "last_date": st.column_config.DateColumn("last", format="YYYY-MM-DD"),
    }


def edges_table(network: actors.ActorNetwork, limit: int = 200) -> pd.DataFrame:
    """The network's links as a readable table (who acts on whom, how often, mostly how)."""
    e = network.edges
    if e.empty:
        return pd.DataFrame(columns=["actor 1", "actor 2", "events", "mostly", "killed", "last"])
    return (e.sort_values("events", ascending=False).head(limit)
            .rename(columns={"source_label": "actor 1", "target_label": "actor 2", "dominant_quad": "mostly",
                             "fatalities": "killed", "last_date": "last"})
            [["actor 1", "actor 2", "events", "mostly", "killed", "last"]])
