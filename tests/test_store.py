"""Store, ingest, dedup and the query layer, with an injected fake extractor (no models)."""
import json
from datetime import date

import pytest

from sitroom import query
from sitroom.fixtures import build_fixture_db
from sitroom.ingest import ingest_paths, reextract
from sitroom.store import Store

from fakes import fake_extractor, write_jsonl


ARTS = [{"id": "a1", "title": "Rockets hit base", "published": "2024-05-02", "text": "Rockets hit the base. More."},
        {"id": "a2", "title": "Base attacked", "published": "2024-05-03", "text": "The base was attacked. Etc."},
        {"id": "a3", "title": "Later attack", "published": "2024-06-20", "text": "Another attack came. Etc."}]


def test_ingest_twice_stores_once_and_merges_repeated_events(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    src = write_jsonl(tmp_path / "in.jsonl", ARTS)
    r1 = ingest_paths([src], store=store, resources=None, extractor=fake_extractor)
    assert (r1.articles_added, r1.events_added, r1.events_merged, r1.refused) == (3, 2, 1, [])
    r2 = ingest_paths([src], store=store, resources=None, extractor=fake_extractor)
    assert (r2.articles_added, r2.duplicates) == (0, 3)
    assert store.counts()["articles"] == 3 and store.counts()["evidence"] == 3
    merged = store.event("a1-e0")
    assert merged["n_sources"] == 2 and merged["n_mentions"] == 2
    detail = query.event_detail(store.cursor(), "a1-e0")
    assert {e["article_id"] for e in detail["evidence"]} == {"a1", "a2"}
    assert detail["evidence"][0]["article_id"] == "a1"  # primary evidence first


def test_bad_record_is_refused_and_its_good_neighbours_stored(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    write_jsonl(tmp_path / "a_good.jsonl", ARTS[:1])
    bad = tmp_path / "b_bad.jsonl"
    bad.write_text(json.dumps(ARTS[1]) + "\n{oops\n", encoding="utf-8")
    r = ingest_paths([tmp_path], store=store, resources=None, extractor=fake_extractor)
    assert r.articles_added == 2  # the good line of the bad file is kept
    assert [w for w, _ in r.refused] == [f"{bad}:2"]
    assert store.counts()["articles"] == 2


def test_failed_batch_rolls_back(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    src = write_jsonl(tmp_path / "in.jsonl", ARTS)

    def exploding(articles, *, resources=None):
        out = list(fake_extractor(articles))
        out[-1][1][0]["event_date"] = "not a date"  # the store refuses this row mid-batch
        return out

    with pytest.raises(Exception):
        ingest_paths([src], store=store, resources=None, extractor=exploding, batch_size=10)
    assert store.counts()["articles"] == 0 and store.counts()["events"] == 0


def test_edits_survive_reingest_and_reextract(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    src = write_jsonl(tmp_path / "in.jsonl", ARTS)
    ingest_paths([src], store=store, resources=None, extractor=fake_extractor)
    store.add_edits("a3-e0", {"event_type": "COERCE", "fatalities": 4, "status": "confirmed"}, author="ana",
                    note="rockets were a raid")
    store.add_edit("a1-e0", "status", "rejected", author="ana")
    ingest_paths([src], store=store, resources=None, extractor=fake_extractor)
    reextract(store=store, resources=None, extractor=fake_extractor)
    ev = store.event("a3-e0")
    assert (ev["event_type"], ev["fatalities"], ev["review_status"]) == ("COERCE", 4, "confirmed")
    assert sorted(ev["edited_fields"]) == ["event_type", "fatalities"]
    hist = store.history("a3-e0")
    assert list(hist.field) == ["event_type", "fatalities", "status"]
    assert hist.old_value.iloc[0] == "ASSAULT" and (hist.author == "ana").all()
    cur = store.cursor()
    assert set(query.events(cur, query.Filters()).event_id) == {"a3-e0"}  # rejected hidden
    assert set(query.events(cur, query.Filters(include_rejected=True)).event_id) == {"a1-e0", "a3-e0"}
    assert set(query.events(cur, query.Filters(review="rejected")).event_id) == {"a1-e0"}
    assert query.headline_counts(cur, query.Filters())["events"] == 1


def test_edit_validation(tmp_path):
    store = Store(build_fixture_db(tmp_path / "f.duckdb", n_events=10))
    eid = query.events(store.cursor(), query.Filters()).event_id.iloc[0]
    with pytest.raises(ValueError):
        store.add_edit(eid, "sentence", "x", author="a")  # evidence is not editable
    with pytest.raises(ValueError):
        store.add_edit(eid, "event_date", "yesterday", author="a")
    with pytest.raises(ValueError):
        store.add_edit(eid, "status", "maybe", author="a")
    with pytest.raises(KeyError):
        store.add_edit("nope", "status", "confirmed", author="a")
    assert store.add_edits(eid, {"event_type": store.event(eid)["event_type"]}, author="a") == []
    store.add_edit(eid, "lat", None, author="a")  # clearing a value is an edit too
    assert store.event(eid)["lat"] is None


def test_filters_round_trip_and_filtering(tmp_path):
    f = query.Filters(start=date(2025, 1, 10), end=date(2025, 3, 1), countries=("IRQ", "SYR"),
                      types=("ASSAULT",), actors=("Hamas",), text="base 100%", review="unreviewed",
                      min_confidence=0.5)
    from urllib.parse import parse_qs
    assert query.Filters.from_params(parse_qs(f.to_query_string())) == f
    assert query.Filters.from_params({"type": ["bogus"], "review": "weird", "from": "nope"}) == query.Filters()
    store = Store(build_fixture_db(tmp_path / "f.duckdb", n_events=400))
    cur = store.cursor()
    df = query.events(cur, query.Filters(countries=("UKR",), types=("ASSAULT", "COERCE")))
    assert len(df) > 0 and set(df.event_type) <= {"ASSAULT", "COERCE"}
    assert df.apply(lambda r: "UKR" in (r.country, r.actor1_country, r.actor2_country), axis=1).all()
    t = query.events(cur, query.Filters(text="kharkiv"))
    assert len(t) > 0 and t.sentence.str.contains("Kharkiv").all()
    assert len(query.events(cur, query.Filters(text="%"))) == 0  # LIKE wildcards are literal
    tl = query.timeline(cur, query.Filters(), "month")
    assert tl.events.sum() == query.headline_counts(cur, query.Filters())["events"]
    first = tl.period.min().date()
    in_bar = query.events_in_period(cur, query.Filters(), first, "month")
    assert len(in_bar) == tl[tl.period == tl.period.min()].events.sum()


def test_map_aggregates_above_limit(tmp_path):
    store = Store(build_fixture_db(tmp_path / "f.duckdb", n_events=300))
    pts, agg = query.map_points(store.cursor(), query.Filters(), limit=1000)
    assert not agg and len(pts) == 300
    pts, agg = query.map_points(store.cursor(), query.Filters(), limit=100)
    assert agg and pts.events.sum() == 300 and len(pts) < 300


def test_saved_views(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    store.save_view("Iraq attacks", "country=IRQ&type=ASSAULT", author="ana")
    store.save_view("Iraq attacks", "country=IRQ", author="ana")  # same name replaces
    v = store.saved_views()
    assert list(v.name) == ["Iraq attacks"] and v["query"].iloc[0] == "country=IRQ"
    store.delete_view("Iraq attacks")
    assert store.saved_views().empty
    with pytest.raises(ValueError):
        store.save_view("  ", "x", author="a")


def test_quad_class_follows_an_edited_type(tmp_path):
    store = Store(build_fixture_db(tmp_path / "f.duckdb", n_events=20))
    df = query.events(store.cursor(), query.Filters(types=("ASSAULT",)))
    eid = df.event_id.iloc[0]
    assert store.event(eid)["quad_class"] == "material conflict"
    store.add_edit(eid, "event_type", "CONSULT", author="a")
    assert store.event(eid)["quad_class"] == "verbal cooperation"


def test_is_missing_rule():
    import numpy as np
    import pandas as pd

    from sitroom.values import clean_record, is_missing
    assert all(is_missing(v) for v in (None, float("nan"), pd.NaT, pd.NA, np.nan))
    assert not any(is_missing(v) for v in (0, "", [], ["a"], np.array([1, 2]), date(2025, 1, 1)))
    assert clean_record({"a": np.nan, "b": [1], "c": "x"}) == {"a": None, "b": [1], "c": "x"}
