"""The seed's text-dump format: several articles per file.

Each article is laid out as::

    Title
    <blank>
    Caption line (repeated)
    TT
    <blank>
    Title again
    <blank>
    Caption line (repeated)
    <blank>
    Body paragraphs ...

The ``TT`` line marks an article; the body runs until the next article's
title block. Captions are kept apart: their dates are photo dates.
"""
from __future__ import annotations

from pathlib import Path

from .article import Article


def looks_like_textdump(text: str) -> bool:
    return any(line.strip() == "TT" for line in text.splitlines())


def read_textdump(path: Path, text: str | None = None) -> list[Article]:
    text = path.read_text(encoding="utf-8") if text is None else text
    lines = text.splitlines()
    marks = [i for i, line in enumerate(lines) if line.strip() == "TT"]
    starts = [_title_line(lines, m) for m in marks]
    articles = []
    for n, (mark, start) in enumerate(zip(marks, starts)):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        title = lines[start].strip()
        captions = _unique([l.strip() for l in lines[start + 1:mark] if l.strip()])
        body = lines[mark + 1:end]
        # Skip the repeated title and caption block after TT.
        i = 0
        while i < len(body) and (not body[i].strip() or body[i].strip() == title
                                  or body[i].strip() in captions):
            i += 1
        body_text = "\n".join(body[i:]).strip()
        if not title or not body_text:
            continue
        articles.append(Article(title=title, text=body_text, captions=captions,
                                origin=f"{path}:{start + 1}"))
    return articles


def _title_line(lines: list[str], mark: int) -> int:
    """The title sits above the caption lines that precede ``TT``, after a blank line."""
    i = mark - 1
    while i >= 0 and lines[i].strip():  # caption lines
        i -= 1
    while i >= 0 and not lines[i].strip():  # blank between title and captions
        i -= 1
    return max(i, 0)


def _unique(items: list[str]) -> list[str]:
    seen, out = set(), []
    for it in items:
        if it not in seen:
            seen.add(it)
            out.append(it)
    return out
