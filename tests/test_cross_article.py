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
