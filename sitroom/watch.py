"""``sitroom watch FEEDS... --every 15m``: poll feeds and link lists, ingest each new item once.

A source is a feed URL, a link-list URL (one article URL per line), an article URL, or a
local feed / link-list file. Each poll reads every source; items already seen (by link or
guid, in the ``seen_items`` table) are skipped, the rest go through the usual ingest (so an
item whose text is already stored is a duplicate, not a second article). A source that is
down, slow (timeout) or malformed is logged and recorded with its error in ``sources``; the
others go on and the next poll tries it again. The Ingest page shows ``sources``.
"""
from __future__ import annotations

import logging
import re
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .ingest import Batcher, Extractor, extract_many
from .loader import Article, LoadResult, load_path
from .store import Store, now_utc
from .web import TIMEOUT, is_url, link_lines, load_url, read_links

log = logging.getLogger("sitroom.watch")

_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])", re.I)
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """'15m', '1h30m', '90s', '2h' -> seconds (a bare number is minutes)."""
    s = (text or "").strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s) * 60
    parts = _DURATION.findall(s)
    if not parts or _DURATION.sub("", s).strip():
        raise ValueError(f"{text!r} is not a duration such as 15m, 1h or 90s")
    seconds = sum(float(n) * _UNIT[u] for n, u in parts)
    if seconds <= 0:
        raise ValueError("the interval must be longer than 0 s")
    return seconds


@dataclass
class SourceRun:
    source: str
    kind: str
    status: str      # "ok" or what went wrong
    new: int = 0
    seen: int = 0
    refused: int = 0


def read_source(source: str, *, follow: bool, timeout: float) -> tuple[str, LoadResult]:
    """(kind, articles) of one watched source, a URL or a local file."""
    if is_url(source):
        return load_url(source, follow=follow, timeout=timeout)
    path = Path(source)
    links = link_lines(path.read_text(encoding="utf-8", errors="replace")) if path.is_file() else []
    if links:
        result = LoadResult()
        read_links(links, result, timeout=timeout)
        return "links", result
    return "feed", load_path(path)


def item_key(a: Article) -> str:
    return a.url or a.id


def poll_once(store: Store, sources: list[str], *, resources, extractor: Extractor = extract_many,
              follow: bool = True, timeout: float = TIMEOUT, every: float | None = None,
              batch_size: int = 50) -> list[SourceRun]:
    """One pass over every source; returns what each gave. Never raises for a bad source."""
    runs = []
    for source in sources:
        try:
            runs.append(_poll_source(store, source, resources=resources, extractor=extractor, follow=follow,
                                     timeout=timeout, every=every, batch_size=batch_size))
        except Exception as exc:  # noqa: BLE001 - one source's failure must not stop the others
            run = SourceRun(source, "unknown", f"failed: {type(exc).__name__}: {exc}"[:300])
            log.warning("%s: %s", source, run.status)
            _record(store, run, every)
            runs.append(run)
    return runs


def _poll_source(store: Store, source: str, *, resources, extractor, follow, timeout, every, batch_size) -> SourceRun:
    kind, result = read_source(source, follow=follow, timeout=timeout)
    seen = _seen(store, source)
    fresh = LoadResult(refused=result.refused, notes=result.notes,
                       articles=[a for a in result.articles if item_key(a) not in seen])
    batcher = Batcher(store, resources, batch_size=batch_size, extractor=extractor)
    batcher.add_result(fresh)
    report = batcher.finish()
    new_items = [(item_key(a), a.id) for a in fresh.articles]   # stored, duplicate or conflicting: seen
    if result.refused and not result.articles:
        status = "failed: " + "; ".join(str(e) for e in result.refused[:3])
    else:
        status = "ok" + (f" ({len(result.refused)} items refused)" if result.refused else "")
    run = SourceRun(source, kind, status[:500], new=report.articles_added, seen=len(result.articles) - len(fresh.articles),
                    refused=len(result.refused))
    _record(store, run, every, new_items)
    log.info("%s [%s]: %s, %d new articles (%d events), %d already seen, %d refused", source, kind, run.status,
             run.new, report.events_added, run.seen, run.refused)
    for where, why in report.refused + report.conflicts:
        log.info("  refused %s: %s", where, why)
    return run


def _seen(store: Store, source: str) -> set[str]:
    rows = store.cursor().execute("SELECT item_key FROM seen_items WHERE source_url = ?", [source]).fetchall()
    return {r[0] for r in rows}


def _record(store: Store, run: SourceRun, every: float | None, new_items: list[tuple[str, str]] = ()) -> None:
    """The source's last run and the items it gave, in one transaction."""
    with store.transaction() as cur:
        now = now_utc()
        cur.execute("""
            INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (source_url) DO UPDATE SET kind = excluded.kind, every_seconds = excluded.every_seconds,
                last_run = excluded.last_run, last_status = excluded.last_status, last_new = excluded.last_new,
                total_new = coalesce(sources.total_new, 0) + excluded.last_new""",
                    [run.source, run.kind, int(every) if every else None, now, run.status, run.new, run.new])
        for key, article_id in new_items:
            cur.execute("INSERT INTO seen_items SELECT ?, ?, ?, ? WHERE NOT EXISTS "
                        "(SELECT 1 FROM seen_items WHERE source_url = ? AND item_key = ?)",
                        [run.source, key, article_id, now, run.source, key])


def watch(store: Store, sources: list[str], *, every: float, resources, once: bool = False,
          extractor: Extractor = extract_many, follow: bool = True, timeout: float = TIMEOUT,
          stop: threading.Event | None = None, on_pass: Callable[[list[SourceRun]], None] | None = None) -> int:
    """Poll until stopped (SIGINT/SIGTERM or ``stop``); returns the number of passes made."""
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
    passes = 0
    while not stop.is_set():
        started = time.monotonic()
        runs = poll_once(store, sources, resources=resources, extractor=extractor, follow=follow,
                         timeout=timeout, every=every)
        passes += 1
        if on_pass:
            on_pass(runs)
        if once:
            break
        stop.wait(max(0.0, every - (time.monotonic() - started)))
    return passes


def watched_sources(cur):
    """The ``sources`` table, newest run first (for the Ingest page)."""
    return cur.execute("SELECT * FROM sources ORDER BY last_run DESC NULLS LAST, source_url").df()
