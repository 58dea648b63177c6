"""The columns of every table sitroom stores, defined once.

The store builds its DDL from these lists, the extractor fills ``EVENT_COLUMNS``,
``sitroom extract`` writes them (the flat contract of ../shared/eval/README.md
plus extra columns), and a test keeps the README's format section honest.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    sql: str            # DuckDB type
    help: str
    editable: bool = False   # analysts may override it in the edits layer


ARTICLE_COLUMNS: tuple[Column, ...] = (
    Column("article_id", "VARCHAR PRIMARY KEY", "Stable id: the input's id, else a hash of title and text"),
    Column("content_hash", "VARCHAR NOT NULL UNIQUE", "Hash of normalised title + text; ingesting twice stores once"),
    Column("title", "VARCHAR", "Headline"),
    Column("published", "DATE", "Publication date (events are dated relative to it)"),
    Column("source", "VARCHAR", "Outlet or agency"),
    Column("url", "VARCHAR", "Link to the original"),
    Column("text", "VARCHAR", "Body text; event offsets point into it"),
    Column("captions", "VARCHAR", "Photo captions as a JSON list, kept apart from the body"),
    Column("origin", "VARCHAR", "File (and line) the article was read from"),
    Column("ingested_at", "TIMESTAMP", "When it was stored"),
)

# The first 24 names are the flat contract of ../shared/eval/README.md, in its order.
EVENT_COLUMNS: tuple[Column, ...] = (
    Column("article_id", "VARCHAR", "Article of the first (primary) evidence"),
    Column("event_id", "VARCHAR PRIMARY KEY", "Stable id of the event"),
    Column("event_type", "VARCHAR", "PLOVER type (16) or OTHER", True),
    Column("event_mode", "VARCHAR", "How: air strike, arrest, visit, ... (PLOVER modes)", True),
    Column("event_date", "DATE", "When the event happened (resolved against publication date)", True),
    Column("date_precision", "VARCHAR", "day, week, month, year or unknown", True),
    Column("actor1", "VARCHAR", "Who acts", True),
    Column("actor1_country", "VARCHAR", "ISO 3166-1 alpha-3 of actor1", True),
    Column("actor1_kind", "VARCHAR", "state, government, military, armed_group, person, organisation, ...", True),
    Column("actor2", "VARCHAR", "Who is acted on", True),
    Column("actor2_country", "VARCHAR", "ISO 3166-1 alpha-3 of actor2", True),
    Column("actor2_kind", "VARCHAR", "Kind of actor2", True),
    Column("location", "VARCHAR", "Place name of the event", True),
    Column("admin1", "VARCHAR", "First-level region of the place", True),
    Column("country", "VARCHAR", "ISO 3166-1 alpha-3 where the event happened", True),
    Column("lat", "DOUBLE", "Latitude", True),
    Column("lon", "DOUBLE", "Longitude", True),
    Column("geo_precision", "VARCHAR", "point, city, admin1, region or country", True),
    Column("fatalities", "INTEGER", "People killed, when the text says", True),
    Column("injuries", "INTEGER", "People wounded, when the text says", True),
    Column("sentence", "VARCHAR", "The evidence sentence"),
    Column("start_char", "INTEGER", "Offset of the sentence in the article text"),
    Column("end_char", "INTEGER", "End offset of the sentence"),
    Column("confidence", "DOUBLE", "0..1, how sure the extractor is"),
    # Extra columns.
    Column("quad_class", "VARCHAR", "PLOVER quad class of the type"),
    Column("summary", "VARCHAR", "One-line summary: actor1 TYPE actor2 at place", True),
    Column("trigger", "VARCHAR", "The word(s) that express the event"),
    Column("date_text", "VARCHAR", "The words the date was resolved from"),
    Column("place_text", "VARCHAR", "The words the place was resolved from"),
    Column("field_evidence", "VARCHAR", "JSON: field -> {text, start, end} spans in the article"),
    Column("n_sources", "INTEGER", "Distinct articles reporting the event"),
    Column("n_mentions", "INTEGER", "Evidence sentences merged into this event"),
    Column("extractor", "VARCHAR", "Extractor version that produced it"),
    Column("headline", "BOOLEAN", "A headline event of its story: a concrete event its lead reports "
                                  "(GDELT's root events)"),
    Column("background", "BOOLEAN", "A past event the story recalls, dated to its own time; kept out of "
                                    "current totals, trends, surges and briefing headline figures unless asked for"),
    Column("actor1_id", "VARCHAR", "Canonical id of actor1's entity: ISO3 for a state ('USA'), ISO3.ROLE for "
                                   "its forces, officials and people ('PAK.MIL', 'PAK.CIV'), 'D:<slug>' for a "
                                   "dictionary entity, 'P:<slug>' for another named person", True),
    Column("actor2_id", "VARCHAR", "Canonical id of actor2's entity (as actor1_id)", True),
)
CONTRACT_EVENT_FIELDS: tuple[str, ...] = tuple(c.name for c in EVENT_COLUMNS[:24])
MENTIONS_KEY = "mentions"   # an extracted event row's list of its mentions (each an evidence row)

EVIDENCE_COLUMNS: tuple[Column, ...] = (
    Column("evidence_id", "VARCHAR PRIMARY KEY", "Id of this mention (the event id it had when extracted)"),
    Column("event_id", "VARCHAR NOT NULL", "Event the mention was merged into"),
    Column("article_id", "VARCHAR NOT NULL", "Article the sentence is from"),
    Column("event_type", "VARCHAR", "Type this mention was coded as"),
    Column("event_date", "DATE", "Date this mention gave"),
    Column("sentence", "VARCHAR", "The sentence"),
    Column("start_char", "INTEGER", "Offset in the article text"),
    Column("end_char", "INTEGER", "End offset"),
    Column("confidence", "DOUBLE", "Extractor confidence for this mention"),
    Column("field_evidence", "VARCHAR", "JSON spans of the fields in this mention"),
    Column("report_id", "VARCHAR", "The report (one article's event, in ``reports``) this mention is evidence of"),
)

# One article's event as the extractor gave it, before events of several articles are merged:
# kept so the store can regroup reports when new ones arrive (``sitroom.grouping``).
REPORT_COLUMNS: tuple[Column, ...] = (
    Column("report_id", "VARCHAR PRIMARY KEY", "Id the extractor gave this article's event"),
    *(Column(c.name, c.sql.replace(" PRIMARY KEY", ""),
             "Event this report is merged into (its group's smallest report id)" if c.name == "event_id" else c.help)
      for c in EVENT_COLUMNS),
)

EDIT_COLUMNS: tuple[Column, ...] = (
    Column("edit_id", "BIGINT PRIMARY KEY", "Sequence number"),
    Column("event_id", "VARCHAR NOT NULL", "Edited event"),
    Column("field", "VARCHAR NOT NULL", "Edited column, or 'status' (confirmed / rejected / unreviewed)"),
    Column("old_value", "VARCHAR", "Value before the edit, as text"),
    Column("new_value", "VARCHAR", "Value after the edit, as text (NULL clears)"),
    Column("author", "VARCHAR", "Who made the edit"),
    Column("created_at", "TIMESTAMP", "When"),
    Column("note", "VARCHAR", "Why, in the analyst's words"),
    # The anchor: what the edit is about, so it follows its event through re-extraction.
    Column("anchor_article", "VARCHAR", "Article of the edited event's primary evidence"),
    Column("anchor_start", "INTEGER", "Start of that evidence sentence in the article text"),
    Column("anchor_end", "INTEGER", "End of that evidence sentence"),
    Column("anchor_type", "VARCHAR", "Extracted event type when the edit was made"),
    Column("anchor_trigger", "VARCHAR", "Trigger word(s) when the edit was made"),
)

SAVED_VIEW_COLUMNS: tuple[Column, ...] = (
    Column("name", "VARCHAR PRIMARY KEY", "Name the analyst gave the view"),
    Column("query", "VARCHAR", "The filters as a URL query string"),
    Column("author", "VARCHAR", "Who saved it"),
    Column("created_at", "TIMESTAMP", "When"),
)

SOURCE_COLUMNS: tuple[Column, ...] = (
    Column("source_url", "VARCHAR PRIMARY KEY", "Feed, link list or page being watched"),
    Column("kind", "VARCHAR", "feed, links or page"),
    Column("every_seconds", "INTEGER", "Polling interval asked for"),
    Column("last_run", "TIMESTAMP", "When it was last polled"),
    Column("last_status", "VARCHAR", "ok, or what went wrong"),
    Column("last_new", "INTEGER", "Articles added by the last poll"),
    Column("total_new", "INTEGER", "Articles added since it was first watched"),
)

SEEN_ITEM_COLUMNS: tuple[Column, ...] = (
    Column("source_url", "VARCHAR NOT NULL", "Watched source the item came from"),
    Column("item_key", "VARCHAR NOT NULL", "The item's guid or link"),
    Column("article_id", "VARCHAR", "Article it became (NULL: refused)"),
    Column("first_seen", "TIMESTAMP", "When it was first ingested"),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "articles": ARTICLE_COLUMNS,
    "events": EVENT_COLUMNS,
    "evidence": EVIDENCE_COLUMNS,
    "reports": REPORT_COLUMNS,
    "edits": EDIT_COLUMNS,
    "saved_views": SAVED_VIEW_COLUMNS,
    "sources": SOURCE_COLUMNS,
    "seen_items": SEEN_ITEM_COLUMNS,
}

EDITABLE_EVENT_FIELDS: tuple[str, ...] = tuple(c.name for c in EVENT_COLUMNS if c.editable)
REVIEW_STATUSES = ("unreviewed", "confirmed", "rejected")


def column_names(table: str) -> list[str]:
    return [c.name for c in TABLES[table]]


def sql_type(table: str, name: str) -> str:
    """The bare DuckDB type of a column (constraints stripped)."""
    for c in TABLES[table]:
        if c.name == name:
            return c.sql.split()[0]
    raise KeyError(f"{table}.{name}")
