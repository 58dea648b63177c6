"""The Briefing data structure every renderer reads.

Fields hold raw text as stored (article-derived strings included): renderers
escape for their own format, so the model never carries markup.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from ..query import Filters


@dataclass(frozen=True)
class CitedEvent:
    """One event as a briefing lists it, with the article it is cited from."""
    event_id: str
    event_date: date | None
    event_type: str
    quad_class: str | None
    summary: str
    sentence: str
    actor1: str | None
    actor2: str | None
    location: str | None
    country: str | None
    fatalities: int | None
    injuries: int | None
    n_sources: int
    confidence: float | None
    review_status: str
    source: str | None          # outlet of the primary article
    title: str | None           # headline of the primary article
    url: str | None             # link to it (only http/https survive rendering)
    published: date | None
    salience: float
    pinned: bool = False
    background: bool = False    # a past event the story recalls (listed only when asked for, never counted)

    @property
    def casualties_text(self) -> str:
        parts = []
        if self.fatalities:
            parts.append(f"{self.fatalities} killed")
        if self.injuries:
            parts.append(f"{self.injuries} injured")
        return ", ".join(parts)

    @property
    def flags_text(self) -> str:
        """What the reader must know besides the facts: a background event is not counted."""
        return "background event, not counted in the figures" if self.background else ""

    def citation_text(self) -> str:
        """Plain-text citation: source, publication date, link."""
        bits = [self.source or "unknown source"]
        if self.published:
            bits.append(self.published.isoformat())
        if self.url:
            bits.append(self.url)
        return ", ".join(bits)


@dataclass(frozen=True)
class Metric:
    """A headline figure this period and in the previous period of the same length."""
    name: str
    current: int
    previous: int

    @property
    def change(self) -> int:
        return self.current - self.previous

    @property
    def change_text(self) -> str:
        if self.previous == 0:
            return "new" if self.current else "no change"
        pct = 100 * self.change / self.previous
        return f"{self.change:+d} ({pct:+.0f}%)"


@dataclass(frozen=True)
class CountrySection:
    """What happened in one country (where the events took place)."""
    iso3: str
    name: str
    events: int
    previous: int
    fatalities: int
    top_types: tuple[tuple[str, int], ...]
    top_actors: tuple[tuple[str, int], ...]
    key_events: tuple[CitedEvent, ...]

    @property
    def metric(self) -> Metric:
        return Metric("events", self.events, self.previous)


@dataclass(frozen=True)
class Briefing:
    title: str
    start: date
    end: date
    prev_start: date
    prev_end: date
    filters: Filters
    filters_text: str
    generated_at: datetime
    summary: str                              # the analyst's paragraph (may be empty)
    headline: tuple[Metric, ...]
    changes: tuple[str, ...]                  # plain-text bullets; renderers escape them
    key_events: tuple[CitedEvent, ...]
    sections: tuple[CountrySection, ...]
    pinned: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()               # e.g. pinned ids outside the selection
    method: tuple[str, ...] = ()              # how events are ranked and surges flagged
    candidates: int = 0                       # events in the selection (before dropping)
    figures: dict = field(default_factory=dict, compare=False, repr=False)   # name -> plotly Figure
    images: dict = field(default_factory=dict, compare=False, repr=False)    # name -> PNG bytes
    image_titles: dict = field(default_factory=dict, compare=False, repr=False)

    def with_(self, **changes) -> "Briefing":
        return replace(self, **changes)

    @property
    def period_text(self) -> str:
        return f"{self.start:%d %b %Y} – {self.end:%d %b %Y}"

    @property
    def previous_text(self) -> str:
        return f"{self.prev_start:%d %b %Y} – {self.prev_end:%d %b %Y}"
