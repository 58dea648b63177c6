"""Briefing -> PDF.

First choice: print the self-contained HTML with headless Chromium
(``--print-to-pdf``), so the PDF looks like the HTML and keeps its links; the
page loads nothing from outside, so this works offline. Without a Chromium,
``fpdf_pdf`` lays out the same content with fpdf2 and a system DejaVu font
(Unicode text; charts included when they were drawn).
Either way the events' text is real text in the PDF (pdftotext/pypdf extract it).
"""
from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

from .images import chromium_path
from .model import Briefing, CitedEvent
from .render_html import to_html
from .text import clean, quoted, safe_url

DEJAVU_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
               Path("/usr/local/share/fonts"), Path("/Library/Fonts"))


class PdfError(RuntimeError):
    pass


def chromium_pdf(html: str, *, browser: str, timeout: float = 120) -> bytes:
    """Print an HTML string to PDF with headless Chromium (fresh profile, no network)."""
    with tempfile.TemporaryDirectory(prefix="sitroom-pdf-") as tmp:
        src, out = Path(tmp) / "briefing.html", Path(tmp) / "briefing.pdf"
        src.write_text(html, encoding="utf-8")
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
               "--disable-background-networking", "--disable-component-update", "--hide-scrollbars",
               f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer", f"--print-to-pdf={out}",
               src.as_uri()]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise PdfError(f"Chromium did not finish printing within {timeout:g} s") from exc
        if not out.exists() or out.stat().st_size == 0:
            raise PdfError(f"Chromium wrote no PDF (exit {proc.returncode}): "
                           f"{proc.stderr.decode(errors='replace')[-500:]}")
        return out.read_bytes()


def to_pdf(b: Briefing) -> bytes:
    browser = chromium_path()
    if browser:
        try:
            return chromium_pdf(to_html(b), browser=browser)
        except PdfError:
            pass   # fall through to the pure-Python layout
    return fpdf_pdf(b)


# ---- fallback: fpdf2 ----------------------------------------------------------------------------
def _font_dir() -> Path:
    for d in DEJAVU_DIRS:
        if (d / "DejaVuSans.ttf").exists():
            return d
    raise PdfError("no DejaVuSans.ttf found (install fonts-dejavu-core) and no Chromium to print with")


def fpdf_pdf(b: Briefing) -> bytes:
    """The briefing laid out with fpdf2 (used when Chromium is missing or fails)."""
    from fpdf import FPDF

    fonts = _font_dir()
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_title(clean(b.title))
    pdf.add_page()
    w = pdf.epw

    def text(s: str, size: float = 10, style: str = "", h: float = 5, link: str | None = None):
        pdf.set_font("DejaVu", style, size)
        pdf.multi_cell(w, h, clean(s), new_x="LMARGIN", new_y="NEXT", link=link or "", align="L")

    def heading(s: str):
        pdf.ln(3)
        text(s, 14, "B", 7)

    def event(ev: CitedEvent, prefix: str = "- "):
        when = ev.event_date.isoformat() if ev.event_date else "date unknown"
        text(f"{prefix}{when} {ev.event_type}: {ev.summary or ev.sentence}" + (" (pinned)" if ev.pinned else ""),
             10, "B")
        if ev.sentence:
            text(quoted(ev.sentence), 9)
        facts = "; ".join(x for x in (ev.casualties_text, f"salience {ev.salience:.2f}",
                                      f"{ev.n_sources} source(s)", ev.flags_text) if x)
        text(f"{ev.citation_text()} ({facts})", 8, link=safe_url(ev.url))
        pdf.ln(1)

    text(b.title, 18, "B", 9)
    text(f"Period: {b.period_text} (compared with {b.previous_text})", 9)
    text(f"Filters: {b.filters_text} · {b.candidates} events · generated {b.generated_at:%Y-%m-%d %H:%M} UTC", 9)
    if b.summary:
        heading("Summary")
        text(b.summary)
    heading("Headline figures")
    for m in b.headline:
        text(f"{m.name}: {m.current:,} (previous {m.previous:,}, {m.change_text})")
    if b.changes:
        heading("What changed")
        for c in b.changes:
            text("• " + c)
    heading("Key events")
    for i, ev in enumerate(b.key_events, 1):
        event(ev, f"{i}. ")
    for name in ("map", "timeline"):
        if b.images.get(name):
            heading(b.image_titles.get(name, name))
            pdf.image(io.BytesIO(b.images[name]), w=w)
    for s in b.sections:
        heading(f"{s.name} ({s.iso3})")
        text(f"{s.events} events (previous {s.previous}, {s.metric.change_text}); types: "
             + ", ".join(f"{t} {n}" for t, n in s.top_types) + "; actors: "
             + ", ".join(f"{a} {n}" for a, n in s.top_actors), 9)
        for ev in s.key_events:
            event(ev)
    if b.notes:
        heading("Notes")
        for n in b.notes:
            text("• " + n, 9)
    heading("Method")
    for m in b.method:
        text("• " + m, 9)
    return bytes(pdf.output())
