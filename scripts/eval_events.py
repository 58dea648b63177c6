"""The event figures of ``make eval``, every dev set split into its tuning and check half.

In:  the shared folder (gold files, scorer, corpus) and loaded ``Resources``.
Out: dicts of figures, printed by ``scripts/eval.py``:
- ``event_halves``: for seed_gold, voa_dev_gold and voa_dev_gold_2, each half (``sitroom.devsplit``)
  and each view ("default": headline or confidence >= SITROOM_EVENT_CONFIDENCE, as the dashboard,
  exports and ``sitroom extract`` show them; "all": every extracted event): score_events.py figures,
  the duplicates among the briefing's top ten, and the fatalities total against the gold's;
- ``voa_reliability``: event confidence bins against the share that match a gold event, per half;
- ``plover_strict``: PLOVER gold records, the single most confident event of each sentence, its
  type and both actor sides together, per half (split by record);
- ``scorer_report``: the event scorer's cross-validated figures, as ``sitroom train`` wrote them.

Read failures only on the tuning halves; the check halves are the figures that predict unseen news.
"""
from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sitroom.briefing.salience import salience_one
from sitroom.devsplit import split
from sitroom.extract import extract_many
from sitroom.extract.casualties import find_casualties
from sitroom.loader.article import Article, parse_published
from sitroom.periods import period_end
from sitroom.query import in_default_view
from sitroom.taxonomy import normalise_type

EVENT_SETS = (("seed", "eval/seed_gold.json", "eval/seed_articles.jsonl"),
              ("voa_dev", "eval/voa_dev_gold.json", "corpus/voa_stories.jsonl"),
              ("voa_dev_2", "eval/voa_dev_gold_2.json", "corpus/voa_stories.jsonl"))
FIGURES = ("recall", "precision", "date_exact", "country", "within_161km", "actors")
LEGACY_CODES = {"JAP": "JPN", "VTN": "VNM", "ITL": "ITA"}
KIND_CODES = {"IGO": {"igo", "organisation"}, "NGO": {"organisation", "igo"}, "IMG": {"armed_group"}}


def load_module(path: Path, name: str):
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


@dataclass(frozen=True)
class Predictions:
    all: dict[str, list[dict]]
    default: dict[str, list[dict]]


def predict(articles: list[Article], resources, threshold: float) -> Predictions:
    allp: dict[str, list[dict]] = {}
    for a, events in extract_many(articles, resources=resources):
        allp.setdefault(a.id, []).extend(events)
    return Predictions(allp, {k: [e for e in v if in_default_view(e, threshold)] for k, v in allp.items()})


def _top_ten_duplicates(scorer, golds: list[dict], preds: dict[str, list[dict]]) -> int:
    """Events of the briefing's top ten (by salience, over the half) that repeat another: left
    unmatched by the one-to-one matching although they fit a gold event that another top-ten event
    of their story was matched to."""
    ranked = sorted(((salience_one(event_type=e["event_type"], n_sources=e.get("n_sources"),
                                   fatalities=e.get("fatalities"), injuries=e.get("injuries"),
                                   confidence=e.get("confidence")), aid, i)
                     for aid, evs in preds.items() for i, e in enumerate(evs) if not e.get("background")),
                    key=lambda t: -t[0])[:10]
    by_article = {a["id"]: a["events"] for a in golds}
    top: dict[str, set[int]] = {}
    for _, aid, i in ranked:
        top.setdefault(aid, set()).add(i)
    dups = 0
    for aid, idx in top.items():
        gold, ps = by_article.get(aid, []), preds[aid]
        matched = {pi: gi for gi, pi in scorer.match(gold, ps).items()}
        covered = {matched[i] for i in idx if i in matched}
        dups += sum(1 for i in idx if i not in matched
                    and any(scorer.compatible(gold[g], ps[i]) for g in covered))
    return dups


_NUM_WORDS = re.compile(r"\b(kill|killed|kills|killing|dead|die|died|deaths?)\b", re.I)


def _gold_background(e: dict, published: str | None) -> bool:
    """Is a gold event's period over more than 30 days before its story's publication?"""
    d, pub = e.get("date"), parse_published(published)
    if not d or pub is None:
        return False
    parts = [int(x) for x in str(d).split("-")]
    start = date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    end = period_end(start, {1: "year", 2: "month"}.get(len(parts), "day"))
    return (pub - end).days > 30


def gold_fatalities(golds: list[dict]) -> int:
    """Deaths the gold states, as a proxy (the gold files carry no counts): per story, the largest
    toll that the description of a dated, current gold event gives (read with the extractor's
    own casualty parser); summed over the stories."""
    total = 0
    for a in golds:
        tolls = [find_casualties(e.get("what") or "").fatalities or 0 for e in a["events"]
                 if e.get("date") and not _gold_background(e, a.get("published"))
                 and _NUM_WORDS.search(e.get("what") or "")]
        total += max(tolls, default=0)
    return total


def _score(scorer, golds: list[dict], preds: dict[str, list[dict]]) -> dict:
    summary, _ = scorer.score({"articles": golds}, preds)
    out = {k: summary.get(k) for k in FIGURES}
    out["n_events"] = summary["counts"]["predicted"]
    out["required"] = summary["counts"]["required"]
    out["top10_duplicates"] = _top_ten_duplicates(scorer, golds, preds)
    out["fatalities"] = sum(e.get("fatalities") or 0 for evs in preds.values() for e in evs if not e.get("background"))
    out["gold_fatalities"] = gold_fatalities(golds)
    return out


def reliability(scorer, golds: list[dict], preds: dict[str, list[dict]], bins: int = 5) -> list[dict]:
    """Confidence bins of every extracted event against the share matched to a gold event."""
    rows = [{"bin": f"{b / bins:.1f}-{(b + 1) / bins:.1f}", "n": 0, "matched": 0} for b in range(bins)]
    for a in golds:
        ps = preds.get(a["id"], [])
        m = set(scorer.match(a["events"], ps).values())
        for i, p in enumerate(ps):
            r = rows[min(bins - 1, int((p.get("confidence") or 0) * bins))]
            r["n"] += 1
            r["matched"] += i in m
    for r in rows:
        r["observed"] = round(r["matched"] / r["n"], 3) if r["n"] else None
    return rows


def event_halves(shared: Path, resources, threshold: float) -> tuple[dict, dict]:
    scorer = load_module(shared / "eval" / "score_events.py", "score_events")
    cache: dict[str, Predictions] = {}
    figures: dict = {}
    rel: dict = {}
    for name, gold_path, arts_path in EVENT_SETS:
        gold = json.load(open(shared / gold_path, encoding="utf-8"))
        if arts_path not in cache:
            cache[arts_path] = predict(read_articles(shared / arts_path), resources, threshold)
        preds = cache[arts_path]
        for half, golds in zip(("tune", "check"), split(gold["articles"], key=lambda a: a["id"])):
            ids = {a["id"] for a in golds}
            for view in ("default", "all"):
                p = {k: v for k, v in getattr(preds, view).items() if k in ids}
                figures[(name, half, view)] = _score(scorer, golds, p)
            if name != "seed":
                rel[(name, half)] = reliability(scorer, golds, {k: v for k, v in preds.all.items() if k in ids})
    return figures, rel


def _code_match(codes: list[str], country: str | None, kind: str | None) -> bool:
    for c in codes:
        c = LEGACY_CODES.get(c, c)
        if c in KIND_CODES and kind in KIND_CODES[c]:
            return True
        if country and c == country:
            return True
    return False


def plover_strict(shared: Path, resources) -> dict:
    """Per half: the share of sentences whose single most confident event has the gold type, and
    the share where that event also has both actor sides right (source codes for actor1 and, when
    a target is coded, target codes for actor2; IGO/NGO codes match igo or organisation kinds)."""
    records = json.load(open(shared / "eval" / "plover_gsr" / "PLOVER_GSR_CAMEO.json", encoding="utf-8"))
    records = [r for r in records if r.get("event") != "DOCUMENT" and r.get("text")]
    arts = [Article(title="", text=r["text"].strip("{} "), published=parse_published(r.get("date")), id=r["id"])
            for r in records]
    top: dict[str, dict | None] = {}
    for a, events in extract_many(arts, resources=resources):
        top[a.id] = max(events, key=lambda e: e.get("confidence") or 0, default=None)
    out = {}
    for half, recs in zip(("tune", "check"), split(records, key=lambda r: r["id"])):
        n = typed = both = with_event = 0
        for r in recs:
            e = top.get(r["id"])
            n += 1
            if e is None:
                continue
            with_event += 1
            if e["event_type"] != normalise_type(r["event"]):
                continue
            typed += 1
            src = [x.get("code") for x in r.get("source") or [] if isinstance(x, dict)]
            tgt = [x.get("code") for x in r.get("target") or [] if isinstance(x, dict)]
            s = not src or _code_match(src, e["actor1_country"], e["actor1_kind"])
            t = not tgt or _code_match(tgt, e["actor2_country"], e["actor2_kind"])
            both += s and t
        out[half] = {"sentences": n, "type": typed / n if n else 0.0, "type_and_actors": both / n if n else 0.0,
                     "with_event": with_event / n if n else 0.0}
    return out


def scorer_report(model_path: Path) -> dict | None:
    path = model_path.with_suffix(".report.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def print_tables(figures: dict, rel: dict, plover: dict | None, report: dict | None, threshold: float) -> None:
    fmt = lambda v: "n/a" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))  # noqa: E731
    cols = FIGURES + ("n_events", "top10_duplicates", "fatalities", "gold_fatalities")
    short = {"within_161km": "161km", "date_exact": "date", "top10_duplicates": "dup10", "n_events": "events",
             "fatalities": "killed", "gold_fatalities": "gold_k"}
    head = ["set", "half", "view"] + [short.get(c, c) for c in cols]
    rows = [[n, h, v] + [fmt(f.get(c)) for c in cols] for (n, h, v), f in figures.items()]
    _table(f"Events (default view: headline, or dated with confidence >= {threshold})", head, rows)
    if rel:
        rows = []
        for (n, h), bins in rel.items():
            rows += [[n, h, b["bin"], str(b["n"]), fmt(b["observed"])] for b in bins if b["n"]]
        _table("Event confidence against matching a gold event (all extracted events)",
               ["set", "half", "confidence", "events", "matched share"], rows)
    if plover:
        rows = [[h, str(f["sentences"]), fmt(f["type"]), fmt(f["type_and_actors"]), fmt(f["with_event"])]
                for h, f in plover.items()]
        _table("PLOVER records, the most confident event of each sentence",
               ["half", "sentences", "type", "type+both actors", "with an event"], rows)
    if report:
        cv = report["cv"]
        print(f"\nEvent scorer ({report['examples']} examples, {report['features']} features, "
              f"{report['folds']}-fold CV by story): AUC {cv['auc']}, precision {cv['precision']}, "
              f"recall {cv['recall']}, log loss {cv['log_loss']}")
        if report.get("ngec_holdout"):
            h = report["ngec_holdout"]
            print(f"NGEC holdout split (trained on the train split): AUC {h['auc']}, precision {h['precision']}, "
                  f"recall {h['recall']} ({h['examples']} examples)")
        rows = [[t, str(v["n"]), str(v["real"]), fmt(v["precision"]), fmt(v["recall"])]
                for t, v in report["per_type"].items()]
        _table("Event scorer per type (cross-validated, threshold 0.5)", ["type", "n", "real", "precision", "recall"],
               rows)
        rows = [[b["bin"], str(b["n"]), fmt(b["mean_confidence"]), fmt(b["observed"])]
                for b in report["reliability"] if b["n"]]
        _table("Event scorer reliability (cross-fitted calibration)", ["confidence", "n", "mean", "observed"], rows)


def _table(title: str, head: list[str], rows: list[list[str]]) -> None:
    w = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    print(f"\n{title}")
    print("  ".join(h.ljust(w[i]) for i, h in enumerate(head)))
    print("  ".join("-" * x for x in w))
    for r in rows:
        print("  ".join(str(c).ljust(w[i]) for i, c in enumerate(r)))
