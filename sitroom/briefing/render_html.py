"""Briefing -> one self-contained HTML page (also the source of the PDF).

Nothing is loaded from outside: CSS is inline, charts are base64 PNG data URIs,
fonts are the reader's system fonts, there is no script. A Content-Security-Policy
meta tag says so to the browser too. Links to the cited articles are plain
<a href> (navigation, not loading). All article-derived text is html.escape'd.
"""
from __future__ import annotations

import base64

from .model import Briefing, CitedEvent, Metric
from .text import html_escape as E, quoted, safe_url

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

CSS = """
:root { --ink:#1d2330; --muted:#5b6475; --line:#d9dde4; --accent:#4a6fa5; --bad:#c62828; --good:#2e7d32; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; color: var(--ink);
       max-width: 1000px; margin: 0 auto; padding: 28px 32px; line-height: 1.45; font-size: 14px; }
h1 { font-size: 24px; margin: 0 0 6px; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--accent);
     break-after: avoid; page-break-after: avoid; }
.meta { color: var(--muted); font-size: 12.5px; margin: 0; }
.summary { background: #f4f6fa; border-left: 4px solid var(--accent); padding: 10px 14px; margin: 14px 0; }
table.figures { border-collapse: collapse; width: 100%; font-size: 13px; }
table.figures th, table.figures td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: right; }
table.figures th:first-child, table.figures td:first-child { text-align: left; }
.up { color: var(--bad); } .down { color: var(--good); }
ul.changes { padding-left: 20px; margin: 6px 0; } ul.changes li { margin: 2px 0; }
figure { margin: 10px 0 16px; break-inside: avoid; page-break-inside: avoid; }
figure img { width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { color: var(--muted); font-size: 12px; }
ol.events, ul.events { padding-left: 22px; margin: 6px 0; }
.event { margin: 0 0 10px; break-inside: avoid; page-break-inside: avoid; }
.event .head { font-weight: 600; }
.event .type { display: inline-block; padding: 0 6px; border-radius: 3px; color: #fff; font-size: 11.5px;
               background: var(--accent); margin-right: 4px; }
.event .type.conflict { background: var(--bad); } .event .type.cooperation { background: var(--good); }
.event blockquote { margin: 3px 0; padding: 0 0 0 10px; border-left: 3px solid var(--line); color: #333; }
.event .cite { color: var(--muted); font-size: 12px; }
.pin { color: var(--accent); font-weight: 700; }
.country .stats { color: var(--muted); margin: 0 0 6px; }
a { color: var(--accent); }
.notes, .method { color: var(--muted); font-size: 12px; }
@page { size: A4; margin: 14mm 12mm; }
@media print { body { padding: 0; max-width: none; font-size: 12px; } h2 { margin-top: 18px; } }
"""


def _type_class(ev: CitedEvent) -> str:
    q = ev.quad_class or ""
    return "conflict" if "conflict" in q else "cooperation" if "cooperation" in q else ""


def event_html(ev: CitedEvent) -> str:
    """One event as an <li>: date, type, summary, evidence sentence, citation with link."""
    when = ev.event_date.isoformat() if ev.event_date else "date unknown"
    pin = ' <span class="pin" title="pinned by the analyst">&#9733; pinned</span>' if ev.pinned else ""
    url = safe_url(ev.url)
    src = E(ev.source or "source")
    src = f'<a href="{E(url)}" rel="noopener noreferrer">{src}</a>' if url else src
    cite = src + (f", {ev.published.isoformat()}" if ev.published else "")
    if ev.title:
        cite += f": {E(quoted(ev.title))}"
    facts = [f"salience {ev.salience:.2f}", f"{ev.n_sources} source{'s' if ev.n_sources != 1 else ''}"]
    if ev.casualties_text:
        facts.insert(0, E(ev.casualties_text))
    if ev.review_status != "unreviewed":
        facts.append(E(ev.review_status))
    if ev.flags_text:
        facts.append(E(ev.flags_text))
    quote = f"<blockquote>{E(ev.sentence)}</blockquote>" if ev.sentence else ""
    return (f'<li class="event"><div class="head">{when} <span class="type {_type_class(ev)}">'
            f'{E(ev.event_type)}</span> {E(ev.summary or ev.sentence)}{pin}</div>{quote}'
            f'<div class="cite">{cite} &middot; {"; ".join(facts)} &middot; id {E(ev.event_id)}</div></li>')


def _metric_row(m: Metric) -> str:
    # Colour only the human cost: more events or articles is not by itself bad news.
    harm = m.name.startswith("Reported")
    cls = ("up" if m.change > 0 else "down" if m.change < 0 else "") if harm else ""
    return (f"<tr><td>{E(m.name)}</td><td>{m.current:,}</td><td>{m.previous:,}</td>"
            f'<td class="{cls}">{E(m.change_text)}</td></tr>')


def _figure(b: Briefing, name: str) -> str:
    png = b.images.get(name)
    if not png:
        return ""
    title = E(b.image_titles.get(name, name))
    data = base64.b64encode(png).decode("ascii")
    return f'<figure><img alt="{title}" src="data:image/png;base64,{data}"><figcaption>{title}</figcaption></figure>'


def to_html(b: Briefing) -> str:
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{E(b.title)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{E(b.title)}</h1>",
        f'<p class="meta">Period: <b>{E(b.period_text)}</b> (compared with {E(b.previous_text)})</p>',
        f'<p class="meta">Filters: {E(b.filters_text)} &middot; {b.candidates:,} events in the selection '
        f"&middot; generated {b.generated_at:%Y-%m-%d %H:%M} UTC</p></header>",
    ]
    if b.summary:
        parts.append(f'<section><h2>Summary</h2><div class="summary">'
                     + "".join(f"<p>{E(p)}</p>" for p in b.summary.split("\n\n") if p.strip()) + "</div></section>")
    parts.append('<section><h2>Headline figures</h2><table class="figures"><thead><tr><th></th>'
                 "<th>This period</th><th>Previous</th><th>Change</th></tr></thead><tbody>"
                 + "".join(_metric_row(m) for m in b.headline) + "</tbody></table></section>")
    if b.changes:
        parts.append('<section><h2>What changed</h2><ul class="changes">'
                     + "".join(f"<li>{E(c)}</li>" for c in b.changes) + "</ul></section>")
    parts.append("<section><h2>Key events</h2>")
    parts.append('<ol class="events">' + "".join(event_html(e) for e in b.key_events) + "</ol>"
                 if b.key_events else "<p>No events in this period.</p>")
    parts.append("</section>")
    # Charts after the key events: a chart cannot be split across pages, and text fills page 1 better.
    if b.images:
        parts.append("<section><h2>Map and timeline</h2>" + _figure(b, "map") + _figure(b, "timeline") + "</section>")
    for s in b.sections:
        stats = (f"{s.events} events (previous period {s.previous}, {E(s.metric.change_text)})"
                 + (f" &middot; {s.fatalities} reported killed" if s.fatalities else "")
                 + " &middot; types: " + ", ".join(f"{E(t)} {n}" for t, n in s.top_types)
                 + " &middot; actors: " + ", ".join(f"{E(a)} {n}" for a, n in s.top_actors))
        parts.append(f'<section class="country"><h2>{E(s.name)} ({E(s.iso3)})</h2><p class="stats">{stats}</p>'
                     f'<ul class="events">{"".join(event_html(e) for e in s.key_events)}</ul></section>')
    if b.notes:
        parts.append('<section class="notes"><h2>Notes</h2><ul>' + "".join(f"<li>{E(n)}</li>" for n in b.notes)
                     + "</ul></section>")
    parts.append('<section class="method"><h2>Method</h2><ul>' + "".join(f"<li>{E(m)}</li>" for m in b.method)
                 + "</ul></section></body></html>")
    return "\n".join(parts)
