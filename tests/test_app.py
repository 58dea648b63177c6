"""Smoke and behaviour tests of the Streamlit dashboard with AppTest on a fixture DB.

AppTest runs the real app.py (navigation, sidebar filters, pages) in-process; it
has no plotly accessor, so charts are covered by tests/test_figures.py.
"""
from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # app.py's folder: components/

from components.filters import describe
from components.pages import registered_pages
from components.safe import md
from sitroom import query
from sitroom.fixtures import build_fixture_db
from sitroom.query import Filters
from sitroom.store import Store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


@pytest.fixture()
def db(tmp_path, monkeypatch) -> Path:
    """A fresh fixture DB per test (tests write edits), selected through SITROOM_DB."""
    path = build_fixture_db(tmp_path / "fx.duckdb", n_events=160)
    monkeypatch.setenv("SITROOM_DB", str(path))
    monkeypatch.setenv("SITROOM_AUTHOR", "tester")
    return path


def store_for(db: Path) -> Store:
    """The Store the app itself opened (one read-write DuckDB handle per file and process)."""
    from components.store import _open_store
    return _open_store(str(db.resolve()))


def run(page: str | None = None, params: dict | None = None, *, every_date: bool = True) -> AppTest:
    """Run the app (on ``page``) as a link with ``params`` opens it; ``every_date`` adds ``dates=all``
    (the link of the "All" dates button) so numbers compare with ``Filters()``."""
    at = AppTest.from_file(APP, default_timeout=60)
    params = dict(params or {})
    if every_date and not {"from", "to"} & set(params):
        params.setdefault("dates", "all")
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    """Every markdown/caption/html/text string on the page, for content assertions."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.text]
    parts += [h.proto.body for h in at.get("html")]
    parts += [s.value for s in at.subheader] + [t.value for t in at.title]
    return "\n".join(str(p) for p in parts)


def test_every_registered_page_renders(db):
    at = run()
    assert [t.value for t in at.title] == ["Overview"]
    for path, title, _ in registered_pages():
        at.switch_page(path).run()
        assert not at.exception, (path, [e.value for e in at.exception])
        assert not at.error, (path, [e.value for e in at.error])
        if path in ("pages/overview.py", "pages/timeline.py", "pages/map.py", "pages/events.py"):
            assert [t.value for t in at.title] == [title]


def test_overview_headline_numbers_match_query(db):
    at = run()
    h = query.headline_counts(store_for(db).cursor(), Filters())
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Events"] == f"{h['events']:,}"
    assert metrics["Articles"] == f"{h['articles']:,}"
    assert metrics["Countries"] == f"{h['countries']:,}"
    assert metrics["Fatalities"] == f"{h['fatalities']:,}"


def test_a_link_without_dates_opens_on_the_recent_window(db):
    """Not 1995-2025: the last 90 days (setting recent_days) up to the newest current event."""
    at = run(every_date=False)
    cur = store_for(db).cursor()
    first, last = query.data_span(cur)
    assert (at.date_input(key="f_from").value, at.date_input(key="f_to").value) == (last - timedelta(days=89), last)
    f = Filters(start=last - timedelta(days=89), end=last)
    h = query.headline_counts(cur, f)
    assert 0 < h["events"] < query.headline_counts(cur, Filters())["events"]
    assert {m.label: m.value for m in at.metric}["Events"] == f"{h['events']:,}"
    assert at.query_params["from"] == f.start.isoformat()
    # "All" dates: the link says so, and reopening it keeps every date.
    [b for b in at.sidebar.button if b.label == "All"][0].click().run()
    assert at.query_params["dates"] == "all" and "from" not in at.query_params
    again = run(params={k: at.query_params[k] for k in at.query_params}, every_date=False)
    assert at.date_input(key="f_from").value is None and again.date_input(key="f_from").value is None


def test_filters_from_url_params(db):
    at = run("pages/events.py", {"country": "IRQ", "type": ["ASSAULT", "ACCUSE"], "minconf": "0.5"})
    assert at.multiselect(key="f_country").value == ["IRQ"]
    assert at.multiselect(key="f_type").value == ["ASSAULT", "ACCUSE"]
    assert at.slider(key="f_minconf").value == 0.5
    f = Filters(countries=("IRQ",), types=("ASSAULT", "ACCUSE"), min_confidence=0.5)
    n = query.headline_counts(store_for(db).cursor(), f)["events"]
    assert 0 < n < 160
    assert f"{n:,} events match" in texts(at)
    assert describe(f) == "countries: IRQ; types: ASSAULT, ACCUSE; confidence ≥ 0.50"
    assert md(describe(f)) in texts(at)  # the page caption says which filters are on
    # The share box shows a link that reopens exactly this view.
    link = [c.value for c in at.code if "?" in c.value][0]
    assert Filters.from_params(parse_qs(link.split("?", 1)[1])) == f


def test_widget_change_is_written_to_url(db):
    at = run("pages/events.py")
    at.multiselect(key="f_type").select("PROTEST").run()
    at.checkbox(key="f_rejected").check().run()
    assert not at.exception
    params = {k: at.query_params[k] for k in at.query_params}
    f = Filters.from_params(params)
    assert f.types == ("PROTEST",) and f.include_rejected


def test_untrusted_text_is_escaped(db):
    at = run("pages/events.py", {"actor": "<b>Evil</b> & Co"})
    assert at.selectbox(key="ev_pick").options, "the actor filter from the URL selected nothing"
    at.selectbox(key="ev_pick").set_value(newest_event(db, Filters(actors=("<b>Evil</b> & Co",)))).run()
    assert not at.exception
    html = "\n".join(h.proto.body for h in at.get("html"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html          # article title shown as text
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in html                # actor inside the highlighted article
    assert "<script" not in html and "<b>Evil" not in html
    assert "<mark" in html                                           # the evidence sentence is highlighted
    # Markdown headings/captions escape every markup character.
    md_text = "\n".join([s.value for s in at.subheader] + [c.value for c in at.caption] + [m.value for m in at.markdown])
    assert "<b>Evil" not in md_text and r"\<b\>Evil" in md_text


def newest_event(db: Path, f: Filters = Filters()) -> str:
    """Id of the first row of the Events table."""
    return str(query.events(store_for(db).cursor(), f, limit=1)["event_id"][0])


def _open_event(at: AppTest, event_id: str) -> AppTest:
    at.selectbox(key="ev_pick").set_value(event_id).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_review_confirm_reject_and_edit(db):
    at = run("pages/events.py")
    eid = newest_event(db)
    _open_event(at, eid)

    at.text_input(key=f"ev_{eid}_status_note").input("checked against the wire").run()
    at.button(key=f"ev_{eid}_confirm").click().run()
    assert not at.exception
    store = store_for(db)
    assert store.event(eid)["review_status"] == "confirmed"
    hist = store.history(eid)
    assert list(hist["field"]) == ["status"] and hist["author"][0] == "tester"
    assert hist["note"][0] == "checked against the wire"

    # Edit the type with a note: one edit, recorded in the history tab.
    k = f"ev_{eid}_edit_"
    new_type = "ASSAULT" if store.event(eid)["event_type"] != "ASSAULT" else "PROTEST"
    at.selectbox(key=k + "type").set_value(new_type).run()
    at.number_input(key=k + "fat").set_value(3).run()
    at.text_area(key=k + "note").input("the article says three were killed").run()
    at.button(key=k + "save").click().run()
    assert not at.exception
    ev = store.event(eid)
    assert ev["event_type"] == new_type and ev["fatalities"] == 3
    assert set(ev["edited_fields"]) == {"event_type", "fatalities"}
    assert set(store.history(eid)["field"]) == {"status", "event_type", "fatalities"}

    # Reject: the event leaves the table (and the cached queries see it at once) ...
    at.button(key=f"ev_{eid}_reject").click().run()
    assert store.event(eid)["review_status"] == "rejected"
    assert at.selectbox(key="ev_pick").options[0].endswith("(not in this list now)")  # kept open, flagged
    n_before = query.headline_counts(store.cursor(), Filters())["events"]
    assert f"{n_before:,} events match" in texts(at)
    # ... and comes back with "show rejected".
    at.checkbox(key="f_rejected").check().run()
    assert f"{n_before + 1:,} events match" in texts(at)


def test_edit_form_rejects_bad_country_code(db):
    at = run("pages/events.py")
    eid = newest_event(db)
    _open_event(at, eid)
    k = f"ev_{eid}_edit_"
    at.text_input(key=k + "a1c").input("Iraq").run()
    at.button(key=k + "save").click().run()
    assert any(md("use an ISO 3166-1 alpha-3 code") in e.value for e in at.error)
    assert store_for(db).history(eid).empty


def test_saved_views_roundtrip(db):
    at = run("pages/overview.py", {"country": "SYR", "review": "unreviewed"})
    at.text_input(key="sv_name").input("Syria backlog").run()
    at.button(key="sv_save").click().run()
    views = store_for(db).saved_views()
    assert list(views["name"]) == ["Syria backlog"]
    assert Filters.from_params(parse_qs(views["query"][0])) == Filters(countries=("SYR",), review="unreviewed")

    reset = [b for b in at.sidebar.button if b.label == "Reset filters"][0]
    reset.click().run()
    assert at.multiselect(key="f_country").value == []
    at.button(key="sv_open").click().run()
    assert at.multiselect(key="f_country").value == ["SYR"]
    assert at.selectbox(key="f_review").value == "unreviewed"


def test_timeline_period_lists_its_events(db):
    at = run("pages/timeline.py")
    at.selectbox(key="tl_period_week").select_index(0).run()   # the newest week
    assert not at.exception
    chosen = at.selectbox(key="tl_period_week").value
    n = len(query.events_in_period(store_for(db).cursor(), Filters(), chosen, "week"))
    assert n > 0 and any(f": {n:,} events" in s.value for s in at.subheader)
    # The period's events can be opened from there.
    assert at.selectbox(key="tl_pick").options


def test_map_counts_located_and_missing(db):
    at = run("pages/map.py")
    metrics = {m.label: m.value for m in at.metric}
    total = query.headline_counts(store_for(db).cursor(), Filters())["events"]
    assert metrics["Events on the map"] == f"{total:,}"   # every fixture event has coordinates
    assert metrics["Without a location"] == "0"


def test_missing_database_is_explained(tmp_path, monkeypatch):
    monkeypatch.setenv("SITROOM_DB", str(tmp_path / "nope.duckdb"))
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert any("no database here" in e.value for e in at.error)
    assert not (tmp_path / "nope.duckdb").exists(), "the dashboard must not create an empty database"


def test_pages_explain_when_nothing_matches(db):
    at = run(params={"q": "no such words anywhere"})
    for path, _, _ in registered_pages():
        at.switch_page(path).run()
        assert not at.exception, (path, [e.value for e in at.exception])
    at.switch_page("pages/overview.py").run()
    assert any("No events match" in i.value for i in at.info)


def test_every_evidence_piece_is_shown(db):
    """An event reported by two articles shows both sources, each sentence highlighted."""
    store = store_for(db)
    cur = store.cursor()
    a, b = query.events(cur, Filters(), limit=40)["event_id"][[0, 39]]
    row = cur.execute("SELECT * FROM evidence WHERE event_id = ?", [b]).df().iloc[0].to_dict()
    row.update(evidence_id=f"{a}-2", event_id=a)
    cols = ", ".join(row)
    cur.execute(f"INSERT INTO evidence ({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    at = _open_event(run("pages/events.py"), a)
    html = "\n".join(h.proto.body for h in at.get("html"))
    assert "Source 1 of 2" in html and "Source 2 of 2" in html
    assert html.count("<mark") >= 2


def test_place_search_sets_the_location(db):
    from components.store import get_geocoder
    if get_geocoder() is None:
        pytest.skip("gazetteer not built (sitroom build-gazetteer)")
    at = run("pages/events.py")
    eid = newest_event(db)
    _open_event(at, eid)
    k = f"ev_{eid}_edit_"
    at.text_input(key=k + "q").input("Mosul").run()
    at.selectbox(key=k + "place").select_index(0).run()
    at.button(key=k + "save").click().run()
    ev = store_for(db).event(eid)
    assert (ev["location"], ev["country"]) == ("Mosul", "IRQ")
    assert abs(ev["lat"] - 36.33) < 0.1 and "lat" in ev["edited_fields"]


def test_download_buttons_when_export_exists(db):
    pytest.importorskip("sitroom.export")
    at = run("pages/events.py")
    labels = sorted(b.proto.label for b in at.get("download_button"))
    assert labels == ["CSV", "GeoJSON", "Parquet"]


def test_the_fields_table_says_which_participants_were_inferred():
    import json as _json
    from components.event_detail import CONTEXT_COUNTRY_NOTE, VIA_NOTES, fields_table
    ev = {"event_type": "ASSAULT", "actor1": "unidentified armed group", "actor1_country": "IRQ",
          "actor2": "President Mokoena", "actor2_country": "LSO",
          "field_evidence": _json.dumps({
              "actor1": {"text": "unidentified armed group", "start": -1, "end": -1, "via": "inferred"},
              "actor2": {"text": "President Mokoena", "start": 0, "end": 17, "country_via": "context"}})}
    rows = fields_table(ev).set_index("field")["evidence"]
    assert rows["Actor 1"] == VIA_NOTES["inferred"]          # no article words claimed for it
    assert rows["Actor 2"] == "President Mokoena"
    assert rows["Actor 2 country"] == CONTEXT_COUNTRY_NOTE
    assert rows["Actor 1 country"] == ""


def test_events_table_reads_without_none_and_pages(db):
    at = run("pages/events.py")
    table = at.dataframe[0].value
    assert {"summary", "sentence", "confidence", "n_sources", "fatalities"} <= set(table.columns)
    assert len(table) == 100                                    # the first page of 160
    text = table.drop(columns=["event_date", "confidence", "n_sources"]).astype(str)
    assert not text.isin(["None", "nan", "<NA>", "NaT"]).any().any()
    assert table["sentence"].str.len().gt(0).all() and " ? " not in " ".join(table["summary"])
    at.number_input(key="ev_page").set_value(2).run()
    second = at.dataframe[0].value
    assert len(second) == 60 and not set(second["event_id"]) & set(table["event_id"])
    at.selectbox(key="ev_sort").set_value("confidence").run()
    at.selectbox(key="ev_order").set_value("ascending").run()
    low = at.dataframe[0].value["confidence"]
    assert list(low) == sorted(low)
