"""Article -> events: run the spaCy pipeline with sitroom's stages (``components.py``).

In:  ``Article``s (body text only: ``article.captions`` are never read, their dates are photo
     dates) and ``Resources``.
Out: event dicts with every column of ``sitroom.schema.EVENT_COLUMNS`` and their mentions
     (``rows.MENTIONS_KEY``).

Long texts are cut into chunks of at most ``CHUNK_CHARS`` at paragraph or sentence ends and
parsed one by one, so cost stays linear in the article's length and spaCy's length limit never
refuses an article; what a story has established (its narrative date, the actors named so far,
its focus country) carries from one piece to the next, and events are clustered over the whole
article.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable, Iterator

from spacy.tokens import Doc

from ..loader import Article
from .clusters import story_events
from .components import parse_only
from .records import ArticleMeta, Casualty, DateValue, Mention, PlaceValue, TextSpan
from .resources import Resources
from .rows import EXTRACTOR_VERSION, MENTIONS_KEY, event_row

__all__ = ["extract_events", "extract_many", "geoparse", "EXTRACTOR_VERSION", "MENTIONS_KEY", "chunks"]

CHUNK_CHARS = 100_000
_BREAK = re.compile(r"\n\s*\n|\n|(?<=[.!?])\s+")


def chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) covering ``text``, each at most ``size`` characters, cut at a paragraph,
    line or sentence end where one lies in the second half of the window."""
    out, start = [], 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = None
        for m in _BREAK.finditer(window, size // 2):
            cut = m.end()
        if cut is None:
            cut = size
        out.append((start, window[:cut]))
        start += cut
    out.append((start, text[start:]))
    return out


def _meta(a: Article) -> ArticleMeta:
    return ArticleMeta(id=a.id or "", published=a.published, title=a.title or "")


def _shift_span(s: TextSpan | None, by: int) -> TextSpan | None:
    return None if s is None else TextSpan(s.start + by, s.end + by, s.text)


def _shift(m: Mention, by: int, sent_by: int, article_id: str) -> Mention:
    """A chunk's mention with offsets into the whole article (ids recomputed from them)."""
    from .mentions import mention_id
    cas = m.casualty
    if cas is not None:
        cas = Casualty(cas.fatalities, cas.injuries, tuple(_shift_span(s, by) for s in cas.spans))
    shift_actor = lambda a: None if a is None else replace(a, span=_shift_span(a.span, by))  # noqa: E731
    return replace(m, id=mention_id(article_id, m.trigger.start + by, m.type), trigger=_shift_span(m.trigger, by),
                   sentence=_shift_span(m.sentence, by), sent_index=m.sent_index + sent_by,
                   actor1=shift_actor(m.actor1), actor2=shift_actor(m.actor2),
                   date=DateValue(m.date.value, m.date.precision, m.date.source, _shift_span(m.date.span, by)),
                   place=PlaceValue(m.place.place, m.place.source, _shift_span(m.place.span, by), m.place.text),
                   casualty=cas)


def _docs(articles: Iterable[Article], res: Resources) -> Iterator[tuple[Article, int, int, Doc]]:
    """(article, chunk number, chunk offset, Doc made for the pipeline) in article order."""
    for a in articles:
        meta = _meta(a)
        for k, (offset, piece) in enumerate(chunks(a.text or "")):
            doc = res.nlp.make_doc(piece)
            doc._.article = replace(meta, chunk=k)
            yield a, k, offset, doc


def extract_many(articles: Iterable[Article], *, resources: Resources,
                 batch_size: int = 32) -> Iterator[tuple[Article, list[dict]]]:
    """``(article, events)`` for many articles, parsing in batches with ``nlp.pipe``."""
    items = _docs(articles, resources)
    pending: list[Mention] = []
    first_events: tuple = ()   # the events stage's own clustering of a one-piece article
    sent_base = 0
    current: Article | None = None

    def finish(a: Article, pieces: int) -> tuple[Article, list[dict]]:
        # A long article's pieces are clustered together; a one-piece article already was.
        events = first_events if pieces == 1 else story_events(tuple(pending))
        return a, [event_row(a, ev) for ev in events]

    pieces = 0
    stream = ((doc, (a, k, off)) for a, k, off, doc in items)
    for doc, (a, k, off) in resources.nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        if k == 0:
            if current is not None:
                yield finish(current, pieces)
            current, pending, sent_base, pieces = a, [], 0, 0
            first_events = doc._.events or ()
        pieces += 1
        ms = doc._.mentions or ()
        if off or sent_base:
            ms = tuple(_shift(m, off, sent_base, a.id or "") for m in ms)
        pending.extend(ms)
        sent_base += sum(1 for _ in doc.sents)
    if current is not None:
        yield finish(current, pieces)


def extract_events(article: Article, *, resources: Resources) -> list[dict]:
    """Events of one article (see module docstring)."""
    return next(extract_many([article], resources=resources))[1]


def geoparse(article: Article, *, resources: Resources) -> list[dict]:
    """Place mentions of one article in the place JSONL contract."""
    from .toponyms import geoparse_article
    with parse_only(resources.nlp):
        return geoparse_article(article, nlp=resources.nlp, geocoder=resources.geocoder)
