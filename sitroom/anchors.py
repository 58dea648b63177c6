"""Analyst edits follow their event: each edit is anchored to the evidence it is about.

An edit stores, besides the event id, the article, the sentence span, the extracted type and
the trigger of the event's primary evidence when it was made. When the event id disappears
(``sitroom reextract``, a changed extractor, another batch size or order), ``reattach``
moves the edit to the stored event whose evidence overlaps that span, preferring the same
type and trigger, then the largest overlap, then the smallest event id (deterministic). An
edit that no evidence takes stays as it is and is listed by ``orphaned_edits``: never dropped.
"""
from __future__ import annotations

import json

import pandas as pd

ANCHOR_SQL = """
SELECT e.article_id, e.start_char, e.end_char, e.event_type, e.trigger FROM events e WHERE e.event_id = ?"""


def anchor_of(cur, event_id: str) -> list:
    """[article, start, end, type, trigger] of an event's primary evidence (Nones if unknown)."""
    row = cur.execute(ANCHOR_SQL, [event_id]).fetchone()
    return list(row) if row else [None] * 5


def backfill_anchors(cur) -> int:
    """Give anchors to edits made before edits had them (older databases), from their events."""
    n = cur.execute("SELECT count(*) FROM edits WHERE anchor_article IS NULL").fetchone()[0]
    if n:
        cur.execute("""
            UPDATE edits SET anchor_article = e.article_id, anchor_start = e.start_char, anchor_end = e.end_char,
                             anchor_type = e.event_type, anchor_trigger = e.trigger
            FROM events e WHERE edits.event_id = e.event_id AND edits.anchor_article IS NULL""")
    return n


def reattach(cur) -> tuple[int, int]:
    """Move edits whose event is gone to the event that now holds their evidence.

    Runs inside the caller's transaction. Returns (edits moved, edits left orphaned).
    """
    groups = cur.execute("""
        SELECT list(d.edit_id), d.anchor_article, d.anchor_start, d.anchor_end, d.anchor_type, d.anchor_trigger
        FROM edits d LEFT JOIN events e USING (event_id)
        WHERE e.event_id IS NULL
        GROUP BY ALL""").fetchall()
    moved = orphans = 0
    for edit_ids, article, start, end, etype, trigger in groups:
        target = best_event(cur, article, start, end, etype, trigger)
        if target is None:
            orphans += len(edit_ids)
            continue
        cur.execute("UPDATE edits SET event_id = ? WHERE edit_id IN (SELECT unnest(?))", [target, list(edit_ids)])
        moved += len(edit_ids)
    return moved, orphans


def best_event(cur, article, start, end, etype, trigger) -> str | None:
    """The stored event whose evidence best covers the anchor span, or None."""
    if article is None or start is None or end is None:
        return None
    rows = cur.execute("""
        SELECT v.event_id, v.event_type, v.start_char, v.end_char, v.field_evidence
        FROM evidence v JOIN events e USING (event_id)
        WHERE v.article_id = ? AND v.start_char < ? AND v.end_char > ?""", [article, max(end, start + 1), start]).fetchall()
    if not rows:
        return None

    def rank(r):
        overlap = min(end, r[3]) - max(start, r[2])
        return (r[1] == etype, _trigger(r[4]) == trigger, overlap, _neg(r[0]))
    return max(rows, key=rank)[0]


def _neg(event_id: str) -> tuple:
    """Sort key that makes the smallest id win under max()."""
    return tuple(-ord(ch) for ch in event_id)


def _trigger(field_evidence: str | None) -> str | None:
    try:
        return (json.loads(field_evidence or "{}").get("trigger") or {}).get("text")
    except (ValueError, AttributeError):
        return None


def orphaned_edits(cur) -> pd.DataFrame:
    """Edits no stored event holds, with the article and sentence they were about."""
    return cur.execute("""
        SELECT d.edit_id, d.event_id, d.field, d.old_value, d.new_value, d.author, d.created_at, d.note,
               d.anchor_article AS article_id, a.title AS article_title, d.anchor_type, d.anchor_trigger,
               substr(a.text, d.anchor_start + 1, d.anchor_end - d.anchor_start) AS sentence
        FROM edits d LEFT JOIN events e USING (event_id) LEFT JOIN articles a ON a.article_id = d.anchor_article
        WHERE e.event_id IS NULL ORDER BY d.edit_id""").df()
