#!/usr/bin/env python3
"""`make eval`: the extractor's figures on the shared evaluation data.

In:  --shared PATH (default ../shared): eval/seed_articles.jsonl + seed_gold.json,
     corpus/voa_stories.jsonl + eval/voa_dev_gold.json + eval/voa_dev_gold_2.json,
     eval/geovirus/GeoVirus.xml, eval/plover_gsr/PLOVER_GSR_CAMEO.json; the event scorer's
     training report beside its model.
Out: tables on stdout (and, with --json FILE, the figures as JSON).

Every dev set is split into a tuning half and a check half (``sitroom.devsplit``); the event
figures, the PLOVER records and the reliability tables are in ``scripts/eval_events.py``.
GeoVirus: score_places.py figures of ``geoparse`` output (found, acc@161 km).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitroom.extract import geoparse, load_resources  # noqa: E402
from sitroom.settings import load_settings  # noqa: E402

from sitroom.loader.article import Article, parse_published  # noqa: E402

import eval_events as ev  # noqa: E402


def _load_module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def geovirus(shared: Path, resources) -> dict:
    sp = _load_module(shared / "eval" / "score_places.py", "score_places")
    docs = sp.load_corpus(shared / "eval" / "geovirus" / "GeoVirus.xml")
    rows = []
    for doc_id, published, text, _ in docs:
        a = Article(title="", text=text, published=parse_published(published) if published else None, id=doc_id)
        rows.extend(geoparse(a, resources=resources))
    return sp.score(docs, rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared evaluation folder")
    ap.add_argument("--json", dest="json_out", help="also write the figures as JSON here")
    ap.add_argument("--skip", default="", help="comma list of parts to skip: events,geovirus,plover")
    args = ap.parse_args(argv)
    shared = Path(args.shared).resolve()
    skip = set(filter(None, args.skip.split(",")))
    t0 = time.time()
    settings = load_settings()
    resources = load_resources(settings)
    threshold = settings.event_confidence
    fig: dict = {}
    if "events" not in skip:
        fig["events"], fig["reliability"] = ev.event_halves(shared, resources, threshold)
    if "plover" not in skip:
        fig["plover"] = ev.plover_strict(shared, resources)
    if "geovirus" not in skip:
        fig["geovirus"] = geovirus(shared, resources)
    ev.print_tables(fig.get("events", {}), fig.get("reliability", {}), fig.get("plover"),
                    ev.scorer_report(settings.event_model), threshold)
    if "geovirus" in fig:
        rows = [("geovirus", k, f"{fig['geovirus'].get(k, 0):.3f}" if isinstance(fig["geovirus"].get(k), float)
                 else str(fig["geovirus"].get(k)), tgt)
                for k, tgt in (("gold_toponyms", ""), ("found", ">= 0.8"), ("acc161_found", ">= 0.85"),
                               ("acc161", ""), ("median_km", ""))]
        print("\nGeoVirus")
        for r in rows:
            print("  ".join(str(c).ljust(14) for c in r))
    print(f"\n({time.time() - t0:.0f} s)")
    if args.json_out:
        flat = {k: ({"|".join(kk) if isinstance(kk, tuple) else kk: vv for kk, vv in v.items()}
                    if isinstance(v, dict) else v) for k, v in fig.items()}
        Path(args.json_out).write_text(json.dumps(flat, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
