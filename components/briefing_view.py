"""Briefing page pieces: cached briefing build, the preview, and deferred downloads.

Downloads are generated only when clicked (``st.download_button(data=callable)``,
which runs in another thread). The chart PNGs are drawn once per briefing and
shared by the html/pdf/pptx/md downloads through a small in-process cache.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date

import streamlit as st

from sitroom.briefing import Briefing, build_briefing, render, with_images
from sitroom.briefing.build import rank_events
from sitroom.briefing.text import quoted, safe_url
from sitroom import query
from sitroom.query import Filters

from . import reads
from . import store as data
from .labels import country_label, display_summary
from .safe import md

_HASH = {Filters: repr}
_IMAGES: "OrderedDict[str, Briefing]" = OrderedDict()
_LOCK = threading.Lock()


@st.cache_data(ttl=900, max_entries=32, show_spinner="Building the briefing ...", hash_funcs=_HASH)
def _build(db: str, version: tuple, f: Filters, start: date, end: date, pinned: tuple, dropped: tuple,
           summary: str, title: str) -> Briefing:
    return build_briefing(data.cursor(), filters=f, start=start, end=end, pinned=pinned,
                          dropped=dropped, summary=summary, title=title or None, names=reads.actor_names())


def briefing(f: Filters, *, start: date, end: date, pinned: tuple, dropped: tuple, summary: str,
             title: str) -> Briefing:
    return _build(data.db_path(), data.data_version(), f, start, end, tuple(pinned), tuple(dropped),
                  summary, title)


@st.cache_data(ttl=900, max_entries=32, show_spinner=False, hash_funcs=_HASH)
def _candidates(db: str, version: tuple, f: Filters, start: date, end: date, limit: int) -> dict[str, str]:
    df = rank_events(query.events(data.cursor(), f.with_(start=start, end=end, include_rejected=False)))
    out = {}
    for r in df.head(limit).to_dict("records"):
        when = r["event_date"].strftime("%Y-%m-%d") if hasattr(r["event_date"], "strftime") else "?"
        text = display_summary(r)[:80]
        out[r["event_id"]] = f"{when} · {r['event_type']} · {text} (salience {r['salience']:.2f})"
    return out


def candidates(f: Filters, *, start: date, end: date, limit: int = 200) -> dict[str, str]:
    """event_id -> label of the period's events, most salient first (for pin/drop pickers)."""
    return _candidates(data.db_path(), data.data_version(), f, start, end, limit)


def _with_images_cached(key: str, b: Briefing) -> Briefing:
    with _LOCK:
        if key in _IMAGES:
            _IMAGES.move_to_end(key)
            return _IMAGES[key]
    drawn = with_images(b)
    with _LOCK:
        _IMAGES[key] = drawn
        while len(_IMAGES) > 8:
            _IMAGES.popitem(last=False)
    return drawn


def download_buttons(b: Briefing, *, key: str, file_stem: str) -> None:
    """Four buttons (md, html, pdf, pptx); each renders on click, charts drawn once."""
    labels = {"md": "Markdown", "html": "HTML", "pdf": "PDF", "pptx": "PowerPoint"}
    from sitroom.briefing import MIME
    cols = st.columns(len(labels))
    for col, (fmt, label) in zip(cols, labels.items()):
        col.download_button(label, data=lambda fmt=fmt: render(_with_images_cached(key, b), fmt=fmt),
                            file_name=f"{file_stem}.{fmt}", mime=MIME[fmt], on_click="ignore",
                            icon=":material/download:", key=f"brief_dl_{fmt}", width="stretch")


def event_markdown(e) -> str:
    """One event for st.markdown: everything from the article escaped; the source is a
    link only when its URL is http(s) (percent-encoded so it cannot end the link early)."""
    when = e.event_date.isoformat() if e.event_date else "date unknown"
    pin = " :material/push_pin: pinned" if e.pinned else ""
    facts = [x for x in (e.casualties_text, f"salience {e.salience:.2f}",
                         f"{e.n_sources} source{'s' if e.n_sources != 1 else ''}", e.flags_text) if x]
    url = safe_url(e.url)
    source = f"[{md(e.source or 'source')}]({url})" if url else md(e.source or "source")
    return (f"**{when} · {md(e.event_type)}**{pin} {md(e.summary or e.sentence)}  \n"
            f"{md(quoted(e.sentence, 300))}  \n"
            f"{source}, {e.published.isoformat() if e.published else 'n.d.'} · "
            f"{md(e.title or '', 100)} · {md('; '.join(facts))} · id {md(e.event_id)}")


def section_title(iso3: str) -> str:
    return country_label(iso3)
