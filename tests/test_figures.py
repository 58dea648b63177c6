"""The pure figure builders of sitroom.figures, called directly on fixture data."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from sitroom import figures, query, taxonomy
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
    fig = figures.map_figure(pts, aggregated)
    geo = [t for t in fig.data if isinstance(t, go.Scattergeo)]
    assert sum(len(t.lat) for t in geo) == len(pts)
    assert fig.layout.geo.showcountries and fig.layout.geo.showland
    hover = "\n".join(h for t in geo for h in t.text)
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in hover
    assert "<b>Evil</b>" not in hover
    # Each marker carries its event id for click-through.
    ids = {c[0] for t in geo for c in t.customdata}
    assert ids == set(pts["event_id"])
    for t in geo:
        assert t.marker.color == figures.TYPE_COLORS[t.legendgroup]


def test_map_aggregated_sizes_by_count(cur):
    pts, aggregated = query.map_points(cur, query.Filters(), limit=10)
    assert aggregated
    fig = figures.map_figure(pts, aggregated)
    sizes, counts = [], []
    for t in fig.data:
        sizes += list(t.marker.size)
        counts += [c[1] for c in t.customdata]
    assert sum(counts) == pts["events"].sum()
    ranked = sorted(zip(counts, sizes))
    assert ranked[0][1] < ranked[-1][1], "more events should mean a bigger marker"


def test_map_view_frames_points():
    df = pd.DataFrame({"lat": [33.3, 35.7], "lon": [44.4, 51.4]})
    view = figures.map_view(df)
    lo, hi = view["lonaxis_range"]
    assert lo < 44.4 and hi > 51.4 and view["resolution"] == 50
    wide = figures.map_view(pd.DataFrame({"lat": [38.9, 35.7], "lon": [-77.0, 151.2]}))
    assert "lonaxis_range" not in wide  # spread over the world: whole map


def test_empty_inputs_give_explained_figures():
    empty = pd.DataFrame(columns=["period", "event_type", "events"])
    for fig in (figures.types_bar_figure(pd.DataFrame(columns=["value", "events"])),
                figures.timeline_figure(empty, "week"),
                figures.map_figure(pd.DataFrame(columns=["lat", "lon", "event_type", "events"]))):
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
        fig = figures.map_figure(pts, agg)
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
