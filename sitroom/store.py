"""DuckDB store: articles, events, evidence, analyst edits and saved views.

Tables are created from ``sitroom.schema``; a missing column is added on open
(the only migration so far). Analyst edits live in their own table and are laid
over the extracted events by the ``events_current`` view, so re-ingesting or
re-extracting never overwrites them.
"""
from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import duckdb
import pandas as pd

from . import schema, taxonomy
from .values import is_missing

SCHEMA_VERSION = 1


class StoreError(RuntimeError):
    pass


def _ddl(table: str) -> str:
    cols = ",\n  ".join(f"{c.name} {c.sql}" for c in schema.TABLES[table])
    return f"CREATE TABLE IF NOT EXISTS {table} (\n  {cols}\n)"


def current_view_sql() -> str:
    """SQL of ``events_current``: events with each field's latest edit applied.

    ``review_status`` is the latest 'status' edit (default 'unreviewed');
    ``edited_fields`` lists the fields an analyst changed.
    """
    pivots, replaces = [], []
    for name in schema.EDITABLE_EVENT_FIELDS:
        typ = schema.sql_type("events", name)
        pivots.append(f"bool_or(field = '{name}') AS has_{name}, "
                      f"max(new_value) FILTER (WHERE field = '{name}') AS v_{name}")
        replaces.append(f"CASE WHEN p.has_{name} THEN TRY_CAST(p.v_{name} AS {typ}) ELSE e.{name} END AS {name}")
    # The quad class follows the type, so an analyst's type edit moves it too.
    quads = " ".join(f"WHEN '{t}' THEN '{q}'" for t, (q, _, _) in taxonomy.EVENT_TYPES.items() if q)
    replaces.append(f"CASE CASE WHEN p.has_event_type THEN p.v_event_type ELSE e.event_type END {quads} "
                    f"ELSE NULL END AS quad_class")
    edited = " || ".join(f"CASE WHEN p.has_{n} THEN ['{n}'] ELSE [] END" for n in schema.EDITABLE_EVENT_FIELDS)
    return f"""
CREATE OR REPLACE VIEW events_current AS
WITH latest AS (
  SELECT * FROM (
    SELECT *, row_number() OVER (PARTITION BY event_id, field ORDER BY edit_id DESC) AS rn FROM edits
  ) WHERE rn = 1
), p AS (
  SELECT event_id,
         max(new_value) FILTER (WHERE field = 'status') AS status,
         max(created_at) AS last_edit_at,
         {", ".join(pivots)}
  FROM latest GROUP BY event_id
)
SELECT e.* REPLACE ({", ".join(replaces)}),
       coalesce(p.status, 'unreviewed') AS review_status,
       p.last_edit_at,
       coalesce({edited}, []) AS edited_fields
FROM events e LEFT JOIN p USING (event_id)
"""


class Store:
    """One DuckDB file. Use ``cursor()`` per thread (DuckDB connections are not thread-safe)."""

    def __init__(self, path: str | Path, *, read_only: bool = False):
        self.path = Path(path)
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.exists():
            raise StoreError(f"{self.path}: no database here; run `sitroom ingest` first")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            raise StoreError(f"{self.path}: cannot open the database ({exc}); "
                             f"is another sitroom process writing to it?") from exc
        self._lock = threading.Lock()
        if not read_only:
            self.migrate()

    def close(self) -> None:
        self.con.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            return self.con.cursor()

    # ---- schema -------------------------------------------------------------------------
    def migrate(self) -> None:
        con = self.con
        con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        for table in schema.TABLES:
            con.execute(_ddl(table))
            have = {r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
            for c in schema.TABLES[table]:
                if c.name not in have:
                    con.execute(f"ALTER TABLE {table} ADD COLUMN {c.name} {c.sql.split()[0]}")
        con.execute("CREATE SEQUENCE IF NOT EXISTS edit_seq START 1")
        con.execute("CREATE INDEX IF NOT EXISTS evidence_event ON evidence (event_id)")
        con.execute(current_view_sql())
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All-or-nothing: an exception (or Ctrl-C) rolls the whole batch back."""
        cur = self.cursor()
        cur.execute("BEGIN TRANSACTION")
        try:
            yield cur
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        else:
            cur.execute("COMMIT")

    # ---- reads used by ingest ------------------------------------------------------------
    def known_articles(self, ids: list[str], hashes: list[str]) -> set[str]:
        """Ids and content hashes among these that are already stored."""
        if not ids and not hashes:
            return set()
        rows = self.cursor().execute(
            "SELECT article_id, content_hash FROM articles WHERE article_id IN (SELECT unnest(?)) "
            "OR content_hash IN (SELECT unnest(?))", [ids, hashes]).fetchall()
        return {x for r in rows for x in r}

    def counts(self) -> dict[str, int]:
        cur = self.cursor()
        return {t: cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in schema.TABLES}

    # ---- analyst edits -------------------------------------------------------------------
    def add_edit(self, event_id: str, field: str, new_value, *, author: str, note: str | None = None) -> int:
        """Record one edit; returns its id. ``field`` is an editable column or 'status'."""
        if field != "status" and field not in schema.EDITABLE_EVENT_FIELDS:
            raise ValueError(f"{field!r} cannot be edited; editable: status, "
                             f"{', '.join(schema.EDITABLE_EVENT_FIELDS)}")
        if field == "status" and new_value not in schema.REVIEW_STATUSES:
            raise ValueError(f"status must be one of {schema.REVIEW_STATUSES}")
        cur = self.cursor()
        row = cur.execute(f"SELECT {'review_status' if field == 'status' else field} "
                          "FROM events_current WHERE event_id = ?", [event_id]).fetchone()
        if row is None:
            raise KeyError(f"no event {event_id!r}")
        old = None if row[0] is None else str(row[0])
        new = None if new_value is None or new_value == "" else str(new_value)
        if field != "status" and new is not None:
            typ = schema.sql_type("events", field)
            if cur.execute(f"SELECT TRY_CAST(? AS {typ}) IS NULL", [new]).fetchone()[0]:
                raise ValueError(f"{new!r} is not a valid {typ} for {field}")
        edit_id = cur.execute("SELECT nextval('edit_seq')").fetchone()[0]
        cur.execute("INSERT INTO edits VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [edit_id, event_id, field, old, new, author, datetime.now(timezone.utc).replace(tzinfo=None), note])
        return edit_id

    def add_edits(self, event_id: str, changes: dict, *, author: str, note: str | None = None) -> list[int]:
        """Several edits of one event in one transaction (only fields whose value changes)."""
        ids = []
        current = self.event(event_id)
        if current is None:
            raise KeyError(f"no event {event_id!r}")
        for field, value in changes.items():
            key = "review_status" if field == "status" else field
            if _same(current.get(key), value):
                continue
            ids.append(self.add_edit(event_id, field, value, author=author, note=note))
        return ids

    def history(self, event_id: str) -> pd.DataFrame:
        return self.cursor().execute(
            "SELECT edit_id, created_at, author, field, old_value, new_value, note FROM edits "
            "WHERE event_id = ? ORDER BY edit_id", [event_id]).df()

    def event(self, event_id: str) -> dict | None:
        cur = self.cursor()
        df = cur.execute("SELECT * FROM events_current WHERE event_id = ?", [event_id]).df()
        if df.empty:
            return None
        rec = df.iloc[0].to_dict()
        return {k: (None if _isna(v) else v) for k, v in rec.items()}

    # ---- saved views ---------------------------------------------------------------------
    def save_view(self, name: str, query: str, *, author: str) -> None:
        name = name.strip()
        if not name:
            raise ValueError("a saved view needs a name")
        self.cursor().execute("INSERT OR REPLACE INTO saved_views VALUES (?, ?, ?, ?)",
                              [name, query, author, datetime.now(timezone.utc).replace(tzinfo=None)])

    def saved_views(self) -> pd.DataFrame:
        return self.cursor().execute("SELECT * FROM saved_views ORDER BY name").df()

    def delete_view(self, name: str) -> None:
        self.cursor().execute("DELETE FROM saved_views WHERE name = ?", [name])


_isna = is_missing


def _same(a, b) -> bool:
    if _isna(a) and (b is None or b == ""):
        return True
    return str(a) == str(b) if not _isna(a) else False


def to_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
