"""Article -> events: the stages run in order over one spaCy Doc.

PLACEHOLDER: the extraction stages are being written; this keeps the interface.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from ..loader import Article
from .resources import Resources


def extract_events(article: Article, *, resources: Resources) -> list[dict]:
    return []


def extract_many(articles: Iterable[Article], *, resources: Resources) -> Iterator[tuple[Article, list[dict]]]:
    for a in articles:
        yield a, extract_events(a, resources=resources)


def geoparse(article: Article, *, resources: Resources) -> list[dict]:
    from .places import geoparse_article
    return geoparse_article(article, nlp=resources.nlp, geocoder=resources.geocoder)
