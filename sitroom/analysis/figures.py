"""Pure plotly builders for the analysis frames: actor network, period comparison, balance.

In: frames/objects from ``sitroom.analysis.actors`` and ``.trends``. Out: a
``plotly.graph_objects.Figure``. No database, no streamlit. Article-derived
text (actor names) is HTML-escaped before it reaches plotly, which would
otherwise render tags such as <b> inside labels; ``customdata`` keeps the raw
actor key (canonical id, else name) so a click can filter on it.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import taxonomy
from ..figures import FONT, QUAD_COLORS, plotly_text, quad_color
from ..names import country_name
from .actors import QUAD_ORDER, ActorNetwork


def _esc(value) -> str:
    return plotly_text(value)


def _empty(message: str, height: int) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font={"size": 14, "color": "#666"})
    fig.update_layout(height=height, xaxis={"visible": False}, yaxis={"visible": False},
                      margin={"l": 10, "r": 10, "t": 30, "b": 10}, template="plotly_white", font=FONT)
    return fig


def network_figure(*, network: ActorNetwork, height: int = 650, label_top: int = 25,
                   max_links: int | None = None) -> go.Figure:
    """Actors as circles (area ~ events, colour ~ share of conflict), edges actor1 -> actor2
    coloured by dominant quad class and thicker with more events. Labels for the
    ``label_top`` busiest actors; every node has a hover card. ``max_links`` draws only the
    strongest links (a busy network is otherwise a hairball); the tables keep every one."""
    nodes, edges = network.nodes, network.edges
    if max_links is not None and len(edges) > max_links:
        edges = edges.nlargest(max_links, "events", keep="first")
    if nodes.empty:
        return _empty("No actors in the selected events", height)
    fig = go.Figure()
    if not edges.empty:
        top = max(float(edges["events"].max()), 1.0)
        # One trace per (class, width step): plotly cannot vary width inside a trace.
        step = np.clip(np.ceil(4 * np.sqrt(edges["events"] / top)), 1, 4).astype(int)
        shown = set()
        for quad in QUAD_ORDER:
            for s in sorted(set(step[edges["dominant_quad"] == quad])):
                sub = edges[(edges["dominant_quad"] == quad) & (step == s)]
                xs, ys = [], []
                for r in sub.itertuples():
                    xs += [r.x0, r.x1, None]
                    ys += [r.y0, r.y1, None]
                fig.add_trace(go.Scatter(
                    x=xs, y=ys, mode="lines", line={"width": 0.6 + 1.4 * s, "color": quad_color(quad)},
                    opacity=0.55, hoverinfo="skip", name=quad, legendgroup=quad, showlegend=quad not in shown))
                shown.add(quad)
        # Hover cards at edge midpoints (lines themselves cannot carry per-edge hover).
        mid = edges.assign(mx=(edges["x0"] * 0.4 + edges["x1"] * 0.6), my=(edges["y0"] * 0.4 + edges["y1"] * 0.6))
        text = [f"{_esc(r.source_label)} → {_esc(r.target_label)}<br>{r.events} events, mostly {r.dominant_quad}"
                for r in mid.itertuples()]
        fig.add_trace(go.Scatter(x=mid["mx"], y=mid["my"], mode="markers", hovertext=text, hoverinfo="text",
                                 marker={"size": 6, "color": [quad_color(q) for q in mid["dominant_quad"]],
                                         "opacity": 0.5, "symbol": "triangle-right"},
                                 showlegend=False, name="edges"))
    top_events = max(float(nodes["events"].max()), 1.0)
    # Smaller circles when there are many, so a few hundred actors still leave the links visible.
    base, span = (10, 34) if len(nodes) <= 60 else (5, 22) if len(nodes) <= 150 else (4, 16)
    size = base + span * np.sqrt(nodes["events"].astype(float) / top_events)
    share = nodes["conflict_share"].astype(float).fillna(0.5)
    labels = [_esc(a) if i < label_top else "" for i, a in enumerate(nodes["label"])]
    hover = [f"<b>{_esc(r.label)}</b> (#{r.rank})<br>{_esc(country_name(r.country))} {_esc(r.kind or '')}<br>"
             f"{r.events} events: {r.as_actor1} as actor, {r.as_actor2} as target<br>"
             f"{r.partners} partners; conflict share {'' if pd.isna(r.conflict_share) else f'{r.conflict_share:.0%}'}"
             for r in nodes.itertuples()]
    fig.add_trace(go.Scatter(
        x=nodes["x"], y=nodes["y"], mode="markers+text", text=labels, textposition="top center",
        textfont={"size": 11, "color": "#222"}, hovertext=hover, hoverinfo="text",
        customdata=nodes[["actor"]].to_numpy(), name="actors", showlegend=False,
        marker={"size": size, "color": share, "cmin": 0, "cmax": 1, "opacity": 0.9,
                "line": {"width": 1, "color": "white"},
                "colorscale": [[0, QUAD_COLORS.get(taxonomy.VERBAL_COOPERATION, "#2c7bb6")],
                               [0.5, "#eeeeee"],
                               [1, QUAD_COLORS.get(taxonomy.MATERIAL_CONFLICT, "#d7191c")]],
                "colorbar": {"title": {"text": "conflict<br>share"}, "thickness": 10, "len": 0.5,
                             "tickformat": ".0%"}}))
    note = (f"top {len(nodes)} of {network.total_actors} actors" if network.truncated
            else f"{len(nodes)} actors")
    fig.update_layout(
        height=height, template="plotly_white", font=FONT, hovermode="closest", clickmode="event+select",
        dragmode="pan", margin={"l": 10, "r": 10, "t": 40, "b": 10},
        title={"text": f"Who acts on whom ({note}, {len(edges)}"
                       + (f" strongest of {len(network.edges)}" if len(edges) < len(network.edges) else "")
                       + " links)", "font": {"size": 14}},
        xaxis={"visible": False}, yaxis={"visible": False, "scaleanchor": "x"},
        legend={"orientation": "h", "y": -0.02, "title": {"text": "link: mostly"}})
    return fig


def comparison_figure(*, table: pd.DataFrame, labels: dict[str, str] | None = None, top: int = 15,
                      title: str = "Current period vs previous periods",
                      names: dict[str, str] | None = None) -> go.Figure:
    """Horizontal bars: current period vs the baseline mean, surges in red. In: a
    ``trends.flag_surges`` frame (already sorted surges first); ``names`` maps its keys
    (ISO3 or actor keys) to what the bars are labelled with."""
    height = 120 + 26 * min(top, len(table))
    if table.empty:
        return _empty("No events in these periods", 300)
    t = table.head(top).iloc[::-1]
    names = [_esc((names or {}).get(k, k)) + (" ▲" if s else "") for k, s in zip(t["key"], t["surge"])]
    k = sum(1 for c in table.columns if c[:1] == "p" and c[1:].isdigit()) - 1   # p0..pk, pk = current
    current_label = (labels or {}).get(f"p{k}", "current period")
    surge_color = QUAD_COLORS.get(taxonomy.MATERIAL_CONFLICT, "#d62728")
    fig = go.Figure([
        go.Bar(y=names, x=t["baseline"], orientation="h", name="mean of previous periods",
               marker={"color": "#bdbdbd"}, customdata=t[["key"]].to_numpy()),
        go.Bar(y=names, x=t["current"], orientation="h", name=current_label,
               marker={"color": [surge_color if s else "#4a6fa5" for s in t["surge"]]},
               customdata=t[["key"]].to_numpy()),
    ])
    fig.update_layout(barmode="group", height=height + 40, template="plotly_white", font=FONT,
                      title={"text": title}, margin={"l": 10, "r": 10, "t": 40, "b": 40},
                      legend={"orientation": "h", "y": -0.08, "yanchor": "top", "x": 0},
                      xaxis={"title": {"text": ""}, "side": "top"})
    return fig


def balance_figure(*, balance: pd.DataFrame, freq: str = "week", title: str | None = None) -> go.Figure:
    """Cooperation above zero, conflict below (stacked by quad class), and the balance
    index (cooperation - conflict) / (cooperation + conflict) as a line on the right axis."""
    if balance.empty:
        return _empty("No dated events", 380)
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    signs = {taxonomy.VERBAL_COOPERATION: 1, taxonomy.MATERIAL_COOPERATION: 1,
             taxonomy.VERBAL_CONFLICT: -1, taxonomy.MATERIAL_CONFLICT: -1}
    for quad, sign in signs.items():
        fig.add_trace(go.Bar(x=balance["period"], y=sign * balance[quad], name=quad,
                             marker={"color": quad_color(quad)},
                             customdata=balance[quad], hovertemplate="%{x|%d %b %Y}: %{customdata} " + quad
                             + "<extra></extra>"), secondary_y=False)
    fig.add_trace(go.Scatter(x=balance["period"], y=balance["balance"], name="balance (right axis)",
                             mode="lines+markers", line={"color": "#222", "width": 2},
                             hovertemplate="%{x|%d %b %Y}: balance %{y:.2f}<extra></extra>"), secondary_y=True)
    fig.update_layout(barmode="relative", template="plotly_white", font=FONT, height=420,
                      title={"text": title or f"Cooperation vs conflict per {freq}"},
                      margin={"l": 10, "r": 10, "t": 50, "b": 30},
                      legend={"orientation": "h", "y": -0.15})
    # Symmetric left axis, so its zero lines up with the balance axis's zero.
    reach = float(max(balance["cooperation"].max(), balance["conflict"].max(), 1)) * 1.08
    fig.update_yaxes(title_text="events (conflict below 0)", range=[-reach, reach], secondary_y=False)
    fig.update_yaxes(title_text="balance", range=[-1.05, 1.05], secondary_y=True, showgrid=False,
                     zeroline=True, tickmode="array", tickvals=[-1, -0.5, 0, 0.5, 1], tickformat=".1f")
    return fig
