"""DuckDB store: articles, events, evidence, analyst edits, saved views and watched sources.

Tables are created from ``sitroom.schema``; a missing table or column is added when the
store is opened for writing (opening to read never writes). Analyst edits live in their
own table, anchored to the evidence they are about (article, sentence span, type, trigger),
and are laid over the extracted events by the ``events_current`` view, so re-ingesting or
re-extracting never overwrites them (``sitroom.anchors`` re-attaches them).

Two ways to open a file:
- ``Store(path)`` / ``Store(path, read_only=True)``: one connection held until ``close()``
  (scripts and tests);
- ``Store(path, shared=True)``: connections opened per use and let go when another process
  waits (the dashboard, the CLI): see ``sitroom.dbaccess``.
"""
from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterator

import duckdb
import pandas as pd

from . import schema, taxonomy
from .dbaccess import (DEFAULT_WAIT, DatabaseBusy, ReadOnlyDatabase, SharedConnection, StoreError, connect,
                       explain)
from .values import is_missing

__all__ = ["Store", "StoreError", "DatabaseBusy", "ReadOnlyDatabase", "EditError", "current_view_sql"]

SCHEMA_VERSION = 3   # 2: edits carry their evidence anchor; sources and seen_items tables
                     # 3: reports (each article's event before merging) and evidence.report_id


class EditError(ValueError):
    """An analyst edit that cannot be stored (unknown field or type, bad code, bad number)."""


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


def now_utc() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Store:
    """One DuckDB file. ``cursor()`` gives a connection for one thread's reads;
    ``transaction()`` an all-or-nothing write."""

    def __init__(self, path: str | Path, *, read_only: bool = False, shared: bool = False,
                 wait: float = DEFAULT_WAIT):
        self.path = Path(path)
        self.read_only = read_only
        self.shared = shared
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no database here; run `sitroom ingest` first")
        if not read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{self.path.parent}: cannot create the folder ({exc.strerror})") from exc
        self._lock = threading.Lock()
        self._tables: set[str] | None = None
        self.writes = 0   # transactions committed through this Store: lets a cache of data_version() know it wrote
        self.con: duckdb.DuckDBPyConnection | None = None
        self._shared: SharedConnection | None = None
        if shared:
            self._shared = SharedConnection(self.path, writable=not read_only, wait=wait)
            cur = self._shared.connection()
        else:
            self.con = self._connect_exclusive(wait)
            cur = self.con
        try:
            if self.writable and self._needs_migration(cur):
                self._migrate(cur)
        finally:
            if shared:
                cur.close()

    def _connect_exclusive(self, wait: float) -> duckdb.DuckDBPyConnection:
        try:
            return connect(self.path, read_only=self.read_only, wait=wait)
        except ReadOnlyDatabase:
            if self.read_only:
                raise
            # A file we may not write: open it to read and say so when a write is attempted.
            self.read_only = True
            return connect(self.path, read_only=True, wait=wait)

    @property
    def writable(self) -> bool:
        if self._shared is not None:
            return self._shared.writable
        return not self.read_only

    @property
    def read_only_reason(self) -> str | None:
        if self._shared is not None and self._shared.read_only_reason:
            return self._shared.read_only_reason
        return None if self.writable else f"{self.path}: opened read-only"

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
        if self._shared is not None:
            self._shared.release()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A connection for reads in this thread (DuckDB connections are not thread-safe)."""
        if self._shared is not None:
            return self._shared.connection()
        with self._lock:
            return self.con.cursor()

    # ---- schema -------------------------------------------------------------------------
    @staticmethod
    def _needs_migration(cur) -> bool:
        try:
            version = cur.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except duckdb.Error:
            return True
        if version is None or version[0] != str(SCHEMA_VERSION):
            return True
        have = {(t, c) for t, c in cur.execute(
            "SELECT table_name, column_name FROM information_schema.columns").fetchall()}
        return any((t, c.name) not in have for t, cols in schema.TABLES.items() for c in cols)

    def _migrate(self, cur) -> None:
        """Create what is missing, fill edit anchors of older databases, in one transaction."""
        from .anchors import backfill_anchors
        cur.execute("BEGIN TRANSACTION")
        try:
            cur.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
            for table in schema.TABLES:
                cur.execute(_ddl(table))
                have = {r[0] for r in cur.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
                for c in schema.TABLES[table]:
                    if c.name not in have:
                        cur.execute(f"ALTER TABLE {table} ADD COLUMN {c.name} {c.sql.split()[0]}")
            cur.execute("CREATE SEQUENCE IF NOT EXISTS edit_seq START 1")
            cur.execute("CREATE INDEX IF NOT EXISTS evidence_event ON evidence (event_id)")
            cur.execute("CREATE INDEX IF NOT EXISTS report_event ON reports (event_id)")
            cur.execute(current_view_sql())
            backfill_anchors(cur)
            cur.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
            cur.execute("COMMIT")
        except BaseException as exc:
            cur.execute("ROLLBACK")
            if isinstance(exc, duckdb.Error):
                raise explain(self.path, exc, read_only=False) from exc
            raise

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All-or-nothing: an exception (or Ctrl-C, or kill -9) leaves the database as it was."""
        if not self.writable:
            raise ReadOnlyDatabase(self.read_only_reason or f"{self.path}: read-only")
        cur = self.cursor()
        try:
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            try:
                cur.execute("COMMIT")
            except duckdb.Error as exc:
                raise explain(self.path, exc, read_only=False) from exc
            self.writes += 1
        except duckdb.IOException as exc:
            raise explain(self.path, exc, read_only=False) from exc
        finally:
            if self._shared is not None:
                cur.close()

    # ---- reads used by ingest and the dashboard -------------------------------------------
    def known_articles(self, ids: list[str], hashes: list[str], cur=None) -> dict[str, tuple[str, str, str]]:
        """Stored articles among these ids or content hashes: {id or hash: (id, hash, origin)}."""
        if not ids and not hashes:
            return {}
        rows = (cur or self.cursor()).execute(
            "SELECT article_id, content_hash, origin FROM articles WHERE article_id IN (SELECT unnest(?)) "
            "OR content_hash IN (SELECT unnest(?))", [ids, hashes]).fetchall()
        out = {}
        for r in rows:
            out[r[0]] = out[r[1]] = (r[0], r[1], r[2])
        return out

    def counts(self) -> dict[str, int]:
        """Rows per table (0 for a table an older database lacks), in one query."""
        cur = self.cursor()
        if self._tables is None or len(self._tables) < len(schema.TABLES):
            self._tables = {r[0] for r in cur.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        parts = [f"(SELECT count(*) FROM {t})" if t in self._tables else "0" for t in schema.TABLES]
        return dict(zip(schema.TABLES, cur.execute(f"SELECT {', '.join(parts)}").fetchone()))

    def data_version(self) -> tuple:
        """Changes whenever anything a page shows changes (an ingest, an edit, a re-extraction):
        row counts, the newest edit and article, and the last rebuild."""
        cur = self.cursor()
        counts = self.counts()
        last = cur.execute("SELECT (SELECT max(edit_id) FROM edits), (SELECT max(ingested_at) FROM articles), "
                           "(SELECT max(value) FROM meta WHERE key = 'events_rebuilt')").fetchone()
        return tuple(sorted(counts.items())) + tuple(str(x) for x in last)

    # ---- analyst edits -------------------------------------------------------------------
    def add_edit(self, event_id: str, field: str, new_value, *, author: str, note: str | None = None) -> int:
        """Record one edit; returns its id. ``field`` is an editable column or 'status'."""
        return self.add_edits(event_id, {field: new_value}, author=author, note=note, only_changes=False)[0]

    def add_edits(self, event_id: str, changes: dict, *, author: str, note: str | None = None,
                  only_changes: bool = True) -> list[int]:
        """Several edits of one event in one transaction: all land or none does.

        Every value is checked first (``validate_edit``); fields whose value does not change
        are skipped (unless ``only_changes`` is False). Each edit stores its anchor (article,
        sentence span, type and trigger of the event's primary evidence) so it follows the
        event through re-extraction. Raises EditError, or KeyError for an unknown event.
        """
        values = {f: validate_edit(f, v) for f, v in changes.items()}
        from .anchors import anchor_of
        with self.transaction() as cur:
            current = _current_event(cur, event_id)
            if current is None:
                raise KeyError(f"no event {event_id!r}")
            anchor = anchor_of(cur, event_id)
            ids, now = [], now_utc()
            for field, new in values.items():
                key = "review_status" if field == "status" else field
                if only_changes and _same(current.get(key), new):
                    continue
                old = current.get(key)
                edit_id = cur.execute("SELECT nextval('edit_seq')").fetchone()[0]
                cur.execute("INSERT INTO edits (edit_id, event_id, field, old_value, new_value, author, created_at, "
                            "note, anchor_article, anchor_start, anchor_end, anchor_type, anchor_trigger) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [edit_id, event_id, field, None if old is None else _text(old), new, author, now,
                             note, *anchor])
                ids.append(edit_id)
            return ids

    def history(self, event_id: str) -> pd.DataFrame:
        return self.cursor().execute(
            "SELECT edit_id, created_at, author, field, old_value, new_value, note FROM edits "
            "WHERE event_id = ? ORDER BY edit_id", [event_id]).df()

    def orphaned_edits(self) -> pd.DataFrame:
        """Edits whose event no longer exists and that no evidence could take (kept, never dropped)."""
        from .anchors import orphaned_edits
        return orphaned_edits(self.cursor())

    def event(self, event_id: str) -> dict | None:
        return _current_event(self.cursor(), event_id)

    # ---- saved views ---------------------------------------------------------------------
    def save_view(self, name: str, query: str, *, author: str) -> None:
        name = name.strip()
        if not name:
            raise ValueError("a saved view needs a name")
        with self.transaction() as cur:
            cur.execute("INSERT OR REPLACE INTO saved_views VALUES (?, ?, ?, ?)", [name, query, author, now_utc()])

    def saved_views(self) -> pd.DataFrame:
        return self.cursor().execute("SELECT * FROM saved_views ORDER BY name").df()

    def delete_view(self, name: str) -> None:
        with self.transaction() as cur:
            cur.execute("DELETE FROM saved_views WHERE name = ?", [name])


def _current_event(cur, event_id: str) -> dict | None:
    """One event with its edits applied (missing values as None), or None if there is none."""
    df = cur.execute("SELECT * FROM events_current WHERE event_id = ?", [event_id]).df()
    if df.empty:
        return None
    return {k: (None if _isna(v) else v) for k, v in df.iloc[0].to_dict().items()}


# ---- edit validation --------------------------------------------------------------------------
COUNTRY_FIELDS = ("country", "actor1_country", "actor2_country")
COUNT_FIELDS = ("fatalities", "injuries")
EARLIEST_EVENT, LATEST_EVENT = date(1800, 1, 1), date(2100, 12, 31)
EXTRA_ISO3 = {"XKX"}   # Kosovo: user-assigned, used by GeoNames and most event data
MAX_TEXT = 2000


def is_iso3(code: str) -> bool:
    """A known ISO 3166-1 alpha-3 country code (upper case)."""
    import pycountry
    return isinstance(code, str) and len(code) == 3 and code.isupper() and (
        code in EXTRA_ISO3 or pycountry.countries.get(alpha_3=code) is not None)


def validate_edit(field: str, value) -> str | None:
    """The edit's value as stored text (None clears the field); EditError says what is wrong."""
    if field != "status" and field not in schema.EDITABLE_EVENT_FIELDS:
        raise EditError(f"{field!r} cannot be edited; editable: status, {', '.join(schema.EDITABLE_EVENT_FIELDS)}")
    if value is None or (isinstance(value, str) and not value.strip()) or _isna(value):
        if field == "status":
            raise EditError(f"status must be one of {', '.join(schema.REVIEW_STATUSES)}")
        return None
    if field == "status":
        if value not in schema.REVIEW_STATUSES:
            raise EditError(f"status must be one of {', '.join(schema.REVIEW_STATUSES)}, not {value!r}")
        return value
    if field == "event_type":
        if value not in taxonomy.EVENT_TYPES:
            raise EditError(f"unknown event type {value!r}; one of {', '.join(taxonomy.ALL_TYPES)}")
        return value
    if field in COUNTRY_FIELDS:
        if not is_iso3(value):
            raise EditError(f"{field}: {value!r} is not an ISO 3166-1 alpha-3 code such as IRQ")
        return value
    if field in COUNT_FIELDS:
        try:
            n = int(value) if not isinstance(value, float) or float(value).is_integer() else None
        except (TypeError, ValueError):
            n = None
        if n is None or isinstance(value, bool):
            raise EditError(f"{field} must be a whole number, not {value!r}")
        if n < 0:
            raise EditError(f"{field} cannot be negative ({n})")
        return str(n)
    if field == "event_date":
        day = _as_date(value)
        if day is None or not (EARLIEST_EVENT <= day <= LATEST_EVENT):
            raise EditError(f"event_date must be a real date between {EARLIEST_EVENT} and {LATEST_EVENT}, "
                            f"not {value!r}")
        return day.isoformat()
    if field in ("lat", "lon"):
        limit = 90 if field == "lat" else 180
        try:
            x = float(value)
        except (TypeError, ValueError):
            raise EditError(f"{field} must be a number, not {value!r}") from None
        if not (-limit <= x <= limit):
            raise EditError(f"{field} must lie between -{limit} and {limit} ({x})")
        return repr(x)
    if field == "date_precision" and value not in taxonomy.DATE_PRECISIONS:
        raise EditError(f"date_precision must be one of {', '.join(taxonomy.DATE_PRECISIONS)}")
    if field == "geo_precision" and value not in taxonomy.GEO_PRECISIONS:
        raise EditError(f"geo_precision must be one of {', '.join(taxonomy.GEO_PRECISIONS)}")
    from .loader import clean_text
    text = " ".join(clean_text(str(value)).split())
    if len(text) > MAX_TEXT:
        raise EditError(f"{field} is longer than {MAX_TEXT} characters")
    return text


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def _text(value) -> str:
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.date().isoformat() if value == pd.Timestamp(value).normalize() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


_isna = is_missing


def _same(a, b) -> bool:
    if _isna(a) and (b is None or b == ""):
        return True
    if _isna(a) or b is None:
        return False
    if isinstance(a, (date, datetime, pd.Timestamp)):
        return _as_date(a) == _as_date(b)
    if isinstance(a, (int, float)) and not isinstance(a, bool):
        try:
            return float(a) == float(b)
        except (TypeError, ValueError):
            return False
    return str(a) == str(b)


def to_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


__all__ += ["validate_edit", "is_iso3", "to_json"]
