"""Human labels shared by pages: dates, the event tables' columns and how each reads.

Country names and event summaries come from ``sitroom.names`` (the one function
each for every page, export and briefing). ``display_frame`` turns query rows
into what a person reads: sentences for summaries, actor labels for keys,
country names for codes, and an empty cell (never "None" or "nan") where a
value is missing.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from sitroom.names import _text, actor_label, country_label, country_name, display_summary  # noqa: F401  (for pages)
from sitroom.values import is_missing, is_true


def fmt_date(value, fallback: str = "—") -> str:
    if is_missing(value):
        return fallback
    return pd.Timestamp(value).strftime("%d %b %Y")


def fmt_span(days: int) -> str:
    """A span short enough for a metric tile: '12 days', '9 months', '30 years'."""
    if days < 90:
        return f"{days:,} day{'s' if days != 1 else ''}"
    if days < 730:
        return f"{round(days / 30.44):,} months"
    return f"{days / 365.25:,.0f} years"


# Columns of the event tables, in reading order (display_frame builds them).
# What an analyst reads first stays in view without scrolling sideways: the sentence and the
# actors follow the figures, the article and id close the row.
TABLE_COLUMNS = ["event_date", "event_type", "summary", "location", "country", "fatalities", "confidence",
                 "n_sources", "review_status", "sentence", "actor1", "actor2", "flags", "article_title", "event_id"]


def _flags(r: dict) -> str:
    out = []
    if is_true(r.get("headline")):
        out.append("headline")
    if is_true(r.get("background")):
        out.append("background")
    if r.get("geo_precision") == "country":
        out.append("country-level place")
    return ", ".join(out)


def display_frame(df: pd.DataFrame, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """The rows of ``query.events`` as an events table reads: one column per TABLE_COLUMNS.

    Actors show their label (``labels``: key -> label; the event's own name when the
    key has none), countries their name, summaries a sentence; missing text is ''.
    """
    labels = labels or {}
    rows = []
    for r in df.to_dict("records"):
        def actor(n: int) -> str:
            key = _text(r.get(f"actor{n}_id")) or _text(r.get(f"actor{n}"))
            return labels.get(key) or actor_label(key, r.get(f"actor{n}"))
        rows.append({
            "event_date": None if is_missing(r.get("event_date")) else pd.Timestamp(r["event_date"]).date(),
            "event_type": _text(r.get("event_type")), "summary": display_summary(r),
            "sentence": _text(r.get("sentence")), "actor1": actor(1), "actor2": actor(2),
            "location": _text(r.get("location")), "country": country_name(_text(r.get("country")) or None),
            # Text, so a missing figure is an empty cell (the grid writes "None" for a missing number).
            "fatalities": "" if is_missing(r.get("fatalities")) else f"{int(r['fatalities']):,}",
            "confidence": None if is_missing(r.get("confidence")) else float(r["confidence"]),
            "n_sources": None if is_missing(r.get("n_sources")) else int(r["n_sources"]),
            "review_status": _text(r.get("review_status")) or "unreviewed", "flags": _flags(r),
            "article_title": _text(r.get("article_title")), "event_id": _text(r.get("event_id"))})
    out = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    out["n_sources"] = out["n_sources"].fillna(1).astype(int)
    return out


def column_config() -> dict:
    """st.dataframe column settings: readable headers, dates without time, confidence as a bar."""
    return {
        "event_date": st.column_config.DateColumn("date", format="YYYY-MM-DD", width=92, pinned=True),
        "event_type": st.column_config.TextColumn("type", width=98, pinned=True),
        "summary": st.column_config.TextColumn("summary", width="medium"),
        "sentence": st.column_config.TextColumn("evidence sentence", width="large",
                                                help="The sentence the event was read from"),
        "actor1": st.column_config.TextColumn("actor 1", width="medium"),
        "actor2": st.column_config.TextColumn("actor 2", width="medium"),
        "location": st.column_config.TextColumn("place", width="small"),
        "country": st.column_config.TextColumn("country", width="small"),
        "fatalities": st.column_config.TextColumn("killed", width="small",
                                                  help="People killed, where the articles say (empty: not said)"),
        "confidence": st.column_config.ProgressColumn("confidence", min_value=0.0, max_value=1.0, format="%.2f",
                                                      width="small"),
        "n_sources": st.column_config.NumberColumn("sources", width="small", format="%d"),
        "review_status": st.column_config.TextColumn("review", width=88),
        "flags": st.column_config.TextColumn("flags", width="small",
                                             help="headline event of its story, background (a past event "
                                                  "recalled), placed at a country's centre"),
        "article_title": st.column_config.TextColumn("article", width="medium"),
        "event_id": st.column_config.TextColumn("id", width="small"),
    }
