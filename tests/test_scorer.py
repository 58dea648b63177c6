"""The learned event scorer (sitroom.extract.scorer) and its training (sitroom.extract.training):
model file, calibration, prior fallback, features, labels of NGEC quotes, reliability, fitting.

Models here are written by hand or fitted on a few synthetic examples: nothing is trained on
real data, and the spaCy model is the session's."""
from __future__ import annotations

import json
import logging
import math
from pathlib import Path

import pytest

from sitroom.extract.scorer import MODEL_VERSION, EventScorer, candidate_features, prior_probability, score_candidates
from sitroom.extract.training import (ABSENT_WEIGHT, Example, StoryTypes, fit_scorer, label_for, own_examples,
                                      reliability, story_types)


def write_model(path: Path, **over) -> Path:
    model = {"version": MODEL_VERSION, "weights": {"bias": 0.5, "lem|shell": 2.0, "question": -3.0},
             "intercept": -1.0, "calibration": {"x": [0.1, 0.5, 0.9], "y": [0.0, 0.4, 1.0]},
             "meta": {"examples": 3}}
    model.update(over)
    path.write_text(json.dumps(model), encoding="utf-8")
    return path


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


# ---- the model file ----------------------------------------------------------------------------

def test_a_hand_written_model_round_trips(tmp_path):
    s = EventScorer.load(write_model(tmp_path / "m.json"))
    assert s.weights == {"bias": 0.5, "lem|shell": 2.0, "question": -3.0}
    assert s.intercept == -1.0 and s.calib_x == (0.1, 0.5, 0.9) and s.calib_y == (0.0, 0.4, 1.0)
    assert s.meta == {"examples": 3}
    feats = {"bias": 1.0, "lem|shell": 1.0, "unknown|feature": 1.0}
    assert s.raw(feats) == pytest.approx(sigmoid(1.5))                 # unknown features weigh nothing
    assert s.probability(feats) == pytest.approx(s.calibrate(sigmoid(1.5)))
    assert s.raw({"bias": 1.0, "question": 1.0}) == pytest.approx(sigmoid(-3.5))


def test_calibration_interpolates_and_clips(tmp_path):
    s = EventScorer.load(write_model(tmp_path / "m.json"))
    assert s.calibrate(0.3) == pytest.approx(0.2)
    assert s.calibrate(0.7) == pytest.approx(0.7)
    assert s.calibrate(0.5) == pytest.approx(0.4)
    assert s.calibrate(0.01) == 0.0 and s.calibrate(0.1) == 0.0
    assert s.calibrate(0.99) == 1.0
    flat = EventScorer.load(write_model(tmp_path / "flat.json", calibration={"x": [], "y": []}))
    assert flat.calibrate(0.37) == 0.37                                # no table: the raw score
    # Extreme scores do not overflow.
    assert EventScorer({"x": 1e6}, 0.0, (), (), {}).raw({"x": 1.0}) == pytest.approx(1.0)
    assert EventScorer({"x": -1e6}, 0.0, (), (), {}).raw({"x": 1.0}) == pytest.approx(0.0)


@pytest.mark.parametrize("version", [1, None, "2"])
def test_an_old_model_file_is_refused_with_a_clear_message(tmp_path, version):
    path = tmp_path / "old.json"
    data = json.loads(write_model(path).read_text())
    if version is None:
        del data["version"]
    else:
        data["version"] = version
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError) as err:
        EventScorer.load(path)
    msg = str(err.value)
    assert str(path) in msg and f"expected {MODEL_VERSION}" in msg and "sitroom train" in msg


def test_a_missing_model_falls_back_to_the_prior(tmp_path, caplog, settings):
    from dataclasses import replace

    from sitroom.extract.resources import load_scorer
    missing = replace(settings, event_model=tmp_path / "none.json")
    with caplog.at_level(logging.WARNING):
        assert load_scorer(missing) is None
    assert "none.json" in caplog.text and "sitroom train" in caplog.text


def test_the_prior_discounts_modalities_that_rarely_report_events(resources):
    doc = resources.nlp("Rangers will not detain the poachers. Rangers detained the poachers on Friday.")
    cands = doc._.candidates
    scored = score_candidates(doc, cands, None)
    assert [c.p_event for c in scored] == [prior_probability(c) for c in cands]
    negated, asserted = (c for c in scored if doc[c.token].lemma_ == "detain")
    assert negated.modality == "negated" and asserted.modality == "asserted"
    assert negated.p_event < asserted.p_event == pytest.approx(asserted.prior)


def test_the_built_model_is_current_and_its_calibration_monotone(settings):
    s = EventScorer.load(settings.event_model)
    assert list(s.calib_x) == sorted(s.calib_x) and list(s.calib_y) == sorted(s.calib_y)
    assert all(0.0 <= y <= 1.0 for y in s.calib_y)
    assert s.weights and all(math.isfinite(w) for w in s.weights.values())


# ---- features ----------------------------------------------------------------------------------

TEXTS = ("Militia fighters torched a customs post on the ridge on Thursday.",
         "Will the militia torch the customs post?",
         "A tornado wrecked the customs post and killed two guards.")


def test_features_are_deterministic_and_read_the_sentence(resources):
    nlp = resources.nlp
    runs = []
    for _ in range(2):
        docs = [nlp(t) for t in TEXTS]
        runs.append([[candidate_features(d, c) for c in d._.candidates] for d in docs])
    assert runs[0] == runs[1] and all(runs[0])
    statement, question, disaster = runs[0]
    assert "question" in question[0] and "question" not in statement[0]
    assert "bias" in statement[0] and "lem|torch" in statement[0] and "mod|asserted" in statement[0]
    killed = next(f for f in disaster if "lem|kill" in f)
    assert "a1_hazard" in killed or "subj_hazard" in killed


def test_scored_candidates_carry_the_models_probability(resources, tmp_path):
    s = EventScorer.load(write_model(tmp_path / "m.json", weights={"bias": 0.2, "question": -2.5,
                                                                   "lem|torch": 1.5}))
    doc = resources.nlp(TEXTS[0])
    scored = score_candidates(doc, doc._.candidates, s)
    assert scored and all(0.0 <= c.p_event <= 1.0 for c in scored)
    for c in scored:
        gov = next((g.type for g in scored if g.token == c.governor), None)
        assert c.p_event == round(s.probability(candidate_features(doc, c, gov)), 4)
    # Scoring replaces only the probability.
    assert [c.token for c in scored] == [c.token for c in doc._.candidates]


# ---- labels of NGEC quotes -----------------------------------------------------------------------

def test_label_for():
    story = StoryTypes(screened=True, screen={"ASSAULT", "PROTEST"}, positive={"ASSAULT"}, negative={"COERCE"})
    assert label_for(("ASSAULT",), {"ASSAULT"}, story) == (1, 1.0)          # this quote was verified
    assert label_for(("ASSAULT",), set(), story) is None                  # a real one is elsewhere in the story
    assert label_for(("COERCE",), set(), story) == (0, 1.0)               # verified absent
    assert label_for(("SANCTION",), set(), story) == (0, ABSENT_WEIGHT)   # screening never even proposed it
    assert label_for(("PROTEST",), set(), story) is None                  # proposed, never verified
    unscreened = StoryTypes(positive={"ASSAULT"})
    assert label_for(("SANCTION",), set(), unscreened) is None            # nothing known
    # A retyped promise counts as real when its lexicon type was verified ("will provide aid").
    assert label_for(("AGREE", "AID"), {"AID"}, StoryTypes()) == (1, 1.0)
    assert label_for(("AGREE", "AID"), set(), StoryTypes(negative={"AGREE"})) is None
    assert label_for(("AGREE", "AID"), set(), StoryTypes(negative={"AGREE", "AID"})) == (0, 1.0)


def test_story_types_from_records():
    recs = [{"doc": "d1", "type": "ASSAULT", "label": 1, "stage": "screen"},
            {"doc": "d1", "type": "ASSAULT", "label": 1, "stage": "verify"},
            {"doc": "d1", "type": "PROTEST", "label": 0, "stage": "verify"},
            {"doc": "d2", "type": "AID", "label": 0, "stage": "holdout_verify"}]
    st = story_types(recs)
    assert st["d1"].screened and st["d1"].screen == {"ASSAULT"}
    assert st["d1"].positive == {"ASSAULT"} and st["d1"].negative == {"PROTEST"}
    assert not st["d2"].screened and st["d2"].negative == {"AID"}


def test_quotes_become_examples_by_what_is_known_of_their_story(resources):
    from sitroom.extract.training import ngec_examples
    from sitroom.extract.triggers import TriggerMatcher
    matcher = TriggerMatcher(resources.nlp.vocab, resources.lexicon)
    torched = "Militia fighters torched a customs post on the ridge on Thursday."
    marched = "Dockers marched to the harbour gates on Monday."
    recs = [  # story s1: an attack verified in one quote, no protest; s2: nothing known of protests
        {"doc": "s1", "type": "ASSAULT", "label": 1, "quote": torched, "stage": "screen", "split": "train"},
        {"doc": "s1", "type": "ASSAULT", "label": 1, "quote": torched, "stage": "verify", "split": "train"},
        {"doc": "s1", "type": "PROTEST", "label": 0, "quote": "", "stage": "verify", "split": "train"},
        {"doc": "s1", "type": "ASSAULT", "label": 1, "quote": marched, "stage": "screen", "split": "train"},
        {"doc": "s2", "type": "ASSAULT", "label": 1, "quote": marched, "stage": "holdout_verify", "split": "holdout"},
    ]
    got = sorted((e.group, e.type, e.label, e.weight, e.split) for e in ngec_examples(resources.nlp, matcher, recs))
    assert got == [("s1", "ASSAULT", 1, 1.0, "train"),     # the verified quote
                   ("s1", "PROTEST", 0, 1.0, "train")]     # a protest in a story verified to have none
    # s2's "marched" is unknown (no PROTEST judgment), so it is no example at all.


# ---- own labels ----------------------------------------------------------------------------------

def test_own_labels_name_their_line(resources, tmp_path):
    from sitroom.extract.triggers import TriggerMatcher
    matcher = TriggerMatcher(resources.nlp.vocab, resources.lexicon)
    path = tmp_path / "sitroom_labels.csv"
    path.write_text("# a comment line\ntext,trigger,label,source,note\n"
                    "Dockers marched to the harbour gates on Monday.,marched,PROTEST,written,\n"
                    "# another comment\n"
                    "The heatwave is a slow attack on farmers.,attack,NONE,written,\n"
                    "Nothing here proposes a thing.,thing,NONE,written,\n"
                    "The envoys signed a truce.,signed,NOSUCHTYPE,written,\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"sitroom_labels\.csv:7: unknown label 'NOSUCHTYPE'"):
        own_examples(resources.nlp, matcher, path)
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines[:-1] + ["Traders hoped for a calm week.,hoped,PROTEST,written,"]) + "\n")
    examples, unmatched = own_examples(resources.nlp, matcher, path)
    assert [(e.type, e.label, e.source) for e in examples] == [("PROTEST", 1, "own"), ("ASSAULT", 0, "own")]
    assert unmatched == ["sitroom_labels.csv:7: no candidate at 'hoped' (label PROTEST)"]


# ---- reliability and fitting ----------------------------------------------------------------------

def test_reliability_bins():
    rows = reliability([0.05, 0.15, 0.18, 0.95, 1.0], [0, 1, 0, 1, 1], bins=10)
    assert len(rows) == 10 and rows[0]["bin"] == "0.0-0.1" and rows[-1]["bin"] == "0.9-1.0"
    assert (rows[0]["n"], rows[0]["observed"]) == (1, 0.0)
    assert (rows[1]["n"], rows[1]["events"], rows[1]["observed"], rows[1]["mean_confidence"]) == (2, 1, 0.5, 0.165)
    assert (rows[9]["n"], rows[9]["observed"]) == (2, 1.0)               # 1.0 falls in the last bin
    assert rows[5]["n"] == 0 and rows[5]["observed"] is None and rows[5]["mean_confidence"] is None


def synthetic_examples() -> list[Example]:
    """Ten stories; 'lem|seize' mostly real, 'lem|vow' mostly not, a little noise in each."""
    out = []
    for g in range(10):
        for k in range(8):
            real = k % 2 == 0
            noisy = k == 7 and g % 3 == 0
            lem = "lem|seize" if real != noisy else "lem|vow"
            feats = {"bias": 1.0, lem: 1.0, f"R|w{k % 3}": 1.0}
            out.append(Example(feats, int(real), 1.0 if k < 6 else 0.7, f"story{g}", "SEIZE" if real else "THREATEN",
                               "ngec", "holdout" if g == 9 else "train"))
    return out


def test_fit_scorer_is_deterministic_and_writes_a_loadable_model(tmp_path):
    ex = synthetic_examples()
    model, report = fit_scorer(ex)
    again, report2 = fit_scorer(list(ex))
    assert model == again and report == report2
    assert model["version"] == MODEL_VERSION and model["weights"]["lem|seize"] > 0 > model["weights"]["lem|vow"]
    assert report["examples"] == len(ex) and report["folds"] == 5 and "ngec_holdout" in report
    assert set(report["per_type"]) == {"SEIZE", "THREATEN"}
    assert sum(r["n"] for r in report["reliability"]) == len(ex)
    path = tmp_path / "fitted.json"
    path.write_text(json.dumps(model))
    s = EventScorer.load(path)
    hi, lo = s.probability({"bias": 1.0, "lem|seize": 1.0}), s.probability({"bias": 1.0, "lem|vow": 1.0})
    assert 0.0 <= lo < hi <= 1.0


def test_the_calibration_is_smooth_so_a_few_examples_cannot_flip_a_block_of_scores():
    # Platt scaling: strictly increasing, so no run of raw scores shares one step that moves
    # across the 0.5 display threshold together when the training data changes a little.
    from sitroom.extract.training import PlattCalibration
    raw = [i / 100 for i in range(1, 100)]
    labels = [int(i % 7 < (i / 100) * 7) for i in range(1, 100)]
    xs, ys = PlattCalibration(raw, labels).table(50)
    assert len(xs) == 50 and xs == sorted(xs) and ys == sorted(ys)
    mid = [y for y in ys if 0.05 < y < 0.95]
    assert len(mid) > 5 and all(b > a for a, b in zip(mid, mid[1:]))


def test_train_is_deterministic_and_writes_model_and_report(resources, tmp_path):
    from sitroom.extract.training import train
    data = tmp_path / "training"
    data.mkdir()
    towns = ["Aldmere", "Brisk", "Corran", "Dunmoor", "Elsby", "Fenwick", "Garrow", "Holt", "Ivel", "Jarrow"]
    recs = []
    for k, town in enumerate(towns):
        doc = f"story{k}"
        attack = f"Gunmen torched a police post in {town} on Monday."
        march = f"Traders marched to the town hall in {town}."
        recs += [{"doc": doc, "type": "ASSAULT", "label": 1, "quote": attack, "stage": "verify", "split": "train"},
                 {"doc": doc, "type": "ASSAULT", "label": 1, "quote": march, "stage": "screen", "split": "train"},
                 {"doc": doc, "type": "PROTEST", "label": 0, "quote": "", "stage": "verify", "split": "train"}]
    (data / "ngec_codebook_labels.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    (data / "sitroom_labels.csv").write_text("text,trigger,label,source,note\n"
                                             "Pickets marched past the mill on Friday.,marched,PROTEST,written,\n"
                                             "Nobody expected the truce.,expected,AGREE,written,\n", encoding="utf-8")
    first, second = tmp_path / "a" / "model.json", tmp_path / "b" / "model.json"
    report = train(resources.nlp, resources.lexicon, data, first, tmp_path / "report.json")
    train(resources.nlp, resources.lexicon, data, second)
    assert first.read_bytes() == second.read_bytes()               # same data, same model, byte for byte
    assert not list(first.parent.glob("*.tmp"))                     # written whole, then moved in place
    assert report["examples"] == 21 and report["by_source"] == {"ngec": 20, "own": 1}
    assert report["unmatched_own_labels"] == ["sitroom_labels.csv:3: no candidate at 'expected' (label AGREE)"]
    assert json.loads((tmp_path / "report.json").read_text())["cv"] == report["cv"]
    s = EventScorer.load(first)
    assert s.meta["examples"] == 21
