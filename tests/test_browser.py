"""End-to-end: a real `streamlit run app.py` on a fixture DB, driven by Debian Chromium.

Opens every page the app registers, fails on any exception box or any request
to a host other than localhost, checks the map drew country outlines and
markers (local topojson, no CDN), that untrusted article text shows as text,
that a link's filters survive a page switch, and that a timeline click lists
its period. Screenshots go to tests/artifacts/ (git-ignored).
"""
from __future__ import annotations

import csv
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # app.py's folder: components/

from components.pages import registered_pages, url_path
from sitroom.fixtures import build_fixture_db

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
LOCAL_HOSTS = {"localhost", "127.0.0.1"}
EVIL = "<b>Evil</b> & Co"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Start the dashboard on a free port against a fresh fixture DB; stop it afterwards."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium not installed (make browser-deps)")
    tmp = tmp_path_factory.mktemp("browser")
    db = build_fixture_db(tmp / "fx.duckdb", n_events=300)
    port = _free_port()
    env = dict(os.environ, SITROOM_DB=str(db), SITROOM_AUTHOR="browser-test")
    log = open(tmp / "streamlit.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://localhost:{port}"
    try:
        deadline = time.time() + 30
        while True:
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).status == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                pytest.fail("streamlit did not start: " + (tmp / "streamlit.log").read_text()[-2000:])
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser_page(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--enable-unsafe-swiftshader"])
        page = browser.new_page(viewport={"width": 1400, "height": 2400}, accept_downloads=True)
        page.foreign_requests, page.dialogs = [], []
        page.on("request", lambda r: page.foreign_requests.append(r.url)
                if urlsplit(r.url).scheme in ("http", "https", "ws", "wss")
                and urlsplit(r.url).hostname not in LOCAL_HOSTS else None)
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        yield page
        browser.close()


def settle(page, timeout: float = 25.0) -> None:
    """Wait until the script run finished (no status widget, no skeletons) and charts drew."""
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=timeout * 1000)
    deadline, quiet = time.time() + timeout, 0
    while time.time() < deadline and quiet < 3:
        busy = page.locator("[data-testid='stStatusWidget'], [data-testid='stSkeleton']").count()
        quiet = 0 if busy else quiet + 1
        time.sleep(0.25)
    if page.locator("[data-testid='stPlotlyChart']").count():
        page.wait_for_selector("[data-testid='stPlotlyChart'] .main-svg", timeout=timeout * 1000)
    time.sleep(0.5)


def check_clean(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    errors = page.locator("[data-testid='stException']")
    assert errors.count() == 0, f"{name}: {errors.first.inner_text()[:800]}"
    assert not page.foreign_requests, f"{name}: requests left the machine: {page.foreign_requests[:5]}"
    assert not page.dialogs, f"{name}: a script ran: {page.dialogs}"


def test_every_page_renders_offline(server, browser_page):
    page = browser_page
    # The first request after start goes straight to a page with a filter: Streamlit's legacy
    # pages/ mode would run pages/events.py without app.py (no filters, wrong menu).
    page.goto(f"{server}/events?country=IRQ")
    settle(page)
    menu = [t.strip().splitlines()[-1] for t in page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()]
    assert menu == [title for _, title, _ in registered_pages()], menu
    assert page.locator("[data-testid='stMain'] h1").first.inner_text().strip() == "Events"
    assert page.get_by_text("Filters: countries: IRQ", exact=True).count() == 1
    assert "country=IRQ" in page.url
    # The CSV download carries every filtered event (when sitroom.export is there).
    if page.get_by_role("button", name="CSV", exact=True).count():
        with page.expect_download(timeout=20000) as dl:
            page.get_by_role("button", name="CSV", exact=True).click()
        rows = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8-sig"))))
        n = int(page.get_by_text(" events match").first.inner_text().split()[0].replace(",", ""))
        assert len(rows) == n and all("IRQ" in (r["country"], r["actor1_country"], r["actor2_country"]) for r in rows)
    for path, title, _ in registered_pages():
        page.goto(f"{server}/{url_path(path)}")
        settle(page)
        name = Path(path).stem
        check_clean(page, name)
        assert page.locator("[data-testid='stSidebar']").get_by_text("Filters", exact=True).count() == 1, name
        if name == "map":
            outlines = page.locator(".geo .countries path")
            assert outlines.count() >= 1 and len(outlines.first.get_attribute("d") or "") > 1000, \
                "country outlines missing: topojson not served locally?"
            assert page.locator(".scattergeo path.point").count() == 300, "one marker per located event"
        if name in ("overview", "timeline"):
            assert page.locator("[data-testid='stPlotlyChart'] .barlayer .point").count() > 0, f"{name}: no bars"


def test_untrusted_text_shows_as_text_and_link_survives_page_switch(server, browser_page):
    page = browser_page
    page.goto(f"{server}/events?actor={quote(EVIL)}")
    settle(page)
    assert page.get_by_text(f"Filters: actors: {EVIL}", exact=True).count() == 1
    page.locator("[data-testid='stSelectbox']", has_text="Open event").locator("input").click()
    page.locator("[role='option']").first.click()
    page.wait_for_selector("text=Source 1 of 1", timeout=20000)
    settle(page)
    check_clean(page, "events_detail")
    main = page.locator("[data-testid='stMain']")
    # Literal text, not markup: no <b> element, no <script>, and the sentence is highlighted.
    assert main.locator("b", has_text="Evil").count() == 0
    assert page.locator("script", has_text="alert(1)").count() == 0
    assert EVIL in main.locator("mark").first.inner_text()
    assert "<script>alert(1)</script>" in main.inner_text()
    assert EVIL in main.locator("h3").last.inner_text()
    assert "actor=" in page.url, "the filter left the URL after a rerun"

    # Review through the UI: the status badge follows.
    page.get_by_role("button", name="Confirm").click()
    # The badge, not the table's hidden accessibility cell that says "confirmed" too.
    page.locator("[data-testid='stMain'] [data-testid='stMarkdownContainer']",
                 has_text="confirmed").filter(visible=True).first.wait_for(state="visible", timeout=20000)

    # Switching pages through the menu keeps the filters (and the link says so).
    page.locator("[data-testid='stSidebarNav'] a", has_text="Map").click()
    page.wait_for_selector("[data-testid='stMain'] h1:has-text('Map')", timeout=20000)
    settle(page)
    assert "actor=" in page.url
    assert page.get_by_text(f"Filters: actors: {EVIL}", exact=True).count() == 1

    # Clicking a marker lists its event, whose card opens from there.
    click_plotly_point(page, ".scattergeo path.point")
    page.wait_for_selector("[data-testid='stMain'] h3:has-text('selected event')", timeout=20000)
    settle(page)
    check_clean(page, "map_filtered")


def click_plotly_point(page, selector: str) -> None:
    """Plotly listens on its drag layer, not on the mark itself: hover, then click at the mark's centre."""
    box = page.locator(selector).first.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    time.sleep(0.3)
    page.mouse.click(x, y)


def test_timeline_click_lists_period(server, browser_page):
    page = browser_page
    page.goto(f"{server}/timeline")
    settle(page)
    click_plotly_point(page, "[data-testid='stPlotlyChart'] .barlayer .point path")
    page.wait_for_selector("[data-testid='stMain'] h3:has-text(' events')", timeout=20000)
    settle(page)
    heading = page.locator("[data-testid='stMain'] h3", has_text=" events").first.inner_text()
    assert heading.startswith("week of "), heading
    check_clean(page, "timeline_period")
