"""Hostile text stays inert after it came in through the loaders (JSONL, CSV, HTML, feed): on
every page, in every export and every briefing format; SQL-like text in search and filters is
just text. Plus the small breaks of issue 10: literal search, clamped URL dates."""
from __future__ import annotations

import io
import json
import re
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # app.py's folder: components/

from components.pages import registered_pages
from fakes import fake_extractor
from sitroom import query
from sitroom.export import export_bytes
from sitroom.ingest import ingest_paths
from sitroom.query import Filters
from sitroom.store import Store

ROOT = Path(__file__).resolve().parent.parent
EVIL_TITLE = '<img src=x onerror=alert(1)> [site](http://evil.example) ![p](http://evil.example/p.png) =cmd|"/c calc"!A1'
EVIL_TEXT = ("Rebels attacked a base near Mosul on Monday; '; DROP TABLE events; -- 50% of_the \\ troops fled. "
             "<script>alert(2)</script> <a href=\"javascript:alert(3)\">x</a>")


def hostile_extractor(articles, *, resources=None):
    """The fake extractor, with the article's hostile title and source in every text field."""
    for a, events in fake_extractor(articles):
        for ev in events:
            ev.update(actor1=a.title, actor2=a.source or "@SUM(1+1)", summary=a.title, location="+evil",
                      trigger="<svg onload=alert(5)>", event_mode="-2+3", date_text="=1+1", place_text="@x")
        yield a, events


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    (d / "a.jsonl").write_text(json.dumps({"id": "h1", "title": EVIL_TITLE, "published": "2024-05-02",
                                           "source": "<script>alert(6)</script>", "url": "javascript:alert(7)",
                                           "text": EVIL_TEXT}) + "\n", encoding="utf-8")
    (d / "b.csv").write_text('id,title,published,text,source\nh2,"=HYPERLINK(""http://evil.example"",""x"")",'
                             '2024-05-03,"+1+1 Police arrested ten in Basra, officials said.",@evil\n', encoding="utf-8")
    (d / "c.html").write_text("<html><head><title>&lt;script&gt;alert(8)&lt;/script&gt;</title>"
                              "<meta property='article:published_time' content='2024-05-04'></head><body>"
                              "<p onclick='alert(9)'>Troops shelled a village near Kirkuk, officials said. "
                              "&lt;img src=x onerror=alert(10)&gt;</p><script>alert(11)</script></body></html>",
                              encoding="utf-8")
    (d / "d.xml").write_text("<?xml version='1.0'?><rss version='2.0'><channel><title>&lt;b&gt;Feed</title><item>"
                             "<title>[x](javascript:alert(12))</title><link>javascript:alert(13)</link>"
                             "<pubDate>Mon, 06 May 2024 09:00:00 GMT</pubDate><description>&lt;p&gt;Militants "
                             "attacked a checkpoint in Baghdad.&lt;/p&gt;&lt;script&gt;alert(14)&lt;/script&gt;"
                             "</description></item></channel></rss>", encoding="utf-8")
    path = d / "h.duckdb"
    store = Store(path)
    report = ingest_paths([d], store=store, resources=None, extractor=hostile_extractor)
    assert report.articles_added == 4, report.lines()
    store.close()
    return path


def test_loaders_keep_text_not_markup(db):
    store = Store(db, read_only=True)
    texts = dict(store.cursor().execute("SELECT article_id, text FROM articles").fetchall())
    store.close()
    html_text = next(t for k, t in texts.items() if "Kirkuk" in t)
    assert "alert(11)" not in html_text and "onclick" not in html_text   # tags dropped, scripts not kept
    feed_text = next(t for t in texts.values() if "checkpoint" in t)
    assert "alert(14)" not in feed_text                                    # feedparser sanitised it


def test_every_page_shows_hostile_text_as_text(db, monkeypatch):
    monkeypatch.setenv("SITROOM_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    for path, _, _ in registered_pages():
        at.switch_page(path).run()
        assert not at.exception, (path, [e.value for e in at.exception])
        html = "\n".join(h.proto.body for h in at.get("html"))
        assert not re.search(r"<(script|img|svg|iframe)\b", html, re.I), path
        assert not re.search(r"<[a-z]+\b[^>]*\bon[a-z]+\s*=", html, re.I), path   # no live event handler
        assert not re.search(r"href=[\"']?javascript:", html, re.I), path
        md_text = "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] +
                            [s.value for s in at.subheader])
        assert not re.search(r"(?<!\\)\]\((?:http|javascript)", md_text), path   # no live markdown links
        assert not re.search(r"(?<!\\)<(img|script|svg)", md_text), path


def test_exports_neutralise_formulas_and_keep_text(db):
    store = Store(db, read_only=True)
    df = query.events(store.cursor(), Filters(include_rejected=True))
    store.close()
    csv_text = export_bytes(df, fmt="csv").decode("utf-8-sig")
    for cell in re.findall(r'(?:^|,)("?)([=+\-@][^,\n]*)', csv_text, re.M):
        pytest.fail(f"formula-looking cell left live: {cell}")
    geo = json.loads(export_bytes(df, fmt="geojson"))
    assert all(isinstance(v, (str, int, float, bool, type(None), list))
               for f in geo["features"] for v in f["properties"].values())
    assert export_bytes(df, fmt="parquet")[:4] == b"PAR1"


def test_every_briefing_format_is_inert(db):
    from sitroom.briefing import build_briefing, render
    store = Store(db, read_only=True)
    b = build_briefing(store.cursor(), filters=Filters(), start=date(2024, 5, 1), end=date(2024, 5, 31),
                       figures=False)
    store.close()
    html = render(b, fmt="html", images=False).decode()
    assert not re.search(r"<(script|img|svg)\b[^>]*(onerror|onload|src=\"?x)", html, re.I)
    assert "<script>alert" not in html and 'href="javascript:' not in html
    md = render(b, fmt="md", images=False).decode()
    assert "<script>" not in md and not re.search(r"(?<!\\)\]\((?:http://evil|javascript)", md)
    pdf = render(b, fmt="pdf", images=False)
    assert b"/URI (javascript" not in pdf and b"/JS" not in pdf
    pptx = zipfile.ZipFile(io.BytesIO(render(b, fmt="pptx", images=False)))
    rels = "".join(pptx.read(n).decode("utf-8", "replace") for n in pptx.namelist() if n.endswith(".rels"))
    assert "javascript:" not in rels and "evil.example" not in rels


def test_sql_like_text_in_search_and_filters_is_just_text(db):
    store = Store(db, read_only=True)
    cur = store.cursor()
    hits = lambda **kw: len(query.events(cur, Filters(include_rejected=True, **kw)))
    assert hits(text="'; DROP TABLE events; --") >= 1
    assert hits(actors=("x' OR '1'='1",)) == 0 and hits(countries=("IRQ'--",)) == 0
    assert hits(text="50%") >= 1 and hits(text="5_%") == 0          # % and _ are literal
    assert hits(text="of_the") >= 1 and hits(text="ofXthe") == 0
    assert hits(text="\\ troops") >= 1 and hits(text="\\") >= 1     # so is the backslash
    assert cur.execute("SELECT count(*) FROM events").fetchone()[0] >= 1
    store.close()


def test_url_dates_outside_any_data_are_clamped(db, monkeypatch):
    monkeypatch.setenv("SITROOM_DB", str(db))
    f = Filters.from_params({"from": "0001-01-01", "to": "9999-12-31"})
    assert (f.start, f.end) == (date(1900, 1, 1), date(2100, 12, 31))
    for page in ("pages/overview.py", "pages/events.py", "pages/ingest.py"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params["from"], at.query_params["to"] = "0001-01-01", "9999-12-31"
        at.run()
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
