"""Briefing -> Markdown (CommonMark + pipe tables), one self-contained file.

Charts are embedded as base64 PNG data URIs so the file travels alone.
Article-derived text goes through ``md_escape``: no link, image, emphasis or
raw HTML can come from an article; links are built only from http(s) URLs.
"""
from __future__ import annotations

import base64

from .model import Briefing, CitedEvent
from .text import md_escape as E, quoted, safe_url


def _link(text: str, url: str | None) -> str:
    u = safe_url(url)
    return f"[{E(text)}]({u})" if u else E(text)


def event_md(ev: CitedEvent) -> str:
    """One event: date, type, summary, evidence sentence and citation."""
    head = f"**{ev.event_date.isoformat() if ev.event_date else 'date unknown'} · {E(ev.event_type)}**"
    pin = " 📌" if ev.pinned else ""
    facts = [f"salience {ev.salience:.2f}", f"{ev.n_sources} source{'s' if ev.n_sources != 1 else ''}"]
    if ev.casualties_text:
        facts.insert(0, ev.casualties_text)
    if ev.review_status != "unreviewed":
        facts.append(ev.review_status)
    if ev.flags_text:
        facts.append(ev.flags_text)
    cite = _link(ev.source or "source", ev.url)
    if ev.published:
        cite += f", {ev.published.isoformat()}"
    if ev.title:
        cite += f": {E(quoted(ev.title))}"
    # Continuation lines end in two spaces (hard break) and are indented into the list item.
    lines = [f"{head}{pin} {E(ev.summary or ev.sentence)}  ",
             f"   {E(quoted(ev.sentence))}  " if ev.sentence else "",
             f"   — {cite} ({'; '.join(facts)}; id {E(ev.event_id)})"]
    return "\n".join(x for x in lines if x)


def _image(b: Briefing, name: str) -> list[str]:
    png = b.images.get(name)
    if not png:
        return []
    title = b.image_titles.get(name, name)
    return [f"![{E(title)}](data:image/png;base64,{base64.b64encode(png).decode('ascii')})", ""]


def to_markdown(b: Briefing) -> str:
    out = [f"# {E(b.title)}", "",
           f"*Period:* {b.period_text} (compared with {b.previous_text})  ",
           f"*Filters:* {E(b.filters_text)}  ",
           f"*Generated:* {b.generated_at:%Y-%m-%d %H:%M} UTC · {b.candidates} events in the selection", ""]
    if b.summary:
        out += ["## Summary", "", E(b.summary), ""]
    out += ["## Headline figures", "", "| | This period | Previous | Change |", "|---|---:|---:|---:|"]
    out += [f"| {m.name} | {m.current:,} | {m.previous:,} | {m.change_text} |" for m in b.headline]
    out.append("")
    if b.changes:
        out += ["## What changed", ""] + [f"- {E(c)}" for c in b.changes] + [""]
    out += ["## Key events", ""]
    if b.key_events:
        for i, ev in enumerate(b.key_events, 1):
            out += [f"{i}. {event_md(ev)}", ""]
    else:
        out += ["No events in this period.", ""]
    if b.images:
        out += ["## Map and timeline", ""] + _image(b, "map") + _image(b, "timeline")
    for s in b.sections:
        out += [f"## {E(s.name)} ({E(s.iso3)})", "",
                f"{s.events} events (previous period {s.previous}, {s.metric.change_text})"
                + (f", {s.fatalities} reported killed" if s.fatalities else "") + ".  ",
                "Types: " + ", ".join(f"{E(t)} {n}" for t, n in s.top_types) + ".  ",
                "Actors: " + ", ".join(f"{E(a)} {n}" for a, n in s.top_actors) + ".", ""]
        for ev in s.key_events:
            out += [f"- {event_md(ev)}", ""]
    if b.notes:
        out += ["## Notes", ""] + [f"- {E(n)}" for n in b.notes] + [""]
    out += ["## Method", ""] + [f"- {E(m)}" for m in b.method] + [""]
    return "\n".join(out)
