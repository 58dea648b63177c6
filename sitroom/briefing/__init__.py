"""Briefings: a shareable summary of the filtered events over a period.

    build_briefing(cur, filters=..., start=..., end=...)  -> Briefing (data + plotly figures)
    with_images(briefing)                                  -> Briefing with PNG charts (kaleido)
    render(briefing, fmt="md" | "html" | "pdf" | "pptx")   -> bytes

Each layer is usable alone: the dashboard previews a Briefing without images
and renders images only when a download is asked for.
"""
from __future__ import annotations

from .build import build_briefing
from .images import with_images
from .model import Briefing, CitedEvent, CountrySection, Metric
from .render import FORMATS, MIME, render

__all__ = ["Briefing", "CitedEvent", "CountrySection", "Metric", "build_briefing", "with_images",
           "render", "FORMATS", "MIME"]
