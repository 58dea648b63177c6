"""Build a Briefing from a cursor, the filters and a period.

In: a DuckDB cursor, ``query.Filters`` (the dashboard's current filters; their
own dates are replaced by the period), the period ``start``..``end`` and the
analyst's controls (pinned and dropped event ids, a summary paragraph).
Out: a ``Briefing`` with data and plotly figures, no images yet (see images.py).

"Previous period" is the same number of days right before ``start``. Rejected
events never appear: ``query.where_clause`` hides them unless the filters ask
for them, and the briefing forces ``include_rejected=False`` on top.
Dropped events are left out of the listed events but still counted in the
headline figures (dropping curates the story; rejecting corrects the data).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pandas as pd

from .. import query
from ..analysis import trends
from ..query import Filters
from . import salience as sal
from .model import Briefing, CitedEvent, CountrySection, Metric
from .text import clean, country_name
from ..values import is_missing

MAX_EVENTS = 50000   # above this a briefing ranks the newest events only (keeps memory bounded)


def default_period(cur, f: Filters, *, days: int = 7) -> tuple[date, date]:
    """The last ``days`` days up to the filters' end or the newest event (today if none)."""
    end = trends.anchor_date(cur, f.with_(start=None)) or date.today()
    return end - timedelta(days=days - 1), end


def filters_text(f: Filters) -> str:
    """The filters other than dates, in words (for the briefing's header; the period is shown apart)."""
    return f.describe(dates=False, empty="all events")


def _to_date(v) -> date | None:
    if is_missing(v):
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, pd.Timestamp):
        return v.date()
    return v if isinstance(v, date) else None


def _int(v) -> int | None:
    try:
        return None if v is None or pd.isna(v) else int(v)
    except (TypeError, ValueError):
        return None


def cited(rec: dict, *, pinned: bool = False) -> CitedEvent:
    """A row of ``query.events`` (plus a salience column) as a CitedEvent."""
    conf = rec.get("confidence")
    return CitedEvent(
        event_id=str(rec["event_id"]), event_date=_to_date(rec.get("event_date")),
        event_type=clean(rec.get("event_type")) or "OTHER", quad_class=clean(rec.get("quad_class")) or None,
        summary=clean(rec.get("summary")), sentence=clean(rec.get("sentence")),
        actor1=clean(rec.get("actor1")) or None, actor2=clean(rec.get("actor2")) or None,
        location=clean(rec.get("location")) or None, country=clean(rec.get("country")) or None,
        fatalities=_int(rec.get("fatalities")), injuries=_int(rec.get("injuries")),
        n_sources=_int(rec.get("n_sources")) or 1,
        confidence=None if conf is None or pd.isna(conf) else float(conf),
        review_status=clean(rec.get("review_status")) or "unreviewed",
        source=clean(rec.get("article_source")) or None, title=clean(rec.get("article_title")) or None,
        url=clean(rec.get("article_url")) or None, published=_to_date(rec.get("article_published")),
        salience=float(rec.get("salience") or 0.0), pinned=pinned)


def rank_events(df: pd.DataFrame, *, pinned: tuple[str, ...] = (), dropped: tuple[str, ...] = ()) -> pd.DataFrame:
    """Events minus dropped ones, pinned first (in pin order), then by salience, newest first on ties."""
    out = df[~df["event_id"].isin(set(dropped))].copy()
    out["salience"] = sal.salience(out)
    order = {eid: i for i, eid in enumerate(pinned)}
    out["_pin"] = out["event_id"].map(order).fillna(len(order)).astype(int)
    out = out.sort_values(["_pin", "salience", "event_date", "event_id"], ascending=[True, False, False, True],
                          na_position="last")
    out["pinned"] = out["event_id"].isin(order)
    return out.drop(columns="_pin").reset_index(drop=True)


def _counts(df: pd.DataFrame, col: str) -> pd.Series:
    return df[col].dropna().value_counts() if not df.empty else pd.Series(dtype=int)


def _actor_counts(df: pd.DataFrame) -> pd.Series:
    if df.empty:
        return pd.Series(dtype=int)
    both = pd.concat([df[["event_id", "actor1"]].rename(columns={"actor1": "a"}),
                      df[["event_id", "actor2"]].rename(columns={"actor2": "a"})]).dropna().drop_duplicates()
    return both["a"].value_counts()


def _changes(cur, f: Filters, cur_df: pd.DataFrame, prev_df: pd.DataFrame, *, start: date, end: date,
             rule: trends.SurgeRule) -> list[str]:
    """Plain-text bullets saying what moved between the two periods."""
    out: list[str] = []
    days = (end - start).days + 1

    def movers(now: pd.Series, before: pd.Series, label, n: int = 3) -> list[str]:
        keys = now.index.union(before.index)
        delta = (now.reindex(keys, fill_value=0) - before.reindex(keys, fill_value=0)).sort_values()
        lines = []
        ups = [k for k in delta.index[::-1][:n] if delta[k] > 0]
        downs = [k for k in delta.index[:n] if delta[k] < 0]
        for k in ups + downs:
            a, b = int(now.get(k, 0)), int(before.get(k, 0))
            lines.append(f"{label(k)}: {a} event{'' if a == 1 else 's'} (was {b}, {int(delta[k]):+d})")
        return lines

    out += ["Event type " + s for s in movers(_counts(cur_df, "event_type"), _counts(prev_df, "event_type"), str)]
    out += movers(_counts(cur_df, "country"), _counts(prev_df, "country"),
                  lambda k: f"{country_name(k)} ({k})")

    def conflict_share(df: pd.DataFrame) -> float | None:
        q = df["quad_class"].dropna() if not df.empty else pd.Series(dtype=str)
        return None if q.empty else float(q.str.contains("conflict").mean())
    a, b = conflict_share(cur_df), conflict_share(prev_df)
    if a is not None and b is not None:
        out.append(f"Conflict share of classed events: {a:.0%} (was {b:.0%})")

    new = [x for x, n in _actor_counts(cur_df).items() if n >= 2 and x not in set(_actor_counts(prev_df).index)]
    if new:
        out.append("New actors (2+ events, none in the previous period): " + ", ".join(new[:8])
                   + (f" and {len(new) - 8} more" if len(new) > 8 else ""))

    # Surges use the longer look-back of the Trends page: k previous periods of the same length.
    for by in ("country", "actor"):
        table, _ = trends.comparison(cur, f.with_(start=None, end=end), by=by, days=days, rule=rule)
        for r in table[table["surge"]].head(5).itertuples():
            name = f"{country_name(r.key)} ({r.key})" if by == "country" else r.key
            out.append(f"Surge: {name} with {r.current} events vs a mean of {r.baseline:g} "
                       f"over the previous {rule.k} periods")
    return out


def _section(iso3: str, cur_df: pd.DataFrame, prev_df: pd.DataFrame, ranked: pd.DataFrame,
             *, per_country: int) -> CountrySection:
    here = cur_df[cur_df["country"] == iso3]
    ranked_here = ranked[ranked["country"] == iso3].head(per_country)
    dead = pd.to_numeric(here["fatalities"], errors="coerce").fillna(0).sum()
    return CountrySection(
        iso3=iso3, name=country_name(iso3), events=len(here),
        previous=int((prev_df["country"] == iso3).sum()) if not prev_df.empty else 0,
        fatalities=int(dead),
        top_types=tuple((str(k), int(v)) for k, v in _counts(here, "event_type").head(4).items()),
        top_actors=tuple((str(k), int(v)) for k, v in _actor_counts(here).head(5).items()),
        key_events=tuple(cited(r, pinned=bool(r["pinned"])) for r in ranked_here.to_dict("records")))


def build_briefing(cur, *, filters: Filters, start: date, end: date, pinned: tuple[str, ...] = (),
                   dropped: tuple[str, ...] = (), summary: str = "", title: str | None = None,
                   max_key_events: int = 10, max_countries: int = 8, per_country: int = 5,
                   rule: trends.SurgeRule = trends.SurgeRule(), figures: bool = True) -> Briefing:
    """Everything a briefing says, for ``filters`` over ``start``..``end`` (inclusive)."""
    if end < start:
        raise ValueError("the briefing period ends before it starts")
    days = (end - start).days + 1
    prev_end = start - timedelta(days=1)
    prev_start = prev_end - timedelta(days=days - 1)
    base = filters.with_(include_rejected=False,
                         review="all" if filters.review == "rejected" else filters.review)
    f_cur, f_prev = base.with_(start=start, end=end), base.with_(start=prev_start, end=prev_end)

    h_cur, h_prev = query.headline_counts(cur, f_cur), query.headline_counts(cur, f_prev)
    headline = tuple(Metric(label, int(h_cur[key] or 0), int(h_prev[key] or 0)) for key, label in
                     (("events", "Events"), ("articles", "Articles"), ("countries", "Countries"),
                      ("fatalities", "Reported killed"), ("injuries", "Reported injured")))

    cur_df = query.events(cur, f_cur, limit=MAX_EVENTS)
    prev_df = query.events(cur, f_prev, limit=MAX_EVENTS,
                           columns=("event_id", "event_type", "quad_class", "country", "actor1", "actor2"))
    pinned, dropped = tuple(dict.fromkeys(pinned)), tuple(dict.fromkeys(dropped))
    ranked = rank_events(cur_df, pinned=pinned, dropped=dropped)
    key = tuple(cited(r, pinned=bool(r["pinned"])) for r in ranked.head(max(max_key_events, 0)).to_dict("records"))
    # A pinned event always makes the key list, even past max_key_events.
    extra = [cited(r, pinned=True) for r in ranked[ranked["pinned"]].iloc[len(key):].to_dict("records")]
    key = key + tuple(extra)

    countries = _counts(cur_df, "country").head(max_countries).index
    sections = tuple(_section(c, cur_df, prev_df, ranked, per_country=per_country) for c in countries)

    notes = []
    missing = [p for p in pinned if p not in set(cur_df["event_id"])]
    if missing:
        notes.append("Pinned but not in this selection (other period, filtered out or rejected): "
                     + ", ".join(missing))
    n_countries = int(cur_df["country"].nunique()) if not cur_df.empty else 0
    if n_countries > len(sections):
        notes.append(f"Country sections cover the {len(sections)} busiest of {n_countries} countries.")
    if len(cur_df) >= MAX_EVENTS:
        notes.append(f"Only the newest {MAX_EVENTS} events were ranked.")

    b = Briefing(
        title=clean(title) or f"Situation briefing {start:%d %b} – {end:%d %b %Y}",
        start=start, end=end, prev_start=prev_start, prev_end=prev_end, filters=f_cur,
        filters_text=filters_text(f_cur), generated_at=datetime.now(timezone.utc).replace(microsecond=0),
        summary=(summary or "").strip(), headline=headline,
        changes=tuple(_changes(cur, base, cur_df, prev_df, start=start, end=end, rule=rule)),
        key_events=key, sections=sections, pinned=pinned, dropped=dropped, notes=tuple(notes),
        method=(sal.FORMULA, "Surges: " + rule.describe() + f" (periods of {days} days here).",
                f"Previous period: the {days} days before this one ({prev_start:%d %b} – {prev_end:%d %b %Y}). "
                "Rejected events are excluded; dropped events are counted but not listed."),
        candidates=len(cur_df))
    if figures:
        from .charts import briefing_figures
        figs, titles = briefing_figures(cur, f_cur=f_cur, prev_start=prev_start)
        b = b.with_(figures=figs, image_titles=titles)
    return b
