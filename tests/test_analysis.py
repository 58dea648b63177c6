"""Actor network, ranked actors, period comparison with surge flags, cooperation/conflict balance."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from sitroom import query, taxonomy
from sitroom.analysis import actors, trends
from sitroom.analysis.figures import balance_figure, comparison_figure, network_figure
from sitroom.fixtures import build_fixture_db
from sitroom.store import Store

from components.filters import KEYS


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = build_fixture_db(tmp_path_factory.mktemp("analysis") / "fx.duckdb", n_events=300, seed=1)
    s = Store(path)
    yield s
    s.close()


def _participations(cur, actor: str, f=query.Filters()) -> int:
    """Events with this actor key (canonical id, else name) on either side."""
    where, args = query.where_clause(f)
    return cur.execute(f"SELECT count(*) FROM events_current e WHERE {where} AND "
                       f"(coalesce(actor1_id, actor1) = ? OR coalesce(actor2_id, actor2) = ?)",
                       args + [actor, actor]).fetchone()[0]


def test_actor_table_counts_and_ranking(store):
    cur = store.cursor()
    table = actors.actor_table(cur, query.Filters())
    assert list(table["rank"]) == list(range(1, len(table) + 1))
    assert table["events"].is_monotonic_decreasing
    for r in table.head(5).itertuples():
        assert r.events == _participations(cur, r.actor)
        assert r.as_actor1 + r.as_actor2 >= r.events
    quads = [actors.QUAD_COLUMNS[q] for q in actors.QUAD_ORDER]
    assert (table[quads].sum(axis=1) == table["events"]).all()
    assert table["conflict_share"].dropna().between(0, 1).all()


def test_rejected_event_leaves_the_network(tmp_path):
    s = Store(build_fixture_db(tmp_path / "rej.duckdb", n_events=40, seed=2))
    cur = s.cursor()
    ev = query.events(cur, query.Filters(), limit=1).iloc[0]
    before = actors.actor_edges(cur, query.Filters())
    n = before[(before.source == ev.actor1_id) & (before.target == ev.actor2_id)]["events"].sum()
    s.add_edit(ev.event_id, "status", "rejected", author="test")
    after = actors.actor_edges(cur, query.Filters())
    assert after[(after.source == ev.actor1_id) & (after.target == ev.actor2_id)]["events"].sum() == n - 1
    s.close()


def test_network_top_n_and_layout(store):
    net = actors.actor_network(store.cursor(), query.Filters(), top_n=6)
    assert len(net.nodes) == 6 and net.truncated and net.total_actors > 6
    keep = set(net.nodes["actor"])
    assert set(net.edges["source"]) <= keep and set(net.edges["target"]) <= keep
    assert net.nodes[["x", "y"]].abs().max().max() <= 1.0 + 1e-9
    again = actors.actor_network(store.cursor(), query.Filters(), top_n=6)
    assert np.allclose(net.nodes[["x", "y"]], again.nodes[["x", "y"]])      # deterministic
    assert set(net.edges["dominant_quad"]) <= set(actors.QUAD_ORDER)
    lonely = pd.DataFrame({"actor": ["loner"], "events": [99]})
    table = pd.concat([lonely, actors.actor_table(store.cursor(), query.Filters())], ignore_index=True)
    edges = actors.actor_edges(store.cursor(), query.Filters())
    assert "loner" in set(actors.build_network(table=table, edges=edges, top_n=5).nodes["actor"])
    linked = actors.build_network(table=table, edges=edges, top_n=5, linked_only=True)
    assert "loner" not in set(linked.nodes["actor"]) and linked.total_actors == len(table)


def test_dominant_quad_prefers_conflict_on_ties():
    row = {actors.QUAD_COLUMNS[taxonomy.VERBAL_COOPERATION]: 3, actors.QUAD_COLUMNS[taxonomy.MATERIAL_CONFLICT]: 3}
    assert actors.dominant_quad(row) == taxonomy.MATERIAL_CONFLICT
    assert actors.dominant_quad({actors.QUAD_COLUMNS[actors.OTHER_QUAD]: 2}) == actors.OTHER_QUAD


def test_spring_layout_scales():
    pos = actors.spring_layout(n=300, edges=[(i, (i * 7) % 300, 3.0) for i in range(300)])
    assert pos.shape == (300, 2) and np.isfinite(pos).all()
    assert actors.spring_layout(n=0, edges=[]).shape == (0, 2)


def test_surge_rule():
    wide = pd.DataFrame({"key": ["steady", "doubling", "tiny", "new", "big-but-flat"],
                         "p0": [3, 3, 1, 0, 20], "p1": [3, 3, 1, 0, 20], "p2": [3, 3, 1, 0, 20],
                         "p3": [3, 3, 1, 0, 20], "p4": [3, 6, 3, 5, 24]})
    out = trends.flag_surges(wide, rule=trends.SurgeRule(k=4, ratio=2.0, min_count=5)).set_index("key")
    assert out.loc["doubling", "surge"]
    # From nothing to five is new, not a surge: there is no base to rise from.
    assert not out.loc["new", "surge"] and out.loc["new", "trend"] == "new"
    assert not out.loc["steady", "surge"] and not out.loc["tiny", "surge"] and not out.loc["big-but-flat", "surge"]
    assert out.loc["steady", "trend"] == "flat"
    assert out.loc["doubling", "baseline"] == 3 and out.loc["doubling", "ratio"] == 2
    assert out.index[0] == "doubling"                           # surges listed first
    lenient = trends.flag_surges(wide, rule=trends.SurgeRule(min_base=0)).set_index("key")
    assert lenient.loc["new", "surge"]
    # Where the data does not reach back over the baseline, nothing is a surge.
    assert not trends.flag_surges(wide, covered=False)["surge"].any()


def test_no_surge_at_the_start_of_the_data(store):
    """The first periods of a corpus look like a rise from nothing: never flagged."""
    cur = store.cursor()
    first, last = query.data_span(cur)
    early = first + pd.Timedelta(days=20)
    table, windows = trends.comparison(cur, query.Filters(), by="country", days=7,
                                       rule=trends.SurgeRule(ratio=1.1, min_count=1, min_base=0), end=early)
    assert windows[0][0] < first and not table["surge"].any()
    later, windows = trends.comparison(cur, query.Filters(), by="country", days=7,
                                       rule=trends.SurgeRule(ratio=1.1, min_count=1, min_base=0), end=last)
    assert trends.baseline_covered(cur, query.Filters(), windows) and later["surge"].any()


def test_background_events_never_count_in_trends(tmp_path):
    s = Store(build_fixture_db(tmp_path / "bg.duckdb", n_events=200, seed=3, background_share=0.3))
    cur = s.cursor()
    n_bg = cur.execute("SELECT count(*) FROM events WHERE background").fetchone()[0]
    assert n_bg > 10
    shown = query.Filters(include_background=True)
    for f in (query.Filters(), shown):
        wide, windows = trends.period_counts(cur, f, by="country", days=365 * 40, k=1)
        assert wide[["p0", "p1"]].to_numpy().sum() == query.headline_counts(cur, query.Filters())["events"]
        assert trends.quad_balance(cur, f, freq="month")["total"].sum() == wide[["p0", "p1"]].to_numpy().sum()
    # ... while the timeline shows them at their own dates when asked.
    assert query.timeline(cur, shown, "month")["events"].sum() == query.headline_counts(cur, shown)["shown"]
    s.close()


def test_period_counts_match_the_store(store):
    cur = store.cursor()
    end = date(2025, 4, 20)
    wide, windows = trends.period_counts(cur, query.Filters(), by="country", days=7, k=3, end=end)
    assert windows[-1] == (date(2025, 4, 14), end) and windows[0][0] == date(2025, 3, 24)
    for i, (lo, hi) in enumerate(windows):
        n = query.headline_counts(cur, query.Filters(start=lo, end=hi))["events"]
        where, args = query.where_clause(query.Filters(start=lo, end=hi))
        located = cur.execute(f"SELECT count(*) FROM events_current e WHERE {where} AND country IS NOT NULL",
                              args).fetchone()[0]
        assert wide[f"p{i}"].sum() == located <= n
    by_actor, _ = trends.comparison(cur, query.Filters(), by="actor", days=14, end=end)
    top = by_actor.sort_values("current", ascending=False).iloc[0]
    assert top["current"] == _participations(cur, top["key"], query.Filters(start=date(2025, 4, 7), end=end))


def test_quad_balance(store):
    cur = store.cursor()
    bal = trends.quad_balance(cur, query.Filters(), freq="month")
    tl = query.timeline(cur, query.Filters(), "month").groupby("period")["events"].sum()
    assert list(bal["total"]) == list(tl)
    assert bal["balance"].dropna().between(-1, 1).all() and bal["weighted"].dropna().between(-2, 2).all()
    assert trends.auto_freq(date(2025, 1, 1), date(2025, 1, 20)) == "day"


def test_figures_escape_and_carry_raw_names(store):
    cur = store.cursor()
    net = actors.actor_network(cur, query.Filters(), top_n=40)
    fig = network_figure(network=net)
    nodes = fig.data[-1]
    assert "D:evil-co" in {c[0] for c in nodes.customdata}                  # the actor key for click-to-filter
    assert any("&lt;b&gt;Evil&lt;/b&gt;" in t for t in nodes.text)            # escaped label
    assert not any("<b>Evil" in t for t in nodes.text)
    table, windows = trends.comparison(cur, query.Filters(), by="actor", days=30)
    cfig = comparison_figure(table=table, labels=trends.period_labels(windows))
    assert len(cfig.data) == 2 and cfig.data[1].name.startswith("current")
    assert len(balance_figure(balance=trends.quad_balance(cur, query.Filters())).data) == 5
    empty = actors.actor_network(cur, query.Filters(countries=("ZZZ",)))
    assert empty.nodes.empty and network_figure(network=empty).layout.annotations


@pytest.fixture()
def app_db(store, tmp_path, monkeypatch):
    """A copy of the module's DB for the app (it opens its own read-write connection)."""
    import shutil
    db = tmp_path / "app.duckdb"
    shutil.copy(store.path, db)
    monkeypatch.setenv("SITROOM_DB", str(db))
    return db


def _app():
    from pathlib import Path
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)
    at.run()
    return at


def test_actors_page_focus_sets_the_dashboard_filter(app_db):
    at = _app()
    at.switch_page("pages/actors.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.selectbox(key="act_pick").set_value("D:hamas").run()
    at.button(key="act_focus").click().run()
    assert not at.exception, [e.value for e in at.exception]
    # The sidebar's URL-bound actor widget reads this key on the next run of app.py. (AppTest's
    # switch_page runs the page alone, without app.py's sidebar, so the widget itself is not here.)
    assert at.session_state[KEYS["actors"]] == ["D:hamas"]


def test_trends_page_renders_and_flags(app_db):
    at = _app()
    at.switch_page("pages/trends.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("surge = at least" in c.value for c in at.caption)
    at.number_input(key="tr_min").set_value(1).run()
    at.number_input(key="tr_ratio").set_value(1.1).run()
    assert not at.exception, [e.value for e in at.exception]
