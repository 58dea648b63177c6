"""One real event, one row, whatever order or batches its reports came in.

A *report* is one article's event as the extractor gave it (a row of ``reports``). An event is a
group of reports under ``sitroom.dedup``'s policy taken in report-id order: each report joins the
event whose first (smallest-id) report it fits, the smallest such event, or starts one. That
grouping depends on the set of reports only, so an ingest does not just match new reports against
stored events (which made the result depend on how the reports were batched): it regroups the
new reports with every stored report they could change, and rewrites those events. The stored
reports taken are those whose dates could be compatible with a new report's, with every report
of their events, widened by the same rule around each report whose event changed, until nothing
more changes. The result is the grouping one ingest of everything gives.

Databases from before reports were kept hold events only: such an event takes part as one report
of its own (its id and row) and is written back as one.
"""
from __future__ import annotations

from dataclasses import dataclass

from .coref import same_event
from .dedup import MergeIndex, candidate_from

# What the policy reads of a report (``dedup.candidate_from``), as stored columns.
KEY_COLUMNS = ("event_id", "article_id", "event_type", "country", "event_date", "date_precision",
               "actor1_country", "actor2_country", "actor1", "lat", "lon", "actor1_id", "actor2_id",
               "background", "geo_precision", "actor1_kind", "actor2_kind")
# Regrouping stops widening after this many rounds (each round adds the events its changes reach).
MAX_ROUNDS = 20


@dataclass
class Regrouped:
    """The reports an ingest regroups and where each goes."""
    stored: dict[str, dict]     # report id -> stored report (its key columns; ``event_id``: its event now)
    legacy: set[str]            # stored events with no report rows (older databases), each one report
    group_of: dict[str, str]    # report id (stored and new) -> event id after regrouping

    @property
    def old_events(self) -> set[str]:
        return {r["event_id"] for r in self.stored.values()}

    @property
    def events(self) -> set[str]:
        return set(self.group_of.values())


def group(reports: list[dict]) -> dict[str, str]:
    """report id -> event id (the smallest report id of its group), reports taken in id order.

    Each report dict has ``report_id`` and the ``KEY_COLUMNS`` (``event_id`` is ignored); an
    optional ``articles`` lists every article a legacy event already spans."""
    index = MergeIndex()
    out: dict[str, str] = {}
    for r in sorted(reports, key=lambda r: str(r["report_id"])):
        rid = str(r["report_id"])
        probe = dict(r, event_id=rid)
        match = index.match(probe)
        if match is not None:
            match.article_ids |= {r["article_id"], *(r.get("articles") or ())}
            out[rid] = match.event_id
        else:
            c = candidate_from(probe)
            c.article_ids |= set(r.get("articles") or ())
            index.add(c)
            out[rid] = rid
    return out


def regroup(cur, new: list[dict]) -> Regrouped:
    """Group the new reports (``report_id`` set) with the stored reports they could change.

    Only reports the policy could join to a new report (its neighbours, articles aside), with
    their events, are grouped again; then the neighbours of every report whose event changed,
    until no event changes that was not regrouped."""
    rows, legacy = load(cur, sorted(touching(cur, new)))
    pool = Neighbours(rows.values())
    events = pool.events_near(new)
    stored: dict[str, dict] = {}
    for _ in range(MAX_ROUNDS):
        stored = {rid: r for rid, r in rows.items() if r["event_id"] in events}
        group_of = group(list(stored.values()) + new)
        before: dict[str, set[str]] = {}
        for rid, r in stored.items():
            before.setdefault(r["event_id"], set()).add(rid)
        after: dict[str, set[str]] = {}
        for rid, e in group_of.items():
            after.setdefault(e, set()).add(rid)
        changed = [r for rid, r in stored.items() if after[group_of[rid]] != before[r["event_id"]]]
        more = pool.events_near(changed) - events
        if not more:
            break
        events |= more
    return Regrouped(stored, legacy & {r["event_id"] for r in stored.values()}, group_of)


class Neighbours:
    """Stored reports, to find those the policy could join to a report (``MergeIndex``'s buckets)."""

    def __init__(self, reports) -> None:
        self._index = MergeIndex()
        for r in reports:
            c = candidate_from(dict(r, event_id=r["report_id"]))
            c.event_id = r["event_id"]   # the event the report is in now
            self._index.add(c)

    def events_near(self, reports: list[dict]) -> set[str]:
        """Events holding a stored report that could be one event with one of ``reports``."""
        out: set[str] = set()
        for r in reports:
            c = candidate_from(dict(r, event_id=r["report_id"]))
            out |= {x.event_id for x in self._index.near(c)
                    if x.event_id not in out and (same_event(x.key, c.key, None) or same_event(c.key, x.key, None))}
        return out


def date_windows(reports: list[dict]) -> dict[str, tuple[str, str] | None]:
    """Date spans a stored report must fall in to be compatible with one of ``reports``: within
    7 days of one (day, week, unknown precision), its month, its year."""
    spans: dict[str, list[str]] = {"near": [], "month": [], "year": []}
    for r in reports:
        d = r.get("event_date")
        if not d:
            continue
        spans["near"].append(str(d)[:10])
        if r.get("date_precision") in ("month", "year"):
            spans[r["date_precision"]].append(str(d)[:10])
    return {k: (min(v), max(v)) if v else None for k, v in spans.items()}


def _window_sql(reports: list[dict]) -> tuple[str, list] | None:
    """A WHERE condition on ``e`` (a table with event_type, event_date, date_precision) covering
    every period ``sitroom.periods.compatible`` can accept for one of ``reports``."""
    w = date_windows(reports)
    if w["near"] is None:
        return None
    lo, hi = w["near"]
    cond = ["e.event_date BETWEEN CAST(? AS DATE) - 7 AND CAST(? AS DATE) + 7",
            "(e.date_precision = 'month' AND date_trunc('month', e.event_date) "
            "BETWEEN date_trunc('month', CAST(? AS DATE)) AND date_trunc('month', CAST(? AS DATE)))",
            "(e.date_precision = 'year' AND year(e.event_date) BETWEEN year(CAST(? AS DATE)) AND year(CAST(? AS DATE)))"]
    args: list = [lo, hi, lo, hi, lo, hi]
    if w["month"]:
        cond.append("date_trunc('month', e.event_date) BETWEEN date_trunc('month', CAST(? AS DATE)) "
                    "AND date_trunc('month', CAST(? AS DATE))")
        args += list(w["month"])
    if w["year"]:
        cond.append("year(e.event_date) BETWEEN year(CAST(? AS DATE)) AND year(CAST(? AS DATE))")
        args += list(w["year"])
    types = sorted({str(r["event_type"]) for r in reports if r.get("event_date") and r.get("event_type")})
    return f"e.event_type IN (SELECT unnest(?)) AND ({' OR '.join(cond)})", [types] + args


def touching(cur, reports: list[dict]) -> set[str]:
    """Ids of stored events with a report (or, in older databases, an event row) whose date and
    type could make it the same event as one of ``reports``."""
    where = _window_sql(reports)
    if where is None:
        return set()
    cond, args = where
    rows = cur.execute(f"""
        SELECT DISTINCT e.event_id FROM reports e WHERE {cond}
        UNION
        SELECT e.event_id FROM events e WHERE {cond}
            AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.event_id = e.event_id)""", args + args).fetchall()
    return {r[0] for r in rows}


def load(cur, events: list[str]) -> tuple[dict[str, dict], set[str]]:
    """(report id -> stored report, legacy event ids) of the stored ``events``."""
    if not events:
        return {}, set()
    cols = ", ".join(f"e.{c}" for c in KEY_COLUMNS)
    out: dict[str, dict] = {}
    for row in cur.execute(f"SELECT e.report_id, {cols} FROM reports e WHERE e.event_id IN (SELECT unnest(?))",
                           [events]).fetchall():
        out[row[0]] = {"report_id": row[0], **dict(zip(KEY_COLUMNS, row[1:]))}
    legacy = set()
    for row in cur.execute(f"""
            SELECT e.event_id, {cols}, list(DISTINCT v.article_id) FROM events e LEFT JOIN evidence v USING (event_id)
            WHERE e.event_id IN (SELECT unnest(?))
              AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.event_id = e.event_id)
            GROUP BY ALL""", [events]).fetchall():
        legacy.add(row[0])
        out[row[0]] = {"report_id": row[0], **dict(zip(KEY_COLUMNS, row[1:-1])),
                       "articles": [a for a in row[-1] if a is not None]}
    for r in out.values():
        r["background"] = bool(r.get("background"))
    return out, legacy
