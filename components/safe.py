"""Escaping helpers: every string that came from an article is untrusted.

Titles, sentences, actor names and URLs are written by whoever published the
article. Before any of them is shown with markup they go through one of these:

- ``esc``: HTML-escape for ``st.html`` (tags and quotes become entities).
- ``md``: escape for ``st.markdown``/``st.subheader``/``st.caption``: every
  ASCII punctuation mark is backslash-escaped, so neither HTML, links, emphasis,
  ``$maths$`` nor ``:emoji:`` shortcodes can be injected, and newlines collapse.
- ``highlight``: escape an article, *then* wrap character offsets in markup.
- ``safe_url``: only http(s) links survive.
"""
from __future__ import annotations

import html
import re

from sitroom.briefing.text import safe_url  # noqa: F401  (one URL rule for page and briefing)
from sitroom.values import is_missing

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:&=\"'^%@])")


def _text(value) -> str:
    return "" if is_missing(value) else str(value)


def esc(value) -> str:
    """HTML-escaped text (``None``/NaN -> '')."""
    return html.escape(_text(value), quote=True)


def md(value, limit: int | None = None) -> str:
    """Text that renders literally inside Streamlit markdown, on one line."""
    s = " ".join(_text(value).split())
    if limit and len(s) > limit:
        s = s[: limit - 1] + "…"
    return _MD_SPECIAL.sub(r"\\\1", s)




def link(url, label) -> str:
    """An ``<a>`` for st.html (escaped label; plain escaped text when the URL is not http(s))."""
    u = safe_url(url)
    if u is None:
        return esc(label)
    return f'<a href="{esc(u)}" target="_blank" rel="noopener noreferrer nofollow">{esc(label)}</a>'


# Inline styles (st.html drops <script> but keeps style attributes).
SENTENCE_STYLE = "background:#ffe58a;padding:1px 0;border-radius:2px"
FIELD_STYLE = "border-bottom:3px solid #d7191c;font-weight:600"


def highlight(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """HTML of ``text`` with character spans wrapped in markup, escaping every piece first.

    ``spans`` are (start, end, kind, title) with kind 'sentence' (yellow <mark>) or
    'field' (underlined, title shows the field name). Spans may nest or overlap:
    the text is cut at every boundary and each piece gets the markup of the spans
    covering it, so the output is always well formed.
    """
    n = len(text)
    good = [(max(0, s), min(n, e), k, t) for s, e, k, t in spans if s is not None and e is not None and s < e and s < n]
    cuts = sorted({0, n, *[s for s, _, _, _ in good], *[e for _, e, _, _ in good]})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = esc(text[a:b])
        cover = [(k, t) for s, e, k, t in good if s <= a and b <= e]
        fields = [t for k, t in cover if k == "field"]
        if fields:
            piece = f'<span style="{FIELD_STYLE}" title="{esc(", ".join(fields))}">{piece}</span>'
        if any(k == "sentence" for k, _ in cover):
            piece = f'<mark style="{SENTENCE_STYLE}">{piece}</mark>'
        out.append(piece)
    return "".join(out)
