"""Extracting a text of a test's own as a one-article story (for the tests that write sentences)."""
from __future__ import annotations

from datetime import date

from sitroom.extract import extract_events
from sitroom.loader import Article
from sitroom.query import in_default_view


def extract_text(resources, text: str, published: date | None, *, aid: str = "t1", title: str = "t") -> list[dict]:
    """Every event row the extractor gives for ``text`` published on ``published``."""
    return extract_events(Article(title=title, text=text, published=published, id=aid), resources=resources)


def shown(resources, settings, text: str, published: date | None, *, aid: str = "t1", title: str = "t") -> list[dict]:
    """The rows of ``extract_text`` an analyst sees by default (headline, or confidence >=
    SITROOM_EVENT_CONFIDENCE)."""
    return [e for e in extract_text(resources, text, published, aid=aid, title=title)
            if in_default_view(e, settings.event_confidence)]


def of_type(evs: list[dict], kind: str) -> list[dict]:
    """The rows of ``evs`` of PLOVER type ``kind``."""
    return [e for e in evs if e["event_type"] == kind]
