"""The one read path for every page, export and briefing.

Filters are a small frozen dataclass that round-trips through a URL query
string, so a copied link reopens the same view, and is hashable, so the
dashboard can cache query results keyed by it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from urllib.parse import urlencode

import pandas as pd

from . import taxonomy
from .values import clean_record

REVIEW_CHOICES = ("all", "unreviewed", "reviewed", "confirmed", "rejected")
# The span the date widgets accept (components/filters.py FAR_PAST, FAR_FUTURE): a URL date outside it
# is clamped to it.
EARLIEST_FILTER_DATE, LATEST_FILTER_DATE = date(1900, 1, 1), date(2100, 12, 31)


@dataclass(frozen=True)
class Filters:
    start: date | None = None
    end: date | None = None
    countries: tuple[str, ...] = ()   # ISO3: where it happened or whose actors took part
    types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()      # canonical actor names (actor1 or actor2)
    text: str = ""                    # words in the sentence, summary, actors, place or title
    review: str = "all"               # all | unreviewed | reviewed | confirmed | rejected
    include_rejected: bool = False    # rejected events are hidden unless asked for
    min_confidence: float = 0.0

    # URL parameter names, kept short so links stay readable.
    _PARAMS = {"start": "from", "end": "to", "countries": "country", "types": "type", "actors": "actor",
               "text": "q", "review": "review", "include_rejected": "rejected", "min_confidence": "minconf"}

    def to_params(self) -> dict[str, str | list[str]]:
        """Only the non-default values, as URL query parameters."""
        out: dict[str, str | list[str]] = {}
        default = Filters()
        for f in fields(self):
            v = getattr(self, f.name)
            if v == getattr(default, f.name):
                continue
            key = self._PARAMS[f.name]
            if isinstance(v, tuple):
                out[key] = list(v)
            elif isinstance(v, bool):
                out[key] = "1" if v else "0"
            elif isinstance(v, date):
                out[key] = v.isoformat()
            else:
                out[key] = str(v)
        return out

    def to_query_string(self) -> str:
        return urlencode(self.to_params(), doseq=True)

    @classmethod
    def from_params(cls, params) -> "Filters":
        """From a mapping of parameter -> str | list[str] (e.g. st.query_params.to_dict() or parse_qs)."""
        def many(key):
            v = params.get(key) if hasattr(params, "get") else None
            if v is None:
                return ()
            vals = v if isinstance(v, (list, tuple)) else [v]
            out = []
            for x in vals:
                out += [p.strip() for p in str(x).split(",") if p.strip()]
            return tuple(dict.fromkeys(out))

        def one(key):
            vals = many(key)
            return vals[-1] if vals else None

        def day(key):
            try:
                d = date.fromisoformat(one(key)) if one(key) else None
            except ValueError:
                return None
            # A date no event can have (0001-01-01, 9999-12-31) is clamped, never an exception later.
            return None if d is None else min(max(d, EARLIEST_FILTER_DATE), LATEST_FILTER_DATE)

        review = one("review") or "all"
        try:
            minconf = max(0.0, min(1.0, float(one("minconf") or 0)))
        except ValueError:
            minconf = 0.0
        return cls(start=day("from"), end=day("to"),
                   countries=tuple(c.upper() for c in many("country")),
                   types=tuple(t for t in (x.upper() for x in many("type")) if t in taxonomy.EVENT_TYPES),
                   actors=many("actor"), text=(one("q") or "")[:200],
                   review=review if review in REVIEW_CHOICES else "all",
                   include_rejected=(one("rejected") == "1") or review == "rejected",
                   min_confidence=minconf)

    def with_(self, **changes) -> "Filters":
        return replace(self, **changes)

    def describe(self, *, dates: bool = True, empty: str = "no filters: every event except rejected ones") -> str:
        """The active filters in one line of plain text (captions, saved views, briefing headers)."""
        parts = []
        if dates and (self.start or self.end):
            parts.append(f"{self.start or '…'} to {self.end or '…'}")
        for label, values in (("countries", self.countries), ("types", self.types), ("actors", self.actors)):
            if values:
                parts.append(f"{label}: " + ", ".join(values))
        if self.text.strip():
            parts.append(f'text "{self.text.strip()}"')
        if self.review != "all":
            parts.append(f"review: {self.review}")
        if self.include_rejected and self.review != "rejected":
            parts.append("rejected shown")
        if self.min_confidence > 0:
            parts.append(f"confidence ≥ {self.min_confidence:.2f}")
        return "; ".join(parts) if parts else empty


def where_clause(f: Filters, alias: str = "e") -> tuple[str, list]:
    """SQL condition and parameters for the filters over ``events_current AS alias``."""
    a = alias
    cond, args = ["TRUE"], []
    if f.start:
        cond.append(f"{a}.event_date >= ?")
        args.append(f.start)
    if f.end:
        cond.append(f"{a}.event_date <= ?")
        args.append(f.end)
    if f.countries:
        cond.append(f"({a}.country IN (SELECT unnest(?)) OR {a}.actor1_country IN (SELECT unnest(?)) "
                    f"OR {a}.actor2_country IN (SELECT unnest(?)))")
        args += [list(f.countries)] * 3
    if f.types:
        cond.append(f"{a}.event_type IN (SELECT unnest(?))")
        args.append(list(f.types))
    if f.actors:
        cond.append(f"({a}.actor1 IN (SELECT unnest(?)) OR {a}.actor2 IN (SELECT unnest(?)))")
        args += [list(f.actors)] * 2
    if f.text.strip():
        cond.append(f"concat_ws(' ', {a}.sentence, {a}.summary, {a}.actor1, {a}.actor2, {a}.location, "
                    f"(SELECT title FROM articles t WHERE t.article_id = {a}.article_id)) ILIKE ? ESCAPE '\\'")
        args.append("%" + f.text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    if f.min_confidence > 0:
        cond.append(f"{a}.confidence >= ?")
        args.append(f.min_confidence)
    if f.review == "unreviewed":
        cond.append(f"{a}.review_status = 'unreviewed'")
    elif f.review == "reviewed":
        cond.append(f"{a}.review_status <> 'unreviewed'")
    elif f.review == "confirmed":
        cond.append(f"{a}.review_status = 'confirmed'")
    elif f.review == "rejected":
        cond.append(f"{a}.review_status = 'rejected'")
    if not f.include_rejected and f.review != "rejected":
        cond.append(f"{a}.review_status <> 'rejected'")
    return " AND ".join(cond), args


EVENT_LIST_COLUMNS = ("event_id", "event_date", "date_precision", "event_type", "event_mode", "quad_class",
                      "actor1", "actor1_country", "actor1_kind", "actor2", "actor2_country", "actor2_kind",
                      "location", "admin1", "country", "lat", "lon", "geo_precision", "fatalities", "injuries",
                      "summary", "sentence", "confidence", "n_sources", "n_mentions", "review_status",
                      "edited_fields", "article_id", "start_char", "end_char", "trigger", "date_text",
                      "place_text", "field_evidence")


def events(cur, f: Filters, *, limit: int | None = None, columns=EVENT_LIST_COLUMNS) -> pd.DataFrame:
    """Filtered events, newest first, with their primary article's title, source, url and date."""
    where, args = where_clause(f)
    cols = ", ".join(f"e.{c}" for c in columns)
    sql = (f"SELECT {cols}, a.title AS article_title, a.source AS article_source, a.url AS article_url, "
           f"a.published AS article_published FROM events_current e LEFT JOIN articles a USING (article_id) "
           f"WHERE {where} ORDER BY e.event_date DESC NULLS LAST, e.event_id")
    if limit:
        sql += f" LIMIT {int(limit)}"
    return cur.execute(sql, args).df()


def headline_counts(cur, f: Filters) -> dict:
    where, args = where_clause(f)
    r = cur.execute(f"""
        SELECT count(*), count(DISTINCT e.article_id), count(DISTINCT e.country), min(e.event_date),
               max(e.event_date), coalesce(sum(e.fatalities), 0), coalesce(sum(e.injuries), 0)
        FROM events_current e WHERE {where}""", args).fetchone()
    n_articles = cur.execute(f"SELECT count(DISTINCT v.article_id) FROM evidence v JOIN events_current e "
                             f"USING (event_id) WHERE {where}", args).fetchone()[0]
    return {"events": r[0], "articles": n_articles, "countries": r[2], "first": r[3], "last": r[4],
            "fatalities": int(r[5]), "injuries": int(r[6])}


def counts_by(cur, f: Filters, column: str) -> pd.DataFrame:
    allowed = {"event_type", "country", "actor1", "actor2", "quad_class", "review_status", "location"}
    if column not in allowed:
        raise ValueError(f"cannot count by {column!r}")
    where, args = where_clause(f)
    return cur.execute(f"SELECT e.{column} AS value, count(*) AS events FROM events_current e "
                       f"WHERE {where} GROUP BY 1 ORDER BY 2 DESC, 1", args).df()


FREQS = {"day": "day", "week": "week", "month": "month"}


def timeline(cur, f: Filters, freq: str = "week") -> pd.DataFrame:
    """Events per period and type: columns period (date), event_type, events."""
    unit = FREQS.get(freq, "week")
    where, args = where_clause(f)
    return cur.execute(f"""
        SELECT CAST(date_trunc('{unit}', e.event_date) AS DATE) AS period, e.event_type, count(*) AS events
        FROM events_current e WHERE {where} AND e.event_date IS NOT NULL
        GROUP BY 1, 2 ORDER BY 1, 2""", args).df()


def events_in_period(cur, f: Filters, period_start: date, freq: str) -> pd.DataFrame:
    """The events behind one timeline bar."""
    unit = FREQS.get(freq, "week")
    end = pd.Timestamp(period_start) + {"day": pd.DateOffset(days=1), "week": pd.DateOffset(weeks=1),
                                        "month": pd.DateOffset(months=1)}[unit]
    sub = f.with_(start=max(filter(None, [f.start, period_start])),
                  end=min(filter(None, [f.end, (end - pd.Timedelta(days=1)).date()])))
    return events(cur, sub)


def map_points(cur, f: Filters, *, limit: int = 5000) -> tuple[pd.DataFrame, bool]:
    """Events with coordinates; above ``limit`` they are aggregated by place and type.

    Returns (frame, aggregated). Aggregated frames have an ``events`` count per row.
    """
    where, args = where_clause(f)
    n = cur.execute(f"SELECT count(*) FROM events_current e WHERE {where} AND e.lat IS NOT NULL", args).fetchone()[0]
    if n <= limit:
        df = cur.execute(f"""
            SELECT e.event_id, e.event_date, e.event_type, e.actor1, e.actor2, e.location, e.country, e.lat, e.lon,
                   e.summary, e.geo_precision, e.fatalities, 1 AS events
            FROM events_current e WHERE {where} AND e.lat IS NOT NULL""", args).df()
        return df, False
    df = cur.execute(f"""
        SELECT round(e.lat, 1) AS lat, round(e.lon, 1) AS lon, e.event_type, any_value(e.location) AS location,
               any_value(e.country) AS country, count(*) AS events, min(e.event_date) AS first_date,
               max(e.event_date) AS last_date, coalesce(sum(e.fatalities), 0) AS fatalities
        FROM events_current e WHERE {where} AND e.lat IS NOT NULL GROUP BY 1, 2, 3""", args).df()
    return df, True


def event_detail(cur, event_id: str) -> dict | None:
    """One event (edits applied) with every piece of evidence and its article."""
    ev = cur.execute("SELECT * FROM events_current WHERE event_id = ?", [event_id]).df()
    if ev.empty:
        return None
    evidence = cur.execute("""
        SELECT v.*, a.title, a.source, a.url, a.published, a.text AS article_text
        FROM evidence v LEFT JOIN articles a USING (article_id)
        WHERE v.event_id = ? ORDER BY (v.evidence_id = ?) DESC, a.published, v.start_char""",
                           [event_id, event_id]).df()
    return {"event": _clean(ev.iloc[0].to_dict()), "evidence": [_clean(r) for r in evidence.to_dict("records")]}


def filter_options(cur) -> dict:
    """Values the filter widgets offer: countries, types, actors (by frequency), date span."""
    countries = [r[0] for r in cur.execute("""
        SELECT c FROM (SELECT country AS c FROM events UNION ALL SELECT actor1_country FROM events
                       UNION ALL SELECT actor2_country FROM events) WHERE c IS NOT NULL
        GROUP BY c ORDER BY count(*) DESC, c""").fetchall()]
    actors = [r[0] for r in cur.execute("""
        SELECT a FROM (SELECT actor1 AS a FROM events_current UNION ALL SELECT actor2 FROM events_current)
        WHERE a IS NOT NULL GROUP BY a ORDER BY count(*) DESC, a LIMIT 2000""").fetchall()]
    lo, hi = cur.execute("SELECT min(event_date), max(event_date) FROM events_current").fetchone()
    return {"countries": countries, "types": list(taxonomy.ALL_TYPES), "actors": actors, "first": lo, "last": hi}


_clean = clean_record


def filters_dict(f: Filters) -> dict:
    return asdict(f)
