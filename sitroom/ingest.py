"""Files -> loader -> extractor -> store, one short write transaction per batch of articles.

Nothing is held while articles are read and extracted: the database is opened for writing
only to store a finished batch (and checked again there, so two ingests never store an
article twice), which keeps a running dashboard serving. An interrupted run leaves whole
batches only. A bad file or record is refused with the loader's message (file and line) and
the rest goes on; an article the extractor fails on is stored without events and reported.

Stored events do not depend on order or batch size: each article's event is kept as a report,
and the new reports are grouped again with every stored report they could change, by the one
same-event policy in id order (``sitroom.grouping``); an event is named by the smallest id of its
reports (each id comes from its article, trigger offset and type). Edits follow renamed events.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

import pandas as pd

from . import schema
from .anchors import reattach
from .grouping import regroup
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
REPORT_COLS = schema.column_names("reports")


def article_row(a: Article, now) -> list:
    return [a.id, a.content_hash, a.title, a.published, a.source, a.url, a.text,
            json.dumps(a.captions, ensure_ascii=False), a.origin, now]


def write_batch(cur, extracted: list[tuple[Article, list[dict]]], *, with_articles: bool = True) -> tuple[int, int]:
    """Insert articles and their reports inside the caller's transaction, and regroup events.

    Each extracted event is a report (``reports``); the new reports and every stored report they
    could change are grouped again by the one same-event policy in id order
    (``sitroom.grouping``), so the events do not depend on how the reports were batched. Each
    event is named by the smallest id among its reports and its row is that report's; a stored
    event that is renamed or split keeps its edits on the event holding its first report.
    Returns (events added, reports merged into other events).
    """
    if with_articles:
        insert_rows(cur, "articles", [article_row(a, now_utc()) for a, _ in extracted])
    events = sorted((ev for _, evs in extracted for ev in evs), key=lambda ev: str(ev["event_id"]))
    new = [dict(ev, report_id=str(ev["event_id"])) for ev in events]
    g = regroup(cur, new)
    group_of, old = g.group_of, g.old_events
    if g.legacy:   # older databases: each event without reports becomes a report of its own
        legacy = sorted(g.legacy)
        cur.execute(f"INSERT INTO reports (report_id, {', '.join(EVENT_COLS)}) SELECT event_id, {', '.join(EVENT_COLS)} "
                    f"FROM events WHERE event_id IN (SELECT unnest(?))", [legacy])
        cur.execute("UPDATE evidence SET report_id = event_id WHERE report_id IS NULL AND event_id IN (SELECT unnest(?))",
                    [legacy])
    insert_rows(cur, "reports", [[str(ev["event_id"]) if c == "report_id" else
                                  group_of[str(ev["event_id"])] if c == "event_id" else ev.get(c) for c in REPORT_COLS]
                                 for ev in events])
    moved = sorted(rid for rid, r in g.stored.items() if group_of[rid] != r["event_id"])
    if moved:
        pairs = [moved, [group_of[rid] for rid in moved]]
        cur.execute("UPDATE reports SET event_id = t.e FROM (SELECT unnest(?) AS r, unnest(?) AS e) t "
                    "WHERE reports.report_id = t.r", pairs)
        cur.execute("UPDATE evidence SET event_id = t.e FROM (SELECT unnest(?) AS r, unnest(?) AS e) t "
                    "WHERE evidence.report_id = t.r", pairs)
    # Every mention of a report is its evidence (the extractor's mentions; older ones give none).
    insert_rows(cur, "evidence", [_evidence_row(m, group_of[str(ev["event_id"])], str(ev["event_id"]))
                                  for ev in events for m in ev.get(schema.MENTIONS_KEY) or [ev]])
    leaders = sorted(g.events)
    cur.execute("DELETE FROM events WHERE event_id IN (SELECT unnest(?))", [sorted(old)])
    cols = ", ".join(EVENT_COLS)
    cur.execute(f"INSERT INTO events ({cols}) SELECT {cols} FROM reports WHERE report_id IN (SELECT unnest(?))", [leaders])
    gone = sorted(old - g.events)
    if gone:   # an event renamed or split: its edits go with its first report
        cur.execute("UPDATE edits SET event_id = t.e FROM (SELECT unnest(?) AS o, unnest(?) AS e) t "
                    "WHERE edits.event_id = t.o", [gone, [group_of[o] for o in gone]])
    _group_figures(cur, leaders)
    added = max(0, len(leaders) - len(old))
    return added, len(events) - added


def _group_figures(cur, events: list[str]) -> None:
    """Counts, confidence and casualties of regrouped events, from their evidence and reports.

    Casualties are the best-supported report's: the highest toll any current report of the event
    gives (later stories update a toll upward), never a sum over reports."""
    if not events:
        return
    cur.execute("""
        UPDATE events SET n_sources = s.n_sources, n_mentions = s.n_mentions,
               confidence = greatest(events.confidence, s.best)
        FROM (SELECT event_id, count(DISTINCT article_id) AS n_sources, count(*) AS n_mentions,
                     max(confidence) AS best
              FROM evidence WHERE event_id IN (SELECT unnest(?)) GROUP BY event_id) s
        WHERE events.event_id = s.event_id""", [events])
    cur.execute("""
        UPDATE events SET fatalities = CASE WHEN t.f IS NULL THEN events.fatalities
                                            ELSE greatest(coalesce(events.fatalities, 0), t.f) END,
                          injuries = CASE WHEN t.i IS NULL THEN events.injuries
                                          ELSE greatest(coalesce(events.injuries, 0), t.i) END
        FROM (SELECT event_id, max(fatalities) FILTER (WHERE NOT coalesce(background, false)) AS f,
                     max(injuries) FILTER (WHERE NOT coalesce(background, false)) AS i
              FROM reports WHERE event_id IN (SELECT unnest(?)) GROUP BY event_id) t
        WHERE events.event_id = t.event_id""", [events])


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


def _evidence_row(ev: dict, event_id: str, report_id: str) -> list:
    """A mention dict (``evidence_id``) or, from older extractors, an event dict (its own id)."""
    return [ev.get("evidence_id") or ev["event_id"], event_id, ev["article_id"], ev.get("event_type"), ev.get("event_date"),
            ev.get("sentence"), ev.get("start_char"), ev.get("end_char"), ev.get("confidence"),
            ev.get("field_evidence"), report_id]


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
        tx.execute("DELETE FROM reports")
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
