"""The immutable records the extraction stages hand to each other through ``Doc`` extensions.

Stage by stage (see ``components.py``):

- ``doc._.article``     ArticleMeta: id, publication date, title (set before the pipeline runs)
- ``doc._.dates``       tuple[DateMention] (``dates.py``)
- ``doc._.places``      tuple[PlaceMention] (``places.py``)
- ``doc._.candidates``  tuple[Candidate]: trigger words proposing an event, with modality and the
                        parse's participant heads, scored by the learned event scorer
- ``doc._.mentions``    tuple[Mention]: one candidate's event in one sentence, with actors, date,
                        place and casualties resolved
- ``doc._.events``      tuple[StoryEvent]: the mentions of one real event clustered (coreference),
                        with the story's headline events flagged

Offsets are characters into the article text; token positions are indices into the ``Doc``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..geo.model import Place


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    id: str
    published: date | None
    title: str = ""
    chunk: int = 0                  # which piece of a long article this Doc is (pipeline.chunks)


@dataclass(frozen=True, slots=True)
class TextSpan:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """A trigger word that proposes an event, as the candidates stage read it from the parse."""
    token: int                      # trigger token
    pred: int                       # token carrying its clause (a support verb for "carried out attacks")
    sent_start: int                 # token index of its sentence's first token
    type: str                       # proposed PLOVER type (after promise/threat retyping)
    lexicon_type: str               # the lexicon rule's own type
    lexicon_mode: str | None        # the lexicon rule's own mode
    mode: str | None
    nominal: bool
    modality: str                   # asserted, negated, hypothetical, future, intent, content, habitual
    prior: float                    # the lexicon rule's weight
    governor: int | None            # trigger token of the event this one depends on
    undergo: bool = False           # the subject undergoes it ("came under attack")
    actor1_heads: tuple[int, ...] = ()
    actor2_heads: tuple[int, ...] = ()
    clause_parties: frozenset[int] = frozenset()   # actor2 heads found only by the clause search
    object_fallbacks: frozenset[int] = frozenset()  # actor1 heads that do not make a bare noun an event
    location_targets: frozenset[int] = frozenset()  # actor2 heads that are places
    supported: bool = True          # a bare event noun with no support verb, participant or happening
    notes: tuple[str, ...] = ()
    p_event: float = 0.0            # learned scorer: P(a real event of this type)

    @property
    def kept(self) -> bool:
        """Modalities that can report an event (negations and content clauses never do)."""
        return self.modality in ("asserted", "future", "intent")


@dataclass(frozen=True, slots=True)
class ActorRef:
    """A participant resolved to an entity."""
    name: str                       # display name ("Donald Trump", "U.S. forces", "passengers")
    entity_id: str | None           # canonical id (schema: actor1_id)
    country: str | None
    kind: str | None
    span: TextSpan | None = None    # the words it was read from
    via: str = "text"               # text | memory (pronoun, surname) | inferred | place
    country_via: str | None = None  # "context": the country is the sentence's, not stated
    weak: bool = False              # found by the clause search only
    proper: bool = False            # named by a proper name

    canonical: str | None = None    # the dictionary's or the article's fullest name of the entity

    def to_evidence(self) -> dict:
        d: dict = {"text": self.span.text if self.span else self.name}
        if self.span is not None:
            d.update(start=self.span.start, end=self.span.end)
        if self.canonical and self.canonical != d["text"]:
            d["canonical"] = self.canonical
        if self.entity_id:
            d["id"] = self.entity_id
        if self.via != "text":
            d["via"] = self.via
        if self.country_via:
            d["country_via"] = self.country_via
        return d


@dataclass(frozen=True, slots=True)
class DateValue:
    value: date | None
    precision: str                  # day, week, month, year, unknown
    source: str                     # sentence | governor | offset | anchor | report | context | publication | none
    span: TextSpan | None = None

    @property
    def own(self) -> bool:
        """Read from the event's own words (not carried from context or the publication date)."""
        return self.source in ("sentence", "governor", "coordination", "offset", "anchor")


@dataclass(frozen=True, slots=True)
class PlaceValue:
    place: Place | None
    source: str                     # trigger | sentence | actor | context | focus | none
    span: TextSpan | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Casualty:
    fatalities: int | None
    injuries: int | None
    spans: tuple[TextSpan, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """One candidate's event in one sentence, every field resolved."""
    id: str                         # stable: article, trigger offset, type
    type: str
    mode: str | None
    trigger: TextSpan
    sentence: TextSpan
    sent_index: int
    modality: str
    actor1: ActorRef | None
    actor2: ActorRef | None
    date: DateValue
    place: PlaceValue
    casualty: Casualty | None
    background: bool                # a past event the story recalls
    anaphoric: bool                 # "the meeting": a definite event noun pointing back
    confidence: float               # calibrated P(a real event of this type)

    @property
    def country(self) -> str | None:
        return self.place.place.country if self.place.place is not None else None


@dataclass(frozen=True, slots=True)
class StoryEvent:
    """One real event of a story: its mentions (first = the primary evidence) and merged fields."""
    mentions: tuple[Mention, ...]
    type: str
    mode: str | None
    actor1: ActorRef | None
    actor2: ActorRef | None
    date: DateValue
    place: PlaceValue
    fatalities: int | None
    injuries: int | None
    casualty_span: TextSpan | None
    background: bool
    headline: bool
    confidence: float

    @property
    def primary(self) -> Mention:
        return self.mentions[0]
