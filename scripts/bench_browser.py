#!/usr/bin/env python3
"""`make bench`: the dashboard in a real browser at 10k, 100k and 1M SYNTHETIC events.

For each size: a fresh ``streamlit run app.py`` on ``sitroom.fixtures.build_synthetic_db``
(built once into data/build/bench/, rebuilt when fixtures.py changes), driven by Debian's
Chromium through Playwright, timing what an analyst waits for:

- first page: the first browser to open the dashboard after the server started;
- page switch: each page reached by its sidebar link (its first visit, so its queries run);
- filter change: a quick-date button (30 days) and the "All mentions" switch;
- fresh shared link: a new browser session opening a filtered link the server has not seen;
- server memory: the Streamlit process's resident set now and at its peak.

A step is timed from the click (or navigation) until its page title shows, no script run
is in progress for 0.5 s (not counted) and every chart has drawn. Targets at 1M: first page
< 5 s, page switch and filter change < 1 s, fresh link < 3 s, memory < 2 GB. Screenshots of
every page at the largest size go to tests/artifacts/bench_<size>_<page>.png. The machine is
shared with other developers: the load average is printed with every size.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from components.pages import registered_pages  # noqa: E402
from dashboard_server import CHROMIUM, dashboard, launch_chromium  # noqa: E402
from sitroom.fixtures import build_synthetic_db  # noqa: E402

CACHE = ROOT / "data" / "build" / "bench"
ARTIFACTS = ROOT / "tests" / "artifacts"
BUSY = "[data-testid='stStatusWidget'], [data-testid='stSkeleton']"
TARGETS = {"first page": 5.0, "page switch": 1.0, "filter change": 1.0, "fresh link": 3.0, "memory MB": 2048}
# Shared links a colleague might send: the map and the overview of a narrower view.
LINKS = {"Map": "/map?from=2025-04-01&to=2025-06-30&country=IRQ&type=ASSAULT&type=COERCE",
         "Overview": "/?from=2025-05-01&to=2025-06-30&country=SYR&country=LBN"}


def fixture(n: int) -> Path:
    """The synthetic database of ``n`` events, built once per version of sitroom/fixtures.py."""
    stamp = hashlib.sha1((ROOT / "sitroom" / "fixtures.py").read_bytes()).hexdigest()[:10]
    path = CACHE / f"synthetic_{n}_{stamp}.duckdb"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        for old in CACHE.glob(f"synthetic_{n}_*.duckdb"):
            old.unlink()
        t = time.perf_counter()
        build_synthetic_db(path.with_suffix(".tmp"), n_events=n)
        path.with_suffix(".tmp").replace(path)
        print(f"  built {path.name} in {time.perf_counter() - t:.1f} s")
    return path


def memory_mb(pid: int) -> tuple[float, float]:
    """(resident, peak resident) MB of a process, from /proc."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    kb = lambda k: float(fields.get(k, "0 kB").split()[0])  # noqa: E731
    return kb("VmRSS") / 1024, kb("VmHWM") / 1024


def settled(page, t0: float, title: str, timeout: float = 180.0) -> float:
    """Seconds from t0 until the page titled ``title`` is shown, idle and drawn."""
    page.wait_for_selector(f"[data-testid='stMain'] h1:has-text('{title}')", timeout=timeout * 1000)
    done = time.perf_counter()
    quiet = None
    deadline = time.time() + timeout
    while time.time() < deadline:
        now = time.perf_counter()
        if page.locator(BUSY).count():
            done, quiet = now, None
        elif quiet is None:
            quiet = now
        elif now - quiet >= 0.5:
            break
        time.sleep(0.05)
    # Charts in view (one in a closed tab draws only when opened) still drawing after the run:
    # the wait lasts until they have drawn.
    charts = page.locator("[data-testid='stPlotlyChart']:visible")
    undrawn = [i for i in range(charts.count()) if not charts.nth(i).locator(".main-svg").count()]
    for i in undrawn:
        try:
            charts.nth(i).locator(".main-svg").first.wait_for(state="attached", timeout=timeout * 1000)
        except Exception as exc:
            page.screenshot(path=str(ARTIFACTS / f"bench_failed_{title.lower()}.png"))
            raise SystemExit(f"{title}: chart {i} never drew ({exc.__class__.__name__}); screenshot in "
                             f"tests/artifacts/bench_failed_{title.lower()}.png") from None
    if undrawn:
        done = time.perf_counter()
    if page.locator("[data-testid='stException']").count():
        raise SystemExit(f"{title}: " + page.locator("[data-testid='stException']").first.inner_text()[:800])
    return done - t0


def run_size(n: int, *, shots: bool) -> dict:
    """Every figure for one size: a fresh server on a copy of the synthetic database."""
    from playwright.sync_api import sync_playwright
    src = fixture(n)
    with tempfile.TemporaryDirectory(prefix="sitroom-bench-") as tmp:
        db = Path(tmp) / "bench.duckdb"
        shutil.copy(src, db)
        with dashboard(db, Path(tmp) / "streamlit.log", author="bench") as (base, proc), sync_playwright() as pw:
            browser = launch_chromium(pw)
            out = {"events": n, **measure(browser, base, shot=label(n) if shots else None)}
            browser.close()
            out["memory MB"], out["peak MB"] = memory_mb(proc.pid)
    return out


def measure(browser, base: str, *, shot: str | None) -> dict:
    """First page, every page switch, two filter changes and a fresh shared link, in seconds."""
    def picture(page, name: str, wait: float = 0.3) -> None:
        if shot:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            time.sleep(wait)   # WebGL draws after the chart is placed
            page.screenshot(path=str(ARTIFACTS / f"bench_{shot}_{name}.png"))

    out: dict = {}
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    t0 = time.perf_counter()
    page.goto(base + "/")
    out["first page"] = settled(page, t0, "Overview")
    switches = {}
    for path, title, _ in registered_pages()[1:] + registered_pages()[:1]:
        t0 = time.perf_counter()
        page.locator("[data-testid='stSidebarNav'] a", has_text=title).first.click()
        switches[title] = settled(page, t0, title)
        picture(page, Path(path).stem, 1.5 if title == "Map" else 0.3)
    out["page switch"] = switches
    changes = {}
    for name, widget, changed in (("30 days", "[data-testid='stSidebar'] button >> text=30d", "from="),
                                  ("all mentions", "[data-testid='stSidebar'] label >> text=All mentions",
                                   "allmentions=1")):
        before = page.url
        t0 = time.perf_counter()
        page.locator(widget).first.click()
        # The run has started once the URL holds the new filters (the page title does not change).
        page.wait_for_function(f"() => location.href !== {before!r} && location.search.includes({changed!r})",
                               timeout=60000)
        changes[name] = settled(page, t0, "Overview")
    out["filter change"] = changes
    picture(page, "overview_filtered")
    links = {}
    for title, link in LINKS.items():
        fresh = browser.new_context(viewport={"width": 1400, "height": 1600}).new_page()
        t0 = time.perf_counter()
        fresh.goto(base + link)
        links[title] = settled(fresh, t0, title)
        picture(fresh, f"shared_link_{title.lower()}", 1.5 if title == "Map" else 0.3)
        fresh.context.close()
    out["fresh link"] = links
    return out


def label(n: int) -> str:
    return f"{n // 1_000_000}m" if n >= 1_000_000 else f"{n // 1000}k"


def report(r: dict) -> None:
    n = r["events"]
    ok = lambda v, key: "ok" if v < TARGETS[key] else "OVER"  # noqa: E731
    print(f"== {n:,} events (synthetic), load average {'{:.1f} / {:.1f} / {:.1f}'.format(*os.getloadavg())}")
    print(f"  first page        {r['first page']:6.2f} s   (target < {TARGETS['first page']:g} s at 1M) "
          f"{ok(r['first page'], 'first page')}")
    for title, s in r["page switch"].items():
        print(f"  switch to {title:8}{s:6.2f} s   (target < 1 s) {ok(s, 'page switch')}")
    for name, s in r["filter change"].items():
        print(f"  filter: {name:10}{s:6.2f} s   (target < 1 s) {ok(s, 'filter change')}")
    for title, s in r["fresh link"].items():
        print(f"  fresh link {title:7}{s:6.2f} s   (target < 3 s) {ok(s, 'fresh link')}")
    print(f"  server memory     {r['memory MB']:6.0f} MB now, {r['peak MB']:.0f} MB peak (target < 2048 MB) "
          f"{ok(r['peak MB'], 'memory MB')}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    args = ap.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print("bench_browser: Debian chromium not installed (make browser-deps); skipped")
        return 0
    sizes = [int(x) for x in args.sizes.split(",") if x]
    for n in sizes:
        report(run_size(n, shots=n == max(sizes)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
