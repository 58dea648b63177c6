"""Heavy resources loaded once and passed to the pure extraction stages (services injected)."""
from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..settings import Settings, load_settings

if TYPE_CHECKING:
    from spacy.language import Language

    from ..geo import GazetteerGeocoder
    from .actors import ActorDictionary
    from .entities import AgentsDictionary
    from .lexicon import Lexicon
    from .scorer import EventScorer

log = logging.getLogger(__name__)


@dataclass
class Resources:
    nlp: "Language"                       # the spaCy model; ``components.add_pipes`` adds the stages
    geocoder: "GazetteerGeocoder | None"  # a geopy Geocoder over the offline gazetteer
    actors: "ActorDictionary"
    lexicon: "Lexicon"
    agents: "AgentsDictionary"
    scorer: "EventScorer | None" = None   # None: the lexicon's priors (no model file)


def load_nlp(model: str) -> "Language":
    """Import a spaCy model package by name and load it (no downloads)."""
    try:
        module = importlib.import_module(model)
    except ImportError as exc:
        raise RuntimeError(f"spaCy model package {model!r} is not installed; "
                           f"set SITROOM_SPACY_MODEL to an installed model") from exc
    return module.load()


def load_scorer(settings: Settings) -> "EventScorer | None":
    """The trained event scorer, or None (with a warning) when ``sitroom train`` has not run."""
    from .scorer import EventScorer
    path = settings.event_model
    if not path.exists():
        log.warning("%s: no event scorer; confidences are the lexicon's priors (run `sitroom train`)", path)
        return None
    return EventScorer.load(path)


def load_resources(settings: Settings | None = None, *, nlp=None, geocoder=None, actors=None,
                   lexicon=None, agents=None, scorer=None, with_scorer: bool = True) -> Resources:
    """Every resource, loaded once; any of them may be injected instead."""
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
    if agents is None:
        from .entities import AgentsDictionary
        agents = AgentsDictionary.from_file(settings.agents_file)
    if scorer is None and with_scorer:
        scorer = load_scorer(settings)
    res = Resources(nlp=nlp, geocoder=geocoder, actors=actors, lexicon=lexicon, agents=agents, scorer=scorer)
    from .components import add_pipes
    add_pipes(res)
    return res
