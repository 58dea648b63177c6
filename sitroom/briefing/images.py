"""Plotly figures -> PNG bytes with kaleido 1.x and the system Chromium, offline.

All of a briefing's charts are drawn in one browser session (starting Chromium
costs ~2 s; each further chart ~0.2-0.5 s). Map outlines come from
``static/topo`` (``sitroom.figures.use_local_topojson``) and MathJax is turned
off, so kaleido's page loads nothing from the network.
"""
from __future__ import annotations

import asyncio
import os
import shutil
import threading
from pathlib import Path

import plotly.graph_objects as go

from .model import Briefing

SYSTEM_CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def chromium_path() -> str | None:
    """The browser kaleido (and the PDF renderer) should use: $BROWSER_PATH, else a system Chromium."""
    env = os.environ.get("BROWSER_PATH")
    if env and Path(env).exists():
        return env
    for p in SYSTEM_CHROMIUM:
        if Path(p).exists():
            return p
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def _run(coro):
    """Run a coroutine to completion from sync code, even under a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    box: dict = {}

    def target():
        try:
            box["value"] = asyncio.run(coro)
        except BaseException as exc:   # re-raised in the caller's thread
            box["error"] = exc
    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


def figures_to_png(figures: dict[str, go.Figure], *, sizes: dict[str, tuple[int, int]] | None = None,
                   scale: float = 2.0, timeout: float = 90) -> dict[str, bytes]:
    """{name: PNG bytes} for {name: figure}. Size: ``sizes[name]`` (width, height), else the
    figure's layout width/height, else 1000x500; ``scale`` multiplies the pixels (2 = crisp print)."""
    if not figures:
        return {}
    import kaleido
    from ..figures import use_local_topojson

    topojson = use_local_topojson()
    browser = chromium_path()
    if browser and not os.environ.get("BROWSER_PATH"):
        os.environ["BROWSER_PATH"] = browser   # choreographer reads it to find the browser

    async def draw() -> dict[str, bytes]:
        out = {}
        async with kaleido.Kaleido(n=1, timeout=timeout, mathjax=False) as k:
            for name, fig in figures.items():
                d = fig.to_dict()
                lay = d.get("layout", {})
                w, h = (sizes or {}).get(name) or (lay.get("width") or 1000, lay.get("height") or 500)
                opts = {"format": "png", "width": w, "height": h, "scale": scale}
                out[name] = await k.calc_fig(d, opts=opts, topojson=topojson)
        return out
    return _run(draw())


def with_images(briefing: Briefing, *, scale: float = 2.0) -> Briefing:
    """The briefing with its figures drawn as PNGs. If drawing fails (no Chromium, say),
    the briefing comes back without images and a note saying why."""
    if briefing.images or not briefing.figures:
        return briefing
    try:
        from .charts import IMAGE_SIZES
        images = figures_to_png(briefing.figures, sizes=IMAGE_SIZES, scale=scale)
    except Exception as exc:   # kaleido raises many types; a briefing without charts beats no briefing
        note = f"Charts could not be drawn ({type(exc).__name__}: {exc})."
        return briefing.with_(notes=briefing.notes + (note,))
    return briefing.with_(images=images)
