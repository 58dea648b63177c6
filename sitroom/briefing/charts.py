"""The briefing's two charts as plotly figures: a map of the period's events and a
timeline of this period and the previous one (current period shaded).

Built with the dashboard's own builders (``sitroom.figures``) so a briefing looks
like the dashboard.
"""
from __future__ import annotations

from datetime import date, timedelta

import plotly.graph_objects as go

from .. import query
from ..figures import timeline_figure
from ..maps import map_figure
from ..query import Filters


# Pixel size of each chart as an image (layout pixels; images.py scales them up for print).
IMAGE_SIZES = {"map": (1000, 560), "timeline": (1000, 440)}


def timeline_freq(days: int) -> str:
    """Bar width for a timeline spanning ``days`` days (both periods)."""
    return "day" if days <= 62 else "week" if days <= 730 else "month"


def briefing_figures(cur, *, f_cur: Filters, prev_start: date) -> tuple[dict[str, go.Figure], dict[str, str]]:
    """({"map": fig, "timeline": fig}, {"map": title, "timeline": title}) for the period in ``f_cur``."""
    points, aggregated = query.map_points(cur, f_cur)
    fmap = map_figure(points, aggregated, height=560)
    fmap.update_layout(legend={"font": {"size": 11}})

    span = (f_cur.end - prev_start).days + 1
    freq = timeline_freq(span)
    tl = query.timeline(cur, f_cur.with_(start=prev_start), freq)
    ftl = timeline_figure(tl, freq, title=f"Events per {freq}: previous period and this one (shaded)")
    # Shade the briefing period so "what changed" is visible at a glance.
    ftl.add_vrect(x0=f_cur.start.isoformat(), x1=(f_cur.end + timedelta(days=1)).isoformat(),
                  fillcolor="#4a6fa5", opacity=0.08, line_width=0, layer="below")
    # A legend below the bars: at the side, 17 types do not fit a short chart.
    ftl.update_layout(height=440, legend={"orientation": "h", "y": -0.12, "yanchor": "top",
                                                      "title": {"text": ""}, "font": {"size": 11}},
                      xaxis={"range": [prev_start.isoformat(), (f_cur.end + timedelta(days=1)).isoformat()]})
    titles = {"map": f"Where: {int(points['events'].sum()) if not points.empty else 0} located events"
                     + (" (aggregated by place)" if aggregated else ""),
              "timeline": "When: this period against the previous one"}
    return {"map": fmap, "timeline": ftl}, titles
