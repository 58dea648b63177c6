"""Across articles, the store merges events by the extractor's one same-event policy
(``sitroom.coref``) and keeps the best-supported toll, never a sum."""
from fakes import write_jsonl

from sitroom import schema
from sitroom.coref import EventKey, same_event
from sitroom.ingest import ingest_paths
from sitroom.store import Store


def _extractor(tolls):
    """One ASSAULT per article by the same militia on the article's date; its toll from ``tolls``."""
    def run(articles, *, resources=None):
        for a in articles:
            s = a.text
            yield a, [{c.name: None for c in schema.EVENT_COLUMNS} | {
                "article_id": a.id, "event_id": f"e-{a.id}", "event_type": "ASSAULT",
                "event_date": a.published.isoformat(), "date_precision": "day",
                "actor1": "gunmen", "actor1_country": "NGA", "actor1_id": "NGA.UAF",
                "country": "NGA", "lat": 9.06, "lon": 7.49, "geo_precision": "city",
                "fatalities": tolls[a.id], "sentence": s, "start_char": 0, "end_char": len(s),
                "confidence": 0.8, "n_sources": 1, "n_mentions": 1,
                "mentions": [{"evidence_id": f"e-{a.id}", "event_id": f"e-{a.id}", "article_id": a.id,
                              "event_type": "ASSAULT", "event_date": a.published.isoformat(), "sentence": s,
                              "start_char": 0, "end_char": len(s), "confidence": 0.8, "field_evidence": "{}"}]}]
    return run


def test_two_reports_of_one_attack_are_one_event_with_the_higher_toll(tmp_path):
    rows = [{"id": "first", "published": "2025-05-02", "title": "Gunmen kill five", "text": "Gunmen killed five people."},
            {"id": "later", "published": "2025-05-03", "title": "Toll rises", "text": "The toll rose to eight."}]
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    store = Store(tmp_path / "s.duckdb")
    report = ingest_paths([src], store=store, resources=None, extractor=_extractor({"first": 5, "later": 8}))
    assert (report.events_added, report.events_merged) == (1, 1)
    ev = store.event("e-first")
    assert ev["fatalities"] == 8 and ev["n_sources"] == 2 and ev["n_mentions"] == 2


def test_the_store_and_the_extractor_share_the_policy():
    from datetime import date
    a = EventKey(type="ASSAULT", date=date(2025, 5, 2), precision="day", country="NGA", lat=9.0, lon=7.5,
                 actor1="NGA.UAF", actor1_country="NGA")
    b = EventKey(type="ASSAULT", date=date(2025, 5, 3), precision="day", country="NGA", lat=9.1, lon=7.4,
                 actor1="NGA.UAF", actor1_country="NGA")
    assert same_event(a, b, None)                       # a shared actor, overlapping days
    far = EventKey(type="ASSAULT", date=date(2025, 5, 2), precision="day", country="NGA", lat=12.0, lon=8.5)
    assert not same_event(a, far, None)                 # 350 km apart on the same day
    other = EventKey(type="ASSAULT", date=date(2025, 5, 2), precision="day", country="NGA", actor1="NGA.MIL",
                     actor1_country="NGA")
    assert not same_event(a, other, None)               # gunmen and the army are two sides


def _groups(store):
    """Each stored event as the set of articles of its evidence, and its id."""
    rows = store.cursor().execute("SELECT event_id, list(DISTINCT article_id ORDER BY article_id) FROM evidence "
                                  "GROUP BY event_id ORDER BY event_id").fetchall()
    return {(r[0], tuple(r[1])) for r in rows}


def test_events_do_not_depend_on_how_reports_were_batched(tmp_path):
    # Three reports of gunmen on three days: 'a' and 'b' one day apart, 'b' and 'c' one day apart,
    # 'a' and 'c' two. The policy compares a report with each event's first (smallest-id) report,
    # so one batch gives {a, b} and {c}; a batch of 'b' and 'c' first must not leave {b, c} for
    # 'a' to join later.
    rows = {"a": "2025-05-02", "b": "2025-05-03", "c": "2025-05-04"}
    tolls = {k: 1 for k in rows}

    def stored(batches, name):
        store = Store(tmp_path / f"{name}.duckdb")
        for i, ids in enumerate(batches):
            src = write_jsonl(tmp_path / f"{name}{i}.jsonl", [
                {"id": k, "published": rows[k], "title": f"Attack {k}", "text": f"Gunmen attacked a village ({k})."}
                for k in ids])
            ingest_paths([src], store=store, resources=None, extractor=_extractor(tolls))
        return _groups(store)

    once = stored([["a", "b", "c"]], "once")
    assert once == {("e-a", ("a", "b")), ("e-c", ("c",))}
    assert stored([["b", "c"], ["a"]], "later") == once
    assert stored([["c"], ["b"], ["a"]], "each") == once
    assert stored([["a"], ["c"], ["b"]], "mixed") == once


def _ingest(store, tmp_path, ids, rows, tag):
    src = write_jsonl(tmp_path / f"{tag}.jsonl", [
        {"id": k, "published": rows[k], "title": f"Attack {k}", "text": f"Gunmen attacked a village ({k})."} for k in ids])
    return ingest_paths([src], store=store, resources=None, extractor=_extractor({k: 1 for k in rows}))


def test_an_event_split_by_a_new_report_keeps_its_edits_on_its_first_report(tmp_path):
    rows = {"a": "2025-05-02", "b": "2025-05-03", "c": "2025-05-04"}
    store = Store(tmp_path / "s.duckdb")
    _ingest(store, tmp_path, ["b", "c"], rows, "first")
    assert _groups(store) == {("e-b", ("b", "c"))}
    store.add_edit("e-b", "status", "confirmed", author="analyst")
    _ingest(store, tmp_path, ["a"], rows, "second")
    assert _groups(store) == {("e-a", ("a", "b")), ("e-c", ("c",))}
    # the confirmation was about b's report: it is now on the event that holds it
    edits = store.cursor().execute("SELECT event_id FROM edits").fetchall()
    assert edits == [("e-a",)]
    counts = store.cursor().execute("SELECT event_id, n_sources, n_mentions FROM events ORDER BY 1").fetchall()
    assert counts == [("e-a", 2, 2), ("e-c", 1, 1)]


def test_events_stored_before_reports_were_kept_take_part_as_one_report_each(tmp_path):
    rows = {"a": "2025-05-02", "b": "2025-05-03", "c": "2025-05-04", "d": "2025-06-20"}
    store = Store(tmp_path / "s.duckdb")
    _ingest(store, tmp_path, ["b", "c"], rows, "first")
    cur = store.cursor()
    cur.execute("DELETE FROM reports")                     # a database from before reports were kept
    cur.execute("UPDATE evidence SET report_id = NULL")
    _ingest(store, tmp_path, ["a", "d"], rows, "second")
    # the old event {b, c} is one report: 'a' fits it (a day from b) and names it now
    assert _groups(store) == {("e-a", ("a", "b", "c")), ("e-d", ("d",))}
    orphans = cur.execute("SELECT count(*) FROM evidence v LEFT JOIN events e USING (event_id) "
                          "WHERE e.event_id IS NULL OR v.report_id IS NULL").fetchone()[0]
    assert orphans == 0
    assert cur.execute("SELECT count(*) FROM reports").fetchone()[0] == 3   # b's old event, a and d
