"""The mentions stage's working draft of one mention (``EventMention``), filled field by field by
the date, place and participant rules and frozen into a ``records.Mention`` at the end of the
stage. Merging mentions into events is ``clusters.py`` under the one policy of ``sitroom.coref``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..geo.model import Place
from .actors import Actor

GEO_RANK = {"point": 5, "city": 4, "admin1": 3, "region": 2, "country": 1, None: 0}


@dataclass
class EventMention:
    """One trigger's event in one sentence while its fields are resolved (offsets into the article)."""
    type: str
    mode: str | None
    trigger: str
    trigger_start: int
    trigger_end: int
    sent_index: int
    sent_start: int
    sent_end: int
    actor1: Actor | None = None
    actor2: Actor | None = None
    date: dt.date | None = None
    date_precision: str = "unknown"
    date_text: str | None = None
    date_span: tuple[int, int] | None = None
    date_source: str = "none"         # sentence | governor | coordination | offset | anchor | report | context | publication | none
    date_kind: str = "absolute"       # the date mention's kind: absolute, relative, future, decade, span
    place: Place | None = None
    place_text: str | None = None
    place_span: tuple[int, int] | None = None
    place_source: str = "none"        # trigger | sentence | actor | context | focus | none
    place_hint: tuple | None = None   # a place with no country (a sea), kept if nothing better is found
    fatalities: int | None = None
    injuries: int | None = None
    casualty_spans: list[tuple[int, int, str]] = field(default_factory=list)
    confidence: float = 0.5
    modality: str = "asserted"
    anaphoric: bool = False           # "the meeting": a definite event noun pointing back
    subordinate: bool = False         # told in an after/since/before clause: not the sentence's time
    past_perfect: bool = False        # "had called for": before the story's time, undated
    background: bool = False          # a past event the story recalls (see event_dates.is_background)
    aggregate: bool = False           # a cumulative toll or a war as a whole, not one happening

    @property
    def own_date(self) -> bool:
        return self.date_source in ("sentence", "governor", "coordination", "offset")

    @property
    def country(self) -> str | None:
        return self.place.country if self.place is not None else None
