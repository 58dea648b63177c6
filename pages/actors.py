"""Actors: who acts on whom in the filtered events.

The network shows the busiest actors (top-N control keeps it readable with
hundreds of actors); edge colour is the link's dominant PLOVER quad class.
Clicking an actor circle, a table row, or using the picker filters the whole
dashboard to that actor (the sidebar's actor filter, kept in the URL).
"""
from __future__ import annotations

import streamlit as st

from components.actors_view import (TABLE_COLUMNS, actor_analysis, clear_actors, edges_table, focus_actor,
                                    on_network_select, on_table_select, table_config)
from components.filters import current_filters, filters_caption
from components.labels import country_name
from components.prefetch import DEFAULT_TOP_ACTORS
from components.safe import md
from sitroom.analysis.figures import network_figure
from sitroom.figures import PLOTLY_CONFIG

f = current_filters()
st.title("Actors")
filters_caption(f)

c1, c2, c3 = st.columns([2, 2, 3])
top_n = c1.slider("Actors in the network", 5, 300, DEFAULT_TOP_ACTORS, 5, key="act_top",
                  help="The busiest N actors and the links among them; the table lists every actor")
label_top = c2.slider("Labelled actors", 0, 100, 25, 5, key="act_labels")
max_links = c1.slider("Links drawn", 10, 1000, 150, 10, key="act_links",
                      help="The strongest links among those actors; the table below lists every link")
linked_only = c2.toggle("Only actors with links", value=True, key="act_linked",
                        help="Leave out actors that never act on, or are acted on by, another actor")
table, net = actor_analysis(f, top_n=top_n, linked_only=linked_only)
if table.empty:
    st.info("No actors in the events these filters select. Widen the dates or clear a filter in the sidebar.")
    st.stop()

with c3:
    names = list(table["actor"])
    labels = dict(zip(table["actor"], table["label"]))
    st.selectbox("Filter the dashboard to an actor", names, index=None, key="act_pick",
                 placeholder="Pick an actor …", format_func=lambda a: labels.get(a, a))
    b1, b2 = st.columns(2)
    b1.button("Filter to this actor", key="act_focus", width="stretch", disabled=not st.session_state.get("act_pick"),
              on_click=lambda: focus_actor(st.session_state.get("act_pick")))
    b2.button("Clear actor filter", key="act_clear", width="stretch", disabled=not f.actors, on_click=clear_actors)

chart_key = f"act_net_{abs(hash((repr(f), top_n, linked_only))) % 10**8}"   # a new selection state per view
st.plotly_chart(network_figure(network=net, label_top=label_top, max_links=max_links), config=PLOTLY_CONFIG,
                key=chart_key,
                on_select=lambda: on_network_select(chart_key), selection_mode="points")
st.caption(f"{len(net.nodes)} of {net.total_actors:,} actors"
           + (" (those with links)" if linked_only else "") + f", {len(net.edges)} of {net.total_edges:,} links. "
           "Circle size: events; colour: share of conflict in its events; links point from actor 1 to actor 2 "
           "(the marker near the target). Click a circle to filter the dashboard to that actor.")

left, right = st.columns([3, 2])
with left:
    st.subheader("Ranked actors")
    tkey = f"act_table_{abs(hash(repr(f))) % 10**8}"
    st.dataframe(table[TABLE_COLUMNS].assign(country=[country_name(c) for c in table["country"]],
                                             kind=table["kind"].fillna("")), hide_index=True,
                 width="stretch", height=420, column_config=table_config(),
                 key=tkey, on_select=lambda: on_table_select(tkey, names), selection_mode="single-row")
    st.caption("Select a row to filter the dashboard to that actor.")
with right:
    st.subheader("Who acts on whom")
    st.dataframe(edges_table(net), hide_index=True, width="stretch", height=420)
    if f.actors:
        st.caption("Showing events of: " + md(", ".join(labels.get(a, a) for a in f.actors)))
