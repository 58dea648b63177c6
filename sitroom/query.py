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
from .names import actor_key_sql
from .settings import load_settings
from .values import clean_record

REVIEW_CHOICES = ("all", "unreviewed", "reviewed", "confirmed", "rejected")
# The span the date widgets accept (components/filters.py reads it): a URL date outside it is clamped to it.
EARLIEST_FILTER_DATE, LATEST_FILTER_DATE = date(1900, 1, 1), date(2100, 12, 31)


@dataclass(frozen=True)
class Filters:
    start: date | None = None
    end: date | None = None
    countries: tuple[str, ...] = ()   # ISO3: where it happened or whose actors took part
    types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()      # actor keys: canonical id, else name (actor1 or actor2)
    text: str = ""                    # words in the sentence, summary, actors, place or title
    review: str = "all"               # all | unreviewed | reviewed | confirmed | rejected
    include_rejected: bool = False    # rejected events are hidden unless asked for
    min_confidence: float = 0.0
    all_mentions: bool = False        # every extracted mention, not only headline or confident events
    include_background: bool = False  # past events a story recalls (never in current totals or trends)

    # URL parameter names, kept short so links stay readable.
    _PARAMS = {"start": "from", "end": "to", "countries": "country", "types": "type", "actors": "actor",
               "text": "q", "review": "review", "include_rejected": "rejected", "min_confidence": "minconf",
               "all_mentions": "allmentions", "include_background": "background"}

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
                   min_confidence=minconf, all_mentions=one("allmentions") == "1",
                   include_background=one("background") == "1")

    def with_(self, **changes) -> "Filters":
        return replace(self, **changes)

    def describe(self, *, dates: bool = True, empty: str = "none (headline and confident events; background "
                 "and rejected ones hidden)", labels: dict[str, str] | None = None) -> str:
        """The active filters in one line of plain text (captions, saved views, briefing headers).

        ``labels`` maps actor keys to the names people read (``names.actor_label``)."""
        parts = []
        if dates and (self.start or self.end):
            parts.append(f"{self.start or '…'} to {self.end or '…'}")
        named = tuple((labels or {}).get(a, a) for a in self.actors)
        for label, values in (("countries", self.countries), ("types", self.types), ("actors", named)):
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
        if self.all_mentions:
            parts.append("all mentions")
        if self.include_background:
            parts.append("background events shown")
        return "; ".join(parts) if parts else empty


def event_confidence() -> float:
    """The default view's threshold (setting ``SITROOM_EVENT_CONFIDENCE``)."""
    return float(load_settings().event_confidence)


def in_default_view(ev: dict, threshold: float) -> bool:
    """Is an extracted event row shown by default: a headline, or a dated event with confidence
    >= ``threshold``? (An undated event cannot be placed in time: it waits under "All mentions".
    The same rule as ``where_clause`` applies in SQL.)"""
    return bool(ev.get("headline")) or ((ev.get("confidence") or 0) >= threshold and ev.get("event_date") is not None)


def where_clause(f: Filters, alias: str = "e", *, current_only: bool = False) -> tuple[str, list]:
    """SQL condition and parameters for the filters over ``events_current AS alias``.

    Unless ``f.all_mentions``, only headline events and dated events with confidence >=
    the ``event_confidence`` setting pass. Background events pass only when
    ``f.include_background`` and never when ``current_only`` (totals, trends,
    surges, headline figures). NULL flags (old databases) count as false.
    """
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
        # By key (canonical id, else name); a bare name also matches, so links made before ids still work.
        cond.append(f"({actor_key_sql(1, a)} IN (SELECT unnest(?)) OR {actor_key_sql(2, a)} IN (SELECT unnest(?)) "
                    f"OR {a}.actor1 IN (SELECT unnest(?)) OR {a}.actor2 IN (SELECT unnest(?)))")
        args += [list(f.actors)] * 4
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
    if not f.all_mentions:
        cond.append(f"(coalesce({a}.headline, FALSE) OR (coalesce({a}.confidence, 0) >= ? "
                    f"AND {a}.event_date IS NOT NULL))")
        args.append(event_confidence())
    if current_only or not f.include_background:
        cond.append(f"NOT coalesce({a}.background, FALSE)")
    return " AND ".join(cond), args


EVENT_LIST_COLUMNS = ("event_id", "event_date", "date_precision", "event_type", "event_mode", "quad_class",
                      "actor1", "actor1_country", "actor1_kind", "actor2", "actor2_country", "actor2_kind",
                      "location", "admin1", "country", "lat", "lon", "geo_precision", "fatalities", "injuries",
                      "summary", "sentence", "confidence", "n_sources", "n_mentions", "review_status",
                      "edited_fields", "article_id", "start_char", "end_char", "trigger", "date_text",
                      "place_text", "field_evidence", "headline", "background", "actor1_id", "actor2_id")
PAGE_IDS = 1000   # pages up to this many rows are found by id first (see _select_events)
# Columns a table may be sorted by (server side, so a million rows sort without reaching pandas).
SORT_COLUMNS = ("event_date", "event_type", "confidence", "fatalities", "n_sources", "country", "location",
                "actor1", "actor2", "review_status", "summary")


def events(cur, f: Filters, *, limit: int | None = None, offset: int = 0, sort: str = "event_date",
           descending: bool = True, columns=EVENT_LIST_COLUMNS) -> pd.DataFrame:
    """Filtered events with their primary article's title, source, url and date.

    Sorted by ``sort`` (one of SORT_COLUMNS; newest first by default), then by id,
    so pages of ``limit`` rows from ``offset`` never overlap or skip a row.
    """
    return _select_events(cur, f, limit=limit, offset=offset, sort=sort, descending=descending, columns=columns)


def _select_events(cur, f: Filters, *, extra: str = "", extra_args: list | None = None, limit: int | None = None,
                   offset: int = 0, sort: str = "event_date", descending: bool = True,
                   columns=EVENT_LIST_COLUMNS) -> pd.DataFrame:
    """The one SELECT behind every events list: filters, an extra condition, order, page.

    A page (``limit`` up to PAGE_IDS rows) is found on ids alone first, then only its rows
    are read in full with their articles: at a million events that is the difference
    between sorting every wide row and sorting two columns.
    """
    if sort not in SORT_COLUMNS:
        raise ValueError(f"cannot sort by {sort!r}; one of {', '.join(SORT_COLUMNS)}")
    where, args = where_clause(f)
    where += f" AND {extra}" if extra else ""
    args += list(extra_args or [])
    cols = ", ".join(f"e.{c}" for c in columns)
    order = f"e.{sort} {'DESC' if descending else 'ASC'} NULLS LAST, e.event_id"
    page = f" LIMIT {int(limit)} OFFSET {max(0, int(offset))}" if limit else ""
    select = (f"SELECT {cols}, a.title AS article_title, a.source AS article_source, a.url AS article_url, "
              f"a.published AS article_published FROM events_current e LEFT JOIN articles a USING (article_id)")
    if not limit or limit > PAGE_IDS:
        return cur.execute(f"{select} WHERE {where} ORDER BY {order}{page}", args).df()
    ids = [r[0] for r in cur.execute(f"SELECT e.event_id FROM events_current e WHERE {where} ORDER BY {order}{page}",
                                     args).fetchall()]
    if not ids:
        return cur.execute(f"{select} WHERE FALSE").df()
    # Literal lists: DuckDB looks them up in the primary-key index (a parameter list is scanned).
    rows = cur.execute(f"SELECT {cols} FROM events_current e WHERE e.event_id IN ({_literals(ids)})").df()
    arts = cur.execute(f"SELECT article_id, title AS article_title, source AS article_source, url AS article_url, "
                       f"published AS article_published FROM articles WHERE article_id IN "
                       f"({_literals(set(rows['article_id'].dropna()))})").df() if len(rows) else None
    rows = rows.merge(arts, on="article_id", how="left") if arts is not None else rows
    return rows.set_index("event_id", drop=False).loc[ids].reset_index(drop=True)


def _literals(values) -> str:
    """SQL string literals (quotes doubled) for an IN list; NULL when there is none."""
    quoted = ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)
    return quoted or "NULL"


def unlocated(cur, f: Filters, **page) -> pd.DataFrame:
    """The filtered events the map cannot draw (no coordinates); ``page`` as ``events``."""
    return _select_events(cur, f, extra="(e.lat IS NULL OR e.lon IS NULL)", **page)


def headline_counts(cur, f: Filters) -> dict:
    """Current totals of the filtered events: background events never count here.

    Keys: events, articles (distinct articles with evidence), countries, first,
    last, fatalities, injuries; background = background events the filters show
    besides (0 unless ``f.include_background``); shown = events + background.
    Casualties are summed over events, one figure per event (merging keeps the
    best-supported report), never over their mentions.
    """
    # One scan: the filters as shown (background included when asked), each figure over the
    # current events only. Articles: each event's primary article, plus the evidence of events
    # merged from several mentions (n_mentions is kept from the evidence): only those need the join.
    where, args = where_clause(f)
    r = cur.execute(f"""
        WITH ev AS (SELECT e.event_id, e.article_id, e.country, e.event_date, e.fatalities, e.injuries,
                           coalesce(e.n_mentions, 2) > 1 AS merged, coalesce(e.background, FALSE) AS bg
                    FROM events_current e WHERE {where})
        SELECT count(*) FILTER (WHERE NOT bg), count(DISTINCT country) FILTER (WHERE NOT bg),
               min(event_date) FILTER (WHERE NOT bg), max(event_date) FILTER (WHERE NOT bg),
               coalesce(sum(fatalities) FILTER (WHERE NOT bg), 0), coalesce(sum(injuries) FILTER (WHERE NOT bg), 0),
               count(*) FILTER (WHERE bg),
               (SELECT count(DISTINCT a) FROM (
                    SELECT article_id AS a FROM ev WHERE NOT bg
                    UNION ALL SELECT v.article_id FROM evidence v JOIN ev ON v.event_id = ev.event_id
                                                                 AND ev.merged AND NOT ev.bg))
        FROM ev""", args).fetchone()
    background = int(r[6])
    return {"events": r[0], "articles": r[7], "countries": r[1], "first": r[2], "last": r[3],
            "fatalities": int(r[4]), "injuries": int(r[5]), "background": background,
            "shown": r[0] + background}


COUNT_COLUMNS = ("event_type", "country", "actor1", "actor2", "quad_class", "review_status", "location", "actor")


def counts_by(cur, f: Filters, column: str, *, current_only: bool = True) -> pd.DataFrame:
    """Events per value of ``column`` (columns value, events), largest first.

    ``actor`` counts actor keys on either side (an actor on both sides of one
    event counts once). Background events stay out unless ``current_only`` is False.
    """
    return counts_by_many(cur, f, (column,), current_only=current_only)[column]


def counts_by_many(cur, f: Filters, columns, *, current_only: bool = True) -> dict[str, pd.DataFrame]:
    """``counts_by`` for each of ``columns`` at once: column -> frame (value, events), largest first.

    One scan of the filtered events serves every column (at a million events each scan of
    ``events_current`` is most of a count's cost, and the Overview needs four counts).
    """
    columns = tuple(dict.fromkeys(columns))
    for column in columns:
        if column not in COUNT_COLUMNS:
            raise ValueError(f"cannot count by {column!r}")
    where, args = where_clause(f, current_only=current_only)
    plain = [c for c in columns if c != "actor"]
    picked = [f"e.{c}" for c in plain]
    parts = [f"SELECT '{c}' AS col, {c} AS value, count(*) AS events FROM ev GROUP BY 2" for c in plain]
    if "actor" in columns:
        picked += [f"{actor_key_sql(1)} AS k1", f"{actor_key_sql(2)} AS k2"]
        # Each side once; actor 2 left out where it is actor 1 again (one event, one count).
        parts.append("SELECT 'actor' AS col, value, count(*) AS events FROM (SELECT k1 AS value FROM ev UNION ALL "
                     "SELECT k2 FROM ev WHERE k2 IS DISTINCT FROM k1) WHERE value IS NOT NULL GROUP BY 2")
    df = cur.execute(f"""
        WITH ev AS MATERIALIZED (SELECT {', '.join(picked)} FROM events_current e WHERE {where})
        SELECT col, value, events FROM ({' UNION ALL '.join(parts)}) ORDER BY col, events DESC, value""",
                     args).df()
    return {c: df.loc[df["col"] == c, ["value", "events"]].reset_index(drop=True) for c in columns}


FREQS = {"day": "day", "week": "week", "month": "month"}


def timeline(cur, f: Filters, freq: str = "week") -> pd.DataFrame:
    """Events per period and type: columns period (date), event_type, events."""
    unit = FREQS.get(freq, "week")
    where, args = where_clause(f)
    return cur.execute(f"""
        SELECT CAST(date_trunc('{unit}', e.event_date) AS DATE) AS period, e.event_type, count(*) AS events
        FROM events_current e WHERE {where} AND e.event_date IS NOT NULL
        GROUP BY 1, 2 ORDER BY 1, 2""", args).df()


def events_in_period(cur, f: Filters, period_start: date, freq: str, **page) -> pd.DataFrame:
    """The events behind one timeline bar (``page``: limit, offset, sort, descending)."""
    return events(cur, period_filters(f, period_start, freq), **page)


def period_filters(f: Filters, period_start: date, freq: str) -> Filters:
    """The filters narrowed to one timeline period (day, week or month from ``period_start``)."""
    unit = FREQS.get(freq, "week")
    end = pd.Timestamp(period_start) + {"day": pd.DateOffset(days=1), "week": pd.DateOffset(weeks=1),
                                        "month": pd.DateOffset(months=1)}[unit]
    return f.with_(start=max(filter(None, [f.start, period_start])),
                   end=min(filter(None, [f.end, (end - pd.Timedelta(days=1)).date()])))


# ---- map -------------------------------------------------------------------------------------
APPROX_PRECISIONS = taxonomy.AREA_PRECISIONS   # drawn hollow: placed at an area's centre
EXACT_CELL = 0.0001            # degrees: markers at one place (about 10 m)
GRID_CELLS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0)   # coarser grids, tried in turn above the point limit


def _approx_sql(a: str = "e") -> str:
    return f"coalesce({a}.geo_precision IN ({', '.join(repr(p) for p in APPROX_PRECISIONS)}), FALSE)"


def _cell_sql(cell: float, a: str = "e") -> str:
    cell = float(cell)
    return (f"CAST(round({a}.lat / {cell!r}) AS BIGINT) AS klat, CAST(round({a}.lon / {cell!r}) AS BIGINT) AS klon")


def map_cell(cur, f: Filters, *, limit: int = 5000, max_markers: int = 3000) -> tuple[float, int]:
    """(cell size in degrees, located events) for the map: one place per marker when at most
    ``limit`` events are located, else the finest grid giving at most ``max_markers`` cells."""
    where, args = where_clause(f)
    # An estimate (HyperLogLog) is enough to pick a grid, and far cheaper than exact distinct counts.
    grids = ", ".join(f"approx_count_distinct(CAST(round(e.lat / {c!r}) AS BIGINT) * 10000000 + "
                      f"CAST(round(e.lon / {c!r}) AS BIGINT))" for c in GRID_CELLS)
    row = cur.execute(f"SELECT count(*), {grids} FROM events_current e WHERE {where} AND e.lat IS NOT NULL "
                      f"AND e.lon IS NOT NULL", args).fetchone()
    n = int(row[0])
    if n <= limit:
        return EXACT_CELL, n
    for cell, cells in zip(GRID_CELLS, row[1:]):
        if cells <= max_markers:
            return cell, n
    return GRID_CELLS[-1], n


def map_points(cur, f: Filters, *, limit: int = 5000, max_markers: int = 3000) -> tuple[pd.DataFrame, bool]:
    """Map markers: located events grouped by place (or grid cell) and exactness.

    At most ``limit`` located events: one marker per place and type (``aggregated``
    False), with the event's own fields when it is alone there. Above: one marker
    per grid cell (0.1 degrees or coarser, see ``map_cell``) and exactness, typed by
    its most frequent type, with ``types`` saying the mix (``aggregated`` True).
    Columns: klat, klon, cell, event_type ('*' in the key of a grid marker: every
    type), approx (placed at a country or region centre), lat, lon (mean of its
    events), events, fatalities, first_date, last_date, location, country, types,
    and for single events event_id, event_date, actor1, actor2, summary.
    Returns (frame, aggregated).
    """
    cell, n = map_cell(cur, f, limit=limit, max_markers=max_markers)
    where, args = where_clause(f)
    grid = cell != EXACT_CELL
    typed = "mode(coalesce(e.event_type, 'OTHER'))" if grid else "coalesce(e.event_type, 'OTHER')"
    group = "klat, klon, approx" if grid else "klat, klon, approx, 6"
    df = cur.execute(f"""
        SELECT {_cell_sql(cell)}, {float(cell)!r} AS cell, {_approx_sql()} AS approx,
               {'TRUE' if grid else 'FALSE'} AS grid, {typed} AS event_type,
               avg(e.lat) AS lat, avg(e.lon) AS lon, count(*) AS events,
               CAST(coalesce(sum(e.fatalities), 0) AS BIGINT) AS fatalities,
               min(e.event_date) AS first_date, max(e.event_date) AS last_date,
               mode(e.location) AS location, mode(e.country) AS country,
               CAST(histogram(coalesce(e.event_type, 'OTHER')) AS VARCHAR) AS types,
               CASE WHEN count(*) = 1 THEN any_value(e.event_id) END AS event_id,
               CASE WHEN count(*) = 1 THEN any_value(e.event_date) END AS event_date,
               CASE WHEN count(*) = 1 THEN any_value(e.actor1) END AS actor1,
               CASE WHEN count(*) = 1 THEN any_value(e.actor2) END AS actor2,
               CASE WHEN count(*) = 1 THEN any_value(e.summary) END AS summary
        FROM events_current e WHERE {where} AND e.lat IS NOT NULL AND e.lon IS NOT NULL
        GROUP BY {group} ORDER BY events DESC, klat, klon, event_type""", args).df()
    return df, grid


def marker_key(klat, klon, event_type, approx, grid: bool = False) -> str:
    """The key of one map marker (what a click or lasso hands back); a grid cell holds every type."""
    return f"{int(klat)}|{int(klon)}|{'*' if grid else event_type}|{int(bool(approx))}"


def events_at(cur, f: Filters, keys: list[str], cell: float, **page) -> pd.DataFrame:
    """The filtered events under the map markers ``keys`` (``marker_key``) of a ``cell`` grid;
    ``page`` as ``events``."""
    return _select_events(cur, f, extra=f"e.lat IS NOT NULL AND {marker_filter_sql(cell)} IN (SELECT unnest(?))",
                          extra_args=[list(keys)], **page)


def marker_filter_sql(cell: float, a: str = "e") -> str:
    """SQL of an event's marker key on a ``cell`` grid (as ``marker_key``)."""
    cell = float(cell)
    kind = f"coalesce({a}.event_type, 'OTHER')" if cell == EXACT_CELL else "'*'"
    return (f"concat_ws('|', CAST(round({a}.lat / {cell!r}) AS BIGINT), CAST(round({a}.lon / {cell!r}) AS BIGINT), "
            f"{kind}, CAST({_approx_sql(a)} AS INTEGER))")


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


def data_span(cur) -> tuple[date | None, date | None]:
    """(first, last) date of the current events: background left out, and the last one no
    later than the day after the newest article (a mis-dated event must not move "now")."""
    lo, hi = cur.execute("""
        SELECT min(event_date), max(event_date) FROM events_current
        WHERE NOT coalesce(background, FALSE) AND review_status <> 'rejected'
          AND event_date <= coalesce((SELECT max(published) FROM articles) + 1, DATE '9999-12-31')""").fetchone()
    return lo, hi


def actor_profiles(cur) -> pd.DataFrame:
    """Every actor key in the database with what describes the entity: key, name (its most
    frequent), label (``names.actor_label``), country and kind (most frequent), events."""
    from .names import actor_label
    df = cur.execute(f"""
        WITH x AS (SELECT {actor_key_sql(1, 'e')} AS k, e.actor1 AS name, e.actor1_country AS country,
                          e.actor1_kind AS kind FROM events_current e
                   UNION ALL SELECT {actor_key_sql(2, 'e')}, e.actor2, e.actor2_country, e.actor2_kind
                   FROM events_current e),
             n AS (SELECT k, name, count(*) AS c, mode(country) AS country, mode(kind) AS kind
                   FROM x WHERE k IS NOT NULL GROUP BY 1, 2),
             ranked AS (SELECT *, row_number() OVER (PARTITION BY k ORDER BY c DESC, name) AS rn,
                               sum(c) OVER (PARTITION BY k) AS events FROM n)
        SELECT k AS key, name, country, kind, events FROM ranked WHERE rn = 1 ORDER BY events DESC, key""").df()
    df.insert(2, "label", [actor_label(k, n) for k, n in zip(df["key"], df["name"])])
    return df


def actor_names(cur) -> dict[str, str]:
    """Actor key -> the label people read (``names.actor_label`` of its most frequent name)."""
    p = actor_profiles(cur)
    return dict(zip(p["key"], p["label"]))


def filter_options(cur) -> dict:
    """Values the filter widgets offer: countries (by frequency), types, date span. Actor keys
    come from ``actor_profiles`` (already ranked by events)."""
    countries = [r[0] for r in cur.execute("""
        SELECT c FROM (SELECT country AS c FROM events UNION ALL SELECT actor1_country FROM events
                       UNION ALL SELECT actor2_country FROM events) WHERE c IS NOT NULL
        GROUP BY c ORDER BY count(*) DESC, c""").fetchall()]
    lo, hi = data_span(cur)
    return {"countries": countries, "types": list(taxonomy.ALL_TYPES), "first": lo, "last": hi}


_clean = clean_record


def filters_dict(f: Filters) -> dict:
    return asdict(f)
