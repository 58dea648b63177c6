"""Briefings: content, analyst controls, escaping, and the four formats (md, html, pdf, pptx).

Chart images cost ~2 s of Chromium per briefing, so the module draws them once
(``rendered``) and the CLI test draws them for one format only.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom import query
from sitroom.briefing import build_briefing, render, with_images
from sitroom.briefing import salience as sal
from sitroom.briefing.text import md_escape, safe_url
from sitroom.cli import main
from sitroom.fixtures import build_fixture_db
from sitroom.store import Store

START, END = date(2025, 3, 1), date(2025, 3, 31)


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """A fixture DB where the most salient event of the period is rejected by an analyst."""
    path = build_fixture_db(tmp_path_factory.mktemp("briefing") / "fx.duckdb", n_events=240, seed=5)
    store = Store(path)
    cur = store.cursor()
    f = query.Filters(start=START, end=END)
    from sitroom.briefing.build import rank_events
    ranked = rank_events(query.events(cur, f))
    rejected = ranked.iloc[0]
    store.add_edit(rejected["event_id"], "status", "rejected", author="test")
    # Make the rejected event's text unique so its absence can be checked in every format.
    store.add_edit(rejected["event_id"], "summary", "ZZREJECTEDZZ event", author="test")
    ranked = rank_events(query.events(cur, f))
    pin, drop = ranked.iloc[-1]["event_id"], ranked.iloc[0]["event_id"]
    store.close()
    # Read-only from here on, like the CLI (DuckDB wants one configuration per file and process).
    store = Store(path, read_only=True)
    yield {"path": path, "store": store, "rejected": rejected["event_id"], "pin": pin, "drop": drop}
    store.close()


@pytest.fixture(scope="module")
def briefing(setup):
    b = build_briefing(setup["store"].cursor(), filters=query.Filters(), start=START, end=END,
                       pinned=(setup["pin"], "no-such-id"), dropped=(setup["drop"],),
                       summary="Calm week <script>alert('x')</script> [click](javascript:alert(1))")
    return with_images(b)


@pytest.fixture(scope="module")
def rendered(briefing):
    return {fmt: render(briefing, fmt=fmt) for fmt in ("md", "html", "pdf", "pptx")}


def pdf_text(data: bytes, tmp_path) -> str:
    """Text of a PDF: pypdf when installed, else poppler's pdftotext. NFKC undoes the
    typographic ligatures (ﬁ) Chromium's fonts use."""
    try:
        from pypdf import PdfReader
        text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    except ImportError:
        if not shutil.which("pdftotext"):
            pytest.fail("no PDF text extractor: add pypdf to the dev dependencies or install poppler-utils")
        src = tmp_path / "b.pdf"
        src.write_bytes(data)
        text = subprocess.run(["pdftotext", str(src), "-"], capture_output=True, check=True, text=True).stdout
    return unicodedata.normalize("NFKC", text)


def pptx_text_and_pictures(data: bytes) -> tuple[str, int, int]:
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE
    prs = Presentation(io.BytesIO(data))
    text, pics = [], 0
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                pics += 1
            if shape.has_text_frame:
                text.append(shape.text_frame.text)
            if shape.has_table:
                text += [c.text for row in shape.table.rows for c in row.cells]
    return "\n".join(text), pics, len(prs.slides)


def test_salience_formula():
    top = sal.salience_one(event_type="ASSAULT", n_sources=10, fatalities=100, injuries=0, confidence=1.0)
    assert top == pytest.approx(1.0)
    low = sal.salience_one(event_type="OTHER", n_sources=1, fatalities=None, injuries=None, confidence=0.0)
    assert low == pytest.approx(0.35 * 0.1 + 0.25 * 0.2890648, abs=1e-4)
    assert sal.salience_one(event_type="ASSAULT", n_sources=2, fatalities=0, injuries=0, confidence=0.5) > \
        sal.salience_one(event_type="ASSAULT", n_sources=1, fatalities=0, injuries=0, confidence=0.5)


def test_briefing_content(briefing, setup):
    b = briefing
    assert (b.prev_start, b.prev_end) == (date(2025, 1, 29), date(2025, 2, 28))   # same 31 days before
    assert b.headline[0].name == "Events" and b.headline[0].current == b.candidates
    assert b.key_events[0].event_id == setup["pin"] and b.key_events[0].pinned
    ids = {e.event_id for e in b.key_events} | {e.event_id for s in b.sections for e in s.key_events}
    assert setup["rejected"] not in ids and setup["drop"] not in ids
    unpinned = [e.salience for e in b.key_events if not e.pinned]
    assert unpinned == sorted(unpinned, reverse=True)
    assert any("no-such-id" in n for n in b.notes)
    assert b.sections and [s.events for s in b.sections] == sorted((s.events for s in b.sections), reverse=True)
    assert all(e.country == s.iso3 for s in b.sections for e in s.key_events)
    assert b.changes and set(b.images) == {"map", "timeline"}
    assert all(png[:8] == b"\x89PNG\r\n\x1a\n" for png in b.images.values())
    for e in b.key_events:
        assert e.source and e.url and e.published      # every event is cited


def test_rejected_event_absent_from_every_format(rendered, setup, tmp_path):
    texts = {"md": rendered["md"].decode(), "html": rendered["html"].decode(),
             "pdf": pdf_text(rendered["pdf"], tmp_path), "pptx": pptx_text_and_pictures(rendered["pptx"])[0]}
    for fmt, text in texts.items():
        assert "ZZREJECTEDZZ" not in text, fmt
        assert setup["rejected"] not in text, fmt


def test_pdf_has_the_events_text(rendered, briefing, tmp_path):
    data = rendered["pdf"]
    assert data[:5] == b"%PDF-"
    text = re.sub(r"\s+", " ", pdf_text(data, tmp_path))
    for e in briefing.key_events[:5]:
        assert e.summary in text
        assert e.sentence[:40] in text
    assert "Fixture Wire" in text and "Headline figures" in text


def test_pptx_opens_and_holds_the_images(rendered, briefing):
    text, pictures, slides = pptx_text_and_pictures(rendered["pptx"])
    assert pictures == 2
    assert slides >= 6 + len(briefing.sections)
    assert briefing.key_events[0].summary in text
    assert all(s.name in text for s in briefing.sections)


class _Loads(HTMLParser):
    """Collects everything in a page that would make a browser fetch something."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.styles: list[str] = []
        self._in_style = False
        self.links: list[str] = []
        self.csp = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.problems.append(f"script {a}")
        if tag in ("link", "iframe", "object", "embed", "frame", "audio", "video", "source", "track", "base"):
            self.problems.append(f"{tag} {a}")
        for key in ("src", "srcset", "poster", "data", "background"):
            if key in a and not (a[key] or "").startswith("data:"):
                self.problems.append(f"{tag} {key}={a[key]}")
        if "style" in a:
            self.styles.append(a["style"])
        if tag == "a":
            self.links.append(a.get("href", ""))
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = a.get("content")
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def test_html_loads_nothing_from_outside(rendered):
    page = rendered["html"].decode()
    p = _Loads()
    p.feed(page)
    assert p.problems == []
    css = "\n".join(p.styles)
    assert "@import" not in css and "@font-face" not in css
    assert not re.search(r"url\(\s*['\"]?(?!data:)", css)
    assert p.csp and "default-src 'none'" in p.csp
    assert p.links and all(h.startswith(("https://", "http://")) for h in p.links)   # source links only
    assert page.count('src="data:image/png;base64,') == 2


def test_article_text_is_escaped(rendered):
    page = rendered["html"].decode()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "javascript:" not in re.findall(r'href="([^"]*)"', page).__str__()
    md = rendered["md"].decode()
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "\\[click\\](javascript:" in md                     # shown as text, not a link
    assert not re.search(r"(?<!\\)\]\(javascript:", md)
    assert md_escape("<b>x</b> [a](http://e.vil) ![i](x) *em*") == \
        r"&lt;b&gt;x&lt;/b&gt; \[a\](http://e.vil) \!\[i\](x) \*em\*"
    assert md_escape("# not a heading").startswith("\\#")
    assert safe_url("javascript:alert(1)") is None and safe_url("https://a.b/x y(1)") == "https://a.b/x%20y%281%29"


def test_cli_writes_all_four_formats(setup, tmp_path):
    for fmt in ("md", "html", "pdf", "pptx"):
        out = tmp_path / f"brief.{fmt}"
        args = ["briefing", "--from", "2025-03-01", "--to", "2025-03-31", "--country", "IRQ", "--country", "SYR",
                "--format", fmt, "-o", str(out), "--db", str(setup["path"])]
        if fmt != "pptx":          # draw the charts once (pptx), keep the test quick
            args.append("--no-images")
        res = CliRunner().invoke(main, args)
        assert res.exit_code == 0, res.output
        data = out.read_bytes()
        assert len(data) > 1000
        magic = {"md": b"# ", "html": b"<!DOCTYPE html>", "pdf": b"%PDF-", "pptx": b"PK"}[fmt]
        assert data.startswith(magic), fmt
        if fmt == "pptx":
            assert pptx_text_and_pictures(data)[1] == 2
        if fmt == "md":
            assert "Iraq (IRQ)" in data.decode() and "countries: IRQ, SYR" in data.decode()
    res = CliRunner().invoke(main, ["briefing", "--from", "2025-03-31", "--to", "2025-03-01", "--format", "md",
                                    "-o", str(tmp_path / "x.md"), "--db", str(setup["path"])])
    assert res.exit_code != 0 and "ends before it starts" in res.output


def test_pdf_fallback_without_chromium(briefing, tmp_path):
    """Where no Chromium can print, fpdf2 + DejaVu lays out the same content."""
    from sitroom.briefing.render_pdf import fpdf_pdf
    data = fpdf_pdf(briefing)
    text = re.sub(r"\s+", " ", pdf_text(data, tmp_path))
    assert briefing.key_events[0].summary in text and briefing.sections[0].name in text


def test_briefing_page_renders(setup, monkeypatch, tmp_path):
    """The Streamlit page builds a preview from the sidebar filters (AppTest, no browser)."""
    from pathlib import Path
    from streamlit.testing.v1 import AppTest
    db = tmp_path / "page.duckdb"      # the app opens its own read-write connection
    shutil.copy(setup["path"], db)
    monkeypatch.setenv("SITROOM_DB", str(db))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/briefing.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.date_input(key="br_from").set_value(START).run()
    at.date_input(key="br_to").set_value(END).run()
    at.text_area(key="br_summary").set_value("Team: <b>watch</b> Iraq").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("\\<b\\>watch" in i.value and "<b>" not in i.value for i in at.info)   # escaped, not bold
    text = " ".join(m.value for m in at.markdown)
    assert "ZZREJECTEDZZ" not in text and "Key events" in " ".join(h.value for h in at.subheader)


# ---- one event once, background out of the figures, quotes (issue 8's dashboard side) ---------------
def _story_store(tmp_path):
    from test_views import _event, _put, store as _unused  # noqa: F401  (the row helpers)
    from sitroom.ingest import insert_rows
    s = Store(tmp_path / "story.duckdb")
    with s.transaction() as cur:
        insert_rows(cur, "articles", [["a1", "h1", "Train hijacked", date(2025, 3, 12), "Wire", None, "t", "[]",
                                       "t", None]])
    hijack = dict(article_id="a1", event_type="COERCE", actor1="BLA", actor1_id="D:bla", location="Bolan",
                  country="PAK", fatalities=26, event_date=date(2025, 3, 11))
    _put(s, *[_event(i, **hijack, sentence=f"Mention {i} of the hijacking.") for i in range(6)],
         _event(6, article_id="a1", event_type="COERCE", actor1="BLA", actor1_id="D:bla", location="Bolan",
                country="PAK", event_date=date(2025, 3, 12), fatalities=None),      # a later detail, same event
         _event(7, article_id="a1", country="PAK", location="Quetta", event_date=date(2025, 3, 12)),
         _event(8, article_id="a1", country="PAK", location="Quetta", fatalities=100_000, background=True,
                event_date=date(2025, 3, 10)))
    return s


def test_briefing_lists_one_event_once_and_counts_no_background(tmp_path):
    s = _story_store(tmp_path)
    cur = s.cursor()
    b = build_briefing(cur, filters=query.Filters(), start=date(2025, 3, 6), end=date(2025, 3, 12), figures=False)
    listed = [e.event_id for e in b.key_events]
    assert sum(e.startswith("e") and int(e[1:]) <= 6 for e in listed) == 1, listed   # one hijacking row
    assert "e7" in listed and "e8" not in listed
    assert any("repeating a listed event" in n for n in b.notes)
    # The figures count stored events (the same as the Overview): here six unmerged rows of 26, never
    # the background war's 100,000. Merging mentions into one event is the extractor's (its evidence
    # rows then count once: tests/test_views.py).
    killed = {m.name: m.current for m in b.headline}["Reported killed"]
    assert killed == 6 * 26 == query.headline_counts(cur, query.Filters(start=date(2025, 3, 6),
                                                                       end=date(2025, 3, 12)))["fatalities"]
    shown = build_briefing(cur, filters=query.Filters(include_background=True), start=date(2025, 3, 6),
                           end=date(2025, 3, 12), figures=False)
    assert {m.name: m.current for m in shown.headline}["Reported killed"] == killed
    bg = [e for e in shown.key_events if e.event_id == "e8"]
    assert bg and bg[0].background and "not counted" in bg[0].flags_text
    assert "not counted" in render(shown, fmt="md").decode()
    s.close()


def test_quotes_inside_a_quoted_sentence_are_not_doubled():
    from sitroom.briefing.text import quoted
    assert quoted("“They attacked us,” he said.") == "“‘They attacked us,’ he said.”"
    assert quoted('He said "no".') == "“He said 'no'.”" and quoted(None) == ""


def test_pptx_and_pdf_quote_once(rendered):
    from pptx import Presentation
    from pptx.util import Inches
    title = Presentation(io.BytesIO(rendered["pptx"])).slides[0].shapes.title
    assert title.top > Inches(1) and title.height > Inches(1), "the title box overflows the top of the slide"
    text, _, _ = pptx_text_and_pictures(rendered["pptx"])
    assert "““" not in text and "””" not in text
    assert "““" not in rendered["md"].decode()


def _render_pages(pdf: bytes, out_dir, stem: str) -> list:
    """PNG of every page of a PDF (poppler's pdftoppm), kept in tests/artifacts for a person to look at."""
    from PIL import Image
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob(f"{stem}-*.png"):
        old.unlink()
    src = out_dir / f"{stem}.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(src), str(out_dir / stem)], check=True, timeout=120)
    return [Image.open(p).convert("L") for p in sorted(out_dir.glob(f"{stem}-*.png"))]


def _ink(img) -> float:
    """Share of a page's pixels that are not (near) white."""
    hist = img.histogram()
    return 1 - sum(hist[235:]) / (img.width * img.height)


ARTIFACT_DIR = Path(__file__).resolve().parent / "artifacts" / "briefing_render"


def test_pptx_renders_with_libreoffice_and_every_slide_has_content(rendered, briefing, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftoppm"):
        pytest.skip("LibreOffice (soffice) or poppler (pdftoppm) is not installed: `make browser-deps` installs both")
    src = tmp_path / "briefing.pptx"
    src.write_bytes(rendered["pptx"])
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=180)
    pdf = (tmp_path / "briefing.pdf").read_bytes()
    _, _, n_slides = pptx_text_and_pictures(rendered["pptx"])
    pages = _render_pages(pdf, ARTIFACT_DIR, "slides")
    assert len(pages) == n_slides
    assert all(_ink(p) > 0.01 for p in pages), [round(_ink(p), 3) for p in pages]
    # The map and timeline slides are pictures: far more ink than a slide of text.
    assert sorted(_ink(p) for p in pages)[-1] > 0.15
    text = pdf_text(pdf, tmp_path)
    assert briefing.key_events[0].event_type in text and "““" not in text


def test_pdf_briefing_pages_render(rendered):
    if not shutil.which("pdftoppm"):
        pytest.skip("poppler (pdftoppm) is not installed: `make browser-deps` installs it")
    pages = _render_pages(rendered["pdf"], ARTIFACT_DIR, "pdf")
    assert pages and all(_ink(p) > 0.01 for p in pages)
