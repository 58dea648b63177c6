"""The default view (headline or confident events), background events, canonical actors and the
names people read: the query layer's contract with the redesigned extractor (issue 8)."""
from __future__ import annotations

import json
from datetime import date

import pytest

from sitroom import names, query, schema
from sitroom.analysis import actors
from sitroom.fixtures import build_fixture_db
from sitroom.ingest import insert_rows
from sitroom.store import Store


def _event(i: int, **kw) -> dict:
    """One stored event row (every schema column), an ASSAULT in Baghdad unless told otherwise."""
    ev = {c: None for c in schema.column_names("events")}
    ev.update(article_id="a1", event_id=f"e{i}", event_type="ASSAULT", event_date=date(2025, 3, 1),
              date_precision="day", actor1="Gunmen", actor1_country="IRQ", actor2="civilians",
              actor2_country="IRQ", location="Baghdad", country="IRQ", lat=33.34, lon=44.40,
              geo_precision="city", sentence=f"Sentence {i}.", start_char=0, end_char=11, confidence=0.9,
              quad_class="material conflict", n_sources=1, n_mentions=1)
    ev.update(kw)
    return ev


@pytest.fixture()
def store(tmp_path):
    s = Store(tmp_path / "v.duckdb")
    with s.transaction() as cur:
        insert_rows(cur, "articles", [["a1", "h1", "Title", date(2025, 3, 2), "Wire", None, "Text", "[]", "t", None],
                                      ["a2", "h2", "Other", date(2025, 3, 2), "Wire", None, "Text", "[]", "t", None]])
    yield s
    s.close()


def _put(store: Store, *events: dict) -> None:
    cols = schema.column_names("events")
    with store.transaction() as cur:
        insert_rows(cur, "events", [[ev[c] for c in cols] for ev in events])


def _ids(store: Store, f: query.Filters = query.Filters()) -> set[str]:
    return set(query.events(store.cursor(), f)["event_id"])


def test_default_view_is_headline_or_confident_events(store, monkeypatch):
    _put(store, _event(1, confidence=0.9), _event(2, confidence=0.2),
         _event(3, confidence=0.2, headline=True), _event(4, confidence=0.2, headline=False),
         _event(5, confidence=0.6, headline=None))
    assert _ids(store) == {"e1", "e3", "e5"}                      # NULL headline (old databases) = not headline
    assert _ids(store, query.Filters(all_mentions=True)) == {"e1", "e2", "e3", "e4", "e5"}
    monkeypatch.setenv("SITROOM_EVENT_CONFIDENCE", "0.7")
    assert _ids(store) == {"e1", "e3"}
    f = query.Filters(all_mentions=True, include_background=True)
    from urllib.parse import parse_qs
    assert query.Filters.from_params(parse_qs(f.to_query_string())) == f
    assert "all mentions" in f.describe() and "background events shown" in f.describe()


def test_background_events_never_enter_current_totals(store):
    _put(store, _event(1, fatalities=3), _event(2, fatalities=100_000, background=True, event_date=date(1995, 1, 1)),
         _event(3, fatalities=2, background=None))
    cur = store.cursor()
    assert _ids(store) == {"e1", "e3"}
    shown = query.Filters(include_background=True)
    assert _ids(store, shown) == {"e1", "e2", "e3"}
    for f in (query.Filters(), shown):
        h = query.headline_counts(cur, f)
        assert (h["events"], h["fatalities"], h["first"]) == (2, 5, date(2025, 3, 1))
        assert query.counts_by(cur, f, "country")["events"].sum() == 2
    assert query.headline_counts(cur, shown)["background"] == 1 and query.headline_counts(cur, shown)["shown"] == 3
    # The recent window and "now" ignore the 1995 event.
    assert query.data_span(cur) == (date(2025, 3, 1), date(2025, 3, 1))


def test_casualties_count_each_event_once_however_many_mentions(store):
    """Three evidence rows (mentions) of one event: its fatalities count once, its articles are two."""
    _put(store, _event(1, fatalities=7, n_mentions=3, n_sources=2))
    with store.transaction() as cur:
        insert_rows(cur, "evidence", [[f"m{i}", "e1", art, "ASSAULT", date(2025, 3, 1), "s", 0, 1, 0.9, None, None]
                                      for i, art in enumerate(["a1", "a1", "a2"])])
    cur = store.cursor()
    h = query.headline_counts(cur, query.Filters())
    assert (h["events"], h["fatalities"], h["articles"]) == (1, 7, 2)
    table = actors.actor_table(cur, query.Filters())
    assert set(table["fatalities"]) == {7}
    assert actors.actor_edges(cur, query.Filters())["fatalities"].tolist() == [7]
    assert len(query.events(cur, query.Filters())) == 1


def test_actors_group_by_canonical_id_with_readable_labels(store):
    _put(store,
         _event(1, actor1="U.S.", actor1_id="USA", actor1_country="USA", actor2="civilians", actor2_id="PAK.CIV"),
         _event(2, actor1="Washington", actor1_id="USA", actor1_country="USA", actor2="civilians",
                actor2_id="AFG.CIV"),
         _event(3, actor1="United States", actor1_id="USA", actor2="civilians", actor2_id="PAK.CIV"),
         _event(4, actor1="Trump", actor1_id="D:donald-trump", actor2="Hamas", actor2_id=None),
         _event(5, actor1="Donald Trump", actor1_id="D:donald-trump", actor2="Hamas", actor2_id=""),
         _event(6, actor1="Donald Trump", actor1_id="D:donald-trump", actor2="civilians", actor2_id=None))
    cur = store.cursor()
    labels = query.actor_names(cur)
    assert labels["USA"] == "United States"                      # a state: its country's name
    assert labels["PAK.CIV"] == "civilians (Pakistan)" and labels["AFG.CIV"] == "civilians (Afghanistan)"
    assert labels["D:donald-trump"] == "Donald Trump"            # the most frequent name of the id
    assert names.actor_label("PAK.CIV", "Pakistani civilians") == "Pakistani civilians"   # says it already
    assert names.actor_label("PAK.MIL", None) == "military (Pakistan)" and names.actor_label(None) == ""
    assert labels["Hamas"] == "Hamas"                            # no id: the name is the key
    table = actors.actor_table(cur, query.Filters()).set_index("actor")
    assert table.loc["USA", "events"] == 3 and table.loc["D:donald-trump", "events"] == 3
    # A generic word in two countries is two actors; with no id it stays a name.
    assert {"PAK.CIV", "AFG.CIV", "civilians"} <= set(table.index)
    assert table.loc["PAK.CIV", "events"] == 2
    # The actor filter matches the id whatever the name, and an old link's name still works.
    assert _ids(store, query.Filters(actors=("USA",))) == {"e1", "e2", "e3"}
    assert _ids(store, query.Filters(actors=("PAK.CIV",))) == {"e1", "e3"}
    assert _ids(store, query.Filters(actors=("Trump",))) == {"e4"}
    assert query.counts_by(cur, query.Filters(), "actor").set_index("value")["events"]["USA"] == 3
    assert "actors: United States" in query.Filters(actors=("USA",)).describe(labels=labels)


def test_names_read_as_sentences():
    assert names.country_name("RUS") == "Russia" and names.country_name("IRQ") == "Iraq"
    assert names.country_name(None) == "" and names.country_name("ZZZ") == "ZZZ"
    row = {"actor1": "Gunmen", "event_type": "ASSAULT", "actor2": "civilians", "location": "Beledweyne",
           "country": "SOM"}
    assert names.summary_sentence(row) == "Gunmen ASSAULT civilians in Beledweyne, Somalia"
    assert names.summary_sentence({"event_type": "PROTEST", "country": "IRN"}) == "PROTEST in Iran"
    assert names.summary_sentence({"actor1": "Paris", "event_type": "REQUEST", "location": "Paris",
                                   "country": "FRA"}) == "Paris REQUEST in France"
    assert names.summary_sentence({"actor1": "Iran", "event_type": "ACCUSE", "country": "IRN"}) == "Iran ACCUSE"
    assert "None" not in names.summary_sentence({"actor1": None, "event_type": None})
    edited = {"summary": "Raid on the port", "edited_fields": ["summary"], "event_type": "COERCE"}
    assert names.display_summary(edited) == "Raid on the port"
    assert names.display_summary({**edited, "edited_fields": []}) == "COERCE"


def test_one_country_name_function_everywhere():
    from components import labels
    from sitroom.briefing import build, text
    assert labels.country_name is names.country_name is text.country_name is build.country_name


def test_fixture_fills_the_new_columns(tmp_path):
    s = Store(build_fixture_db(tmp_path / "f.duckdb", n_events=120, mention_share=0.3, background_share=0.2))
    cur = s.cursor()
    row = cur.execute("SELECT count(*) FILTER (WHERE headline), count(*) FILTER (WHERE background), "
                      "count(*) FILTER (WHERE actor1_id IS NULL), count(*) FILTER (WHERE confidence < 0.5) "
                      "FROM events").fetchone()
    assert row[0] == 30 and row[1] > 5 and row[2] == 0 and row[3] > 5
    ev = query.event_detail(cur, query.events(cur, query.Filters(), limit=1)["event_id"][0])["event"]
    assert json.loads(ev["field_evidence"])["place"]["text"] in ev["sentence"]
    s.close()


def test_counts_in_one_scan_agree_with_the_events_they_count(tmp_path):
    """``counts_by_many`` (the Overview's four breakdowns in one scan) against counts made in
    pandas from the filtered events themselves, with analyst edits laid over some of them."""
    s = Store(build_fixture_db(tmp_path / "c.duckdb", n_events=150, mention_share=0.3, background_share=0.2))
    ids = list(query.events(s.cursor(), query.Filters(all_mentions=True))["event_id"][:30])
    for i, event_id in enumerate(ids):
        s.add_edit(event_id, "status", ("confirmed", "rejected", "unreviewed")[i % 3], author="t")
        if i % 4 == 0:
            s.add_edit(event_id, "event_type", "PROTEST", author="t")
        if i % 5 == 0:
            s.add_edit(event_id, "country", "SYR", author="t")
        if i % 7 == 0:   # one actor on both sides: counted once for that event
            s.add_edits(event_id, {"actor1_id": "IRQ", "actor2_id": "IRQ"}, author="t")
    cur = s.cursor()
    columns = ("review_status", "event_type", "country", "actor")
    for f in (query.Filters(), query.Filters(all_mentions=True, include_rejected=True),
              query.Filters(countries=("IRQ", "SYR")), query.Filters(review="confirmed"),
              query.Filters(start=date(2030, 1, 1))):
        rows = query.events(cur, f)
        rows = rows[~rows["background"].fillna(False).astype(bool)]   # counts are of current events
        got = query.counts_by_many(cur, f, columns)
        for column in columns:
            if column == "actor":
                k1 = rows["actor1_id"].replace("", None).fillna(rows["actor1"])
                k2 = rows["actor2_id"].replace("", None).fillna(rows["actor2"])
                values = list(k1.dropna()) + list(k2[k2.ne(k1) & k2.notna()])
            else:
                values = list(rows[column])
            expected = {}
            for v in values:
                key = None if v is None or v != v else v
                expected[key] = expected.get(key, 0) + 1
            frame = got[column]
            assert dict(zip(frame["value"].where(frame["value"].notna(), None), frame["events"])) == expected, column
            # Largest first, then by value; and the same as counting that column alone.
            order = sorted(expected.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or ""))
            assert [(None if v != v else v, n) for v, n in zip(frame["value"], frame["events"])] == order
            assert frame.equals(query.counts_by(cur, f, column))
    s.close()
