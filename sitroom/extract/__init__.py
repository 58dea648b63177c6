"""Pure extraction: Article -> events and place mentions. No database, no globals.

Public interface (used by the CLI, ingest, the dashboard and the eval scripts):

- ``load_resources(settings=None, *, nlp=None, geocoder=None, actors=None, ...) -> Resources``
  loads the spaCy model, gazetteer, dictionaries and the event scorer once, and adds sitroom's
  stages to the spaCy pipeline (``components.py``).
- ``extract_events(article, *, resources) -> list[dict]``: events of one article, each a dict
  with every name in ``sitroom.schema.EVENT_COLUMNS`` and its mentions under ``"mentions"``.
- ``extract_many(articles, *, resources) -> Iterator[(Article, list[dict])]``: the same over
  many articles, using ``nlp.pipe`` for speed.
- ``geoparse(article, *, resources) -> list[dict]``: place mentions in the place JSONL contract
  of ../shared/eval/README.md.
"""
from .resources import Resources, load_resources
from .pipeline import EXTRACTOR_VERSION, MENTIONS_KEY, extract_events, extract_many, geoparse

__all__ = ["Resources", "load_resources", "extract_events", "extract_many", "geoparse", "EXTRACTOR_VERSION",
           "MENTIONS_KEY"]
