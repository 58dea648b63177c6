"""The extractor's stages as registered spaCy components (sitroom.extract.components): names and
order, the Doc extensions each writes, components without services, nlp.pipe over prepared Docs."""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest
import spacy

from sitroom.extract.components import EXTENSIONS, PIPES, add_pipes
from sitroom.extract.dates import DateMention
from sitroom.extract.mentions import mention_id
from sitroom.extract.records import ArticleMeta, Candidate, Mention, StoryEvent

TEXT = ("Riot police detained 14 dock workers in Valparaiso on Monday after a strike shut the port. "
        "The union condemned the detentions.")
PUB = date(2024, 5, 15)   # a Wednesday


def prepared(nlp, text: str, aid: str, published: date | None = PUB):
    doc = nlp.make_doc(text)
    doc._.article = ArticleMeta(id=aid, published=published, title="Port strike")
    return doc


def test_pipeline_names_and_order(resources):
    names = resources.nlp.pipe_names
    assert tuple(names[-len(PIPES):]) == PIPES
    assert names.index("ner") < names.index("sitroom_dates")   # the stages read the model's parse and entities
    add_pipes(resources)                                        # binding again adds nothing twice
    assert resources.nlp.pipe_names == names
    assert resources.nlp.get_pipe("sitroom_mentions").resources is resources


def test_each_stage_writes_its_extension(resources):
    nlp = resources.nlp
    doc = nlp(prepared(nlp, TEXT, "c1"))
    assert doc._.article == ArticleMeta("c1", PUB, "Port strike")
    for name in EXTENSIONS[1:]:
        assert isinstance(getattr(doc._, name), tuple), name
    assert doc._.dates and all(isinstance(d, DateMention) for d in doc._.dates)
    monday = next(d for d in doc._.dates if "Monday" in d.text)
    assert monday.value == date(2024, 5, 13) and TEXT[monday.start:monday.end] == monday.text
    assert any(p.text == "Valparaiso" for p in doc._.places)
    assert doc._.candidates and all(isinstance(c, Candidate) and 0 < c.p_event <= 1 for c in doc._.candidates)
    assert doc._.mentions and all(isinstance(m, Mention) for m in doc._.mentions)
    assert doc._.events and all(isinstance(e, StoryEvent) for e in doc._.events)
    # Events are made of the stage's mentions, each kept once.
    evidence = [m.id for e in doc._.events for m in e.mentions]
    assert sorted(evidence) == sorted(m.id for m in doc._.mentions)
    for m in doc._.mentions:
        assert m.id == mention_id("c1", m.trigger.start, m.type)
        assert TEXT[m.trigger.start:m.trigger.end] == m.trigger.text
        assert TEXT[m.sentence.start:m.sentence.end] == m.sentence.text
    detained = next(e for e in doc._.events if e.type == "COERCE")
    assert detained.date.value == date(2024, 5, 13) and detained.headline


def test_records_are_immutable(resources):
    doc = resources.nlp(prepared(resources.nlp, TEXT, "c2"))
    m = doc._.mentions[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.confidence = 1.0                                     # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc._.events[0].headline = False                       # type: ignore[misc]


def test_a_doc_without_article_gets_an_empty_one(resources):
    doc = resources.nlp("Riot police detained 14 dock workers in Valparaiso.")
    assert doc._.article == ArticleMeta(id="", published=None)


def test_components_without_services_leave_empty_tuples():
    blank = spacy.blank("en")
    for name in PIPES:
        blank.add_pipe(name)
    doc = blank.make_doc(TEXT)
    doc._.article = ArticleMeta("b1", PUB)
    doc = blank(doc)
    assert (doc._.places, doc._.candidates, doc._.mentions, doc._.events) == ((), (), (), ())
    # Dates need no service: the patterns still read them.
    assert [d.value for d in doc._.dates if "Monday" in d.text] == [date(2024, 5, 13)]


def test_pipe_over_prepared_docs_keeps_each_articles_metadata(resources):
    nlp = resources.nlp
    pubs = {"w1": date(2024, 5, 15), "w2": date(2023, 1, 5), "w3": None}
    docs = [prepared(nlp, TEXT, aid, pub) for aid, pub in pubs.items()]
    out = list(nlp.pipe(docs, batch_size=2))
    assert [d._.article.id for d in out] == ["w1", "w2", "w3"]
    dates = {d._.article.id: next(e for e in d._.events if e.type == "COERCE").date.value for d in out}
    assert dates == {"w1": date(2024, 5, 13), "w2": date(2023, 1, 2), "w3": None}
    ids = [{m.id for m in d._.mentions} for d in out]
    assert not ids[0] & ids[1]                                 # ids belong to their article
    # As tuples, context travels with each Doc.
    pairs = list(nlp.pipe(((prepared(nlp, TEXT, f"t{k}"), k) for k in range(3)), as_tuples=True))
    assert [k for _, k in pairs] == [0, 1, 2] and all(d._.article.id == f"t{k}" for d, k in pairs)
