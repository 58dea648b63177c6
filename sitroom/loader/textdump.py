"""Scraped text dumps (the seed's format): several articles per file, each marked by a ``TT`` line.

A page's header block (an optional kicker, the title, photo captions, any number of times
each) stands above the ``TT`` line and is repeated below it, possibly after share or comment
counters; then the body runs until the next page's header block::

    Middle East                 <- kicker (optional)
    Title
    <blank>
    Caption line (repeated)
    TT
    12 comments                 <- counter (optional)
    <blank>
    Title again
    <blank>
    Caption line (repeated, any number of times)
    <blank>
    Body paragraphs ...

The reader goes by that structure, not by line positions: the header is the set of lines
found on both sides of ``TT``; the title is the header line that reads most like a title (not
like a photo caption: no credit, no closing full stop, a headline's length); every other
header line is a caption. Captions are kept apart from the body: their dates are photo dates.
"""
from __future__ import annotations

import re
from pathlib import Path

from .article import Article, LoadResult

_MARK = re.compile(r"^TT(?:\s+[\d.,]+\s*[kKmM]?)?\s*$")
_COUNTER = re.compile(
    r"^(?:[\d.,]+\s*[kKmM]?\s*(?:shares?|comments?|views?|reads?|likes?|reactions?)?"
    r"|(?:shares?|comments?|views?|reads?|likes?|reactions?)\s*[:(]?\s*[\d.,]*\s*[kKmM]?\)?"
    r"|(?:tweet|print|e-?mail|whatsapp|facebook|twitter|x)|[|·•\s]+)$", re.I)
_CREDIT = re.compile(r"\((?:[^()]*\b(?:Reuters|AP|AFP|Photo|Getty|EPA|Xinhua|Anadolu|SPA|WAM|file)\b[^()]*)\)"
                     r"|\b(?:REUTERS|via Reuters|/Pool|Photo:|Photograph:|File photo|File Photo|pictured)\b")
_PHOTO_DATE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}\b")


def looks_like_textdump(text: str) -> bool:
    return any(_MARK.match(line.strip()) for line in text.split("\n"))


def is_counter(line: str) -> bool:
    """A share/comment/view counter or a share-button label, not text."""
    s = line.strip()
    return bool(s) and bool(_COUNTER.match(s))


def is_kicker(line: str) -> bool:
    """A section label above a title ('Middle East', 'Exclusive'): short, no sentence end."""
    s = line.strip()
    return (0 < len(s) <= 30 and len(s.split()) <= 3 and s[-1] not in ".!?\"”’:"
            and not is_counter(s) and not _CREDIT.search(s))


def title_score(line: str, first: bool) -> float:
    """How much a header line reads like a headline rather than a photo caption."""
    words = line.split()
    score = 1.5 if first else 0.0
    if _CREDIT.search(line):
        score -= 3
    if _PHOTO_DATE.search(line):
        score -= 1
    if line.rstrip().endswith("."):
        score -= 1
    if len(words) > 25:
        score -= 2
    elif 3 <= len(words) <= 20:
        score += 1
    else:
        score -= 1
    capitalised = sum(1 for w in words if w[:1].isupper()) / max(1, len(words))
    return score + (1 if capitalised > 0.5 else 0)


def read_textdump(path: Path, text: str, result: LoadResult) -> None:
    lines = [line.rstrip("\r") for line in text.split("\n")]
    marks = [i for i, line in enumerate(lines) if _MARK.match(line.strip())]
    pages = []
    for k, mark in enumerate(marks):
        floor = marks[k - 1] + 1 if k else 0
        ceiling = marks[k + 1] if k + 1 < len(marks) else len(lines)
        pages.append(_page(lines, mark, floor, ceiling))
    for k, page in enumerate(pages):
        end = pages[k + 1]["start"] if k + 1 < len(pages) else len(lines)
        body = "\n".join(lines[page["body"]:end]).strip()
        if not page["title"] and not body:
            continue
        if not body:
            result.refuse(path, page["start"] + 1, "page has a header but no body text")
            continue
        result.articles.append(Article(title=page["title"], text=body, captions=page["captions"],
                                       origin=f"{path}:{page['start'] + 1}"))


def _page(lines: list[str], mark: int, floor: int, ceiling: int) -> dict:
    """Header start, title, captions and body start of the page marked at ``mark``."""
    before = {lines[i].strip() for i in range(floor, mark) if lines[i].strip()}
    repeated, body, kicker_after = _after_mark(lines, mark, ceiling, before)
    if repeated:
        start, header = _header_above(lines, mark, floor, set(repeated))
    else:
        start, header = _header_by_blocks(lines, mark, floor)
    distinct = list(dict.fromkeys(header + [r for r in repeated if r != kicker_after]))
    if any(not is_kicker(s) and not _CREDIT.search(s) for s in distinct):
        distinct = [s for s in distinct if not is_kicker(s)]   # a kicker is a label, not a caption
    if not distinct:
        return {"start": start, "title": "", "captions": [], "body": body}
    title = max(distinct, key=lambda s: (title_score(s, s == distinct[0]), -distinct.index(s)))
    captions = [s for s in distinct if s != title and not is_counter(s)]
    return {"start": start, "title": title, "captions": captions, "body": body}


def _after_mark(lines: list[str], mark: int, ceiling: int, before: set[str]):
    """Header lines repeated below the mark, the index where the body starts, and a kicker
    that stands only below the mark (if any)."""
    repeated, kicker = [], None
    i = mark + 1
    while i < ceiling:
        s = lines[i].strip()
        if not s or (is_counter(s) and s not in before):
            i += 1
        elif s in before:
            repeated.append(s)
            i += 1
        elif not repeated and kicker is None and is_kicker(s) and _next_text(lines, i + 1, ceiling) in before:
            kicker = s
            i += 1
        else:
            break
    return repeated, i, kicker


def _next_text(lines: list[str], i: int, ceiling: int) -> str | None:
    while i < ceiling and not lines[i].strip():
        i += 1
    return lines[i].strip() if i < ceiling else None


def _header_above(lines: list[str], mark: int, floor: int, repeated: set[str]) -> tuple[int, list[str]]:
    """Walk up from the mark over header lines (those repeated below it), blanks and counters;
    a kicker directly above the topmost header line belongs to the header too."""
    i, top, header = mark - 1, mark, []
    while i >= floor:
        s = lines[i].strip()
        if s in repeated:
            header.append(s)
            top = i
        elif s and not is_counter(s):
            break
        i -= 1
    j = top - 1
    while j >= floor and not lines[j].strip() and j >= top - 2:
        j -= 1
    if j >= floor and is_kicker(lines[j]) and (j == floor or not lines[j - 1].strip()) and j >= top - 2:
        top = j
    return top, list(reversed(header))


def _header_by_blocks(lines: list[str], mark: int, floor: int) -> tuple[int, list[str]]:
    """No header repeated below the mark: captions are the lines right above it and the
    title the line above the blank before them."""
    i = mark - 1
    captions = []
    while i >= floor and lines[i].strip():
        captions.append(lines[i].strip())
        i -= 1
    while i >= floor and not lines[i].strip():
        i -= 1
    if i < floor:
        return max(floor, i + 1), list(reversed(captions))
    return i, [lines[i].strip()] + list(reversed(captions))
