"""``sitroom train``: fit the event scorer on labelled data kept in ``data/training/``.

In:  ``ngec_codebook_labels.jsonl`` (PLOVER codebook judgments on real VOA news, with verbatim
     quotes; see data/training/README.md for provenance and licence) and ``sitroom_labels.csv``
     (sentences labelled for this project); the spaCy model and the trigger lexicon.
Out: the model file (weights + Platt calibration table, read by ``scorer.EventScorer``) and a report:
     cross-validated precision/recall per type, AUC, a reliability table (confidence bins against
     observed precision) and the NGEC holdout figures.

How quotes become examples. Each quote is parsed and its candidates found exactly as in
extraction. A candidate proposing type U in a quote of story D is labelled:
- 1 when the quote was verified as evidence of a U event;
- 0 when D was verified to contain no U event, or D was screened against all 16 types and U was
  not even a candidate (screening misses some: these negatives weigh less);
- not used when D has a U event elsewhere (this candidate may or may not be it) or nothing is
  known about U in D.
Sentences of ``sitroom_labels.csv`` name their trigger word and its label (a type, or NONE).

Deterministic: fixed fold assignment by story, lbfgs solver, sorted features.
"""
from __future__ import annotations

import csv
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from spacy.language import Language

from ..devsplit import fold_of
from ..taxonomy import ALL_TYPES
from .candidates import doc_candidates
from .components import parse_only
from .lexicon import Lexicon
from .scorer import MODEL_VERSION, features_for
from .triggers import TriggerMatcher

# Weight of a negative that rests on screening alone (screening misses 2-36% of real events).
ABSENT_WEIGHT = 0.7
OWN_LABEL_WEIGHT = 2.0    # hand-checked labels of this project
C_REG = 0.3               # inverse regularisation strength (chosen by CV log-loss on NGEC)
FOLDS = 5
CALIBRATION_POINTS = 200


@dataclass(frozen=True)
class Example:
    features: dict[str, float]
    label: int
    weight: float
    group: str          # the story (folds never split one)
    type: str
    source: str         # ngec | own
    split: str          # train | holdout (NGEC's own split) | own


@dataclass
class StoryTypes:
    screened: bool = False
    screen: set[str] = field(default_factory=set)
    positive: set[str] = field(default_factory=set)
    negative: set[str] = field(default_factory=set)


def read_ngec(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def story_types(records: list[dict]) -> dict[str, StoryTypes]:
    out: dict[str, StoryTypes] = defaultdict(StoryTypes)
    for r in records:
        s = out[r["doc"]]
        if r["stage"] in ("screen", "holdout_screen"):
            s.screened = True
            s.screen.add(r["type"])
        elif r["label"] == 1:
            s.positive.add(r["type"])
        else:
            s.negative.add(r["type"])
    return out


def label_for(proposed: tuple[str, ...], verified_here: set[str], story: StoryTypes) -> tuple[int, float] | None:
    """(label, weight) of a candidate in a quote (see module docstring). ``proposed`` is its type
    and, for a retyped promise or threat, the lexicon's type too: "will provide aid" is a real
    event whether it is coded AGREE (PLOVER's promise) or AID (as the codebook labels often do)."""
    if any(t in verified_here for t in proposed):
        return 1, 1.0
    if any(t in story.positive for t in proposed):
        return None
    if all(t in story.negative for t in proposed):
        return 0, 1.0
    if story.screened and not any(t in story.screen for t in proposed) and \
            all(t in story.negative or t not in story.positive for t in proposed):
        return 0, ABSENT_WEIGHT
    return None


def ngec_examples(nlp: Language, matcher: TriggerMatcher, records: list[dict]) -> Iterator[Example]:
    stories = story_types(records)
    quotes: dict[tuple[str, str], dict] = {}
    for r in records:
        if r["quote"]:
            q = quotes.setdefault((r["doc"], r["quote"]), {"doc": r["doc"], "split": r["split"], "verified": set()})
            if r["label"] == 1 and r["stage"] in ("verify", "holdout_verify"):
                q["verified"].add(r["type"])
    items = sorted(quotes.items())
    for ((doc_id, text), q), doc in zip(items, nlp.pipe((t for (_, t), _ in items), batch_size=256)):
        cands = doc_candidates(doc, matcher)
        features = features_for(doc, cands)
        for c in cands:
            if c.type == "OTHER":
                continue    # PLOVER has no OTHER: the codebook labels say nothing about it
            lab = label_for(tuple(dict.fromkeys((c.type, c.lexicon_type))), q["verified"], stories[doc_id])
            if lab is None:
                continue
            yield Example(features(c), lab[0], lab[1], doc_id, c.type, "ngec", q["split"])


def own_examples(nlp: Language, matcher: TriggerMatcher, path: Path) -> tuple[list[Example], list[str]]:
    """Examples from ``sitroom_labels.csv``; also the rows whose trigger no candidate matched."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines(keepends=True)
    data = [(n, ln) for n, ln in enumerate(lines, 1) if not ln.startswith("#")]
    rows = list(csv.DictReader(ln for _, ln in data))
    line_of = [n for n, _ in data[1:]]   # physical line of each row (after the header)
    out, unmatched = [], []
    for k, (row, doc) in enumerate(zip(rows, nlp.pipe(r["text"] for r in rows))):
        where = f"{path.name}:{line_of[k] if k < len(line_of) else '?'}"
        label = row["label"].strip().upper()
        if label != "NONE" and label not in ALL_TYPES:
            raise ValueError(f"{where}: unknown label {label!r}")
        cands = doc_candidates(doc, matcher)
        trig = row["trigger"].strip().lower()
        hit = next((c for c in cands if doc[c.token].lower_ == trig), None)
        if hit is None:
            if label != "NONE":   # a NONE row the lexicon does not even propose is already right
                unmatched.append(f"{where}: no candidate at {row['trigger']!r} (label {label})")
            continue
        feats = features_for(doc, cands)(hit)
        # A labelled type other than the proposal means the proposal is wrong here.
        y = int(label == hit.type)
        out.append(Example(feats, y, OWN_LABEL_WEIGHT, f"own:{row.get('source') or k}", hit.type, "own", "own"))
    return out, unmatched


def _folds(groups: list[str], k: int) -> list[int]:
    """Fold of each example: its story's own hash, so a story keeps its fold whatever else is
    added (dealing stories round-robin in hashed order moved every later story when one new story
    appeared, and the cross-validated figures jumped by 0.005 AUC for a handful of new examples)."""
    return [fold_of(g, k) for g in groups]


def _fit(X, y, w, C: float):
    from sklearn.linear_model import LogisticRegression
    return LogisticRegression(C=C, max_iter=3000, solver="lbfgs").fit(X, y, sample_weight=w)


class PlattCalibration:
    """Raw scores -> probability of a real event: a logistic fit on the raw score's logit (Platt
    scaling; unweighted, so the table reads as counts).

    Chosen over isotonic regression, which fits a step function: a block of raw scores straddling
    0.5 moved across the display threshold together when a handful of training examples changed
    (cross-validated precision/recall swung from 0.825/0.894 to 0.837/0.873 for two new examples;
    with this fit 0.819/0.906 to 0.818/0.905), and its cross-validated log loss was higher (0.442
    against 0.4375)."""

    def __init__(self, raw, y) -> None:
        from sklearn.linear_model import LogisticRegression
        self._m = LogisticRegression(C=1e6, max_iter=1000).fit(_logit(raw), y)

    def predict(self, raw):
        return self._m.predict_proba(_logit(raw))[:, 1]

    def table(self, points: int) -> tuple[list[float], list[float]]:
        """The fit written as (x, y) points, even in logit space, for ``EventScorer.calibrate``'s
        linear interpolation (no scikit-learn at inference)."""
        import numpy as np
        xs = 1.0 / (1.0 + np.exp(-np.linspace(-9.0, 9.0, points)))
        return [round(float(v), 6) for v in xs], [round(float(v), 4) for v in self.predict(xs)]


def _logit(raw):
    import numpy as np
    p = np.clip(np.asarray(raw, dtype=float), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p)).reshape(-1, 1)


def reliability(probs: Iterable[float], labels: Iterable[int], bins: int = 10) -> list[dict]:
    """Confidence bins against the observed share of real events."""
    rows = [{"bin": f"{b / bins:.1f}-{(b + 1) / bins:.1f}", "n": 0, "events": 0, "mean_confidence": 0.0}
            for b in range(bins)]
    for p, y in zip(probs, labels):
        r = rows[min(bins - 1, int(p * bins))]
        r["n"] += 1
        r["events"] += y
        r["mean_confidence"] += p
    for r in rows:
        r["observed"] = round(r["events"] / r["n"], 3) if r["n"] else None
        r["mean_confidence"] = round(r["mean_confidence"] / r["n"], 3) if r["n"] else None
    return rows


def _auc(probs, labels) -> float:
    from sklearn.metrics import roc_auc_score
    return float(roc_auc_score(labels, probs))


def fit_scorer(examples: list[Example], *, C: float = C_REG) -> tuple[dict, dict]:
    """(model JSON, report) from examples: CV figures, then a fit on everything."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer

    vec = DictVectorizer(sort=True)
    X = vec.fit_transform([e.features for e in examples])
    y = np.array([e.label for e in examples])
    w = np.array([e.weight for e in examples])
    folds = np.array(_folds([e.group for e in examples], FOLDS))
    oof = np.zeros(len(y))
    for k in range(FOLDS):
        tr, te = folds != k, folds == k
        oof[te] = _fit(X[tr], y[tr], w[tr], C).predict_proba(X[te])[:, 1]
    # Calibration checked honestly: each fold's raw scores mapped by a calibration fit on the others.
    cal_oof = np.zeros(len(y))
    for k in range(FOLDS):
        tr, te = folds != k, folds == k
        cal_oof[te] = PlattCalibration(oof[tr], y[tr]).predict(oof[te])
    per_type = {}
    for t in sorted({e.type for e in examples}):
        m = np.array([e.type == t for e in examples])
        pred = cal_oof[m] >= 0.5
        tp = int((pred & (y[m] == 1)).sum())
        per_type[t] = {"n": int(m.sum()), "real": int(y[m].sum()),
                       "precision": round(tp / pred.sum(), 3) if pred.sum() else None,
                       "recall": round(tp / (y[m] == 1).sum(), 3) if (y[m] == 1).sum() else None}
    pred = cal_oof >= 0.5
    tp = int((pred & (y == 1)).sum())
    report = {
        "examples": int(len(y)), "real": int(y.sum()), "features": int(X.shape[1]), "C": C, "folds": FOLDS,
        "cv": {"auc": round(_auc(oof, y), 4),
               "precision": round(tp / max(1, pred.sum()), 3), "recall": round(tp / max(1, (y == 1).sum()), 3),
               "log_loss": round(float(-np.mean(y * np.log(np.clip(cal_oof, 1e-6, 1)) +
                                                 (1 - y) * np.log(np.clip(1 - cal_oof, 1e-6, 1)))), 4)},
        "per_type": per_type,
        "reliability": reliability(cal_oof.tolist(), y.tolist()),
        "by_source": {s: int(sum(1 for e in examples if e.source == s)) for s in sorted({e.source for e in examples})},
    }
    hold = np.array([e.split == "holdout" for e in examples])
    if hold.any() and (~hold).any():
        m = _fit(X[~hold], y[~hold], w[~hold], C)
        raw_tr = m.predict_proba(X[~hold])[:, 1]
        p = PlattCalibration(raw_tr, y[~hold]).predict(m.predict_proba(X[hold])[:, 1])
        ph = p >= 0.5
        tph = int((ph & (y[hold] == 1)).sum())
        report["ngec_holdout"] = {"examples": int(hold.sum()), "auc": round(_auc(p, y[hold]), 4),
                                  "precision": round(tph / max(1, ph.sum()), 3),
                                  "recall": round(tph / max(1, (y[hold] == 1).sum()), 3)}
    final = _fit(X, y, w, C)
    xs, ys = PlattCalibration(oof, y).table(CALIBRATION_POINTS)
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(c), 5) for n, c in zip(names, final.coef_[0]) if abs(c) >= 1e-5}
    model = {"version": MODEL_VERSION, "weights": weights, "intercept": round(float(final.intercept_[0]), 5),
             "calibration": {"x": xs, "y": ys},
             "meta": {"examples": report["examples"], "cv_auc": report["cv"]["auc"], "C": C}}
    return model, report


def _matcher(nlp: Language, lexicon: Lexicon) -> TriggerMatcher:
    """The candidates stage's matcher when ``nlp`` has one built from ``lexicon``, else a new one."""
    stage = nlp.get_pipe("sitroom_candidates") if "sitroom_candidates" in nlp.component_names else None
    matcher = getattr(stage, "matcher", None)
    return matcher if matcher is not None and matcher.lexicon is lexicon else TriggerMatcher(nlp.vocab, lexicon)


def train(nlp: Language, lexicon: Lexicon, data_dir: Path, model_path: Path,
          report_path: Path | None = None) -> dict:
    """Build the examples (from spaCy's own parse: sitroom's stages, if added to ``nlp``, are
    switched off meanwhile), fit, write the model (and the report); returns the report."""
    t0 = time.time()
    matcher = _matcher(nlp, lexicon)
    records = read_ngec(data_dir / "ngec_codebook_labels.jsonl")
    own_path = data_dir / "sitroom_labels.csv"
    unmatched: list[str] = []
    with parse_only(nlp):
        examples = list(ngec_examples(nlp, matcher, records))
        if own_path.exists():
            own, unmatched = own_examples(nlp, matcher, own_path)
            examples += own
    model, report = fit_scorer(examples)
    report["unmatched_own_labels"] = unmatched
    report["seconds"] = round(time.time() - t0, 1)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = model_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(model, sort_keys=True), encoding="utf-8")
    tmp.replace(model_path)   # never a half-written model
    if report_path is not None:
        report_path.write_text(json.dumps(report, indent=1, sort_keys=True), encoding="utf-8")
    return report

