#!/usr/bin/env python3
"""`make eval`: the extractor's figures on the shared evaluation data.

In:  --shared PATH (default ../shared): eval/seed_articles.jsonl + seed_gold.json,
     corpus/voa_stories.jsonl + eval/voa_dev_gold.json + eval/voa_dev_gold_2.json,
     eval/geovirus/GeoVirus.xml, eval/plover_gsr/PLOVER_GSR_CAMEO.json; the event scorer's
     training report beside its model.
Out: tables on stdout (and, with --json FILE, the figures as JSON).

Every dev set is split into a tuning half and a check half (``sitroom.devsplit``); the event
figures, the PLOVER records and the reliability tables are in ``scripts/eval_events.py``.
GeoVirus: score_places.py figures of ``geoparse`` output per half (found, acc@161 km of found
and of shown points, median km, abstentions, unresolved), the toponym ranker's calibration
table per half and its cross-validated figures on the tuning half.
"""
from __future__ import annotations

import argparse
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


def geovirus(shared: Path, resources) -> dict:
    """GeoVirus per half (sitroom.devsplit by article): score_places figures, the share of rows
    the ranker abstained on, and the ranker's calibration table (score bins -> observed share
    within 161 km, over found gold toponyms); plus cross-validated ranker figures on the tuning
    half (5 folds by article, as `sitroom train-places` fits)."""
    from sitroom.geo.ranker import default_ranker, km
    from sitroom.geo.train_places import (calibration_table, collect, cross_validate, geovirus_halves,
                                          load_scorer, summarise)
    sp = load_scorer(shared)
    tune, check = geovirus_halves(shared)
    out: dict = {}
    for name, docs in (("tune", tune), ("check", check)):
        rows = []
        for doc_id, published, text, _ in docs:
            a = Article(title="", text=text, published=parse_published(published) if published else None,
                        id=doc_id)
            rows.extend(geoparse(a, resources=resources))
        fig = sp.score(docs, rows)
        fig["abstain"] = sum(bool(r.get("abstained")) for r in rows) / max(1, len(rows))
        fig["unresolved"] = sum(r.get("lat") is None and not r.get("abstained") for r in rows) / max(1, len(rows))
        fig["calibration"] = calibration_table(_scored(docs, rows, km))
        shown = _scored(docs, [r for r in rows if r.get("lat") is not None], km)
        fig["acc161_shown"] = sum(ok for _, ok in shown) / max(1, len(shown))
        out[name] = fig
    ranker = default_ranker()
    if ranker is not None:
        examples = collect(tune, nlp=resources.nlp, geocoder=resources.geocoder, ranker=ranker)
        out["cv"] = summarise(cross_validate(examples), ranker)
    return out


def _scored(docs, rows, km) -> list[tuple[float, bool]]:
    """(ranker score, point within 161 km of gold) for found gold toponyms the ranker scored (an
    abstention is judged by its guess, the hint)."""
    by: dict[str, list[dict]] = {}
    for r in rows:
        by.setdefault(r["article_id"], []).append(r)
    out = []
    for doc_id, _, _, gold in docs:
        for s, e, lat, lon in gold:
            r = next((r for r in by.get(doc_id, []) if r["start_char"] < e and r["end_char"] > s), None)
            if r is None or r.get("source") == "demonym":
                continue
            point = (r["lat"], r["lon"]) if r.get("lat") is not None else \
                ((r["hint_lat"], r["hint_lon"]) if r.get("abstained") else None)
            if point is not None:
                out.append((float(r["score"]), km(point, (lat, lon)) <= 161))
    return out


def print_geovirus(g: dict) -> None:
    """The GeoVirus table per half, the cross-validated ranker figures and calibration tables."""
    fmt = lambda v: "n/a" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))
    print("\nGeoVirus (toponyms; tuning and check halves by article)")
    keys = (("gold_toponyms", ""), ("found", ">= 0.8"), ("acc161_found", ">= 0.85"), ("acc161", ""),
            ("median_km", ""), ("abstain", ""), ("unresolved", ""), ("acc161_shown", ""))
    for half in ("tune", "check"):
        for k, tgt in keys:
            print("  ".join(str(c).ljust(14) for c in (f"geovirus_{half}", k, fmt(g[half].get(k)),
                                                       tgt if half == "check" else "")))
    cv = g.get("cv") or {}
    for k in ("mentions", "acc161", "referent", "median_km", "abstain", "acc161_shown"):
        print("  ".join(str(c).ljust(14) for c in ("geovirus_cv", k, fmt(cv.get(k)), "")))
    print("\nplace ranker calibration (calibrated score bin -> observed share within 161 km)")
    for name, table in (("tune", g["tune"]["calibration"]), ("check", g["check"]["calibration"]),
                        ("cv", cv.get("calibration", []))):
        print(f"  {name:6s} " + "  ".join(f"{b['bin']}: n={b['n']} score={b['mean_score']:.2f} "
                                          f"observed={b['observed']:.2f}" for b in table))


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
        print_geovirus(fig["geovirus"])
    print(f"\n({time.time() - t0:.0f} s)")
    if args.json_out:
        flat = {k: ({"|".join(kk) if isinstance(kk, tuple) else kk: vv for kk, vv in v.items()}
                    if isinstance(v, dict) else v) for k, v in fig.items()}
        Path(args.json_out).write_text(json.dumps(flat, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
