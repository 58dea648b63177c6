"""What is changing: period-over-period counts, surge flags, cooperation/conflict balance.

In: a DuckDB cursor and ``query.Filters``. Out: pandas frames.

Periods are windows of ``days`` days ending on an anchor date (the filters' end
date, else the newest filtered event), not calendar weeks, so the current
period is never a partial week. The filters' own start date is ignored for the
look-back: comparing needs the ``k`` periods before the current one.

Surge rule (in the spirit of ACLED's early-warning "surge" flags: a large
relative rise, on a base big enough to mean something)::

    baseline = mean events per period over the k previous periods (zeros count)
    surge    = current >= min_count  AND  baseline >= min_base
               AND  current >= ratio * baseline  AND  the data covers the baseline

With the defaults (k=4 periods of 7 days, ratio=2, min_count=5, min_base=1) a
country with 3 events a week that sees 6 this week surges; one going from 1 to 3
does not (too few to mean anything); one going from 0 to 5 has no base to rise
from and is marked "new", not a surge. "Covers" means the filtered events reach
back to the first baseline period and every baseline period holds some event:
at the start of a corpus (or across a gap in it) everything looks new, so
nothing is flagged there.

Background events (a story recalling the past) never count here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from .. import taxonomy
from ..names import actor_key_sql
from ..query import Filters, where_clause

BY = ("country", "actor")


@dataclass(frozen=True)
class SurgeRule:
    """Parameters of the surge rule above."""
    k: int = 4              # previous periods forming the baseline
    ratio: float = 2.0      # current must reach ratio x baseline
    min_count: int = 5      # ... and at least this many events
    min_base: float = 1.0   # ... on a baseline of at least this many events per period

    def describe(self) -> str:
        return (f"surge = at least {self.min_count} events in the current period and at least "
                f"{self.ratio:g}x the mean of the {self.k} previous periods of the same length, "
                f"that mean being at least {self.min_base:g}; never where the data does not reach back "
                f"over the {self.k} previous periods")


def anchor_date(cur, f: Filters) -> date | None:
    """The end of the current period: the filters' end, else the newest filtered (current,
    not background) event's date, no later than the day after the newest article."""
    if f.end:
        return f.end
    where, args = where_clause(f, current_only=True)
    d = cur.execute(f"""SELECT max(e.event_date) FROM events_current e WHERE {where} AND e.event_date <=
                        coalesce((SELECT max(published) FROM articles) + 1, DATE '9999-12-31')""",
                    args).fetchone()[0]
    return d


def period_windows(*, end: date, days: int, k: int) -> list[tuple[date, date]]:
    """(start, end) of the k previous periods and the current one, oldest first."""
    out = []
    for i in range(k, -1, -1):
        hi = end - timedelta(days=i * days)
        out.append((hi - timedelta(days=days - 1), hi))
    return out


def period_counts(cur, f: Filters, *, by: str = "country", days: int = 7, k: int = 4,
                  end: date | None = None) -> tuple[pd.DataFrame, list[tuple[date, date]]]:
    """Events per key (country where it happened, or actor on either side) and period.

    Returns (wide frame: key, p0..pk where pk is the current period, windows).
    """
    if by not in BY:
        raise ValueError(f"by must be one of {BY}")
    end = end or anchor_date(cur, f)
    if end is None:
        return pd.DataFrame(columns=["key"] + [f"p{i}" for i in range(k + 1)]), []
    windows = period_windows(end=end, days=days, k=k)
    g = f.with_(start=windows[0][0], end=end)
    where, args = where_clause(g, current_only=True)
    # bucket 0 is the current period, 1 the one before, ...
    bucket = f"CAST(floor(datediff('day', e.event_date, DATE '{end.isoformat()}') / {int(days)}) AS INTEGER)"
    if by == "country":
        sql = f"""SELECT e.country AS key, {bucket} AS b, count(*) AS n FROM events_current e
                  WHERE {where} AND e.country IS NOT NULL GROUP BY 1, 2"""
        rows = cur.execute(sql, args).df()
    else:
        # By actor key (canonical id, else name); an actor on both sides of one event counts once.
        k1, k2 = actor_key_sql(1), actor_key_sql(2)
        sql = f"""SELECT key, b, count(*) AS n FROM (
                    SELECT {k1} AS key, {bucket} AS b FROM events_current e WHERE {where}
                    UNION ALL
                    SELECT {k2} AS key, {bucket} AS b FROM events_current e WHERE {where} AND {k2} IS DISTINCT FROM {k1})
                  WHERE key IS NOT NULL GROUP BY 1, 2"""
        rows = cur.execute(sql, args + args).df()
    wide = rows.pivot_table(index="key", columns="b", values="n", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=range(k, -1, -1), fill_value=0)     # oldest period first
    wide.columns = [f"p{i}" for i in range(k + 1)]
    return wide.reset_index().astype({f"p{i}": int for i in range(k + 1)}), windows


def baseline_covered(cur, f: Filters, windows: list[tuple[date, date]]) -> bool:
    """Whether the filtered events (any key, start date ignored) reach back to the first
    baseline period and leave none of the baseline periods empty."""
    if len(windows) < 2:
        return False
    where, args = where_clause(f.with_(start=None, end=windows[-1][1]), current_only=True)
    first = cur.execute(f"SELECT min(e.event_date) FROM events_current e WHERE {where}", args).fetchone()[0]
    if first is None or first > windows[0][0]:
        return False
    lo, hi = windows[0][0], windows[-2][1]
    days = (windows[0][1] - windows[0][0]).days + 1
    filled = cur.execute(f"""SELECT count(DISTINCT floor(datediff('day', DATE '{lo.isoformat()}', e.event_date) / {days}))
                             FROM events_current e WHERE {where} AND e.event_date BETWEEN ? AND ?""",
                         args + [lo, hi]).fetchone()[0]
    return int(filled) >= len(windows) - 1


def flag_surges(wide: pd.DataFrame, *, rule: SurgeRule = SurgeRule(), covered: bool = True) -> pd.DataFrame:
    """Add current, baseline, change, ratio, trend and surge columns to a period_counts frame.

    ``trend`` is "new" (nothing in the previous periods), "up" (> 1.25x baseline),
    "down" (< 0.75x) or "flat". ``covered`` False (see ``baseline_covered``) flags
    no surge at all. Sorted: surges first, then by current count.
    """
    k = rule.k
    prev = [f"p{i}" for i in range(k)]
    out = wide.copy()
    out["current"] = out[f"p{k}"] if len(out) else pd.Series(dtype=int)
    out["baseline"] = out[prev].mean(axis=1).round(2) if len(out) else pd.Series(dtype=float)
    out["change"] = out["current"] - out["baseline"]
    base = out["baseline"].where(out["baseline"] > 0)
    out["ratio"] = (out["current"] / base).round(2)
    out["surge"] = ((out["current"] >= rule.min_count) & (out["baseline"] >= rule.min_base)
                    & (out["current"] >= rule.ratio * out["baseline"]) & bool(covered))
    trend = pd.Series("flat", index=out.index, dtype=object)
    trend[out["current"] > 1.25 * out["baseline"]] = "up"
    trend[out["current"] < 0.75 * out["baseline"]] = "down"
    trend[(out["baseline"] == 0) & (out["current"] > 0)] = "new"
    out["trend"] = trend
    return out.sort_values(["surge", "current", "change", "key"], ascending=[False, False, False, True],
                           ignore_index=True)


def comparison(cur, f: Filters, *, by: str = "country", days: int = 7, rule: SurgeRule = SurgeRule(),
               end: date | None = None, covered: bool | None = None) -> tuple[pd.DataFrame, list[tuple[date, date]]]:
    """period_counts + flag_surges: the table the Trends page shows.

    ``covered``: ``baseline_covered`` for these filters and periods when the caller has it
    already (it does not depend on ``by``: one pair of queries serves a country and an actor
    comparison over the same periods); computed here when None.
    """
    wide, windows = period_counts(cur, f, by=by, days=days, k=rule.k, end=end)
    if covered is None:
        covered = baseline_covered(cur, f, windows)
    return flag_surges(wide, rule=rule, covered=covered), windows


def period_labels(windows: list[tuple[date, date]]) -> dict[str, str]:
    """Column name -> readable label ("p4" -> "current (Apr 23-29)")."""
    out = {}
    n = len(windows)
    for i, (lo, hi) in enumerate(windows):
        span = f"{lo:%b %d}-{hi:%b %d}"
        out[f"p{i}"] = f"current ({span})" if i == n - 1 else span
    return out


# Cooperation counts +1, conflict -1; material acts weigh twice verbal ones, because
# a strike says more than a statement. OTHER events have no class and weigh 0.
QUAD_WEIGHTS = {taxonomy.VERBAL_COOPERATION: 1.0, taxonomy.MATERIAL_COOPERATION: 2.0,
                taxonomy.VERBAL_CONFLICT: -1.0, taxonomy.MATERIAL_CONFLICT: -2.0}
FREQS = ("day", "week", "month")


def quad_balance(cur, f: Filters, *, freq: str = "week") -> pd.DataFrame:
    """Events per period and quad class, and the cooperation/conflict balance.

    Columns: period, one count column per quad class, other, total, cooperation,
    conflict, balance = (cooperation - conflict) / (cooperation + conflict) in
    [-1, 1] (NaN when neither), weighted = mean of QUAD_WEIGHTS over classed events.
    """
    unit = freq if freq in FREQS else "week"
    where, args = where_clause(f, current_only=True)
    df = cur.execute(f"""
        SELECT CAST(date_trunc('{unit}', e.event_date) AS DATE) AS period,
               coalesce(e.quad_class, 'other') AS quad_class, count(*) AS events
        FROM events_current e WHERE {where} AND e.event_date IS NOT NULL
        GROUP BY 1, 2 ORDER BY 1, 2""", args).df()
    cols = list(taxonomy.QUAD_CLASSES) + ["other"]
    wide = (df.pivot_table(index="period", columns="quad_class", values="events", aggfunc="sum", fill_value=0)
            .reindex(columns=cols, fill_value=0))
    wide.columns.name = None
    if len(wide) > 1:   # empty periods stay in, so the line breaks over a gap instead of bridging it
        full = pd.date_range(wide.index.min(), wide.index.max(), freq={"day": "D", "week": "W-MON", "month": "MS"}[unit])
        if len(full) <= 2000:
            wide = wide.reindex(full.rename(wide.index.name), fill_value=0)
    wide = wide.astype(int)
    wide["total"] = wide[cols].sum(axis=1)
    wide["cooperation"] = wide[taxonomy.VERBAL_COOPERATION] + wide[taxonomy.MATERIAL_COOPERATION]
    wide["conflict"] = wide[taxonomy.VERBAL_CONFLICT] + wide[taxonomy.MATERIAL_CONFLICT]
    classed = (wide["cooperation"] + wide["conflict"]).where(lambda s: s > 0)
    wide["balance"] = ((wide["cooperation"] - wide["conflict"]) / classed).round(3)
    weighted = sum(wide[q] * w for q, w in QUAD_WEIGHTS.items())
    wide["weighted"] = (weighted / classed).round(3)
    return wide.reset_index()


def auto_freq(start: date | None, end: date | None) -> str:
    """A bar width that gives a readable number of bars for a date span."""
    if not start or not end:
        return "week"
    days = (end - start).days + 1
    return "day" if days <= 45 else "week" if days <= 366 else "month"
