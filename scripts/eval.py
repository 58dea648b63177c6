#!/usr/bin/env python3
"""`make eval`: the extractor's figures on the shared evaluation data, as one table.

In:  --shared PATH (default ../shared): eval/seed_articles.jsonl + seed_gold.json,
     corpus/voa_stories.jsonl + eval/voa_dev_gold.json, eval/geovirus/GeoVirus.xml,
     eval/plover_gsr/PLOVER_GSR_CAMEO.json.
Out: a table on stdout (and, with --json FILE, the same figures as JSON).

Rows:
- seed / VOA dev: score_events.py figures (recall, precision, date exact, country,
  within 161 km, actors) of `extract_many` output against the gold files;
- GeoVirus: score_places.py figures of `geoparse` output (found, acc@161 km);
- PLOVER GSR: over the 322 coded sentences (the DOCUMENT record skipped), the share for
  which an extracted event has the gold type (legacy names renamed by
  taxonomy.normalise_type); "actor_countries": the share whose best event (one of the gold
  type if any) has actor1 country among the source codes AND, when a target is coded, actor2
  country among the target codes (IGO and NGO codes both match actor kinds igo or organisation,
  because the records code the same kind of body either way: Amnesty International and the Red
  Cross are coded IGO, "a human rights group" NGO; IMG matches armed_group; a state code never
  matches a body without that country; JAP, VTN, ITL read as JPN, VNM, ITA); "actor1_country" the
  source half alone;
  "actor2_country" the target half over the sentences that code a target.
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

from sitroom.extract import extract_many, geoparse, load_resources  # noqa: E402
from sitroom.loader.article import Article, parse_published  # noqa: E402
from sitroom.taxonomy import normalise_type  # noqa: E402

# Non-ISO codes of the PLOVER records and what they mean for our actors.
LEGACY_CODES = {"JAP": "JPN", "VTN": "VNM", "ITL": "ITA"}
KIND_CODES = {"IGO": {"igo", "organisation"}, "NGO": {"organisation", "igo"}, "IMG": {"armed_group"}}


def _load_module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def read_articles(path: Path) -> list[Article]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                out.append(Article(title=d.get("title") or "", text=d.get("text") or "",
                                   published=parse_published(d.get("published")), id=str(d["id"])))
    return out


def score_gold(scorer, gold_path: Path, articles: list[Article], resources) -> dict:
    """score_events.score over extract_many output."""
    preds: dict[str, list[dict]] = {}
    for a, events in extract_many(articles, resources=resources):
        preds.setdefault(a.id, []).extend(events)
    gold = json.load(open(gold_path, encoding="utf-8"))
    summary, _ = scorer.score(gold, preds)
    summary["n_events"] = sum(len(v) for v in preds.values())
    return summary


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


def _code_match(codes: list[str], country: str | None, kind: str | None) -> bool:
    for c in codes:
        c = LEGACY_CODES.get(c, c)
        if c in KIND_CODES and kind in KIND_CODES[c]:
            return True
        if country and c == country:
            return True
    return False


def plover(shared: Path, resources) -> dict:
    records = json.load(open(shared / "eval" / "plover_gsr" / "PLOVER_GSR_CAMEO.json", encoding="utf-8"))
    records = [r for r in records if r.get("event") != "DOCUMENT" and r.get("text")]
    arts = [Article(title="", text=r["text"].strip("{} "), published=parse_published(r.get("date")),
                    id=r["id"]) for r in records]
    by_id = {r["id"]: r for r in records}
    n = type_ok = actors_ok = src_ok = any_event = tgt_n = tgt_ok = 0
    for a, events in extract_many(arts, resources=resources):
        r = by_id[a.id]
        n += 1
        gold_type = normalise_type(r["event"])
        any_event += bool(events)
        typed = [e for e in events if e["event_type"] == gold_type]
        type_ok += bool(typed)
        src = [x.get("code") for x in r.get("source") or [] if isinstance(x, dict)]
        tgt = [x.get("code") for x in r.get("target") or [] if isinstance(x, dict)]

        def fits(e):
            s = not src or _code_match(src, e["actor1_country"], e["actor1_kind"])
            t = not tgt or _code_match(tgt, e["actor2_country"], e["actor2_kind"])
            return s, t
        cands = typed or events
        best = max((fits(e) for e in cands), key=lambda st: (st[0] and st[1], st[0], st[1]), default=(False, False))
        actors_ok += best[0] and best[1]
        src_ok += best[0]
        if tgt:
            tgt_n += 1
            tgt_ok += any(fits(e)[1] for e in cands)
    return {"sentences": n, "type": type_ok / n if n else 0.0, "actor_countries": actors_ok / n if n else 0.0,
            "actor1_country": src_ok / n if n else 0.0,
            "actor2_country": tgt_ok / tgt_n if tgt_n else 0.0,
            "with_event": any_event / n if n else 0.0}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared evaluation folder")
    ap.add_argument("--json", dest="json_out", help="also write the figures as JSON here")
    ap.add_argument("--skip", default="", help="comma list of parts to skip: seed,voa,geovirus,plover")
    args = ap.parse_args(argv)
    shared = Path(args.shared).resolve()
    skip = set(filter(None, args.skip.split(",")))
    t0 = time.time()
    resources = load_resources()
    scorer = _load_module(shared / "eval" / "score_events.py", "score_events")
    fig: dict[str, dict] = {}
    if "seed" not in skip:
        fig["seed"] = score_gold(scorer, shared / "eval" / "seed_gold.json",
                                 read_articles(shared / "eval" / "seed_articles.jsonl"), resources)
    if "voa" not in skip:
        fig["voa_dev"] = score_gold(scorer, shared / "eval" / "voa_dev_gold.json",
                                    read_articles(shared / "corpus" / "voa_stories.jsonl"), resources)
    if "geovirus" not in skip:
        fig["geovirus"] = geovirus(shared, resources)
    if "plover" not in skip:
        fig["plover"] = plover(shared, resources)

    rows = []
    fmt = lambda v: "n/a" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))
    for part, target in (("seed", {"recall": ">= 0.9", "precision": ">= 0.7", "date_exact": ">= 0.9",
                                    "country": "1.0", "within_161km": ">= 0.9", "actors": ">= 0.8"}),
                         ("voa_dev", {})):
        if part in fig:
            for k in ("recall", "precision", "f1", "date_exact", "country", "within_161km", "actors", "n_events"):
                rows.append((part, k, fmt(fig[part].get(k)), target.get(k, "")))
    if "geovirus" in fig:
        for half in ("tune", "check"):
            for k, tgt in (("gold_toponyms", ""), ("found", ">= 0.8"), ("acc161_found", ">= 0.85"),
                           ("acc161", ""), ("median_km", ""), ("abstain", ""), ("unresolved", ""),
                           ("acc161_shown", "")):
                rows.append((f"geovirus_{half}", k, fmt(fig["geovirus"][half].get(k)),
                             tgt if half == "check" else ""))
        cv = fig["geovirus"].get("cv") or {}
        for k in ("mentions", "acc161", "referent", "median_km", "abstain", "acc161_shown"):
            rows.append(("geovirus_cv", k, fmt(cv.get(k)), ""))
    if "plover" in fig:
        for k, tgt in (("sentences", ""), ("type", ">= 0.6"), ("actor_countries", ">= 0.6"),
                       ("actor1_country", ""), ("actor2_country", ""), ("with_event", "")):
            rows.append(("plover_gsr", k, fmt(fig["plover"].get(k)), tgt))
    w = [max(len(r[i]) for r in rows + [("set", "figure", "value", "target")]) for i in range(4)]
    line = lambda r: "  ".join(str(c).ljust(w[i]) for i, c in enumerate(r))
    print(line(("set", "figure", "value", "target")))
    print(line(tuple("-" * x for x in w)))
    for r in rows:
        print(line(r))
    if "geovirus" in fig:
        print("\nplace ranker calibration (calibrated score bin -> observed share within 161 km)")
        for name, table in (("tune", fig["geovirus"]["tune"]["calibration"]),
                            ("check", fig["geovirus"]["check"]["calibration"]),
                            ("cv", (fig["geovirus"].get("cv") or {}).get("calibration", []))):
            print(f"  {name:6s} " + "  ".join(f"{b['bin']}: n={b['n']} score={b['mean_score']:.2f} "
                                              f"observed={b['observed']:.2f}" for b in table))
    print(f"({time.time() - t0:.0f} s)")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(fig, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
