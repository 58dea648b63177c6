"""Briefing -> PowerPoint (python-pptx), 16:9: one slide per section.

Slides: title, summary + headline figures, what changed, key events (five per
slide), map, timeline, one per country, notes and method. Charts are the
kaleido PNGs; sources are hyperlinked. python-pptx writes XML-escaped text,
and ``clean`` drops the control characters XML cannot hold.
"""
from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from .model import Briefing, CitedEvent
from .text import clean, quoted, safe_url, truncate

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
BODY_TOP = Inches(1.35)
GREY = RGBColor(0x5B, 0x64, 0x75)
ACCENT = RGBColor(0x4A, 0x6F, 0xA5)
EVENTS_PER_SLIDE = 5


def _slide(prs, title: str):
    s = prs.slides.add_slide(prs.slide_layouts[5])     # "Title Only"
    t = s.shapes.title
    t.left, t.top, t.width, t.height = MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.9)
    t.text = truncate(title, 90)
    p = t.text_frame.paragraphs[0]
    p.font.size, p.font.bold, p.font.color.rgb = Pt(28), True, ACCENT
    return s


def _textbox(slide, *, top=BODY_TOP, height=None):
    box = slide.shapes.add_textbox(MARGIN, top, WIDTH - 2 * MARGIN, height or (HEIGHT - top - Inches(0.4)))
    tf = box.text_frame
    tf.word_wrap = True
    return tf


def _para(tf, text: str, *, size: int = 16, bold: bool = False, italic: bool = False, color=None,
          link: str | None = None, first: list | None = None, space: int = 4):
    # The text frame starts with one empty paragraph: use it for the first line.
    if first is not None and first:
        p = tf.paragraphs[0]
        first.clear()
    else:
        p = tf.add_paragraph()
    run = p.add_run()
    run.text = clean(text)
    f = run.font
    f.size, f.bold, f.italic = Pt(size), bold, italic
    if color is not None:
        f.color.rgb = color
    if link:
        run.hyperlink.address = link
    p.space_after = Pt(space)
    return p


def _bullets(slide, items: list[str], *, size: int = 16, top=BODY_TOP):
    tf = _textbox(slide, top=top)
    first = [True]
    for it in items:
        _para(tf, "• " + it, size=size, first=first)


def _events(slide, events: list[CitedEvent], *, top=BODY_TOP, start: int = 1):
    tf = _textbox(slide, top=top)
    first = [True]
    for i, ev in enumerate(events, start):
        when = ev.event_date.isoformat() if ev.event_date else "date unknown"
        _para(tf, f"{i}. {when} · {ev.event_type} · {truncate(ev.summary or ev.sentence, 110)}"
                  + (" ★ pinned" if ev.pinned else ""), size=14, bold=True, first=first, space=1)
        if ev.sentence:
            _para(tf, quoted(ev.sentence, 230), size=12, italic=True, space=1)
        facts = "; ".join(x for x in (ev.casualties_text, f"salience {ev.salience:.2f}",
                                      f"{ev.n_sources} source(s)", ev.flags_text) if x)
        _para(tf, f"{ev.source or 'source'}, {ev.published.isoformat() if ev.published else 'n.d.'}"
                  f" — {truncate(ev.title or '', 80)} ({facts})",
              size=10, color=GREY, link=safe_url(ev.url), space=8)


def _picture(slide, png: bytes, *, top=BODY_TOP):
    """The PNG as large as the area below the title allows, aspect kept, centred."""
    from PIL import Image
    w_px, h_px = Image.open(io.BytesIO(png)).size
    max_w, max_h = WIDTH - 2 * MARGIN, HEIGHT - top - Inches(0.3)
    scale = min(max_w / w_px, max_h / h_px)
    w, h = Emu(int(w_px * scale)), Emu(int(h_px * scale))
    slide.shapes.add_picture(io.BytesIO(png), Emu(int((WIDTH - w) / 2)), top, width=w, height=h)


def to_pptx(b: Briefing) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT

    s = prs.slides.add_slide(prs.slide_layouts[0])
    # Every coordinate of both placeholders: setting only some of them leaves the others at 0
    # (python-pptx writes a fresh xfrm), and the title then overflows the top of the slide.
    title, subtitle = s.shapes.title, s.placeholders[1]
    title.left, title.top, title.width, title.height = MARGIN, Inches(2.0), WIDTH - 2 * MARGIN, Inches(1.6)
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = MARGIN, Inches(3.8), WIDTH - 2 * MARGIN, Inches(2.2)
    title.text = truncate(b.title, 100)
    p = title.text_frame.paragraphs[0]
    p.font.size, p.font.bold, p.font.color.rgb = Pt(36), True, ACCENT
    sub = subtitle.text_frame
    sub.text = f"{b.period_text} (compared with {b.previous_text})"
    sub.add_paragraph().text = clean(f"Filters: {b.filters_text}")
    sub.add_paragraph().text = f"Generated {b.generated_at:%Y-%m-%d %H:%M} UTC · {b.candidates} events"
    for para in sub.paragraphs:
        para.font.size, para.font.color.rgb = Pt(18), GREY

    s = _slide(prs, "Summary and headline figures")
    top = BODY_TOP
    if b.summary:
        tf = _textbox(s, top=top, height=Inches(2.2))
        _para(tf, truncate(b.summary, 900), size=16, first=[True])
        top = BODY_TOP + Inches(2.4)
    rows = len(b.headline) + 1
    table = s.shapes.add_table(rows, 4, MARGIN, top, WIDTH - 2 * MARGIN, Inches(0.4) * rows).table
    for j, h in enumerate(("", "This period", "Previous", "Change")):
        table.cell(0, j).text = h
    for i, m in enumerate(b.headline, 1):
        for j, v in enumerate((m.name, f"{m.current:,}", f"{m.previous:,}", m.change_text)):
            table.cell(i, j).text = v
    for row in table.rows:
        for cell in row.cells:
            for p in cell.text_frame.paragraphs:
                p.font.size = Pt(16)

    if b.changes:
        s = _slide(prs, "What changed")
        _bullets(s, [truncate(c, 200) for c in b.changes[:12]], size=15 if len(b.changes) > 8 else 17)
    evs = list(b.key_events)
    if not evs:
        _bullets(_slide(prs, "Key events"), ["No events in this period."])
    for k in range(0, len(evs), EVENTS_PER_SLIDE):
        title = "Key events" + (f" ({k // EVENTS_PER_SLIDE + 1})" if len(evs) > EVENTS_PER_SLIDE else "")
        _events(_slide(prs, title), evs[k:k + EVENTS_PER_SLIDE], start=k + 1)
    for name in ("map", "timeline"):
        if b.images.get(name):
            s = _slide(prs, b.image_titles.get(name, name))
            _picture(s, b.images[name])

    for sec in b.sections:
        s = _slide(prs, f"{sec.name} ({sec.iso3})")
        tf = _textbox(s, top=BODY_TOP, height=Inches(0.8))
        _para(tf, f"{sec.events} events (previous period {sec.previous}, {sec.metric.change_text})"
                  + (f" · {sec.fatalities} reported killed" if sec.fatalities else ""), size=15, bold=True,
              first=[True], space=2)
        _para(tf, "Types: " + ", ".join(f"{t} {n}" for t, n in sec.top_types) + " · Actors: "
              + ", ".join(f"{truncate(a, 40)} {n}" for a, n in sec.top_actors), size=12, color=GREY)
        _events(s, list(sec.key_events)[:4], top=BODY_TOP + Inches(0.9))

    s = _slide(prs, "Notes and method")
    _bullets(s, [truncate(x, 400) for x in list(b.notes) + list(b.method)], size=13)

    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
