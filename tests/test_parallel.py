"""Extraction on every core (sitroom.parallel): same events, same order, own geocoder per worker."""
from __future__ import annotations

import json
from datetime import date

import pytest

from sitroom import parallel
from sitroom.extract import extract_many
from sitroom.loader import Article

pytestmark = pytest.mark.slow

# Sentences of our own (not from any evaluation set).
TEXTS = [
    "Police arrested 12 protesters in Nairobi on Monday after a march against new taxes.",
    "The foreign minister of Peru met his Chilean counterpart in Lima on Tuesday to discuss trade.",
    "Rebels attacked an army base near Goma, killing three soldiers, officials said on Sunday.",
    "Thousands demonstrated in Tbilisi on Friday, demanding new elections.",
    "Japan pledged $20 million in humanitarian aid to Sudan on Wednesday.",
    "Troops were deployed to the border with Venezuela on Thursday, the defence ministry said.",
    "Prosecutors charged a former mayor of Recife with corruption on Monday.",
]


def _articles() -> list[Article]:
    return [Article(id=f"p{i}", title=f"Test story {i}", text=t, published=date(2025, 5, 7))
            for i, t in enumerate(TEXTS)]


def _probe(_: int) -> tuple[bool, bool, bool]:
    """Run inside a worker: its own geocoder (and sqlite connection), the parent's model."""
    w, inherited = parallel._WORKER, parallel._INHERITED
    return (w is not None and w.geocoder is not inherited.geocoder,
            w.geocoder._con is not inherited.geocoder._con, w.nlp is inherited.nlp)


def test_parallel_gives_the_serial_events_in_order(resources, settings):
    arts = _articles()
    serial = list(extract_many(arts, resources=resources))
    with parallel.ParallelExtractor(settings=settings, resources=resources, workers=2, chunk=2) as ex:
        par = list(ex(arts))
        again = list(ex(reversed(arts)))      # the pool is reused across calls (ingest's batches)
        probes = list(ex._executor().map(_probe, range(4)))
    assert ex.start_method == "fork"
    assert [a.id for a, _ in par] == [a.id for a in arts] and [a.id for a, _ in again] == [a.id for a in arts][::-1]
    dump = lambda items: [json.dumps(evs, default=str, sort_keys=True) for _, evs in items]  # noqa: E731
    assert dump(par) == dump(serial) and sum(len(e) for _, e in par) >= len(arts) - 2
    assert all(p == (True, True, True) for p in probes), probes


def test_one_worker_runs_in_process_and_early_stop_leaves_nothing_running(resources, settings):
    arts = _articles()
    one = parallel.ParallelExtractor(settings=settings, resources=resources, workers=1)
    assert [a.id for a, _ in one(arts[:2])] == ["p0", "p1"] and one._pool is None
    with parallel.ParallelExtractor(settings=settings, resources=resources, workers=2, chunk=1) as ex:
        first = next(iter(ex(arts)))
        assert first[0].id == "p0"
    assert ex._pool is None and parallel._INHERITED is None


def test_ingest_uses_the_pool(resources, settings, tmp_path):
    from sitroom.ingest import ingest_paths
    from sitroom.store import Store
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": a.id, "title": a.title, "text": a.text, "published": "2025-05-07"}) + "\n"
                           for a in _articles()), encoding="utf-8")
    counts = []
    for workers in (1, 2):
        store = Store(tmp_path / f"w{workers}.duckdb")
        with parallel.ParallelExtractor(settings=settings, workers=workers) as ex:
            report = ingest_paths([src], store=store, resources=resources, batch_size=3, extractor=ex)
        counts.append((report.articles_added, report.events_added, store.counts()["evidence"]))
        store.close()
    assert counts[0] == counts[1] and counts[0][0] == len(TEXTS)
