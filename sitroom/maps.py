"""Map figure builders: pure functions from ``query.map_points`` markers to plotly figures.

Two renderers for one marker frame:

- ``live_map_figure``, ``density_figure``, ``choropleth_figure``: WebGL maps
  (MapLibre) for the dashboard: pan and zoom, tens of thousands of markers,
  box and lasso selection. No
  tiles: a style of our own (a sea-coloured background, no glyphs, so nothing
  is fetched) and the local country outlines as a GeoJSON layer
  (``sitroom.topo``; a URL served by Streamlit, or the object itself).
- ``map_figure``: the SVG ``scattergeo`` map for static images (kaleido draws
  briefing charts without WebGL).

Markers are sized by their event count and coloured by type. Events placed at a
country's or region's centre (``approx``) are drawn hollow, so an analyst sees
at a glance which points are exact. Each marker's ``customdata`` starts with
its key (``query.marker_key``) so a click or lasso lists its events.
"""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from .figures import FONT, plotly_text, type_color, type_order
from .names import country_name, summary_sentence
from .query import marker_key
from .topo import COUNTRIES_URL
from .values import is_missing

LAND, SEA, BORDER = "#f3f1ec", "#e8f0f7", "#8a8a8a"
# A MapLibre style with no sources and no glyphs: nothing to fetch, sea-coloured background.
OFFLINE_STYLE = {"version": 8, "name": "sitroom-offline", "sources": {},
                 "layers": [{"id": "sea", "type": "background", "paint": {"background-color": SEA}}]}
APPROX_NOTE = "hollow: placed at the centre of a country or region, not at an exact place"
CUSTOM = ["key", "events", "event_id"]   # customdata columns, in order


def _date(v) -> str:
    return "date unknown" if is_missing(v) else pd.Timestamp(v).strftime("%d %b %Y")


def marker_hover(r: dict) -> str:
    """Hover text of one marker; every untrusted piece escaped for plotly."""
    where = ", ".join(x for x in (plotly_text(r.get("location"), 60), plotly_text(country_name(r.get("country"))))
                      if x)
    n = int(r.get("events") or 0)
    fat = r.get("fatalities")
    killed = f"<br>{int(fat):,} killed" if fat is not None and not is_missing(fat) and fat else ""
    approx = "<br><i>placed at the country's centre</i>" if r.get("approx") else ""
    if n == 1 and not is_missing(r.get("event_id")):
        return (f"<b>{plotly_text(r.get('event_type'))}</b> · {_date(r.get('event_date'))}<br>"
                f"{plotly_text(summary_sentence(r), 120)}{killed}{approx}")
    if r.get("grid"):
        mix = ", ".join(f"{plotly_text(t)} {c:,}" for t, c in type_mix(r.get("types"))[:4])
        return (f"<b>{n:,} events</b> around {where or 'an unnamed place'}<br>mostly {mix}<br>"
                f"{_date(r.get('first_date'))} – {_date(r.get('last_date'))}{killed}{approx}")
    return (f"<b>{n:,} {plotly_text(r.get('event_type'))} events</b><br>{where or 'place unknown'}<br>"
            f"{_date(r.get('first_date'))} – {_date(r.get('last_date'))}{killed}{approx}")


def type_mix(histogram) -> list[tuple[str, int]]:
    """'{ACCUSE=4, ASSAULT=9}' (DuckDB's histogram as text) -> [('ASSAULT', 9), ('ACCUSE', 4)]."""
    if is_missing(histogram):
        return []
    pairs = []
    for part in str(histogram).strip("{}").split(", "):
        name, _, count = part.rpartition("=")
        if name and count.isdigit():
            pairs.append((name, int(count)))
    return sorted(pairs, key=lambda p: (-p[1], p[0]))


def marker_sizes(events: pd.Series, top: float, *, smallest: float = 7, largest: float = 38) -> list[float]:
    """Diameters growing with the square root of the count (area ~ events)."""
    top = max(float(top), 1.0)
    return [smallest + (largest - smallest) * math.sqrt(float(n) / top) for n in events]


def _prepared(markers: pd.DataFrame | None) -> pd.DataFrame:
    df = markers if markers is not None else pd.DataFrame()
    if df.empty:
        return df
    df = df.dropna(subset=["lat", "lon"]).copy()
    df["event_type"] = df["event_type"].fillna("OTHER")
    df["approx"] = df["approx"].fillna(False).astype(bool) if "approx" in df else False
    grid = df["grid"].fillna(False).astype(bool) if "grid" in df else pd.Series(False, index=df.index)
    df["key"] = [marker_key(a, b, t, x, g) for a, b, t, x, g in
                 zip(df["klat"], df["klon"], df["event_type"], df["approx"], grid)]
    df["event_id"] = df["event_id"].fillna("") if "event_id" in df else ""
    return df


def marker_keys(markers: pd.DataFrame) -> pd.Series:
    """The key of every marker row (as its ``customdata[0]``)."""
    return _prepared(markers)["key"] if markers is not None and not markers.empty else pd.Series(dtype=str)


def center_zoom(markers: pd.DataFrame | None) -> tuple[dict, float]:
    """MapLibre centre and zoom framing the markers (the whole world when they spread wide)."""
    if markers is None or markers.empty:
        return {"lat": 20.0, "lon": 10.0}, 0.8
    lat, lon = markers["lat"].astype(float), markers["lon"].astype(float)
    span = max(lat.max() - lat.min(), (lon.max() - lon.min()) / 1.8, 2.0) * 1.4
    zoom = max(0.8, min(9.0, math.log2(180.0 / span)))
    return {"lat": float((lat.max() + lat.min()) / 2), "lon": float((lon.max() + lon.min()) / 2)}, zoom


def _outline_layers(source) -> list[dict]:
    return [{"sourcetype": "geojson", "source": source, "type": "fill", "color": LAND, "below": "traces"},
            {"sourcetype": "geojson", "source": source, "type": "line", "color": BORDER, "line": {"width": 0.6},
             "below": "traces"}]


def _map_layout(fig: go.Figure, *, center: dict, zoom: float, height: int, outlines, legend: bool = True,
                revision: str = "map") -> go.Figure:
    fig.update_layout(
        map={"style": OFFLINE_STYLE, "center": center, "zoom": zoom, "layers": _outline_layers(outlines)},
        # A constant uirevision: plotly keeps the analyst's pan and zoom when the figure is redrawn.
        uirevision=revision, height=height, margin={"l": 0, "r": 0, "t": 0, "b": 0}, font=FONT,
        paper_bgcolor="white", dragmode="pan", hoverlabel={"align": "left"}, showlegend=legend,
        legend={"title": {"text": "type (events)"}, "orientation": "h", "yanchor": "top", "y": -0.01, "x": 0,
                "entrywidth": 125, "itemsizing": "constant"})
    return fig


def _empty_note(fig: go.Figure, text: str = "No located events match the filters") -> None:
    fig.add_annotation(text=text, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font={"size": 16, "color": "#666"}, bgcolor="rgba(255,255,255,0.8)")


def _by_type(df: pd.DataFrame):
    """(type, its markers, legend name with its event count) in the legend's type order."""
    for t in type_order(df["event_type"].unique()):
        d = df[df["event_type"] == t]
        yield t, d, f"{t} ({int(d['events'].sum()):,})"


View = tuple[dict, float]   # (centre {lat, lon}, zoom) of a WebGL map


def live_map_figure(markers: pd.DataFrame | None, *, outlines=COUNTRIES_URL, height: int = 680,
                    revision: str = "map", view: View | None = None) -> go.Figure:
    """WebGL markers (``query.map_points`` frame): one trace per type, exact places filled,
    area centres as rings (a coloured disc with a white centre).

    ``view``: the initial centre and zoom (default: framing the markers). Streamlit
    keeps the analyst's pan and zoom while a rerun draws the same figure."""
    df = _prepared(markers)
    fig = go.Figure()
    if not df.empty:
        top = df["events"].max()
        for t, d, name in _by_type(df):
            for approx, part in ((False, d[~d["approx"]]), (True, d[d["approx"]])):
                if part.empty:
                    continue
                size = marker_sizes(part["events"], top)
                hover = [marker_hover(r) for r in part.to_dict("records")]
                fig.add_trace(go.Scattermap(
                    lat=part["lat"], lon=part["lon"], mode="markers", name=name, legendgroup=t,
                    showlegend=bool(not approx or d["approx"].all()),
                    marker={"size": [s + 4 for s in size] if approx else size, "color": type_color(t),
                            "opacity": 0.9 if approx else 0.8},
                    text=hover, hovertemplate="%{text}<extra></extra>", customdata=part[CUSTOM].to_numpy()))
                if approx:   # the hole of the ring: no hover, no customdata, not selectable on its own
                    fig.add_trace(go.Scattermap(
                        lat=part["lat"], lon=part["lon"], mode="markers", legendgroup=t, showlegend=False,
                        name=f"{t} (centre)", hoverinfo="skip",
                        marker={"size": [max(2.0, s - 3) for s in size], "color": "white", "opacity": 1.0}))
    center, zoom = view or center_zoom(df)
    _map_layout(fig, center=center, zoom=zoom, height=height, outlines=outlines, revision=revision)
    if not df.empty and "grid" in df and df["grid"].fillna(False).astype(bool).any():
        fig.update_layout(legend_title_text="most frequent type of the cell (events in those cells)")
    if df.empty:
        _empty_note(fig)
    return fig


def density_figure(markers: pd.DataFrame | None, *, outlines=COUNTRIES_URL, height: int = 680,
                   revision: str = "map-density", view: View | None = None) -> go.Figure:
    """Event density (weighted by each marker's count) on the same offline base."""
    df = _prepared(markers)
    fig = go.Figure()
    if not df.empty:
        fig.add_trace(go.Densitymap(lat=df["lat"], lon=df["lon"], z=df["events"], radius=18, opacity=0.75,
                                    colorscale="YlOrRd", colorbar={"title": {"text": "events"}, "thickness": 12},
                                    hovertemplate="%{z:,} events here<extra></extra>"))
    center, zoom = view or center_zoom(df)
    _map_layout(fig, center=center, zoom=zoom, height=height, outlines=outlines, legend=False, revision=revision)
    if df.empty:
        _empty_note(fig)
    return fig


def choropleth_figure(counts: pd.DataFrame | None, *, outlines=COUNTRIES_URL, height: int = 680,
                      revision: str = "map-countries") -> go.Figure:
    """Events per country (columns value = ISO3, events) as shaded countries; click one to pick it."""
    df = counts.dropna(subset=["value"]) if counts is not None and not counts.empty else pd.DataFrame()
    fig = go.Figure()
    if not df.empty:
        names = [plotly_text(country_name(c)) for c in df["value"]]
        fig.add_trace(go.Choroplethmap(
            geojson=outlines, featureidkey="id", locations=df["value"], z=df["events"], colorscale="Reds",
            marker={"opacity": 0.85, "line": {"width": 0.5, "color": "white"}},
            colorbar={"title": {"text": "events"}, "thickness": 12},
            customdata=[[c, n] for c, n in zip(df["value"], names)],
            hovertemplate="<b>%{customdata[1]}</b>: %{z:,} events<extra></extra>"))
    _map_layout(fig, center={"lat": 25.0, "lon": 15.0}, zoom=0.9, height=height, outlines=outlines, legend=False,
                revision=revision)
    if df.empty:
        _empty_note(fig, "No events with a country match the filters")
    return fig


# ---- static images (kaleido: SVG geo, no WebGL) -------------------------------------------------
def map_view(points_df: pd.DataFrame) -> dict:
    """Geo layout keys that frame the points with a margin (whole world when they spread wide)."""
    if points_df is None or points_df.empty:
        return dict(projection_type="natural earth", resolution=110)
    lat, lon = points_df["lat"].astype(float), points_df["lon"].astype(float)
    lat0, lat1, lon0, lon1 = lat.min(), lat.max(), lon.min(), lon.max()
    span = max(lat1 - lat0, (lon1 - lon0) / 1.6, 12.0)
    pad = span * 0.25
    cx, cy = (lon0 + lon1) / 2, (lat0 + lat1) / 2
    half_lon, half_lat = (span * 1.6) / 2 + pad, span / 2 + pad
    if half_lon >= 120:  # most of the world anyway: show all of it
        return dict(projection_type="natural earth", resolution=110)
    return dict(projection_type="natural earth", resolution=50 if half_lon < 40 else 110,
                lonaxis_range=[max(-180, cx - half_lon), min(180, cx + half_lon)],
                lataxis_range=[max(-90, cy - half_lat), min(90, cy + half_lat)],
                center=dict(lon=cx, lat=cy))


def map_figure(markers: pd.DataFrame | None, aggregated: bool = False, *, height: int = 680) -> go.Figure:
    """The same markers on an SVG world map (local topojson outlines), for images.

    Area centres are open circles; sizes follow the event count. ``aggregated``
    only changes the legend title (grid cells rather than places).
    """
    df = _prepared(markers)
    fig = go.Figure()
    if not df.empty:
        top = df["events"].max()
        for t, d, name in _by_type(df):
            fig.add_trace(go.Scattergeo(
                lat=d["lat"], lon=d["lon"], mode="markers", name=name,
                legendgroup=t, text=[marker_hover(r) for r in d.to_dict("records")],
                hovertemplate="%{text}<extra></extra>", customdata=d[CUSTOM].to_numpy(),
                marker={"size": marker_sizes(d["events"], top, smallest=6, largest=30), "color": type_color(t),
                        "opacity": 0.85, "sizemode": "diameter",
                        "symbol": ["circle-open" if a else "circle" for a in d["approx"]],
                        "line": {"width": [2.0 if a else 0.6 for a in d["approx"]], "color":
                                 [type_color(t) if a else "white" for a in d["approx"]]}}))
    fig.update_geos(showcountries=True, countrycolor=BORDER, countrywidth=0.6, showcoastlines=True,
                    coastlinecolor=BORDER, coastlinewidth=0.6, showland=True, landcolor=LAND, showocean=True,
                    oceancolor=SEA, showlakes=False, showframe=False, **map_view(df))
    if df.empty:
        _empty_note(fig)
    fig.update_layout(height=height, margin={"l": 0, "r": 0, "t": 10, "b": 0}, font=FONT, paper_bgcolor="white",
                      legend={"title": {"text": "type (events" + (", grouped by area)" if aggregated else ")")},
                              "itemsizing": "constant", "orientation": "h", "entrywidth": 125, "yanchor": "top",
                              "y": -0.01, "x": 0, "xanchor": "left"},
                      hoverlabel={"align": "left"})
    return fig
