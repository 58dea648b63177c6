"""Edits are never lost: anchored to their evidence, they follow events through re-extraction,
another batch size and another order, on a database made by the current extractor with edits
stored the way older versions stored them (no anchor). Store validates every edit."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from fakes import write_jsonl

from sitroom.extract import extract_many
from sitroom.ingest import ReextractReport, ingest_paths, reextract
from sitroom.loader import read_path
from sitroom.store import EditError, Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample_jsonl(tmp_path_factory):
    """The four sample articles plus copies reworded by date, so events merge across articles."""
    d = tmp_path_factory.mktemp("anch")
    arts = [a.to_record() for a in read_path(next(SAMPLE.glob("*.txt")))]
    return write_jsonl(d / "arts.jsonl", arts)


def event_ids(store) -> set[str]:
    return {r[0] for r in store.cursor().execute("SELECT event_id FROM events").fetchall()}


def test_ids_do_not_depend_on_batch_size_or_order(tmp_path, sample_jsonl, resources):
    a = Store(tmp_path / "a.duckdb")
    ingest_paths([sample_jsonl], store=a, resources=resources, batch_size=50)
    b = Store(tmp_path / "b.duckdb")
    lines = sample_jsonl.read_text().splitlines()
    rev = tmp_path / "rev.jsonl"
    rev.write_text("\n".join(reversed(lines)) + "\n")
    ingest_paths([rev], store=b, resources=resources, batch_size=1)
    assert event_ids(a) == event_ids(b) and len(event_ids(a)) >= 8


def test_edits_follow_their_evidence_through_a_changed_extractor(tmp_path, sample_jsonl, resources):
    store = Store(tmp_path / "e.duckdb")
    ingest_paths([sample_jsonl], store=store, resources=resources, batch_size=2)
    cur = store.cursor()
    rows = cur.execute("SELECT event_id, article_id, start_char, event_type FROM events "
                       "ORDER BY event_id LIMIT 3").fetchall()
    (e1, art1, s1, t1), (e2, *_), (e3, art3, s3, _) = rows
    store.add_edits(e1, {"actor1": "Corrected actor", "status": "confirmed"}, author="ana", note="actor")
    store.add_edit(e2, "status", "rejected", author="ben")
    store.add_edit(e3, "fatalities", 3, author="ana")
    # Edits stored as older versions stored them: no anchor (the migration fills it in).
    cur.execute("UPDATE edits SET anchor_article = NULL, anchor_start = NULL, anchor_end = NULL, "
                "anchor_type = NULL, anchor_trigger = NULL")
    cur.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    store.close()
    store = Store(tmp_path / "e.duckdb")   # migrates: backfills anchors from the events
    assert store.cursor().execute("SELECT count(*) FROM edits WHERE anchor_article IS NULL").fetchone()[0] == 0

    def changed(articles, *, resources):
        """Another extractor version: other event ids (a new id scheme), articles in reverse order,
        and the third event's sentence no longer yields an event."""
        for art, events in extract_many(list(reversed(list(articles))), resources=resources):
            kept = []
            for ev in events:
                if ev["article_id"] == art3 and ev["start_char"] == s3:
                    continue
                kept.append(dict(ev, event_id="v2" + ev["event_id"], extractor="next"))
            yield art, kept

    report = ReextractReport()
    reextract(store=store, resources=resources, extractor=changed, report=report)
    assert e1 not in event_ids(store)
    new1 = store.cursor().execute("SELECT event_id FROM evidence WHERE article_id = ? AND start_char = ? "
                                  "AND event_type = ?", [art1, s1, t1]).fetchone()[0]
    ev = store.event(new1)
    assert (ev["actor1"], ev["review_status"]) == ("Corrected actor", "confirmed")
    assert list(store.history(new1).author) == ["ana", "ana"]
    assert report.moved == 3 and report.orphaned == 1
    orphans = store.orphaned_edits()
    assert list(orphans.field) == ["fatalities"] and orphans.sentence.iloc[0]   # kept, with its sentence
    # Back to the current extractor: the orphan's evidence returns and the edit with it.
    reextract(store=store, resources=resources, report=(back := ReextractReport()))
    assert back.orphaned == 0 and store.orphaned_edits().empty
    assert store.event(e3)["fatalities"] == 3 and store.event(e1)["actor1"] == "Corrected actor"


def test_store_validates_every_edit_and_lands_all_or_nothing(tmp_path, sample_jsonl):
    from fakes import fake_extractor
    store = Store(tmp_path / "v.duckdb")
    ingest_paths([sample_jsonl], store=store, resources=None, extractor=fake_extractor)
    eid = sorted(event_ids(store))[0]
    for field, value, why in (("event_type", "NONSENSE", "unknown event type"), ("fatalities", -5, "negative"),
                              ("fatalities", "many", "whole number"), ("country", "Iraq", "alpha-3"),
                              ("actor2_country", "ZZZ", "alpha-3"), ("event_date", "2024-02-30", "real date"),
                              ("event_date", "0001-01-01", "real date"), ("lat", 123, "between"),
                              ("sentence", "x", "cannot be edited"), ("status", "maybe", "status must be")):
        with pytest.raises(EditError, match=why):
            store.add_edit(eid, field, value, author="a")
    with pytest.raises(EditError):
        store.add_edits(eid, {"summary": "fine", "fatalities": -1}, author="a")
    assert store.history(eid).empty   # the good first field did not land either
    assert store.add_edits(eid, {"summary": "fine", "fatalities": 2, "country": "XKX"}, author="a")
    assert store.event(eid)["fatalities"] == 2


def test_briefings_and_exports_show_the_edited_fields(tmp_path, sample_jsonl):
    from datetime import date

    from fakes import fake_extractor
    from sitroom import query
    from sitroom.briefing import build_briefing, render
    from sitroom.query import Filters
    store = Store(tmp_path / "b.duckdb")
    ingest_paths([sample_jsonl], store=store, resources=None, extractor=fake_extractor)
    eid = sorted(event_ids(store))[0]
    store.add_edits(eid, {"summary": "ZZ analyst summary ZZ", "fatalities": 7}, author="ana")
    cur = store.cursor()
    row = query.events(cur, Filters()).set_index("event_id").loc[eid]
    assert (row["summary"], row["fatalities"]) == ("ZZ analyst summary ZZ", 7)
    b = build_briefing(cur, filters=Filters(), start=date(2021, 1, 1), end=date(2026, 12, 31), figures=False)
    assert "ZZ analyst summary ZZ" in render(b, fmt="md", images=False).decode()


def test_a_database_made_by_the_previous_extractor_keeps_every_edit_after_reextract(tmp_path, resources):
    """Events written by sitroom-rules/0.3 (tests/data/), edits stored without anchors as that
    version stored them, then `reextract` with the current extractor."""
    from sitroom.ingest import write_batch
    old = [json.loads(l) for l in (ROOT / "tests" / "data" / "rules-0.3-sample-events.jsonl").open()]
    assert {e["extractor"] for e in old} == {"sitroom-rules/0.3"}
    arts = {a.id: a for a in read_path(next(SAMPLE.glob("*.txt")))}
    store = Store(tmp_path / "old.duckdb")
    with store.transaction() as cur:
        write_batch(cur, [(a, [e for e in old if e["article_id"] == a.id]) for a in arts.values()])
    picks = store.cursor().execute("SELECT event_id, article_id, start_char, end_char FROM events "
                                   "ORDER BY event_type, event_id").fetchall()[::4]
    for eid, *_ in picks:
        store.add_edits(eid, {"status": "confirmed", "summary": f"checked {eid}"}, author="ana")
    cur = store.cursor()
    cur.execute("UPDATE edits SET anchor_article = NULL, anchor_start = NULL, anchor_end = NULL, "
                "anchor_type = NULL, anchor_trigger = NULL")
    cur.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    store.close()

    store = Store(tmp_path / "old.duckdb")
    report = ReextractReport()
    reextract(store=store, resources=resources, report=report)
    n_edits = 2 * len(picks)
    cur = store.cursor()
    assert cur.execute("SELECT count(*) FROM edits").fetchone()[0] == n_edits   # none dropped
    attached = 0
    for eid, article, start, end in picks:
        now = cur.execute("SELECT DISTINCT event_id FROM edits WHERE note IS NULL AND new_value = ?",
                          [f"checked {eid}"]).fetchone()[0]
        ev = store.event(now)
        if ev is None:   # no event at that evidence any more: kept and listed
            assert now in set(store.orphaned_edits().event_id)
            continue
        attached += 1
        assert (ev["summary"], ev["review_status"]) == (f"checked {eid}", "confirmed")
        spans = cur.execute("SELECT start_char, end_char FROM evidence WHERE event_id = ? AND article_id = ?",
                            [now, article]).fetchall()
        assert any(s < end and e > start for s, e in spans)      # re-attached where its evidence is
    assert attached >= len(picks) // 2                          # most come back on their event
    print(f"previous-version database: {len(picks)} edited events, {attached} re-attached "
          f"({report.moved} edits moved to a new id), {report.orphaned} edits kept without an event")
