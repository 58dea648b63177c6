"""Ingest: add articles from the browser while the dashboard runs.

Drop files (every format ``sitroom ingest`` reads), paste an article, or give article links
and feed URLs. Each submission becomes a background job (it keeps running if you switch
pages); its panel shows progress per article and, at the end, what was added, skipped as a
duplicate or refused and why. New events appear on every page at once. Below: the sources
``sitroom watch`` polls and their last run, and analyst edits whose event vanished.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components import store as data
from components.filters import current_filters
from components.safe import md
from sitroom.loader import SUPPORTED_SUFFIXES
from sitroom.web import article_from_paste, is_url, load_upload, load_url

STATUS_ORDER = ("added", "no events", "duplicate", "conflict", "refused")


@st.cache_resource(show_spinner=False)
def _queue(db: str):
    """One ingest queue per database and dashboard process (jobs outlive page switches)."""
    from sitroom.extract import load_resources
    from sitroom.ingest_jobs import JobQueue
    return JobQueue(data.get_store(), lambda: load_resources(data.settings()))


def queue():
    return _queue(data.db_path())


current_filters()   # every page calls it first: a link straight to /ingest still runs through app.py
st.title("Ingest")
st.caption("Add articles to this database. Articles already stored are recognised by their text and "
           "skipped; an id seen before with different text is refused and named.")
store = data.get_store()
if not store.writable:
    st.error(f"This database cannot be written: {store.read_only_reason}")
    st.stop()

files_tab, paste_tab, links_tab = st.tabs(["Files", "Paste an article", "Links and feeds"])

with files_tab:
    uploads = st.file_uploader("Drop article files", accept_multiple_files=True,
                               type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES], key="ingest_files",
                               help="Text dumps, JSONL, JSON, CSV, HTML pages, RSS/Atom feeds.")
    if st.button("Ingest these files", disabled=not uploads, key="ingest_files_go"):
        sources = [(u.name, (lambda name=u.name, raw=u.getvalue(): load_upload(name, raw))) for u in uploads]
        queue().submit(f"{len(sources)} file(s)", sources)

with paste_tab:
    with st.form("ingest_paste", clear_on_submit=True):
        title = st.text_input("Title")
        c1, c2 = st.columns(2)
        published = c1.text_input("Published", placeholder="2026-02-09, 9 Feb 2026, ...")
        source = c2.text_input("Source", placeholder="Outlet or agency")
        url = st.text_input("Link (optional)")
        text = st.text_area("Text", height=220)
        if st.form_submit_button("Ingest this article"):
            pasted = article_from_paste(title, text, published=published or None, source=source, url=url)
            queue().submit(f"pasted: {title or '(untitled)'}", [("pasted article", lambda r=pasted: r)])

with links_tab:
    links = st.text_area("Article links and feed URLs, one per line", key="ingest_links", height=140)
    follow = st.checkbox("For feed items with only a summary, fetch the article page", value=True)
    wanted = [l.strip() for l in links.splitlines() if l.strip()]
    bad = [l for l in wanted if not is_url(l)]
    if bad:
        st.warning("Not http(s) links: " + md(", ".join(bad[:5])))
    if st.button("Fetch and ingest", disabled=not wanted or bool(bad), key="ingest_links_go"):
        sources = [(u, (lambda u=u: load_url(u, follow=follow)[1])) for u in wanted]
        queue().submit(f"{len(sources)} link(s)", sources)


def _outcome_frame(job) -> pd.DataFrame:
    rows = [{"status": o.status, "title": o.title, "where": o.where, "detail": o.detail, "events": o.events}
            for o in job.outcomes]
    return pd.DataFrame(rows, columns=["status", "title", "where", "detail", "events"])


def _job_panel(job) -> None:
    counts = job.counts()
    summary = ", ".join(f"{counts[s]} {s}" for s in STATUS_ORDER if counts.get(s)) or "nothing yet"
    with st.container(border=True):
        st.markdown(f"**{md(job.label)}** · {md(job.status)} · {md(summary)}")
        total = max(1, len(job.sources))
        if not job.finished:
            st.progress(min(1.0, job.sources_done / total),
                        text=f"{job.sources_done} of {total} sources read; {md(job.current)}")
        if job.error:
            st.error(f"The job stopped: {md(job.error)} (batches stored before it are kept)")
        frame = _outcome_frame(job)
        if not frame.empty:
            st.dataframe(frame, hide_index=True, width="stretch",
                         column_config={"detail": st.column_config.TextColumn(width="large")})
        if job.report is not None:
            r = job.report
            st.caption(f"{r.articles_added} articles added with {r.events_added} events "
                       f"(+{r.events_merged} mentions merged), {r.duplicates} duplicates, "
                       f"{len(r.refused)} refused, {len(r.conflicts)} id conflicts.")
            if r.notes:
                with st.expander(f"{len(r.notes)} notes"):
                    st.dataframe(pd.DataFrame(r.notes, columns=["where", "note"]), hide_index=True, width="stretch")


@st.fragment(run_every=1.0)
def _jobs() -> None:
    jobs = queue().jobs()
    if not jobs:
        st.caption("No ingest jobs yet in this dashboard session.")
        return
    for job in jobs[:10]:
        _job_panel(job)
    # A job that just finished changed the data: rerun the whole page once, so the sidebar's
    # counts (and every cached query, keyed by the data version) show the new events.
    done = {j.id for j in jobs if j.finished}
    seen = st.session_state.setdefault("_ingest_jobs_seen", set(done))
    if done - seen:
        seen |= done
        st.rerun(scope="app")


st.subheader("Jobs")
_jobs()

st.subheader("Watched sources")
try:
    from sitroom.watch import watched_sources
    sources = watched_sources(store.cursor())
except Exception:  # an older database without the sources table
    sources = pd.DataFrame()
if sources.empty:
    st.caption("No watched sources. Start one with `sitroom watch FEED_URL --every 15m` (see the README).")
else:
    st.dataframe(sources, hide_index=True, width="stretch")

orphans = store.orphaned_edits()
if not orphans.empty:
    st.subheader("Edits waiting for their event")
    st.caption("These analyst edits were made on events that re-extraction no longer finds at the same "
               "evidence. They are kept, not applied; the sentence shows what each was about.")
    st.dataframe(orphans, hide_index=True, width="stretch")
