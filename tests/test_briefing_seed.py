"""The briefing command on the sample articles, end to end: ingest with the real extractor,
then every export format, checked for the events' own text and images."""
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from datetime import date

from sitroom import query
from sitroom.cli import main
from sitroom.store import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("seed") / "sample.duckdb"
    res = CliRunner().invoke(main, ["ingest", str(ROOT / "data" / "sample"), "--db", str(db)])
    assert res.exit_code == 0, res.output
    return db


def _briefing(db, fmt, out, *extra):
    res = CliRunner().invoke(main, ["briefing", "--from", "2021-06-01", "--to", "2026-02-09", "--format", fmt,
                                    "-o", str(out), "--db", str(db), *extra])
    assert res.exit_code == 0, res.output
    return out.read_bytes()


def _words(s: str) -> str:
    return re.sub(r"\s+", " ", s)


def test_seed_briefing_in_all_formats(sample_db, tmp_path):
    store = Store(sample_db, read_only=True)
    events = query.events(store.cursor(), query.Filters(start=date(2021, 6, 1), end=date(2026, 2, 9)))
    store.close()
    assert len(events) >= 8
    # The most severe, best-sourced events must be cited; take their summaries from the store itself.
    top = events.sort_values("confidence", ascending=False)

    md = _briefing(sample_db, "md", tmp_path / "b.md", "--no-images").decode()
    assert md.startswith("# ")
    cited = [s for s in top.summary if s and s.split(" ")[0] in md]
    assert cited, "no event summary of the store appears in the Markdown briefing"

    html = _briefing(sample_db, "html", tmp_path / "b.html").decode()
    assert "data:image/png;base64," in html  # images inlined, nothing fetched
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?://', html)

    pdf = _briefing(sample_db, "pdf", tmp_path / "b.pdf")
    from pypdf import PdfReader
    text = _words(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages))
    # Sentences of the key events (the evidence) are in the PDF text.
    assert sum(_words(s)[:40] in text for s in events.sentence if s) >= 3

    pptx = _briefing(sample_db, "pptx", tmp_path / "b.pptx")
    from pptx import Presentation
    deck = Presentation(io.BytesIO(pptx))
    pictures = [sh for slide in deck.slides for sh in slide.shapes if sh.shape_type == 13]
    assert len(deck.slides) >= 3 and len(pictures) >= 2
