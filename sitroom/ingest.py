"""Files -> loader -> extractor -> store, one transaction per batch of articles.

An interrupted run leaves whole batches only: nothing half-written. Bad files are
refused with the loader's message (file and line) and the run goes on.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from . import schema
from .dedup import Candidate, MergeIndex, candidate_from
from .extract import Resources, extract_many
from .loader import Article, LoadError, iter_files, read_path
from .store import Store


@dataclass
class IngestReport:
    files: int = 0
    articles_added: int = 0
    duplicates: int = 0
    events_added: int = 0
    events_merged: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)  # (where, why)

    def lines(self) -> list[str]:
        out = [f"files read: {self.files}",
               f"articles added: {self.articles_added}",
               f"skipped as duplicate: {self.duplicates}",
               f"events added: {self.events_added} (+{self.events_merged} merged into existing events)",
               f"refused: {len(self.refused)}"]
        out += [f"  {where}: {why}" for where, why in self.refused]
        return out


Extractor = Callable[..., Iterable[tuple[Article, list[dict]]]]


def ingest_paths(paths: Iterable[Path], *, store: Store, resources: Resources | None, batch_size: int = 50,
                 progress: Callable[[int], None] | None = None, extractor: Extractor = extract_many) -> IngestReport:
    """Read every file under ``paths`` and store new articles with their events.

    ``extractor(articles, resources=...)`` is injectable so tests can run without models.
    """
    report = IngestReport()
    batch: list[Article] = []
    seen: set[str] = set()
    for path in iter_files([Path(p) for p in paths]):
        report.files += 1
        for a in _read_or_refuse(path, report):
            if a.id in seen or a.content_hash in seen:
                report.duplicates += 1
                continue
            seen.update((a.id, a.content_hash))
            batch.append(a)
            if len(batch) >= batch_size:
                _flush(batch, store, resources, report, extractor)
                batch = []
        if progress:
            progress(1)
    if batch:
        _flush(batch, store, resources, report, extractor)
    return report


def _read_or_refuse(path: Path, report: IngestReport) -> list[Article]:
    """The file's articles, or none with the reason (file and line) recorded as refused."""
    try:
        return read_path(path)
    except LoadError as exc:
        report.refused.append((f"{exc.path}:{exc.line}" if exc.line else exc.path, exc.message))
    except OSError as exc:
        report.refused.append((str(path), str(exc)))
    return []


def _flush(batch: list[Article], store: Store, resources: Resources | None, report: IngestReport,
           extractor: Extractor) -> None:
    known = store.known_articles([a.id for a in batch], [a.content_hash for a in batch])
    fresh = [a for a in batch if a.id not in known and a.content_hash not in known]
    report.duplicates += len(batch) - len(fresh)
    if fresh:
        extracted = list(extractor(fresh, resources=resources))
        with store.transaction() as cur:
            added, merged = write_batch(cur, extracted)
        report.articles_added += len(fresh)
        report.events_added += added
        report.events_merged += merged


ARTICLE_COLS = schema.column_names("articles")
EVENT_COLS = schema.column_names("events")
EVIDENCE_COLS = schema.column_names("evidence")


def write_batch(cur, extracted: list[tuple[Article, list[dict]]], *, with_articles: bool = True) -> tuple[int, int]:
    """Insert articles and events inside the caller's transaction; merge repeated events.

    Returns (events added, mentions merged into existing events).
    """
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    if with_articles:
        insert_rows(cur, "articles", [[a.id, a.content_hash, a.title, a.published, a.source, a.url, a.text,
                                       json.dumps(a.captions, ensure_ascii=False), a.origin, now]
                                      for a, _ in extracted])
    events = [ev for _, evs in extracted for ev in evs]
    index = _candidates(cur, events)
    new_rows, evidence_rows, touched = [], [], set()
    for ev in events:
        match = index.match(ev)
        event_id = match.event_id if match else ev["event_id"]
        for mention in ev.get("mentions") or [ev]:   # every mention of the event is its evidence
            evidence_rows.append(_evidence_row(mention, event_id))
        if match:
            match.article_ids.add(ev["article_id"])
            touched.add(match.event_id)
        else:
            new_rows.append([ev.get(c) for c in EVENT_COLS])
            index.add(candidate_from(ev))
    insert_rows(cur, "events", new_rows)
    insert_rows(cur, "evidence", evidence_rows)
    merged = len(events) - len(new_rows)
    if touched:
        # Counts come from the evidence itself, so they cannot drift from it.
        cur.execute("""
            UPDATE events SET n_sources = s.n_sources, n_mentions = s.n_mentions,
                   confidence = greatest(events.confidence, s.best)
            FROM (SELECT event_id, count(DISTINCT article_id) AS n_sources, count(*) AS n_mentions,
                         max(confidence) AS best
                  FROM evidence WHERE event_id IN (SELECT unnest(?)) GROUP BY event_id) s
            WHERE events.event_id = s.event_id""", [sorted(touched)])
    return len(new_rows), merged


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


def _candidates(cur, events: list[dict]) -> MergeIndex:
    """Stored events that new mentions could merge into (same types, countries, dates +-31 days)."""
    index = MergeIndex()
    dated = [ev for ev in events if ev.get("event_date")]
    if not dated:
        return index
    lo = min(str(ev["event_date"]) for ev in dated)
    hi = max(str(ev["event_date"]) for ev in dated)
    rows = cur.execute("""
        SELECT e.event_id, list(DISTINCT v.article_id) AS articles, e.event_type, e.country, e.event_date,
               e.date_precision, e.actor1_country, e.actor2_country, e.actor1, e.lat, e.lon
        FROM events e JOIN evidence v USING (event_id)
        WHERE e.event_type IN (SELECT unnest(?)) AND e.event_date BETWEEN CAST(? AS DATE) - 31 AND CAST(? AS DATE) + 31
        GROUP BY ALL""", [sorted({ev["event_type"] for ev in dated}), lo, hi]).fetchall()
    for r in rows:
        index.add(Candidate(r[0], set(r[1]), r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10]))
    return index


def reextract(*, store: Store, resources: Resources | None, progress: Callable[[int], None] | None = None,
              extractor: Extractor = extract_many) -> tuple[int, int]:
    """Run the extractor again over every stored article; analyst edits are kept.

    Events and evidence are rebuilt in one transaction, in ingestion order, so
    event ids (which edits refer to) come out the same for the same extractor.
    """
    cur = store.cursor()
    cols = ["article_id", "title", "text", "published", "source", "url", "captions", "origin"]
    rows = cur.execute(f"SELECT {', '.join(cols)} FROM articles ORDER BY ingested_at, article_id").fetchall()
    articles = [Article(id=r[0], title=r[1], text=r[2], published=r[3], source=r[4], url=r[5],
                        captions=json.loads(r[6] or "[]"), origin=r[7]) for r in rows]
    extracted = []
    for item in extractor(articles, resources=resources):
        extracted.append(item)
        if progress:
            progress(1)
    with store.transaction() as tx:
        tx.execute("DELETE FROM evidence")
        tx.execute("DELETE FROM events")
        return write_batch(tx, extracted, with_articles=False)
