"""Files -> loader -> extractor -> store, one short write transaction per batch of articles.

Nothing is held while articles are read and extracted: the database is opened for writing
only to store a finished batch (and checked again there, so two ingests never store an
article twice), which keeps a running dashboard serving. An interrupted run leaves whole
batches only. A bad file or record is refused with the loader's message (file and line) and
the rest goes on; an article the extractor fails on is stored without events and reported.

Stored event ids do not depend on order or batch size: an event is named by the smallest id
of its mentions (each mention's id comes from its article, trigger offset and type), and
the candidates a new mention may merge with are every stored event whose date could be
compatible, whatever the batch holds. Edits follow renamed events (``sitroom.anchors``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

import pandas as pd

from . import schema
from .anchors import reattach
from .dedup import Candidate, MergeIndex, candidate_from
if TYPE_CHECKING:   # the extractor (spaCy and the rest) is imported only when articles are extracted
    from .extract import Resources
from .loader import Article, LoadResult, load_path, walk
from .store import Store, now_utc


@dataclass
class Outcome:
    """What happened to one article (or one refused record): for the Ingest page's report."""
    where: str
    title: str
    status: str          # added | duplicate | conflict | refused | no events
    detail: str = ""
    article_id: str | None = None
    events: int = 0


@dataclass
class IngestReport:
    files: int = 0
    articles_added: int = 0
    duplicates: int = 0
    events_added: int = 0
    events_merged: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)        # (where, why): not stored
    conflicts: list[tuple[str, str]] = field(default_factory=list)      # id seen before with other text
    notes: list[tuple[str, str]] = field(default_factory=list)          # stored, with a remark
    skipped: list[tuple[str, str]] = field(default_factory=list)        # files not read, and why
    extract_failed: list[tuple[str, str]] = field(default_factory=list)  # stored without events
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refused and not self.conflicts

    def lines(self) -> list[str]:
        out = [f"files read: {self.files}",
               f"articles added: {self.articles_added}",
               f"skipped as duplicate: {self.duplicates}",
               f"events added: {self.events_added} (+{self.events_merged} merged into existing events)",
               f"refused: {len(self.refused)}"]
        out += [f"  {where}: {why}" for where, why in self.refused]
        for label, items in (("id conflicts (not stored)", self.conflicts), ("skipped files", self.skipped),
                             ("stored without events (extractor failed)", self.extract_failed),
                             ("notes", self.notes)):
            if items:
                out.append(f"{label}: {len(items)}")
                out += [f"  {where}: {why}" for where, why in items]
        return out


Extractor = Callable[..., Iterable[tuple[Article, list[dict]]]]


def extract_many(articles, *, resources):
    """The real extractor (``sitroom.extract.extract_many``), imported on first use."""
    from .extract import extract_many as run
    return run(articles, resources=resources)


def ingest_paths(paths: Iterable[Path], *, store: Store, resources: "Resources | None", batch_size: int = 50,
                 progress: Callable[[int], None] | None = None, extractor: Extractor = extract_many,
                 on_outcome: Callable[[Outcome], None] | None = None) -> IngestReport:
    """Read every file under ``paths`` and store new articles with their events.

    ``extractor(articles, resources=...)`` is injectable so tests can run without models;
    ``progress(1)`` is called per file, ``on_outcome`` per article.
    """
    files, skipped = walk([Path(p) for p in paths])
    batcher = Batcher(store, resources, batch_size=batch_size, extractor=extractor, on_outcome=on_outcome)
    batcher.report.skipped += skipped
    for path in files:
        batcher.report.files += 1
        batcher.add_result(load_path(path))
        if progress:
            progress(1)
    return batcher.finish()


class Batcher:
    """Collects articles from any source (files, pasted text, links, feeds) and stores them in
    batches; refusals and notes of each LoadResult go into one report."""

    def __init__(self, store: Store, resources: "Resources | None", *, batch_size: int = 50,
                 extractor: Extractor = extract_many, on_outcome: Callable[[Outcome], None] | None = None):
        self.store, self.resources, self.extractor = store, resources, extractor
        self.batch_size = max(1, batch_size)
        self.on_outcome = on_outcome
        self.report = IngestReport()
        self._batch: list[Article] = []
        self._seen: dict[str, Article] = {}   # id and content hash -> article, this run
        self.failed_ids: set[str] = set()      # articles the extractor could not handle

    def outcome(self, o: Outcome) -> None:
        self.report.outcomes.append(o)
        if self.on_outcome:
            self.on_outcome(o)

    def add_result(self, result: LoadResult) -> None:
        """Queue a loader's articles; its refusals and notes go to the report."""
        for exc in result.refused:
            self.report.refused.append((exc.where, exc.message))
            self.outcome(Outcome(exc.where, "", "refused", exc.message))
        self.report.notes += [(n.where, n.message) for n in result.notes]
        for a in result.articles:
            self.add(a)

    def add(self, a: Article) -> bool:
        """Queue one article; False when this run already has it (or a conflicting one)."""
        same_id, same_text = self._seen.get(a.id), self._seen.get(a.content_hash)
        if same_text is not None:
            self.report.duplicates += 1
            self.outcome(Outcome(a.origin or "", a.title, "duplicate", f"same text as {same_text.origin}",
                                 same_text.id))
            return False
        if same_id is not None:
            self._conflict(a, same_id.origin)
            return False
        self._seen[a.id] = self._seen[a.content_hash] = a
        self._batch.append(a)
        if len(self._batch) >= self.batch_size:
            self.flush()
        return True

    def _conflict(self, a: Article, other_origin: str | None) -> None:
        why = f"id {a.id!r} was already stored from {other_origin or 'another source'} with different text; not stored"
        self.report.conflicts.append((a.origin or "", why))
        self.outcome(Outcome(a.origin or "", a.title, "conflict", why, a.id))

    def flush(self) -> None:
        batch, self._batch = self._batch, []
        if batch:
            store_batch(batch, self)

    def finish(self) -> IngestReport:
        self.flush()
        return self.report


def store_batch(batch: list[Article], b: Batcher) -> None:
    """Extract the articles not stored yet (no lock held), then store them in one transaction."""
    fresh = _not_stored(batch, b.store.known_articles([a.id for a in batch], [a.content_hash for a in batch]), b)
    if not fresh:
        return
    extracted = extract_safely(fresh, b)
    with b.store.transaction() as cur:
        # Checked again under the write lock: another process may have stored some meanwhile.
        known = b.store.known_articles([a.id for a, _ in extracted], [a.content_hash for a, _ in extracted], cur)
        keep = {a.id for a in _not_stored([a for a, _ in extracted], known, b)}
        extracted = [(a, evs) for a, evs in extracted if a.id in keep]
        added, merged = write_batch(cur, extracted)
    b.report.articles_added += len(extracted)
    b.report.events_added += added
    b.report.events_merged += merged
    for a, evs in extracted:
        status = "no events" if a.id in b.failed_ids else "added"
        b.outcome(Outcome(a.origin or "", a.title, status, f"{len(evs)} event{'s' * (len(evs) != 1)}", a.id, len(evs)))


def _not_stored(batch: list[Article], known: dict, b: Batcher) -> list[Article]:
    fresh = []
    for a in batch:
        by_text, by_id = known.get(a.content_hash), known.get(a.id)
        if by_text is not None:
            b.report.duplicates += 1
            b.outcome(Outcome(a.origin or "", a.title, "duplicate", f"already stored (from {by_text[2]})",
                              by_text[0]))
        elif by_id is not None:
            b._conflict(a, by_id[2])
        else:
            fresh.append(a)
    return fresh


def extract_safely(articles: list[Article], b: Batcher) -> list[tuple[Article, list[dict]]]:
    """The extractor over a batch; if it fails, article by article, so one article it cannot
    handle is stored without events (and reported) instead of sinking the batch."""
    try:
        return list(b.extractor(articles, resources=b.resources))
    except Exception:  # noqa: BLE001 - any extractor failure is isolated below
        pass
    out = []
    for a in articles:
        try:
            out += list(b.extractor([a], resources=b.resources))
        except Exception as exc:  # noqa: BLE001
            b.report.extract_failed.append((a.origin or a.id, f"{type(exc).__name__}: {str(exc)[:200]}"))
            b.failed_ids.add(a.id)
            out.append((a, []))
    return out


ARTICLE_COLS = schema.column_names("articles")
EVENT_COLS = schema.column_names("events")
EVIDENCE_COLS = schema.column_names("evidence")


def article_row(a: Article, now) -> list:
    return [a.id, a.content_hash, a.title, a.published, a.source, a.url, a.text,
            json.dumps(a.captions, ensure_ascii=False), a.origin, now]


def write_batch(cur, extracted: list[tuple[Article, list[dict]]], *, with_articles: bool = True) -> tuple[int, int]:
    """Insert articles and events inside the caller's transaction; merge repeated events.

    Mentions are matched in id order against every stored event they could be compatible
    with; each event is named by the smallest id among its mentions, so a stored event that
    gains a smaller mention is renamed (its evidence and edits follow). Returns
    (events added, mentions merged into other events).
    """
    if with_articles:
        insert_rows(cur, "articles", [article_row(a, now_utc()) for a, _ in extracted])
    events = sorted((ev for _, evs in extracted for ev in evs), key=lambda ev: str(ev["event_id"]))
    index, stored = _candidates(cur, events)
    creators: dict[str, dict] = {}
    members: dict[str, list[str]] = {}
    placed: list[tuple[dict, str]] = []
    for ev in events:
        match = index.match(ev)
        if match:
            match.article_ids.add(ev["article_id"])
            key = match.event_id
        else:
            key = ev["event_id"]
            creators[key] = ev
            index.add(candidate_from(ev))
        members.setdefault(key, []).append(str(ev["event_id"]))
        placed.append((ev, key))
    final = {key: min([key] + ids) for key, ids in members.items()}
    for old in sorted(k for k in members if k in stored and final[k] != k):
        for table in ("events", "evidence", "edits"):
            cur.execute(f"UPDATE {table} SET event_id = ? WHERE event_id = ?", [final[old], old])
    insert_rows(cur, "events", [[final[k] if c == "event_id" else ev.get(c) for c in EVENT_COLS]
                                for k, ev in creators.items()])
    # Every mention of an event is its evidence (the extractor's mentions; older ones give none).
    insert_rows(cur, "evidence", [_evidence_row(m, final[key])
                                  for ev, key in placed for m in ev.get(schema.MENTIONS_KEY) or [ev]])
    touched = sorted(final[k] for k in members if k in stored or len(members[k]) > 1)
    if touched:
        # Counts come from the evidence itself, so they cannot drift from it.
        cur.execute("""
            UPDATE events SET n_sources = s.n_sources, n_mentions = s.n_mentions,
                   confidence = greatest(events.confidence, s.best)
            FROM (SELECT event_id, count(DISTINCT article_id) AS n_sources, count(*) AS n_mentions,
                         max(confidence) AS best
                  FROM evidence WHERE event_id IN (SELECT unnest(?)) GROUP BY event_id) s
            WHERE events.event_id = s.event_id""", [touched])
        _best_tolls(cur, placed, final, set(touched))
    return len(creators), len(events) - len(creators)


def _best_tolls(cur, placed: list[tuple[dict, str]], final: dict[str, str], touched: set[str]) -> None:
    """A merged event's casualties are its best-supported report's: the highest toll any current
    report of it gives (later stories update a toll upward), never a sum over reports."""
    best: dict[tuple[str, str], int] = {}
    for ev, key in placed:
        k = final[key]
        if k not in touched or ev.get("background"):
            continue
        for col in ("fatalities", "injuries"):
            v = ev.get(col)
            if v is not None:
                best[(k, col)] = max(best.get((k, col), v), v)
    for col in ("fatalities", "injuries"):
        pairs = [(k, v) for (k, c), v in best.items() if c == col]
        if pairs:
            cur.execute(f"""UPDATE events SET {col} = greatest(coalesce(events.{col}, 0), t.v)
                            FROM (SELECT unnest(?) AS k, unnest(?) AS v) t WHERE events.event_id = t.k""",
                        [[k for k, _ in pairs], [v for _, v in pairs]])


def insert_rows(cur, table: str, rows: list[list]) -> None:
    """Bulk insert through a DataFrame (DuckDB's executemany goes row by row: ~40x slower).

    Every column is cast to its schema type in SQL, so a bad value fails the whole
    statement (and with it the caller's transaction) instead of being stored wrong.
    """
    if not rows:
        return
    cols = schema.column_names(table)
    frame = pd.DataFrame(rows, columns=cols, dtype=object)
    casts = ", ".join(f"CAST({c} AS {schema.sql_type(table, c)})" for c in cols)
    cur.register("_rows", frame)
    try:
        cur.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {casts} FROM _rows")
    finally:
        cur.unregister("_rows")


def _evidence_row(ev: dict, event_id: str) -> list:
    """A mention dict (``evidence_id``) or, from older extractors, an event dict (its own id)."""
    return [ev.get("evidence_id") or ev["event_id"], event_id, ev["article_id"], ev.get("event_type"), ev.get("event_date"),
            ev.get("sentence"), ev.get("start_char"), ev.get("end_char"), ev.get("confidence"),
            ev.get("field_evidence")]


def _windows(events: list[dict]) -> dict[str, tuple[str, str] | None]:
    """Date spans a stored event must fall in to be compatible with some new mention:
    within 7 days of a mention (day, week, unknown precision), its month, its year."""
    spans: dict[str, list[str]] = {"near": [], "month": [], "year": []}
    for ev in events:
        d = ev.get("event_date")
        if not d:
            continue
        spans["near"].append(str(d)[:10])
        if ev.get("date_precision") in ("month", "year"):
            spans[ev["date_precision"]].append(str(d)[:10])
    return {k: (min(v), max(v)) if v else None for k, v in spans.items()}


def _candidates(cur, events: list[dict]) -> tuple[MergeIndex, set[str]]:
    """Stored events that new mentions could merge into, in id order, and their ids.

    The date condition covers every period ``sitroom.periods.compatible`` can accept (a coarse date
    on either side widens it to the month or year), so the same mentions meet the same candidates
    whatever else their batch holds.
    """
    index = MergeIndex()
    w = _windows(events)
    if w["near"] is None:
        return index, set()
    lo, hi = w["near"]
    cond = ["e.event_date BETWEEN CAST(? AS DATE) - 7 AND CAST(? AS DATE) + 7",
            "(e.date_precision = 'month' AND date_trunc('month', e.event_date) "
            "BETWEEN date_trunc('month', CAST(? AS DATE)) AND date_trunc('month', CAST(? AS DATE)))",
            "(e.date_precision = 'year' AND year(e.event_date) BETWEEN year(CAST(? AS DATE)) AND year(CAST(? AS DATE)))"]
    args = [lo, hi, lo, hi, lo, hi]
    if w["month"]:
        cond.append("date_trunc('month', e.event_date) BETWEEN date_trunc('month', CAST(? AS DATE)) "
                    "AND date_trunc('month', CAST(? AS DATE))")
        args += list(w["month"])
    if w["year"]:
        cond.append("year(e.event_date) BETWEEN year(CAST(? AS DATE)) AND year(CAST(? AS DATE))")
        args += list(w["year"])
    types = sorted({ev["event_type"] for ev in events if ev.get("event_date")})
    rows = cur.execute(f"""
        SELECT e.event_id, list(DISTINCT v.article_id) AS articles, e.event_type, e.country, e.event_date,
               e.date_precision, e.actor1_country, e.actor2_country, e.actor1, e.lat, e.lon,
               e.actor1_id, e.actor2_id, coalesce(e.background, false), e.geo_precision, e.actor1_kind,
               e.actor2_kind
        FROM events e JOIN evidence v USING (event_id)
        WHERE e.event_type IN (SELECT unnest(?)) AND ({' OR '.join(cond)})
        GROUP BY ALL ORDER BY e.event_id""", [types] + args).fetchall()
    for r in rows:
        index.add(Candidate(r[0], set(r[1]), r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10],
                            r[11], r[12], bool(r[13]), r[14], r[15], r[16]))
    return index, {r[0] for r in rows}


def reextract(*, store: Store, resources: "Resources | None", progress: Callable[[int], None] | None = None,
              extractor: Extractor = extract_many, report: "ReextractReport | None" = None) -> tuple[int, int]:
    """Run the extractor again over every stored article; analyst edits follow their evidence.

    Articles are read and extracted with no lock held; events and evidence are then rebuilt
    in one transaction (articles that arrived meanwhile are extracted there too), and every
    edit whose event id changed is re-attached by its anchor (``sitroom.anchors``).
    Returns (events, mentions merged); ``report`` (if given) receives the edit counts.
    """
    report = report if report is not None else ReextractReport()
    articles = _stored_articles(store.cursor())
    extracted = []
    for item in extractor(articles, resources=resources):
        extracted.append(item)
        if progress:
            progress(1)
    with store.transaction() as tx:
        done = {a.id for a, _ in extracted}
        stored = {r[0] for r in tx.execute("SELECT article_id FROM articles").fetchall()}
        if stored - done:   # articles that arrived while the others were being extracted
            extracted += list(extractor(_stored_articles(tx, sorted(stored - done)), resources=resources))
        tx.execute("DELETE FROM evidence")
        tx.execute("DELETE FROM events")
        added, merged = write_batch(tx, extracted, with_articles=False)
        report.moved, report.orphaned = reattach(tx)
        tx.execute("INSERT OR REPLACE INTO meta VALUES ('events_rebuilt', ?)", [now_utc().isoformat()])
    return added, merged


@dataclass
class ReextractReport:
    moved: int = 0       # edits re-attached to a renamed or rebuilt event
    orphaned: int = 0    # edits no evidence took (kept; see Store.orphaned_edits)


def _stored_articles(cur, ids: list[str] | None = None) -> list[Article]:
    """Stored articles (all, or those with ``ids``) as Article records, in id order."""
    cols = ["article_id", "title", "text", "published", "source", "url", "captions", "origin"]
    where = "WHERE article_id IN (SELECT unnest(?))" if ids is not None else ""
    rows = cur.execute(f"SELECT {', '.join(cols)} FROM articles {where} ORDER BY article_id",
                       [ids] if ids is not None else []).fetchall()
    return [Article(id=r[0], title=r[1], text=r[2], published=r[3], source=r[4], url=r[5],
                    captions=json.loads(r[6] or "[]"), origin=r[7]) for r in rows]
