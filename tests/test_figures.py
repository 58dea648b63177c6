"""The pure figure builders of sitroom.figures, called directly on fixture data."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from sitroom import figures, maps, query, taxonomy, topo
from sitroom.fixtures import build_fixture_db
from sitroom.store import Store


@pytest.fixture(scope="module")
def cur(tmp_path_factory):
    store = Store(build_fixture_db(tmp_path_factory.mktemp("fig") / "fx.duckdb", n_events=240))
    yield store.cursor()
    store.close()


def test_palette_covers_taxonomy_once():
    assert set(figures.TYPE_COLORS) == set(taxonomy.ALL_TYPES)
    assert len(set(figures.TYPE_COLORS.values())) == len(figures.TYPE_COLORS), "two types share a colour"
    assert set(taxonomy.QUAD_CLASSES) <= set(figures.QUAD_COLORS)
    assert figures.type_color("NOT A TYPE") == figures.UNKNOWN_COLOR


def test_types_bar_matches_counts(cur):
    counts = query.counts_by(cur, query.Filters(), "event_type")
    fig = figures.types_bar_figure(counts)
    bar = fig.data[0]
    assert isinstance(bar, go.Bar) and bar.orientation == "h"
    got = dict(zip(bar.y, bar.x))
    assert got == dict(zip(counts["value"], counts["events"]))
    # Largest bar on top (last in a horizontal bar trace), each in its type's colour.
    assert list(bar.x) == sorted(bar.x)
    assert list(bar.marker.color) == [figures.TYPE_COLORS[t] for t in bar.y]


def test_timeline_stacks_every_event(cur):
    f = query.Filters()
    for freq in ("day", "week", "month"):
        tl = query.timeline(cur, f, freq)
        fig = figures.timeline_figure(tl, freq)
        assert fig.layout.barmode == "stack"
        assert sum(sum(t.y) for t in fig.data) == tl["events"].sum() == query.headline_counts(cur, f)["events"]
        for t in fig.data:
            assert t.marker.color == figures.TYPE_COLORS[t.name]
            # customdata carries the period start so a click maps back to events_in_period
            first = pd.Timestamp(t.x[0]).date().isoformat()
            assert t.customdata[0][0] == first
    names = [t.name for t in figures.timeline_figure(query.timeline(cur, f, "week"), "week").data]
    assert names == [t for t in taxonomy.ALL_TYPES if t in names], "legend not in taxonomy order"


def test_map_points_hover_is_escaped(cur):
    pts, aggregated = query.map_points(cur, query.Filters(), limit=10_000)
    assert not aggregated
    for fig in (maps.map_figure(pts, aggregated), maps.live_map_figure(pts)):
        traces = [t for t in fig.data if t.customdata is not None]
        assert sum(len(t.lat) for t in traces) == len(pts)
        hover = "\n".join(h for t in traces for h in t.text)
        assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in hover
        assert "<b>Evil</b>" not in hover
        # Each marker carries its key for click-through: the key lists its events again.
        keys = [c[0] for t in traces for c in t.customdata]
        assert set(keys) == set(maps.marker_keys(pts))
        for t in traces:
            assert t.marker.color == figures.TYPE_COLORS[t.legendgroup]
    one = pts.iloc[0]
    key = maps.marker_keys(pts).iloc[0]
    listed = query.events_at(cur, query.Filters(), [key], one["cell"])
    assert len(listed) == one["events"] and set(listed["event_type"]) == {one["event_type"]}


def test_map_aggregated_sizes_by_count(cur):
    pts, aggregated = query.map_points(cur, query.Filters(), limit=10)
    assert aggregated and (pts["cell"] >= 0.1).all()
    assert pts["events"].sum() == query.headline_counts(cur, query.Filters())["events"]
    fig = maps.live_map_figure(pts)
    sizes, counts = [], []
    for t in fig.data:
        sizes += list(t.marker.size)
        counts += [c[1] for c in t.customdata]
    assert sum(counts) == pts["events"].sum()
    ranked = sorted(zip(counts, sizes))
    assert ranked[0][1] < ranked[-1][1], "more events should mean a bigger marker"
    # A grid marker holds every type of its cell: its key lists them all.
    top = pts.iloc[0]
    listed = query.events_at(cur, query.Filters(), [maps.marker_keys(pts).iloc[0]], top["cell"], limit=10_000)
    assert len(listed) == top["events"]


def test_country_centres_are_drawn_hollow(tmp_path):
    store = Store(build_fixture_db(tmp_path / "c.duckdb", n_events=200, country_share=0.4))
    pts, _ = query.map_points(store.cursor(), query.Filters())
    assert pts["approx"].any() and (~pts["approx"]).any()
    fig = maps.live_map_figure(pts)
    holes = [t for t in fig.data if t.marker.color == "white"]
    rims = {(round(la, 4), round(lo, 4)) for t in fig.data if t.customdata is not None and t.marker.color != "white"
            for la, lo, c in zip(t.lat, t.lon, t.customdata) if c[0].endswith("|1")}
    assert holes and {(round(la, 4), round(lo, 4)) for t in holes for la, lo in zip(t.lat, t.lon)} == rims
    assert all(t.hoverinfo == "skip" and t.customdata is None for t in holes)   # the hole is not a marker
    geo = maps.map_figure(pts)
    assert any("circle-open" in list(t.marker.symbol) for t in geo.data)
    store.close()


def test_webgl_map_needs_nothing_from_outside(cur):
    pts, agg = query.map_points(cur, query.Filters())
    for fig in (maps.live_map_figure(pts), maps.density_figure(pts),
                maps.choropleth_figure(query.counts_by(cur, query.Filters(), "country"))):
        style = fig.layout.map.style
        assert isinstance(style, dict) and "glyphs" not in style and not style["sources"]
        assert all(layer.source == topo.COUNTRIES_URL for layer in fig.layout.map.layers)
        assert fig.layout.uirevision, "pan and zoom would reset on every rerun"
        text = fig.to_json()
        assert "http://" not in text and "https://" not in text
    choro = maps.choropleth_figure(query.counts_by(cur, query.Filters(), "country")).data[0]
    assert choro.geojson == topo.COUNTRIES_URL and choro.featureidkey == "id"


def test_country_outlines_decode_from_the_local_topojson(tmp_path):
    gj = topo.countries_geojson()
    ids = {f["id"] for f in gj["features"]}
    assert {"IRQ", "USA", "RUS", "FJI", "FRA"} <= ids and len(ids) > 170
    for feat in gj["features"]:
        polys = feat["geometry"]["coordinates"]
        polys = [polys] if feat["geometry"]["type"] == "Polygon" else polys
        assert polys and all(ring and len(ring) >= 4 and ring[0] == ring[-1] for poly in polys for ring in poly)
    usa = next(f for f in gj["features"] if f["id"] == "USA")
    lons = [p[0] for poly in usa["geometry"]["coordinates"] for ring in poly for p in ring]
    assert -125 < sorted(lons)[len(lons) // 2] < -65
    out = topo.ensure_countries_file(tmp_path / "c.geojson")
    assert json.loads(out.read_text())["features"][0]["id"] == gj["features"][0]["id"]


def test_map_view_frames_points():
    df = pd.DataFrame({"lat": [33.3, 35.7], "lon": [44.4, 51.4]})
    view = maps.map_view(df)
    lo, hi = view["lonaxis_range"]
    assert lo < 44.4 and hi > 51.4 and view["resolution"] == 50
    wide = maps.map_view(pd.DataFrame({"lat": [38.9, 35.7], "lon": [-77.0, 151.2]}))
    assert "lonaxis_range" not in wide  # spread over the world: whole map
    center, zoom = maps.center_zoom(df)
    assert 33 < center["lat"] < 36 and zoom > 3
    assert maps.center_zoom(pd.DataFrame({"lat": [38.9, -33.9], "lon": [-77.0, 151.2]}))[1] < 1.5


def test_empty_inputs_give_explained_figures():
    empty = pd.DataFrame(columns=["period", "event_type", "events"])
    for fig in (figures.types_bar_figure(pd.DataFrame(columns=["value", "events"])),
                figures.timeline_figure(empty, "week"),
                maps.map_figure(pd.DataFrame(columns=["lat", "lon", "event_type", "events"])),
                maps.live_map_figure(pd.DataFrame(columns=["lat", "lon", "event_type", "events"]))):
        assert fig.layout.annotations and "No" in fig.layout.annotations[0].text


def test_counts_bar_escapes_labels():
    df = pd.DataFrame({"value": ["<b>Evil</b> & Co", "Iran"], "events": [3, 5]})
    fig = figures.counts_bar_figure(df)
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in fig.data[0].y
    assert list(fig.data[0].x) == [3, 5]


def test_offline_topojson_settings():
    assert figures.PLOTLY_CONFIG["topojsonURL"] == "/app/static/topo/"
    assert (figures.TOPOJSON_DIR / "world_110m.json").exists()
    assert (figures.TOPOJSON_DIR / "world_50m.json").exists()
    before = pio.defaults.topojson
    try:
        url = figures.use_local_topojson()
        assert url.startswith("file:///") and pio.defaults.topojson == url
        assert Path(url[len("file://"):], "world_110m.json").exists()
    finally:
        pio.defaults.topojson = before


def test_map_image_renders_outlines_offline(cur, tmp_path):
    """kaleido + local topojson: the exported map has land drawn (not a blank plot)."""
    pytest.importorskip("kaleido")
    before = pio.defaults.topojson
    try:
        figures.use_local_topojson()
        pts, agg = query.map_points(cur, query.Filters())
        fig = maps.map_figure(pts, agg)
        try:
            png = fig.to_image(format="png", width=800, height=600)
        except Exception as exc:  # no Chromium for kaleido on this machine
            pytest.skip(f"kaleido cannot render here: {exc}")
    finally:
        pio.defaults.topojson = before
    import io

    from PIL import Image
    img = Image.open(io.BytesIO(png)).convert("RGB")
    land = (0xF3, 0xF1, 0xEC)
    colours = dict((c, n) for n, c in img.getcolors(img.width * img.height))
    ocean = (0xE8, 0xF0, 0xF7)
    area = img.width * img.height
    assert colours.get(land, 0) > 0.03 * area, "no land colour: outlines missing"
    assert colours.get(ocean, 0) > 0.03 * area, "no ocean colour: the geo subplot did not draw"
