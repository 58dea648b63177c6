"""Human labels shared by pages: country names, dates, the event table's columns."""
from __future__ import annotations

from functools import lru_cache

import pandas as pd
import streamlit as st

from sitroom.values import is_missing


@lru_cache(maxsize=512)
def country_name(iso3: str | None) -> str:
    """'IRQ' -> 'Iraq' (pycountry, offline); the code itself when unknown."""
    if not iso3:
        return ""
    try:
        import pycountry
        c = pycountry.countries.get(alpha_3=str(iso3).upper())
        if c is not None:
            return getattr(c, "common_name", None) or c.name
    except Exception:  # pycountry missing or odd code: the code is still meaningful
        pass
    return str(iso3)


def fmt_date(value, fallback: str = "—") -> str:
    if is_missing(value):
        return fallback
    return pd.Timestamp(value).strftime("%d %b %Y")


# Columns of the event tables, in reading order, with how each is shown.
TABLE_COLUMNS = ["event_date", "event_type", "review_status", "summary", "actor1", "actor2", "location", "country",
                 "fatalities", "confidence", "n_sources", "article_title", "event_id"]


def column_config() -> dict:
    """st.dataframe column settings: readable headers, dates without time, confidence as a bar."""
    return {
        "event_date": st.column_config.DateColumn("date", format="YYYY-MM-DD", width="small"),
        "event_type": st.column_config.TextColumn("type", width="small"),
        "summary": st.column_config.TextColumn("summary", width="medium"),
        "actor1": st.column_config.TextColumn("actor 1"),
        "actor2": st.column_config.TextColumn("actor 2"),
        "location": st.column_config.TextColumn("place"),
        "country": st.column_config.TextColumn("country", width="small"),
        "fatalities": st.column_config.NumberColumn("killed", width="small"),
        "confidence": st.column_config.ProgressColumn("confidence", min_value=0.0, max_value=1.0, format="%.2f",
                                                      width="small"),
        "n_sources": st.column_config.NumberColumn("sources", width="small"),
        "review_status": st.column_config.TextColumn("review", width="small"),
        "article_title": st.column_config.TextColumn("article"),
        "event_id": st.column_config.TextColumn("id", width="small"),
    }
