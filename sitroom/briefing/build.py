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

Background events (a story recalling the past) never enter the headline figures,
what changed, surges or the country sections' counts; when the filters include
them they may be listed among the key events, marked as background. Actors are
counted by canonical id and named by their label (``query.actor_names``). One
event is listed once: rows that repeat a listed event (same type, country,
place and actor, dates a day apart at most; see ``repeats``) are left out of
the key events, so an unmerged database cannot fill the top ten with one event.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pandas as pd

from .. import query
from ..analysis import trends
from ..query import Filters
from . import salience as sal
from .model import Briefing, CitedEvent, CountrySection, Metric
from .text import clean
from ..names import actor_label, country_label, country_name, display_summary
from ..values import is_missing, is_true

MAX_EVENTS = 50000   # above this a briefing ranks the newest events only (keeps memory bounded)
LIST_REACH = 200     # rows per country (and overall) looked at for repeats: far more than any list shows


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
        summary=clean(display_summary(rec)), sentence=clean(rec.get("sentence")),
        actor1=clean(rec.get("actor1")) or None, actor2=clean(rec.get("actor2")) or None,
        location=clean(rec.get("location")) or None, country=clean(rec.get("country")) or None,
        fatalities=_int(rec.get("fatalities")), injuries=_int(rec.get("injuries")),
        n_sources=_int(rec.get("n_sources")) or 1,
        confidence=None if conf is None or pd.isna(conf) else float(conf),
        review_status=clean(rec.get("review_status")) or "unreviewed",
        source=clean(rec.get("article_source")) or None, title=clean(rec.get("article_title")) or None,
        url=clean(rec.get("article_url")) or None, published=_to_date(rec.get("article_published")),
        salience=float(rec.get("salience") or 0.0), pinned=pinned, background=is_true(rec.get("background")))


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


def _side_keys(df: pd.DataFrame, n: int) -> pd.Series:
    """Actor keys of one side: the canonical id, else the name (as ``names.actor_key_sql``)."""
    ids = df[f"actor{n}_id"] if f"actor{n}_id" in df else pd.Series(None, index=df.index, dtype=object)
    ids = ids.where(ids.notna() & (ids != ""))
    return ids.fillna(df[f"actor{n}"])


def _actor_counts(df: pd.DataFrame) -> pd.Series:
    """Events per actor key, either side (an actor on both sides of one event counts once)."""
    if df.empty:
        return pd.Series(dtype=int)
    both = pd.concat([pd.DataFrame({"event_id": df["event_id"], "a": _side_keys(df, n)}) for n in (1, 2)])
    return both.dropna().drop_duplicates()["a"].value_counts()


def current_only(df: pd.DataFrame) -> pd.DataFrame:
    """The rows that are not background events (NULL counts as not background)."""
    if df.empty or "background" not in df:
        return df
    return df[~df["background"].fillna(False).astype(bool)]


def _same(a: str, b: str, *, lenient: bool) -> bool:
    """Equal values; with ``lenient`` a missing one matches too."""
    return a == b if a and b else lenient


def repeats(ranked: pd.DataFrame) -> set[str]:
    """Ids of rows that repeat a higher-ranked row: same type and country, dates at most a day
    apart, and the same place and first actor (within one article a missing place or actor
    matches too: a later sentence often leaves them out). Pinned rows are never repeats."""
    kept: dict[tuple, list[dict]] = {}
    out: set[str] = set()
    a1 = _side_keys(ranked, 1) if not ranked.empty else pd.Series(dtype=object)
    for r, actor in zip(ranked.to_dict("records"), a1):
        me = {"article": r.get("article_id"), "date": _to_date(r.get("event_date")),
              "place": clean(r.get("location")), "actor": clean(actor)}
        group = kept.setdefault((r.get("event_type"), r.get("country")), [])
        if not r.get("pinned") and any(
                (me["date"] is None or k["date"] is None or abs((me["date"] - k["date"]).days) <= 1)
                and _same(me["place"], k["place"], lenient=me["article"] == k["article"])
                and _same(me["actor"], k["actor"], lenient=me["article"] == k["article"]) for k in group):
            out.add(str(r["event_id"]))
            continue
        group.append(me)
    return out


def _changes(cur, f: Filters, cur_df: pd.DataFrame, prev_df: pd.DataFrame, *, start: date, end: date,
             rule: trends.SurgeRule, names: dict[str, str]) -> list[str]:
    """Plain-text bullets saying what moved between the two periods (current events only)."""
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
    out += movers(_counts(cur_df, "country"), _counts(prev_df, "country"), country_label)

    def conflict_share(df: pd.DataFrame) -> float | None:
        q = df["quad_class"].dropna() if not df.empty else pd.Series(dtype=str)
        return None if q.empty else float(q.str.contains("conflict").mean())
    a, b = conflict_share(cur_df), conflict_share(prev_df)
    if a is not None and b is not None:
        out.append(f"Conflict share of classed events: {a:.0%} (was {b:.0%})")

    before = set(_actor_counts(prev_df).index)
    new = [x for x, n in _actor_counts(cur_df).items() if n >= 2 and x not in before]
    if new:
        out.append("New actors (2+ events, none in the previous period): "
                   + ", ".join(names.get(x) or actor_label(x) for x in new[:8])
                   + (f" and {len(new) - 8} more" if len(new) > 8 else ""))

    # Surges use the longer look-back of the Trends page: k previous periods of the same length.
    # The baseline's coverage does not depend on `by`: check it once for both comparisons.
    look_back = f.with_(start=None, end=end)
    covered = trends.baseline_covered(cur, look_back, trends.period_windows(end=end, days=days, k=rule.k))
    for by in ("country", "actor"):
        table, _ = trends.comparison(cur, look_back, by=by, days=days, rule=rule, end=end, covered=covered)
        for r in table[table["surge"]].head(5).itertuples():
            name = country_label(r.key) if by == "country" else (names.get(r.key) or actor_label(r.key))
            out.append(f"Surge: {name} with {r.current} events vs a mean of {r.baseline:g} "
                       f"over the previous {rule.k} periods")
    return out


def _section(iso3: str, cur_df: pd.DataFrame, prev_df: pd.DataFrame, ranked: pd.DataFrame,
             *, per_country: int, names: dict[str, str]) -> CountrySection:
    here = cur_df[cur_df["country"] == iso3]
    ranked_here = ranked[ranked["country"] == iso3].head(per_country)
    dead = pd.to_numeric(here["fatalities"], errors="coerce").fillna(0).sum()
    return CountrySection(
        iso3=iso3, name=country_name(iso3), events=len(here),
        previous=int((prev_df["country"] == iso3).sum()) if not prev_df.empty else 0,
        fatalities=int(dead),
        top_types=tuple((str(k), int(v)) for k, v in _counts(here, "event_type").head(4).items()),
        top_actors=tuple((names.get(k) or actor_label(k), int(v)) for k, v in _actor_counts(here).head(5).items()),
        key_events=tuple(cited(r, pinned=bool(r["pinned"])) for r in ranked_here.to_dict("records")))


def build_briefing(cur, *, filters: Filters, start: date, end: date, pinned: tuple[str, ...] = (),
                   dropped: tuple[str, ...] = (), summary: str = "", title: str | None = None,
                   max_key_events: int = 10, max_countries: int = 8, per_country: int = 5,
                   rule: trends.SurgeRule = trends.SurgeRule(), figures: bool = True,
                   names: dict[str, str] | None = None) -> Briefing:
    """Everything a briefing says, for ``filters`` over ``start``..``end`` (inclusive).

    ``names``: actor key -> label (``query.actor_names``) when the caller holds them already
    (the dashboard caches them); read from the database otherwise."""
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

    listed_df = query.events(cur, f_cur, limit=MAX_EVENTS)    # background too, when the filters ask
    cur_df = current_only(listed_df)                           # what every figure counts
    prev_df = current_only(query.events(cur, f_prev, limit=MAX_EVENTS, columns=(
        "event_id", "event_type", "quad_class", "country", "actor1", "actor2", "actor1_id", "actor2_id",
        "background")))
    names = query.actor_names(cur) if names is None else names
    pinned, dropped = tuple(dict.fromkeys(pinned)), tuple(dict.fromkeys(dropped))
    ranked = rank_events(listed_df, pinned=pinned, dropped=dropped)
    # Only the rows a list can reach are checked for repeats: the best of each country and overall.
    reach = ranked.groupby("country", dropna=False, sort=False).head(LIST_REACH)
    repeated = repeats(ranked.loc[sorted(set(reach.index) | set(ranked.index[:LIST_REACH]))])
    ranked = ranked[~ranked["event_id"].isin(repeated)].reset_index(drop=True)
    key = tuple(cited(r, pinned=bool(r["pinned"])) for r in ranked.head(max(max_key_events, 0)).to_dict("records"))
    # A pinned event always makes the key list, even past max_key_events.
    extra = [cited(r, pinned=True) for r in ranked[ranked["pinned"]].iloc[len(key):].to_dict("records")]
    key = key + tuple(extra)

    countries = _counts(cur_df, "country").head(max_countries).index
    sections = tuple(_section(c, cur_df, prev_df, ranked, per_country=per_country, names=names) for c in countries)

    notes = []
    missing = [p for p in pinned if p not in set(listed_df["event_id"])]
    if missing:
        notes.append("Pinned but not in this selection (other period, filtered out or rejected): "
                     + ", ".join(missing))
    n_countries = int(cur_df["country"].nunique()) if not cur_df.empty else 0
    if n_countries > len(sections):
        notes.append(f"Country sections cover the {len(sections)} busiest of {n_countries} countries.")
    if len(listed_df) >= MAX_EVENTS:
        notes.append(f"Only the newest {MAX_EVENTS} events were ranked.")
    if repeated:
        notes.append(f"{len(repeated)} event row{'s' if len(repeated) != 1 else ''} repeating a listed event "
                     "(same type, place and actor, a day apart at most) left out of the key events.")
    if len(listed_df) > len(cur_df):
        notes.append(f"{len(listed_df) - len(cur_df)} background events (past events the stories recall) may be "
                     "listed; no figure counts them.")

    b = Briefing(
        title=clean(title) or f"Situation briefing {start:%d %b} – {end:%d %b %Y}",
        start=start, end=end, prev_start=prev_start, prev_end=prev_end, filters=f_cur,
        filters_text=filters_text(f_cur), generated_at=datetime.now(timezone.utc).replace(microsecond=0),
        summary=(summary or "").strip(), headline=headline,
        changes=tuple(_changes(cur, base, cur_df, prev_df, start=start, end=end, rule=rule, names=names)),
        key_events=key, sections=sections, pinned=pinned, dropped=dropped, notes=tuple(notes),
        method=(sal.FORMULA, "Surges: " + rule.describe() + f" (periods of {days} days here).",
                f"Previous period: the {days} days before this one ({prev_start:%d %b} – {prev_end:%d %b %Y}). "
                "Rejected events are excluded; dropped events are counted but not listed.",
                "Events shown: " + ("every extracted mention" if f_cur.all_mentions else
                                    f"headline events and dated events with confidence ≥ {query.event_confidence():g}")
                + "; background events never enter the figures. Casualties: one figure per event, never a sum "
                  "of its mentions."),
        candidates=len(listed_df))
    if figures:
        from .charts import briefing_figures
        figs, titles = briefing_figures(cur, f_cur=f_cur, prev_start=prev_start)
        b = b.with_(figures=figs, image_titles=titles)
    return b
