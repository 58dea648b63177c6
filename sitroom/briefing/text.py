"""Escaping and small text helpers shared by the renderers.

Article-derived text (titles, sentences, actor names, places) may contain
markup by accident or on purpose; every renderer passes it through one of
these before it lands in a document.
"""
from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

from ..names import country_name  # noqa: F401  (the one country-name function; renderers import it here)

_WS = re.compile(r"\s+")
# Characters that start links, images, emphasis, code, tables or strike-through anywhere in a line.
_MD_INLINE = re.compile(r"([\\`*_\[\]|~!{}])")
# Characters that start a heading, list, quote or numbered item at the beginning of a line.
_MD_LINE_START = re.compile(r"^(\s*)([#+\->=]|\d+[.)])")
# XML 1.0 forbids most control characters; python-pptx and Chromium would choke on them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(value) -> str:
    """A value as one line of plain text: None -> '', whitespace collapsed, control chars dropped."""
    if value is None:
        return ""
    try:
        if value != value:   # NaN
            return ""
    except (TypeError, ValueError):
        pass
    return _WS.sub(" ", _CONTROL.sub("", str(value))).strip()


def md_escape(value) -> str:
    """Text safe to put inside Markdown: no links, images, emphasis, raw HTML or block syntax."""
    s = _MD_INLINE.sub(r"\\\1", clean(value))
    s = _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), s)
    return html.escape(s, quote=False)   # < > & become entities, so raw HTML cannot pass


def html_escape(value) -> str:
    return html.escape(clean(value), quote=True)


def safe_url(url) -> str | None:
    """The URL if it is http(s) with a host, percent-encoding characters that would end a
    Markdown link or an HTML attribute; None otherwise (javascript:, data:, relative ...)."""
    u = clean(url)
    if not u:
        return None
    try:
        parts = urlsplit(u)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(u, safe=":/?#@!$&*+,;=%~[]")


# Double quotes inside a quoted sentence become single ones, so "“They attacked us,” he said"
# is quoted as “‘They attacked us,’ he said” (never ““They attacked ...).
_INNER_QUOTES = str.maketrans({"“": "‘", "”": "’", '"': "'", "„": "‚", "«": "‹", "»": "›"})


def quoted(value, limit: int | None = None) -> str:
    """A sentence inside typographic double quotes, its own quotation marks turned single."""
    s = clean(value)
    if limit:
        s = truncate(s, limit)
    return f"“{s.translate(_INNER_QUOTES)}”" if s else ""


def truncate(value, limit: int) -> str:
    s = clean(value)
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"
