"""One event, shown so an analyst can check it: every field with its evidence span,
every source sentence highlighted inside its article, and the review panel.

Everything from the article (title, text, names, URL) is escaped by
``components.safe`` before it meets any markup.
"""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from sitroom import taxonomy
from sitroom.values import is_true

from . import reads
from .labels import actor_label, country_name, display_summary, fmt_date
from .review import render_edit_form, render_history, render_review_actions
from .safe import esc, highlight, link, md

# Keys extractors use in field_evidence -> the event column they support.
EVIDENCE_FIELD = {"place": "location", "location": "location", "date": "event_date", "type": "event_type",
                  "trigger": "event_type", "mode": "event_mode", "actor1": "actor1", "actor2": "actor2",
                  "fatalities": "fatalities", "killed": "fatalities", "injuries": "injuries",
                  "wounded": "injuries", "country": "country", "admin1": "admin1"}
# (label, column) rows of the fields table, in reading order.
FIELD_ROWS = [("Type", "event_type"), ("Mode", "event_mode"), ("Quad class", "quad_class"),
              ("Date", "event_date"), ("Date precision", "date_precision"),
              ("Actor 1", "actor1"), ("Actor 1 entity", "actor1_id"), ("Actor 1 country", "actor1_country"),
              ("Actor 1 kind", "actor1_kind"),
              ("Actor 2", "actor2"), ("Actor 2 entity", "actor2_id"), ("Actor 2 country", "actor2_country"),
              ("Actor 2 kind", "actor2_kind"),
              ("Place", "location"), ("Admin1", "admin1"), ("Country", "country"), ("Latitude", "lat"),
              ("Longitude", "lon"), ("Geo precision", "geo_precision"), ("Killed", "fatalities"),
              ("Injured", "injuries"), ("Summary", "summary"), ("Confidence", "confidence"),
              ("Sources", "n_sources"), ("Mentions", "n_mentions"), ("Headline event", "headline"),
              ("Background", "background"), ("Extractor", "extractor"),
              ("Event id", "event_id")]
# When field_evidence has no span for a field, the extractor's *_text columns still say why.
TEXT_FALLBACK = {"event_type": "trigger", "event_date": "date_text", "location": "place_text"}
BADGE = {taxonomy.VERBAL_COOPERATION: "blue", taxonomy.MATERIAL_COOPERATION: "green",
         taxonomy.VERBAL_CONFLICT: "orange", taxonomy.MATERIAL_CONFLICT: "red"}
CONTEXT_CHARS = 500
# How an actor was found when the text does not name it in its role (field_evidence "via").
VIA_NOTES = {"inferred": "(not named: inferred from the kind of event and its place)",
             "place": "(a place named as the one acted on stands for its side)",
             "memory": "(an earlier mention: pronoun or surname)"}
CONTEXT_COUNTRY_NOTE = "(no nationality stated: the country the sentence is about)"


def parse_field_evidence(raw) -> dict[str, list[dict]]:
    """field -> list of {text, start, end}; tolerant of a single span, a list, or bad JSON."""
    if raw is None or (isinstance(raw, float) and pd.isna(raw)):
        return {}
    try:
        obj = json.loads(raw) if isinstance(raw, str) else raw
    except (TypeError, ValueError):
        return {}
    out: dict[str, list[dict]] = {}
    if not isinstance(obj, dict):
        return out
    for k, v in obj.items():
        spans = v if isinstance(v, list) else [v]
        out[str(k)] = [s if isinstance(s, dict) else {"text": str(s)} for s in spans if s is not None]
    return out


def edited_fields(ev: dict) -> list[str]:
    """The edited_fields list (DuckDB gives a list or a numpy array, or nothing)."""
    v = ev.get("edited_fields")
    return [] if v is None else [str(x) for x in list(v)]


def _value(ev: dict, col: str) -> str:
    v = ev.get(col)
    if v is None:
        return ""
    if col == "event_date":
        return fmt_date(v, "")
    if col in ("country", "actor1_country", "actor2_country"):
        return f"{v} ({country_name(v)})" if country_name(v) != v else str(v)
    if col in ("lat", "lon", "confidence"):
        return f"{float(v):.4f}" if col != "confidence" else f"{float(v):.2f}"
    if col in ("headline", "background"):
        return "yes" if is_true(v) else "no"
    if col in ("actor1_id", "actor2_id"):
        label = reads.actor_names().get(str(v)) or actor_label(str(v))
        return f"{label} ({v})" if label != v else str(v)
    return str(v)


def fields_table(ev: dict) -> pd.DataFrame:
    """Field | value | evidence (the article words behind it) | edited by an analyst."""
    spans = parse_field_evidence(ev.get("field_evidence"))
    by_col: dict[str, list[str]] = {}
    for key, items in spans.items():
        col = EVIDENCE_FIELD.get(key, key)
        by_col.setdefault(col, []).extend(str(s.get("text") or "") for s in items
                                          if s.get("text") and s.get("via") != "inferred")
        for s in items:   # say when a participant or its country was inferred, not read
            if s.get("via") in VIA_NOTES:
                by_col.setdefault(col, []).append(VIA_NOTES[s["via"]])
            if s.get("country_via") == "context":
                by_col.setdefault(f"{col}_country", []).append(CONTEXT_COUNTRY_NOTE)
    edited = set(edited_fields(ev))
    rows = []
    for label, col in FIELD_ROWS:
        evidence = by_col.pop(col, [])
        if not evidence and ev.get(TEXT_FALLBACK.get(col, "")):
            evidence = [str(ev[TEXT_FALLBACK[col]])]
        rows.append({"field": label, "value": _value(ev, col), "evidence": " | ".join(dict.fromkeys(evidence)),
                     "edited": "edited" if col in edited else ""})
    for col, evidence in by_col.items():  # spans for fields this table does not list
        rows.append({"field": col, "value": "", "evidence": " | ".join(evidence), "edited": ""})
    return pd.DataFrame(rows)


def locate_sentence(text: str, start, end, sentence: str | None) -> tuple[int, int] | None:
    """Where the evidence sentence is in the article: the stored offsets if they match, else a search."""
    if not text:
        return None
    try:
        s, e = int(start), int(end)
        if 0 <= s < e <= len(text) and (not sentence or text[s:e].strip() == sentence.strip()):
            return s, e
    except (TypeError, ValueError):
        pass
    if sentence:
        i = text.find(sentence.strip())
        if i >= 0:
            return i, i + len(sentence.strip())
    return None


def article_html(text: str, where: tuple[int, int] | None, field_spans: dict[str, list[dict]],
                 *, context: int | None = CONTEXT_CHARS) -> str:
    """The article (or a window around the sentence) with the sentence and field spans highlighted."""
    spans = []
    if where:
        spans.append((where[0], where[1], "sentence", "evidence sentence"))
    for key, items in field_spans.items():
        for s in items:
            if isinstance(s.get("start"), (int, float)) and isinstance(s.get("end"), (int, float)):
                spans.append((int(s["start"]), int(s["end"]), "field", key))
    lo, hi = 0, len(text)
    if context is not None and where:
        lo = max(0, where[0] - context)
        hi = min(len(text), where[1] + context)
        # Start and end on word boundaries so the window does not cut words.
        lo = text.rfind(" ", 0, lo) + 1 if lo > 0 else 0
        nxt = text.find(" ", hi)
        hi = len(text) if nxt < 0 else nxt
    shifted = [(s - lo, e - lo, k, t) for s, e, k, t in spans if e > lo and s < hi]
    body = highlight(text[lo:hi], shifted)
    return (("… " if lo > 0 else "") + body + (" …" if hi < len(text) else ""))


BOX = ("<div style=\"white-space:pre-wrap;line-height:1.55;font-size:0.95rem;border-left:3px solid #ddd;"
       "padding:4px 12px;margin:4px 0 8px 0;max-height:{h};overflow-y:auto\">{body}</div>")


def render_evidence(piece: dict, ev: dict, n: int, total: int) -> None:
    """One source: article header, highlighted excerpt, full text on demand."""
    title = piece.get("title") or "(untitled article)"
    meta = " · ".join(x for x in (esc(piece.get("source")), esc(fmt_date(piece.get("published"), ""))) if x)
    url_html = link(piece.get("url"), "open original") if piece.get("url") else ""
    st.html(f"<div style='margin-top:6px'><b>Source {n} of {total}:</b> {esc(title)}<br>"
            f"<span style='color:#555'>{meta}{' · ' + url_html if url_html else ''}</span></div>")
    text = piece.get("article_text") or ""
    where = locate_sentence(text, piece.get("start_char"), piece.get("end_char"), piece.get("sentence"))
    spans = parse_field_evidence(piece.get("field_evidence"))
    if not spans and piece.get("evidence_id") == ev.get("event_id"):
        spans = parse_field_evidence(ev.get("field_evidence"))
    if where is None:
        st.warning("The stored offsets do not point at this sentence in the article text; showing the sentence alone.")
        st.html(BOX.format(h="none", body=esc(piece.get("sentence"))))
        return
    st.html(BOX.format(h="none", body=article_html(text, where, spans)))
    if len(text) > (where[1] - where[0]) + 2 * CONTEXT_CHARS:
        with st.expander("Full article text"):
            st.html(BOX.format(h="480px", body=article_html(text, where, spans, context=None)))


def render_event_detail(event_id: str, *, key: str = "detail", review: bool = True) -> None:
    """The event card: header, review actions, evidence, fields, edit form and history."""
    d = reads.event_detail(event_id)
    if d is None:
        st.warning(f"Event {md(event_id)} is no longer in the database (re-extracted or removed).")
        return
    ev, evidence = d["event"], d["evidence"]
    with st.container(border=True):
        st.subheader(md(display_summary(ev) or ev.get("sentence") or event_id, 160))
        b = st.columns([1, 1, 1, 3])
        b[0].badge(md(ev.get("event_type") or "?"), color=BADGE.get(ev.get("quad_class"), "gray"))
        status = ev.get("review_status") or "unreviewed"
        b[1].badge(status, color={"confirmed": "green", "rejected": "red"}.get(status, "gray"),
                   icon={"confirmed": ":material/check:", "rejected": ":material/close:"}.get(status))
        b[2].badge(f"confidence {float(ev.get('confidence') or 0):.2f}", color="gray")
        where = ", ".join(x for x in (ev.get("location"), ev.get("admin1"), country_name(ev.get("country"))) if x)
        b[3].caption(md(f"{fmt_date(ev.get('event_date'))} ({ev.get('date_precision') or 'precision unknown'}) · "
                        f"{where or 'no location'} · {ev.get('n_sources') or 1} source(s), "
                        f"{ev.get('n_mentions') or 1} mention(s)"))
        if edited_fields(ev):
            st.caption("Analyst-edited fields: " + md(", ".join(edited_fields(ev))))
        if review:
            render_review_actions(ev, key=key)

        tabs = st.tabs([f"Evidence ({len(evidence)})", "Fields", "Edit", "History"] if review
                       else [f"Evidence ({len(evidence)})", "Fields"])
        with tabs[0]:
            if not evidence:
                st.info("No evidence sentences are stored for this event.")
            for i, piece in enumerate(evidence, 1):
                render_evidence(piece, ev, i, len(evidence))
        with tabs[1]:
            table = fields_table(ev)
            st.dataframe(table, hide_index=True, width="stretch", height=35 * (len(table) + 1) + 3,
                         column_config={"evidence": st.column_config.TextColumn("evidence (article words)",
                                                                                width="large")})
        if review:
            with tabs[2]:
                render_edit_form(ev, key=key)
            with tabs[3]:
                render_history(event_id)
