#!/usr/bin/env python3
"""`make bench`: extraction speed on ../shared/corpus/voa_stories.jsonl beside spaCy alone.

In:  --shared PATH (default ../shared), --repeat N (best of N runs, default 2: other work on
     the machine makes single runs noisy), --batch-size B (nlp.pipe batch, default 32).
Out: a table: articles/s, words/s and peak memory for spaCy's own ``nlp.pipe`` over the
     same texts and for ``extract_many`` (parse + dates + places + candidates + scorer + mentions +
     story events), and
     the ratio of our throughput to spaCy's (target >= 0.8).
Peak memory is the process's maximum resident set size (resource.getrusage), read after
each phase: it includes the loaded model and gazetteer.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitroom.extract import extract_many, load_resources  # noqa: E402
from sitroom.extract.components import parse_only  # noqa: E402
from sitroom.loader.article import Article, parse_published  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0   # KiB on Linux


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args(argv)
    path = Path(args.shared) / "corpus" / "voa_stories.jsonl"
    arts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                arts.append(Article(title=d.get("title") or "", text=d["text"], id=str(d["id"]),
                                    published=parse_published(d.get("published"))))
    texts = [a.text for a in arts]
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    res = load_resources()
    list(extract_many(arts[:2], resources=res))   # warm-up: lexicon, gazetteer caches
    load_s = time.perf_counter() - t0
    mem_loaded = peak_mb()

    spacy_s, ours_s, n_events = [], [], 0
    for _ in range(max(1, args.repeat)):
        t = time.perf_counter()
        # spaCy's own pipeline: sitroom's stages switched off.
        with parse_only(res.nlp):
            for _doc in res.nlp.pipe(texts, batch_size=args.batch_size):
                pass
        spacy_s.append(time.perf_counter() - t)
        mem_spacy = peak_mb()
        t = time.perf_counter()
        n_events = sum(len(ev) for _, ev in extract_many(arts, resources=res, batch_size=args.batch_size))
        ours_s.append(time.perf_counter() - t)
        mem_ours = peak_mb()
    s, o = min(spacy_s), min(ours_s)
    rows = [("spaCy nlp.pipe", len(arts) / s, words / s, s, mem_spacy),
            ("sitroom extract_many", len(arts) / o, words / o, o, mem_ours)]
    print(f"{len(arts)} articles, {words} words, {n_events} events; resources loaded in {load_s:.1f} s "
          f"({mem_loaded:.0f} MB peak RSS); best of {max(1, args.repeat)} runs")
    print(f"{'':22} {'articles/s':>10} {'words/s':>9} {'seconds':>8} {'peak MB':>8}")
    for name, aps, wps, sec, mb in rows:
        print(f"{name:22} {aps:10.1f} {wps:9.0f} {sec:8.2f} {mb:8.0f}")
    print(f"throughput ratio (ours / spaCy): {s / o:.2f}  (target >= 0.8)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
