"""Fit the toponym ranker (``sitroom train-places``): scikit-learn logistic regression over the
candidates of GeoVirus's tuning half, then a calibration of the winner's score by
cross-validation, written as a small JSON (``ranker.MODEL_PATH``) that inference reads.

In:  ``../shared/eval/geovirus/GeoVirus.xml`` (read through ``score_places.load_corpus``), split
     by article with ``sitroom.devsplit.split``: only the tuning half is ever fitted on; the check
     half is for measuring.
Out: the model JSON; ``cross_validate`` and ``calibration_table`` for ``make eval``.

Labels: a candidate is right when its point is within 161 km of the gold point; a country,
admin1 region or wider area that is the candidate nearest the gold point is also right within
1,500 km, because gold points for countries follow mixed conventions (one corpus places a
country at its capital, another at a Factbook point) and the referent is what is learnt.
The shown score is calibrated to P(point within 161 km); abstention uses a second calibration,
P(right place), so an unambiguous sea is never withheld for its point convention.
Deterministic: the same files give the same JSON (lbfgs, no random state, each article's fold its
own hash).
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Iterable

from ..devsplit import fold_of, split
from .ranker import FEATURE_NAMES, MODEL_PATH, PlaceRanker, _rival, km

#: Below this calibrated probability that the winner is the place meant, show no point.
ABSTAIN_BELOW = 0.5
WIDE = {"country", "admin1", "admin2", "region", "territory", "continent", "water", "border"}
FOLDS = 5
ROUNDS = 2       # round 1 resolves the story with the gazetteer's prior, round 2 with round 1's model
C = 1.0


def load_scorer(shared: Path):
    """The shared ``score_places.py`` module (corpus reader and scorer)."""
    spec = importlib.util.spec_from_file_location("score_places", Path(shared) / "eval" / "score_places.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def geovirus_halves(shared: Path) -> tuple[list, list]:
    """(tuning docs, check docs) of GeoVirus: (id, published, text, gold) tuples, split by article."""
    sp = load_scorer(shared)
    docs = sp.load_corpus(Path(shared) / "eval" / "geovirus" / "GeoVirus.xml")
    tune, check = split([d[0] for d in docs])
    t, c = set(tune), set(check)
    return [d for d in docs if d[0] in t], [d for d in docs if d[0] in c]


def parse(docs: Iterable, *, nlp) -> list[tuple]:
    """(doc, its spaCy parse) per corpus doc: spaCy's own pipeline, sitroom's stages switched off
    (the ranker plays no part in it, so one parse serves every round)."""
    from ..extract.components import parse_only
    docs = list(docs)
    with parse_only(nlp):
        return list(zip(docs, nlp.pipe(d[2] for d in docs)))


def collect(docs: Iterable, *, nlp, geocoder, ranker) -> list[dict]:
    """One example per detected mention overlapping a gold toponym: its candidates' feature rows,
    their distances to the gold point, and the article id."""
    return examples_of(parse(docs, nlp=nlp), geocoder=geocoder, ranker=ranker)


def examples_of(parsed_docs: Iterable[tuple], *, geocoder, ranker) -> list[dict]:
    """``collect`` over docs already parsed (``parse``)."""
    from ..extract.places import find_places
    out = []
    for (doc_id, _, text, gold), parsed in parsed_docs:
        got: list[dict] = []
        find_places(parsed, geocoder=geocoder, ranker=ranker or False, collect=got)
        for g in got:
            hit = next(((la, lo) for s, e, la, lo in gold if g["start"] < e and g["end"] > s), None)
            if hit is None or not g["cands"]:
                continue
            dists = [km((c.place.lat, c.place.lon), hit) for c in g["cands"]]
            out.append({"article": doc_id, "rows": g["rows"], "dist": dists, "cands": g["cands"],
                        "features": [c.place.feature for c in g["cands"]]})
    return out


def labels(ex: dict) -> list[int]:
    """1 for each right candidate of an example (see the module docstring)."""
    d = ex["dist"]
    nearest = min(range(len(d)), key=d.__getitem__)
    return [int(x <= 161 or (i == nearest and ex["features"][i] in WIDE and x <= 1500))
            for i, x in enumerate(d)]


def fit(examples: list[dict]) -> dict:
    """Logistic regression over every candidate row of examples that have a right candidate."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    X, y = [], []
    for ex in examples:
        lab = labels(ex)
        if any(lab):
            X.extend(ex["rows"])
            y.extend(lab)
    X = np.array(X, dtype=float)
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=C, max_iter=2000).fit((X - mean) / scale, np.array(y))
    return {"features": list(FEATURE_NAMES), "weights": model.coef_[0].round(5).tolist(),
            "intercept": round(float(model.intercept_[0]), 5), "mean": mean.round(5).tolist(),
            "scale": scale.round(5).tolist(), "calibration": [1.0, 0.0, 0.0, 0.0, 0.0, 0.0],
            "abstain_below": ABSTAIN_BELOW}


def _tops(ranker: PlaceRanker, examples: list[dict]) -> list[tuple]:
    """(winner logit, rival logit, winner's km to gold, winner's feature, winner right?) per example."""
    out = []
    for ex in examples:
        z = ranker.logits(ex["rows"])
        order = sorted(range(len(z)), key=lambda i: -z[i])
        w = order[0]
        out.append((z[w], _rival(ex["cands"], order, z), ex["dist"][w], ex["features"][w], labels(ex)[w]))
    return out


def _folds(examples: list[dict]) -> list[tuple[list[dict], list[dict]]]:
    """(train, test) per fold; an article's fold is its own hash (``devsplit.fold_of``)."""
    fold = {ex["article"]: fold_of(ex["article"], FOLDS) for ex in examples}
    return [([e for e in examples if fold[e["article"]] != f],
             [e for e in examples if fold[e["article"]] == f]) for f in range(FOLDS)]


def cross_validate(examples: list[dict]) -> list[tuple]:
    """Held-out (winner logit, rival logit, km) for every example, fitting on the other folds."""
    out = []
    for train, test in _folds(examples):
        out.extend(_tops(PlaceRanker(fit(train)), test))
    return out


def fit_calibration(tops: list[tuple], *, referent: bool = False) -> list[float]:
    """Weights of P(within 161 km) = sigmoid(a * logit + b * margin + per-kind offset + c) (see
    ``PlaceRanker.calibrate``), fitted on held-out winners; ``referent``: of P(right place)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from .ranker import calibration_row
    X = np.array([calibration_row(t[0], t[1], t[3]) for t in tops])
    y = np.array([int(t[4]) if referent else int(t[2] <= 161) for t in tops])
    m = LogisticRegression(C=10.0, max_iter=2000).fit(X, y)
    return [round(float(x), 5) for x in m.coef_[0]] + [round(float(m.intercept_[0]), 5)]


def calibration_table(scored: list[tuple[float, bool]], edges=(0.0, 0.25, 0.5, 0.7, 0.85, 0.95, 1.01)
                      ) -> list[dict]:
    """Bins of calibrated score -> count, mean score and observed share within 161 km."""
    rows = []
    for lo, hi in zip(edges, edges[1:]):
        inside = [(s, ok) for s, ok in scored if lo <= s < hi]
        if inside:
            rows.append({"bin": f"{lo:.2f}-{min(hi, 1.0):.2f}", "n": len(inside),
                         "mean_score": round(sum(s for s, _ in inside) / len(inside), 3),
                         "observed": round(sum(ok for _, ok in inside) / len(inside), 3)})
    return rows


def summarise(tops, ranker: PlaceRanker) -> dict:
    """acc161 of the winners, their median km, share abstained and the calibration table."""
    scored = [(ranker.calibrate(t[0], t[1], t[3]), t[2] <= 161) for t in tops]
    withheld = [ranker.calibrate(t[0], t[1], t[3], referent=True) < ranker.abstain_below for t in tops]
    dists = sorted(t[2] for t in tops)
    return {"mentions": len(tops), "acc161": round(sum(ok for _, ok in scored) / max(1, len(scored)), 3),
            "referent": round(sum(t[4] for t in tops) / max(1, len(tops)), 3),
            "median_km": round(dists[len(dists) // 2], 1) if dists else None,
            "abstain": round(sum(withheld) / max(1, len(scored)), 3),
            "acc161_shown": round(sum(ok for (_, ok), w in zip(scored, withheld) if not w)
                                  / max(1, len(scored) - sum(withheld)), 3),
            "calibration": calibration_table(scored)}


def train(shared: Path, *, nlp, geocoder, out: Path = MODEL_PATH, log=print) -> dict:
    """Fit the ranker on GeoVirus's tuning half and write it to ``out``; return the spec."""
    tune, _ = geovirus_halves(shared)
    parsed = parse(tune, nlp=nlp)
    ranker = None
    spec: dict = {}
    for r in range(ROUNDS):
        examples = examples_of(parsed, geocoder=geocoder, ranker=ranker)
        spec = fit(examples)
        tops = cross_validate(examples)
        spec["calibration"] = fit_calibration(tops)
        spec["referent_calibration"] = fit_calibration(tops, referent=True)
        ranker = PlaceRanker(spec)
        cv = summarise(tops, ranker)
        log(f"round {r + 1}: {len(examples)} mentions of {len({e['article'] for e in examples})} articles; "
            f"cross-validated acc161 {cv['acc161']}, right referent {cv['referent']}, abstain {cv['abstain']}")
    spec["trained_on"] = {"corpus": "GeoVirus tuning half (sitroom.devsplit.split by article)",
                          "articles": len(tune), "mentions": len(examples),
                          "candidates": sum(len(e["rows"]) for e in examples)}
    spec["cross_validated"] = cv
    Path(out).write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    return spec

