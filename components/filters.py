"""Sidebar filters shared by every page, mirrored in the URL, plus named saved views.

``app.py`` calls ``render_sidebar_filters(page)`` once per run, *before* the page
runs: widgets that live in the entrypoint keep their identity across pages, so
the filters survive a page switch. Pages read the result with ``current_filters()``.

URL sync is done by hand rather than with ``bind="query-params"``: Streamlit 1.67
drops bound parameters from the address bar whenever it handles a rerun as a
page change (which the legacy pages/ mode below triggers), and serialises some
widgets (checkbox: ``true``) differently from ``Filters``. Here the URL is
written from ``Filters.to_params()`` after every run (so links use exactly the
format ``Filters.from_params`` reads, which saved views and the briefing reuse),
and read back into the widgets when the session starts or when the address bar
holds other filters than the ones last written (back/forward, a pasted link).

A session that opens without dates in its link starts on the recent window of
the data (the last ``settings.recent_days`` days up to the newest current
event), not on every date back to the oldest background event. "All" dates is
written to the URL as ``dates=all`` so such a link reopens with every date.
"""
from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import parse_qs, urlencode

import pandas as pd
import streamlit as st

from sitroom import taxonomy
from sitroom.query import EARLIEST_FILTER_DATE, LATEST_FILTER_DATE, REVIEW_CHOICES, Filters

from . import reads
from . import store as data
from .labels import country_name
from .safe import md

STATE_KEY = "sitroom_filters"
URL_KEY = "_filters_qs"      # the query string this session last wrote
# Filters field -> widget key (prefixed: these are not the URL names).
KEYS = {"start": "f_from", "end": "f_to", "countries": "f_country", "types": "f_type", "actors": "f_actor",
        "text": "f_q", "review": "f_review", "include_rejected": "f_rejected", "min_confidence": "f_minconf",
        "all_mentions": "f_all", "include_background": "f_background"}
ALL_DATES = ("dates", "all")   # URL parameter saying "every date", so the recent-window default stays off
URL_PARAMS = (*Filters._PARAMS.values(), ALL_DATES[0])
ACTOR_OPTIONS = 2000          # the busiest actors the picker lists (a link may name any other)


def _ensure_entrypoint() -> None:
    """Rerun through app.py when Streamlit ran a page file directly.

    Because ``pages/`` sits next to ``app.py``, the first run after the server
    starts uses Streamlit's legacy pages-folder mode until some run calls
    ``st.navigation``: a link straight to /events would run pages/events.py
    without app.py (no filters, a different menu, reruns treated as page
    changes). Switching the flag off and rerunning lands in app.py.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # internal module moved: nothing to fix
        return
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def current_filters() -> Filters:
    """The filters app.py rendered for this run (call it at the top of every page)."""
    _ensure_entrypoint()
    f = st.session_state.get(STATE_KEY)
    return f if isinstance(f, Filters) else render_sidebar_filters()


# Other pages may call it by this name; the widgets are drawn once per run by app.py.
sidebar_filters = current_filters


def describe(f: Filters) -> str:
    """One line saying which filters are active, for captions and saved views (plain text)."""
    return f.describe(labels=reads.actor_names() if f.actors else None)


def filters_caption(f: Filters) -> None:
    """A caption at the top of a page so nobody mistakes a subset for the whole."""
    st.caption("Filters: " + md(describe(f)))


# ---- URL <-> widget state --------------------------------------------------------------------
def url_params() -> dict[str, list[str]]:
    """The address bar's query parameters, every value kept (repeated keys -> list)."""
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def _set_state(f: Filters) -> None:
    """Put a Filters into the widgets' session state (before they are drawn, or from a callback)."""
    ss = st.session_state
    ss[KEYS["start"]], ss[KEYS["end"]] = f.start, f.end
    ss[KEYS["countries"]], ss[KEYS["types"]], ss[KEYS["actors"]] = list(f.countries), list(f.types), list(f.actors)
    ss[KEYS["text"]], ss[KEYS["review"]] = f.text, f.review
    ss[KEYS["include_rejected"]] = bool(f.include_rejected)
    ss[KEYS["min_confidence"]] = float(f.min_confidence)
    ss[KEYS["all_mentions"]] = bool(f.all_mentions)
    ss[KEYS["include_background"]] = bool(f.include_background)


def recent_window(last: date | None, days: int | None = None) -> tuple[date | None, date | None]:
    """(start, end) of the last ``days`` days up to ``last`` (setting recent_days; 0 or no data: no dates)."""
    days = data.settings().recent_days if days is None else days
    if not last or not days:
        return None, None
    return last - timedelta(days=days - 1), last


def _opening_filters(params: dict, last: date | None) -> Filters:
    """The filters a link opens: its own, on the recent window when it names no dates."""
    f = Filters.from_params(params)
    if f.start or f.end or ALL_DATES[1] in (params.get(ALL_DATES[0]) or []):
        return f
    start, end = recent_window(last)
    return f.with_(start=start, end=end)


def _sync_from_url(last: date | None = None) -> None:
    """Put the URL's filters into the widgets when that is what the analyst asked for.

    - first run of a session (a link was opened): the URL wins;
    - the address bar holds other filters than the ones last written (back/forward,
      a pasted link): the URL wins;
    - the widgets lost their state (Streamlit dropped it on a page switch): restore
      the filters last written.
    A URL without filter parameters while the session has filters is a page
    switch through the menu, not a request to clear them (Reset does that).
    """
    params = url_params()
    from_url = Filters.from_params(params)
    qs, written = from_url.to_query_string(), st.session_state.get(URL_KEY)
    if written is None:
        _set_state(_opening_filters(params, last))
    elif qs and qs != written:
        _set_state(from_url)
    elif any(k not in st.session_state for k in KEYS.values()):
        _set_state(Filters.from_params(parse_qs(written)))


def link_params(f: Filters) -> dict[str, str | list[str]]:
    """The URL parameters of a view: the filters, plus ``dates=all`` when it has no dates."""
    return {**f.to_params(), **({ALL_DATES[0]: ALL_DATES[1]} if not (f.start or f.end) else {})}


def _sync_to_url(f: Filters) -> None:
    """Write the filters into the address bar, keeping any parameters other pages own."""
    qs = f.to_query_string()
    st.session_state[URL_KEY] = qs
    current = url_params()
    wanted = link_params(f)
    if (Filters.from_params(current).to_query_string() == qs and all(k in current for k in wanted)
            and (ALL_DATES[0] in wanted) == (ALL_DATES[0] in current)):
        return
    others = {k: v for k, v in current.items() if k not in URL_PARAMS}
    st.query_params.from_dict({**others, **wanted})


# ---- state changes (run as widget callbacks, before the widgets are drawn) --------------------
def _apply_query(qs: str, name: str | None = None) -> None:
    _set_state(Filters.from_params(parse_qs(qs)))
    if name:
        st.session_state["_flash"] = f"Opened view “{name}”"


def _reset(last: date | None = None) -> None:
    start, end = recent_window(last)
    _set_state(Filters(start=start, end=end))


def _last_days(days: int | None, last: date | None) -> None:
    ss = st.session_state
    if days is None or last is None:
        ss[KEYS["start"]] = ss[KEYS["end"]] = None
    else:
        ss[KEYS["start"]], ss[KEYS["end"]] = last - timedelta(days=days - 1), last


def _save_view(f: Filters) -> None:
    name = (st.session_state.get("sv_name") or "").strip()
    if not name:
        st.session_state["_flash"] = "Give the view a name first"
        return
    data.get_store().save_view(name, f.to_query_string(), author=data.settings().author)
    st.session_state["sv_name"] = ""
    st.session_state["sv_pick"] = name
    st.session_state["_flash"] = f"Saved view “{name}”"


def _delete_view(name: str) -> None:
    data.get_store().delete_view(name)
    st.session_state.pop("sv_pick", None)
    st.session_state["_flash"] = f"Deleted view “{name}”"


# ---- widgets ---------------------------------------------------------------------------------
def _options(base: list, key: str) -> list:
    """Widget options plus whatever the session already holds (a link must not lose values)."""
    extra = [x for x in (st.session_state.get(key) or []) if x]
    return list(dict.fromkeys([*base, *extra]))


def _as_date(v) -> date | None:
    if v is None or (not isinstance(v, date) and pd.isna(v)):
        return None
    return pd.Timestamp(v).date()


def render_sidebar_filters(page=None) -> Filters:
    """Draw the filter widgets in the sidebar and return the Filters they describe."""
    opts = reads.filter_options()
    first, last = _as_date(opts.get("first")), _as_date(opts.get("last"))
    _sync_from_url(last)
    if msg := st.session_state.pop("_flash", None):
        st.toast(md(msg))  # messages may quote view names or errors: escape them

    k = KEYS
    with st.sidebar:
        st.subheader("Filters")
        st.caption(f"Current events from {first or '?'} to {last or '?'} (background events "
                   "recalled from earlier years not counted)")
        start = st.date_input("From", min_value=EARLIEST_FILTER_DATE, max_value=LATEST_FILTER_DATE,
                              format="YYYY-MM-DD", key=k["start"])
        end = st.date_input("To", min_value=EARLIEST_FILTER_DATE, max_value=LATEST_FILTER_DATE,
                            format="YYYY-MM-DD", key=k["end"])
        q1, q2, q3, q4 = st.columns(4)
        for col, label, days in ((q1, "7d", 7), (q2, "30d", 30), (q3, "90d", 90), (q4, "All", None)):
            col.button(label, key=f"range_{label}", on_click=_last_days, args=(days, last), width="stretch",
                       help=f"The last {days} days up to the latest event" if days else "No date limit")
        top = md(", ".join(f"{c} {country_name(c)}" for c in opts.get("countries", [])[:6]))
        countries = st.multiselect("Countries", _options(opts.get("countries", []), k["countries"]),
                                   key=k["countries"], placeholder="All countries",
                                   help=f"Where it happened, or whose actor took part. ISO3 codes: {top} …")
        types = st.multiselect("Event types", _options(list(taxonomy.ALL_TYPES), k["types"]), key=k["types"],
                               placeholder="All types", help="PLOVER types; OTHER = newsworthy but outside PLOVER")
        names = reads.actor_names()   # every actor key, busiest first
        actors = st.multiselect("Actors", _options(list(names)[:ACTOR_OPTIONS], k["actors"]), key=k["actors"],
                                placeholder="All actors", format_func=lambda a: names.get(a, a),
                                help="Actor 1 or actor 2, by entity: one actor however it is named; "
                                     "a country's civilians, police or forces are that country's")
        text = st.text_input("Search text", key=k["text"], max_chars=200,
                             placeholder="words in sentence, summary, actors, place, title")
        review = st.selectbox("Review status", list(REVIEW_CHOICES), key=k["review"],
                              help="reviewed = confirmed or rejected")
        include_rejected = st.checkbox("Show rejected events", key=k["include_rejected"],
                                       help="Rejected events are hidden everywhere unless this is on")
        threshold = data.settings().event_confidence
        all_mentions = st.toggle("All mentions", key=k["all_mentions"],
                                 help=f"Off: headline events of their stories and dated events with confidence ≥ "
                                      f"{threshold:g} (the calibrated chance an event is real and of its type). "
                                      "On: every event the extractor found")
        include_background = st.toggle("Include background", key=k["include_background"],
                                       help="Past events a story recalls (dated to their own time). Shown on the "
                                            "timeline, map and tables when on; never counted in totals, trends, "
                                            "surges or briefing figures")
        minconf = st.slider("Min confidence", 0.0, 1.0, step=0.05, key=k["min_confidence"],
                            help="Extractor confidence, 0 to 1")
        st.button("Reset filters", on_click=_reset, args=(last,), width="stretch",
                  help="Back to the recent window with no other filter")

    if start and end and start > end:
        start, end = end, start
    f = Filters(start=start, end=end, countries=tuple(countries), types=tuple(types), actors=tuple(actors),
                text=(text or "").strip(), review=review or "all",
                include_rejected=bool(include_rejected) or review == "rejected",
                min_confidence=float(minconf or 0.0), all_mentions=bool(all_mentions),
                include_background=bool(include_background))
    _sync_to_url(f)
    st.session_state[STATE_KEY] = f

    with st.sidebar:
        _share_box(f, page)
        _saved_views(f)
    return f


def _share_box(f: Filters, page) -> None:
    qs = urlencode(link_params(f), doseq=True)
    # st.context.url is the browser's address without the query (it already names the page).
    link = st.context.url or f"/{getattr(page, 'url_path', '') or ''}"
    if qs:
        link += "?" + qs
    st.caption("Share this view: the address bar holds the filters; copy it or this link "
               "(copy button at the right of the box).")
    st.code(link, language=None, wrap_lines=True)


def _saved_views(f: Filters) -> None:
    with st.expander("Saved views", icon=":material/bookmark:"):
        try:
            views = data.get_store().saved_views()
        except Exception as exc:  # the sidebar must not break a page
            st.warning(f"Saved views unavailable: {exc}")
            return
        if views.empty:
            st.caption("No saved views yet.")
        else:
            names = list(views["name"])
            if st.session_state.get("sv_pick") not in names:
                st.session_state["sv_pick"] = names[0]
            name = st.selectbox("View", names, key="sv_pick")
            row = views.set_index("name").loc[name]
            st.caption(md(describe(Filters.from_params(parse_qs(row["query"] or "")))) + f" (by {md(row['author'])})")
            c1, c2 = st.columns(2)
            c1.button("Open", on_click=_apply_query, args=(row["query"] or "", name), width="stretch",
                      key="sv_open")
            c2.button("Delete", on_click=_delete_view, args=(name,), width="stretch", key="sv_delete")
        st.text_input("Name for the current filters", key="sv_name", max_chars=80,
                      placeholder="e.g. Iraq attacks, Q1")
        st.button("Save current view", on_click=_save_view, args=(f,), width="stretch", key="sv_save")
