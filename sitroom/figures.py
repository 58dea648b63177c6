"""Plotly figure builders shared by the dashboard pages and the briefing exporter.

Every builder is a pure function (DataFrame in, ``go.Figure`` out): no streamlit,
no database. Colours come from one palette keyed by the taxonomy, so a type has
the same colour on every chart, page and exported slide.

Text that came from articles (actor names, summaries, places) goes through
``plotly_text`` before it reaches a figure: plotly renders a subset of HTML in
hover labels and tick labels, so ``<b>Evil</b>`` would otherwise show in bold.

World outlines are never fetched from plotly's CDN (the machines are offline):
``PLOTLY_CONFIG`` points the browser at the topojson served by Streamlit from
``static/topo/``, and ``use_local_topojson()`` does the same for kaleido images.
"""
from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from . import taxonomy
from .settings import ROOT
from .values import is_missing

TOPOJSON_DIR = ROOT / "static" / "topo"
#: ``config=`` for every geo chart shown through Streamlit (enableStaticServing serves static/ at /app/static/).
PLOTLY_CONFIG: dict = {"topojsonURL": "/app/static/topo/", "displaylogo": False}

# One colour per type, grouped by quad class: blues = verbal cooperation, greens =
# material cooperation, oranges = verbal conflict, reds/purples = material conflict.
TYPE_COLORS: dict[str, str] = {
    "AGREE": "#08519c", "CONSULT": "#4292c6", "SUPPORT": "#9ecae1",
    "CONCEDE": "#a1d99b", "COOPERATE": "#41ab5d", "AID": "#006d2c", "RETREAT": "#c7e9c0",
    "REQUEST": "#fdd0a2", "ACCUSE": "#fd8d3c", "REJECT": "#d94801", "THREATEN": "#8c2d04",
    "PROTEST": "#df65b0", "SANCTION": "#7a0177", "MOBILIZE": "#fb6a4a", "COERCE": "#99000d",
    "ASSAULT": "#e31a1c",
    "OTHER": "#969696",
}
QUAD_COLORS: dict[str, str] = {
    taxonomy.VERBAL_COOPERATION: "#4292c6",
    taxonomy.MATERIAL_COOPERATION: "#41ab5d",
    taxonomy.VERBAL_CONFLICT: "#fd8d3c",
    taxonomy.MATERIAL_CONFLICT: "#e31a1c",
    "other": "#969696",
}
UNKNOWN_COLOR = "#bdbdbd"
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=13)


def type_color(event_type: str | None) -> str:
    """Colour of a type; unknown types share a neutral grey."""
    return TYPE_COLORS.get(event_type or "", UNKNOWN_COLOR)


def quad_color(quad: str | None) -> str:
    return QUAD_COLORS.get(quad or "other", UNKNOWN_COLOR)


def type_order(types) -> list[str]:
    """Types in taxonomy order (cooperation to conflict), unknown names last."""
    known = [t for t in taxonomy.ALL_TYPES if t in set(types)]
    return known + sorted(set(t for t in types if t not in taxonomy.EVENT_TYPES and t is not None))


def plotly_text(value, limit: int | None = None) -> str:
    """Untrusted text made safe for plotly labels: tags escaped, optional length cap."""
    if value is None or (not isinstance(value, str) and _isna(value)):
        return ""
    s = str(value)
    if limit and len(s) > limit:
        s = s[: limit - 1] + "…"
    return html.escape(s, quote=False)


def use_local_topojson() -> str:
    """Point kaleido (static images) at the local outlines; returns the URL it set."""
    url = TOPOJSON_DIR.resolve().as_uri() + "/"
    pio.defaults.topojson = url
    return url


_isna = is_missing


def _layout(fig: go.Figure, **kw) -> go.Figure:
    base = dict(font=FONT, margin=dict(l=10, r=10, t=40, b=10), plot_bgcolor="white", paper_bgcolor="white")
    fig.update_layout(**{**base, **kw})
    return fig


def empty_figure(message: str = "No events match the filters") -> go.Figure:
    """A blank figure that says why it is blank (better than an empty axis)."""
    fig = go.Figure()
    fig.add_annotation(text=html.escape(message), showarrow=False, font=dict(size=16, color="#666"),
                       xref="paper", yref="paper", x=0.5, y=0.5)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, height=300)


# ---- bars ------------------------------------------------------------------------------------
def types_bar_figure(counts_df: pd.DataFrame, *, title: str = "Events by type") -> go.Figure:
    """Horizontal bars of events per type, largest on top, one colour per type.

    ``counts_df`` is ``query.counts_by(cur, f, "event_type")`` (columns value, events) or
    any frame with ``event_type`` and ``events`` columns.
    """
    if counts_df is None or counts_df.empty:
        return empty_figure()
    df = counts_df.rename(columns={"value": "event_type"})
    df = df.assign(event_type=df["event_type"].fillna("OTHER")).groupby("event_type", as_index=False)["events"].sum()
    df = df.sort_values(["events", "event_type"], ascending=[True, False])
    total = df["events"].sum()
    desc = {t: taxonomy.EVENT_TYPES.get(t, (None, 0, ""))[2] for t in df["event_type"]}
    fig = go.Figure(go.Bar(
        x=df["events"], y=df["event_type"], orientation="h",
        marker_color=[type_color(t) for t in df["event_type"]],
        text=[f"{n:,}" for n in df["events"]], textposition="outside", cliponaxis=False,
        customdata=[[desc[t], 100 * n / total if total else 0] for t, n in zip(df["event_type"], df["events"])],
        hovertemplate="<b>%{y}</b>: %{x:,} events (%{customdata[1]:.0f}%)<br>%{customdata[0]}<extra></extra>",
    ))
    # Room on the right for the value labels (cliponaxis=False alone lets the figure edge cut them).
    fig.update_xaxes(title="events", showgrid=True, gridcolor="#eee", range=[0, float(df["events"].max()) * 1.18])
    fig.update_yaxes(title=None, type="category")
    return _layout(fig, title=dict(text=title, x=0), height=max(260, 26 * len(df) + 80), showlegend=False)


def counts_bar_figure(df: pd.DataFrame, *, label: str = "value", value: str = "events", title: str = "",
                      color: str = "#4a6fa5", limit: int = 15) -> go.Figure:
    """Horizontal bars for any (label, count) frame: top countries, top actors.

    Labels are untrusted (actor names) and are escaped for plotly.
    """
    if df is None or df.empty:
        return empty_figure()
    d = df.dropna(subset=[label]).nlargest(limit, value).iloc[::-1]
    labels = [plotly_text(v, 40) for v in d[label]]
    fig = go.Figure(go.Bar(x=d[value], y=labels, orientation="h", marker_color=color,
                           text=[f"{n:,}" for n in d[value]], textposition="outside", cliponaxis=False,
                           hovertemplate="%{y}: %{x:,}<extra></extra>"))
    fig.update_xaxes(showgrid=True, gridcolor="#eee", range=[0, float(d[value].max()) * 1.2])
    fig.update_yaxes(type="category")
    return _layout(fig, title=dict(text=html.escape(title), x=0), height=max(240, 24 * len(d) + 80),
                   showlegend=False)


# ---- timeline --------------------------------------------------------------------------------
FREQ_LABELS = {"day": "%d %b %Y", "week": "week of %d %b %Y", "month": "%B %Y"}


def period_label(period, freq: str) -> str:
    """Human label of a period start: '14 Jan 2025', 'week of 13 Jan 2025', 'January 2025'."""
    return pd.Timestamp(period).strftime(FREQ_LABELS.get(freq, FREQ_LABELS["week"]))


def timeline_figure(timeline_df: pd.DataFrame, freq: str = "week", *, title: str | None = None) -> go.Figure:
    """Stacked bars of events per period, one colour per type (``query.timeline`` output).

    Each bar carries its period start (ISO date) as customdata so a click can be
    turned back into ``query.events_in_period``.
    """
    if timeline_df is None or timeline_df.empty:
        return empty_figure()
    df = timeline_df.copy()
    df["period"] = pd.to_datetime(df["period"])
    df["event_type"] = df["event_type"].fillna("OTHER")
    totals = df.groupby("period")["events"].sum()
    fig = go.Figure()
    for t in type_order(df["event_type"].unique()):
        d = df[df["event_type"] == t]
        fig.add_trace(go.Bar(
            x=d["period"], y=d["events"], name=t, marker_color=type_color(t),
            customdata=[[p.date().isoformat(), period_label(p, freq), int(totals[p])] for p in d["period"]],
            hovertemplate=f"<b>{t}</b>: %{{y:,}}<br>%{{customdata[1]}} (all types: %{{customdata[2]:,}})<extra></extra>",
        ))
    # Each bar spans the period it counts (x is the period's first day), not centred on it.
    period_ms = {"day": 1, "week": 7, "month": 30}.get(freq, 7) * 86_400_000
    fig.update_traces(width=period_ms * 0.85, offset=period_ms * 0.075)
    fig.update_xaxes(title=None, showgrid=False, type="date")
    fig.update_yaxes(title=f"events per {freq}", showgrid=True, gridcolor="#eee", rangemode="tozero")
    return _layout(fig, barmode="stack", title=dict(text=title or f"Events per {freq}, by type", x=0),
                   height=420, legend=dict(title="type", traceorder="normal"), hovermode="closest",
                   bargap=0.1)
