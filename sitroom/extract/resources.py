"""Heavy resources loaded once and passed to the pure extraction functions."""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from ..settings import Settings, load_settings


@dataclass
class Resources:
    nlp: Any            # spacy.Language
    geocoder: Any       # sitroom.geo.GazetteerGeocoder (a geopy Geocoder)
    actors: Any         # sitroom.extract.actors.ActorDictionary
    lexicon: Any = None  # sitroom.extract.lexicon.Lexicon (None: the default data/triggers.csv)


def load_nlp(model: str):
    """Import a spaCy model package by name and load it (no downloads)."""
    try:
        module = importlib.import_module(model)
    except ImportError as exc:
        raise RuntimeError(f"spaCy model package {model!r} is not installed; "
                           f"set SITROOM_SPACY_MODEL to an installed model") from exc
    return module.load()


def load_resources(settings: Settings | None = None, *, nlp=None, geocoder=None, actors=None,
                   lexicon=None) -> Resources:
    settings = settings or load_settings()
    if nlp is None:
        nlp = load_nlp(settings.spacy_model)
    if geocoder is None:
        from ..geo import GazetteerGeocoder
        geocoder = GazetteerGeocoder(settings.gazetteer, places_dir=settings.places_dir)
    if actors is None:
        from .actors import ActorDictionary
        actors = ActorDictionary.from_csv(settings.actors_file, geocoder=geocoder)
    if lexicon is None:
        from .lexicon import load_lexicon
        lexicon = load_lexicon(settings.triggers_file)
    return Resources(nlp=nlp, geocoder=geocoder, actors=actors, lexicon=lexicon)
