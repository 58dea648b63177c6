"""One entry point for every briefing format: ``render(briefing, fmt=...) -> bytes``.

Charts are drawn (kaleido) on the first render that needs them; pass a briefing
from ``with_images`` to draw them once for several formats.
"""
from __future__ import annotations

from .images import with_images
from .model import Briefing

FORMATS = ("md", "html", "pdf", "pptx")
MIME = {"md": "text/markdown", "html": "text/html",
        "pdf": "application/pdf",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}


def render(briefing: Briefing, *, fmt: str, images: bool = True) -> bytes:
    """The briefing as a file in ``fmt`` (md, html, pdf, pptx). ``images=False`` skips charts."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown briefing format {fmt!r}; one of {', '.join(FORMATS)}")
    b = with_images(briefing) if images else briefing.with_(images={})
    if fmt == "md":
        from .render_md import to_markdown
        return to_markdown(b).encode("utf-8")
    if fmt == "html":
        from .render_html import to_html
        return to_html(b).encode("utf-8")
    if fmt == "pdf":
        from .render_pdf import to_pdf
        return to_pdf(b)
    from .render_pptx import to_pptx
    return to_pptx(b)
