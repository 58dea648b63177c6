"""The review panel: confirm / reject, edit fields, and the edit history of one event.

Edits go through ``Store.add_edits`` into the edits layer (never into the
extracted rows), with the analyst's name from settings and an optional note.
Saving runs in a widget callback, so the page that follows already shows the
new values (the cache key includes the edit count).
"""
from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd
import streamlit as st

from sitroom import taxonomy
from sitroom.values import is_missing

from . import store as data
from .labels import country_name
from .safe import md

NONE = "(none)"


# ---- pure helpers ----------------------------------------------------------------------------
def _norm(v):
    """A value in comparable form: None for blanks/NaN, ISO text for dates, float for numbers."""
    if isinstance(v, (list, tuple, dict)):
        return v
    if is_missing(v):
        return None
    if isinstance(v, (pd.Timestamp, datetime)):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)) or hasattr(v, "dtype"):
        return float(v)
    s = str(v).strip()
    return s or None


def diff_changes(current: dict, proposed: dict) -> dict:
    """The proposed fields whose value really differs from the current event, ready for add_edits.

    Dates are compared as days (a Timestamp and a date of the same day are equal),
    numbers numerically, text after trimming; blanks and None are the same.
    """
    out = {}
    for field, new in proposed.items():
        a, b = _norm(current.get(field)), _norm(new)
        if isinstance(a, float) and isinstance(b, float):
            same = math.isclose(a, b, rel_tol=0, abs_tol=1e-9)
        else:
            same = a == b
        if not same:
            out[field] = int(b) if isinstance(b, float) and field in ("fatalities", "injuries") else b
    return out


def validate(changes: dict) -> list[str]:
    """Problems an analyst should fix before saving (empty list when fine)."""
    errors = []
    for f in ("country", "actor1_country", "actor2_country"):
        v = changes.get(f)
        if v and not (len(v) == 3 and v.isalpha() and v.isupper()):
            errors.append(f"{f}: use an ISO 3166-1 alpha-3 code such as IRQ (got {v!r})")
    for f in ("fatalities", "injuries"):
        v = changes.get(f)
        if v is not None and v < 0:
            errors.append(f"{f} cannot be negative")
    if changes.get("event_type") and changes["event_type"] not in taxonomy.EVENT_TYPES:
        errors.append(f"unknown event type {changes['event_type']!r}")
    return errors


# ---- callbacks (run before the next script run) ----------------------------------------------
def _set_status(event_id: str, status: str, note_key: str) -> None:
    note = (st.session_state.get(note_key) or "").strip() or None
    try:
        data.get_store().add_edits(event_id, {"status": status}, author=data.settings().author, note=note)
    except (KeyError, ValueError) as exc:
        st.session_state["_flash"] = f"Not saved: {exc}"
        return
    st.session_state[note_key] = ""
    verb = {"confirmed": "Confirmed", "rejected": "Rejected (now hidden unless 'Show rejected' is on)",
            "unreviewed": "Marked unreviewed"}[status]
    st.session_state["_flash"] = f"{verb}: {event_id}"


def _proposed(k: str, places: list[dict]) -> dict:
    ss = st.session_state
    mode = ss.get(k + "mode")
    out = {
        "event_type": ss.get(k + "type"),
        "event_mode": None if mode in (None, NONE) else mode,
        "event_date": ss.get(k + "date"),
        "date_precision": ss.get(k + "prec"),
        "summary": ss.get(k + "summary"),
        "fatalities": ss.get(k + "fat"),
        "injuries": ss.get(k + "inj"),
    }
    for n in ("1", "2"):
        out[f"actor{n}"] = ss.get(f"{k}a{n}")
        out[f"actor{n}_country"] = (ss.get(f"{k}a{n}c") or "").strip().upper() or None
        kind = ss.get(f"{k}a{n}k")
        out[f"actor{n}_kind"] = None if kind in (None, NONE) else kind
    pick = ss.get(k + "place")
    if isinstance(pick, int) and 0 <= pick < len(places):
        p = places[pick]
        out.update(location=p["name"], admin1=p.get("admin1"), country=p.get("country"), lat=p["lat"],
                   lon=p["lon"], geo_precision=p.get("precision"))
    elif ss.get(k + "manual"):
        out.update(location=ss.get(k + "m_name"), country=(ss.get(k + "m_country") or "").strip().upper() or None,
                   lat=ss.get(k + "m_lat"), lon=ss.get(k + "m_lon"), geo_precision=ss.get(k + "m_prec"))
    return out


def _save_edits(event_id: str, current: dict, k: str, places: list[dict]) -> None:
    changes = diff_changes(current, _proposed(k, places))
    errors = validate(changes)
    if errors:
        st.session_state[k + "errors"] = errors
        return
    st.session_state.pop(k + "errors", None)
    if not changes:
        st.session_state["_flash"] = "Nothing changed"
        return
    note = (st.session_state.get(k + "note") or "").strip() or None
    try:
        data.get_store().add_edits(event_id, changes, author=data.settings().author, note=note)
    except (KeyError, ValueError) as exc:
        st.session_state[k + "errors"] = [str(exc)]
        return
    # Drop the form's state so it reopens with the saved values.
    for key in [x for x in st.session_state if isinstance(x, str) and x.startswith(k)]:
        del st.session_state[key]
    st.session_state["_flash"] = f"Saved {len(changes)} change(s): {', '.join(changes)}"


# ---- widgets ---------------------------------------------------------------------------------
def render_review_actions(ev: dict, *, key: str) -> None:
    """Confirm / reject / undo, with an optional note."""
    eid, status = ev["event_id"], ev.get("review_status") or "unreviewed"
    note_key = f"{key}_{eid}_status_note"
    c = st.columns([3, 1, 1, 1.3], vertical_alignment="bottom")
    c[0].text_input("Review note (optional)", key=note_key, placeholder="why you confirm or reject",
                    max_chars=500)
    c[1].button("Confirm", icon=":material/check:", type="primary", disabled=status == "confirmed",
                on_click=_set_status, args=(eid, "confirmed", note_key), key=f"{key}_{eid}_confirm", width="stretch")
    c[2].button("Reject", icon=":material/close:", disabled=status == "rejected",
                on_click=_set_status, args=(eid, "rejected", note_key), key=f"{key}_{eid}_reject", width="stretch")
    c[3].button("Mark unreviewed", icon=":material/undo:", disabled=status == "unreviewed",
                on_click=_set_status, args=(eid, "unreviewed", note_key), key=f"{key}_{eid}_undo", width="stretch")
    if status == "rejected":
        st.info("Rejected: hidden from every list, chart and export unless 'Show rejected events' is on. "
                "'Mark unreviewed' undoes it.")


def _place_search(ev: dict, k: str) -> list[dict]:
    """Search box over the gazetteer; returns the candidate places offered in the pick list."""
    geocoder = data.get_geocoder()
    current = ", ".join(str(x) for x in (ev.get("location"), ev.get("admin1"), ev.get("country")) if x)
    coords = (f" ({float(ev['lat']):.3f}, {float(ev['lon']):.3f}, {ev.get('geo_precision')})"
              if ev.get("lat") is not None and ev.get("lon") is not None else "")
    st.caption(md(f"Current place: {current or 'none'}{coords}"))
    if geocoder is None:
        st.caption("The gazetteer is not built (`sitroom build-gazetteer`), so place search is off; "
                   "enter the place by hand below.")
        return []
    q = st.text_input("Search the gazetteer", key=k + "q", placeholder="e.g. Mosul, Anbar, Ain al-Asad")
    if not q.strip():
        return []
    try:
        places = [p.to_raw() if hasattr(p, "to_raw") else dict(p.__dict__)
                  for p in geocoder.search(q.strip(), limit=10)]
    except Exception as exc:  # a search failure must not lose the rest of the form
        st.warning(f"Place search failed: {exc}")
        return []
    if not places:
        st.caption("No place by that name in the gazetteer.")
        return []

    def label(i: int) -> str:
        p = places[i]
        return (f"{p['name']}, {p.get('admin1') or ''} {p.get('country') or ''} · {p.get('feature')} "
                f"({p['lat']:.3f}, {p['lon']:.3f})")

    st.selectbox("Pick the place", list(range(len(places))), format_func=label, index=None, key=k + "place",
                 placeholder="keep the current place")
    return places


def render_edit_form(ev: dict, *, key: str) -> None:
    """Fields an analyst may correct; only changed fields are saved, each as one edit."""
    eid = ev["event_id"]
    k = f"{key}_{eid}_edit_"
    for err in st.session_state.get(k + "errors", []):
        st.error(md(err))
    types = list(taxonomy.ALL_TYPES)
    c1, c2, c3, c4 = st.columns(4)
    et = c1.selectbox("Type", types, index=types.index(ev["event_type"]) if ev.get("event_type") in types else None,
                      key=k + "type", format_func=lambda t: f"{t}: {taxonomy.EVENT_TYPES[t][2]}")
    modes = [NONE, *taxonomy.MODES.get(et or "", ())]
    if ev.get("event_mode") and ev["event_mode"] not in modes:
        modes.append(ev["event_mode"])
    if st.session_state.get(k + "mode") not in modes:
        st.session_state.pop(k + "mode", None)  # the type changed: its modes differ
    c2.selectbox("Mode", modes, index=modes.index(ev.get("event_mode") or NONE), key=k + "mode")
    d = ev.get("event_date")
    c3.date_input("Date", value=pd.Timestamp(d).date() if d is not None else None, key=k + "date",
                  format="YYYY-MM-DD", min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
    precs = list(taxonomy.DATE_PRECISIONS)
    c4.selectbox("Date precision", precs, index=precs.index(ev["date_precision"])
                 if ev.get("date_precision") in precs else len(precs) - 1, key=k + "prec")

    kinds = [NONE, *taxonomy.ACTOR_KINDS]
    for n in ("1", "2"):
        a, b, c = st.columns([3, 1, 2])
        a.text_input(f"Actor {n}", value=ev.get(f"actor{n}") or "", key=f"{k}a{n}")
        b.text_input("Country (ISO3)", value=ev.get(f"actor{n}_country") or "", key=f"{k}a{n}c",
                     help=country_name(ev.get(f"actor{n}_country")) or None)
        kind = ev.get(f"actor{n}_kind")
        if kind and kind not in kinds:
            kinds.append(kind)
        c.selectbox("Kind", kinds, index=kinds.index(kind or NONE), key=f"{k}a{n}k")

    st.markdown("**Place**")
    places = _place_search(ev, k)
    with st.expander("Enter a place by hand", expanded=data.get_geocoder() is None):
        st.checkbox("Use these values", key=k + "manual")
        m1, m2, m3, m4, m5 = st.columns([2, 1, 1, 1, 1])
        m1.text_input("Place name", value=ev.get("location") or "", key=k + "m_name")
        m2.text_input("Country", value=ev.get("country") or "", key=k + "m_country")
        m3.number_input("Lat", -90.0, 90.0, value=float(ev["lat"]) if ev.get("lat") is not None else None,
                        format="%.4f", key=k + "m_lat")
        m4.number_input("Lon", -180.0, 180.0, value=float(ev["lon"]) if ev.get("lon") is not None else None,
                        format="%.4f", key=k + "m_lon")
        gp = list(taxonomy.GEO_PRECISIONS)
        m5.selectbox("Precision", gp, index=gp.index(ev["geo_precision"]) if ev.get("geo_precision") in gp else 1,
                     key=k + "m_prec")

    f1, f2 = st.columns(2)
    f1.number_input("Killed", min_value=0, step=1, key=k + "fat",
                    value=int(ev["fatalities"]) if ev.get("fatalities") is not None else None)
    f2.number_input("Injured", min_value=0, step=1, key=k + "inj",
                    value=int(ev["injuries"]) if ev.get("injuries") is not None else None)
    st.text_input("Summary", value=ev.get("summary") or "", key=k + "summary")
    st.text_area("Note (why)", key=k + "note", max_chars=1000, height=70,
                 placeholder="e.g. the article dates the strike to Monday, not Tuesday")
    st.button("Save changes", type="primary", icon=":material/save:", key=k + "save",
              on_click=_save_edits, args=(eid, dict(ev), k, places))


def render_history(event_id: str) -> None:
    hist = data.history(event_id)
    if hist.empty:
        st.caption("No edits yet: every value is the extractor's.")
        return
    st.dataframe(hist, hide_index=True, width="stretch", column_config={
        "edit_id": None,
        "created_at": st.column_config.DatetimeColumn("when (UTC)", format="YYYY-MM-DD HH:mm"),
        "old_value": "from", "new_value": "to"})
