"""The extractor's stages as registered spaCy components, each writing one ``Doc`` extension.

    tok2vec tagger parser ... ner          (the spaCy model)
    sitroom_dates       doc._.dates        DateMention per date expression (dates.py)
    sitroom_places      doc._.places       PlaceMention per place name (places.py, gazetteer)
    sitroom_candidates  doc._.candidates   Candidate per trigger word (candidates.py, lexicon)
    sitroom_scorer      doc._.candidates   ... with p_event from the learned scorer (scorer.py)
    sitroom_mentions    doc._.mentions     Mention per reportable candidate (mentions.py)
    sitroom_events      doc._.events       StoryEvent per real event, mentions clustered (clusters.py)

``doc._.article`` (an ``ArticleMeta``: id, publication date, title) is set on the ``Doc`` before
the pipeline runs (``pipeline.make_doc``). Services (gazetteer, dictionaries, model) are bound by
``add_pipes(resources)``; a component added without them does nothing but set its extension.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .candidates import doc_candidates
from .clusters import story_events
from .dates import entity_dates, find_dates
from .mentions import ArticleState, doc_mentions
from .records import ArticleMeta
from .resources import Resources
from .scorer import EventScorer, score_candidates
from .triggers import TriggerMatcher

PIPES = ("sitroom_dates", "sitroom_places", "sitroom_candidates", "sitroom_scorer", "sitroom_mentions",
         "sitroom_events")
EXTENSIONS = ("article", "dates", "places", "candidates", "mentions", "events")

for _name in EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def parse_only(nlp: Language):
    """A ``with`` block in which ``nlp`` is spaCy's own pipeline: sitroom's stages, where added,
    are switched off (a no-op context when none are)."""
    return nlp.select_pipes(disable=[p for p in PIPES if p in nlp.pipe_names])


def article_of(doc: Doc) -> ArticleMeta:
    meta = doc._.article
    if meta is None:
        meta = doc._.article = ArticleMeta(id="", published=None)
    return meta


class DatesStage:
    def __call__(self, doc: Doc) -> Doc:
        pub = article_of(doc).published
        found = find_dates(doc.text, published=pub)
        found += entity_dates(doc, found, pub)
        doc._.dates = tuple(sorted(found, key=lambda dm: dm.start))
        return doc


class PlacesStage:
    def __init__(self) -> None:
        self.geocoder = None

    def __call__(self, doc: Doc) -> Doc:
        if self.geocoder is None:
            doc._.places = ()
            return doc
        from .event_places import article_places
        doc._.places = tuple(article_places(doc, self.geocoder))
        return doc


class CandidatesStage:
    def __init__(self) -> None:
        self.matcher: TriggerMatcher | None = None

    def __call__(self, doc: Doc) -> Doc:
        doc._.candidates = doc_candidates(doc, self.matcher) if self.matcher is not None else ()
        return doc


class ScorerStage:
    def __init__(self) -> None:
        self.scorer: EventScorer | None = None

    def __call__(self, doc: Doc) -> Doc:
        doc._.candidates = score_candidates(doc, doc._.candidates or (), self.scorer)
        return doc


class MentionsStage:
    def __init__(self) -> None:
        self.resources: Resources | None = None
        self._state: ArticleState | None = None   # the last article's, for its next piece

    def __call__(self, doc: Doc) -> Doc:
        meta = article_of(doc)
        if self.resources is None:
            doc._.mentions = ()
            return doc
        carry = meta.chunk > 0 and self._state is not None and self._state.meta.id == meta.id
        self._state = self._state if carry else ArticleState(meta)
        doc._.mentions = doc_mentions(doc, self.resources, state=self._state)
        return doc


class EventsStage:
    def __call__(self, doc: Doc) -> Doc:
        doc._.events = story_events(doc._.mentions or ())
        return doc


@Language.factory("sitroom_dates")
def _make_dates(nlp: Language, name: str) -> DatesStage:
    return DatesStage()


@Language.factory("sitroom_places")
def _make_places(nlp: Language, name: str) -> PlacesStage:
    return PlacesStage()


@Language.factory("sitroom_candidates")
def _make_candidates(nlp: Language, name: str) -> CandidatesStage:
    return CandidatesStage()


@Language.factory("sitroom_scorer")
def _make_scorer(nlp: Language, name: str) -> ScorerStage:
    return ScorerStage()


@Language.factory("sitroom_mentions")
def _make_mentions(nlp: Language, name: str) -> MentionsStage:
    return MentionsStage()


@Language.factory("sitroom_events")
def _make_events(nlp: Language, name: str) -> EventsStage:
    return EventsStage()


def add_pipes(res: Resources) -> None:
    """Append the stages to ``res.nlp`` (once) and bind their services."""
    nlp = res.nlp
    for name in PIPES:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, last=True)
    nlp.get_pipe("sitroom_places").geocoder = res.geocoder
    nlp.get_pipe("sitroom_candidates").matcher = TriggerMatcher(nlp.vocab, res.lexicon)
    nlp.get_pipe("sitroom_scorer").scorer = res.scorer
    nlp.get_pipe("sitroom_mentions").resources = res
