"""Escaping and small text helpers shared by the renderers.

Article-derived text (titles, sentences, actor names, places) may contain
markup by accident or on purpose; every renderer passes it through one of
these before it lands in a document.
"""
from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

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


# Short names where pycountry's official one reads oddly in a briefing.
SHORT_NAMES = {"PSE": "Palestine", "RUS": "Russia", "PRK": "North Korea", "KOR": "South Korea",
               "COD": "DR Congo", "COG": "Congo", "LAO": "Laos", "MDA": "Moldova", "VNM": "Vietnam",
               "VEN": "Venezuela", "BOL": "Bolivia", "TZA": "Tanzania", "SYR": "Syria", "IRN": "Iran",
               "TWN": "Taiwan", "GBR": "United Kingdom", "USA": "United States"}


def country_name(iso3: str | None) -> str:
    """Common English name of an ISO 3166-1 alpha-3 code, or the code itself."""
    if not iso3:
        return "Unknown"
    if iso3.upper() in SHORT_NAMES:
        return SHORT_NAMES[iso3.upper()]
    try:
        import pycountry
        c = pycountry.countries.get(alpha_3=iso3.upper())
    except (ImportError, KeyError, LookupError):
        c = None
    if c is None:
        return iso3
    return getattr(c, "common_name", None) or c.name


def truncate(value, limit: int) -> str:
    s = clean(value)
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"
