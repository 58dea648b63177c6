"""One writer, many readers, no lock-outs, with real processes: a running `sitroom dashboard` held
open by a Chromium page while `sitroom ingest`, `export`, `briefing` and `reextract` run on the
same database, and two analysts' edits land on one event. The dashboard keeps serving throughout
and shows the new articles without a restart. A hostile article goes in too: the page, the export
and the briefing stay inert (no dialogs, no requests off localhost)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard_server import CHROMIUM, LOCAL_HOSTS, dashboard, launch_chromium, settle  # one set of browser helpers

from sitroom.fixtures import build_fixture_db
from sitroom.store import Store

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
HOSTILE = {"id": "evil-1", "title": "<img src=x onerror=alert(1)> =HYPERLINK(\"http://evil.example\") [x](http://evil.example)",
           "published": "2024-05-02", "source": "<script>alert(2)</script>", "url": "javascript:alert(3)",
           "text": "Rebels attacked the army base near Mosul on Monday, killing five soldiers, officials said. "
                   "<script>alert(4)</script> ![i](http://evil.example/p.png) '; DROP TABLE events; --"}


def cli(*args, db):
    return subprocess.Popen([sys.executable, "-m", "sitroom.cli", *args, "--db", str(db)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_cli_and_dashboard_share_one_database(tmp_path):
    from urllib.parse import urlsplit
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium not installed")
    db = build_fixture_db(tmp_path / "c.duckdb", n_events=60)
    src = tmp_path / "new.jsonl"
    src.write_text(json.dumps(HOSTILE) + "\n" + "".join(json.dumps(
        {"id": f"n{i}", "title": f"Clashes {i}", "published": "2024-05-03",
         "text": f"Police arrested {i + 3} protesters in Baghdad on Tuesday, officials said."}) + "\n"
        for i in range(5)), encoding="utf-8")
    with dashboard(db, tmp_path / "dash.log", author="dash", via_cli=True) as (base, _), \
            sync_api.sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page(viewport={"width": 1400, "height": 2000})
        foreign, dialogs = [], []
        page.on("request", lambda r: foreign.append(r.url) if urlsplit(r.url).hostname not in LOCAL_HOSTS
                and urlsplit(r.url).scheme in ("http", "https", "ws", "wss") else None)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(base, timeout=30000)
        settle(page, 60)   # the page's session has run its queries: the dashboard had the file open
        before = Store(db, read_only=True, shared=True).counts()["articles"]

        eid = Store(db, read_only=True, shared=True).cursor().execute(
            "SELECT event_id FROM events ORDER BY event_id LIMIT 1").fetchone()[0]
        edit = ("import sys; from sitroom.store import Store\n"
                f"Store({str(db)!r}, shared=True).add_edits({eid!r}, {{sys.argv[1]: sys.argv[2]}}, author=sys.argv[3])")
        procs = {
            "ingest": cli("ingest", str(src), db=db),
            "export": cli("export", "--format", "csv", "-o", str(tmp_path / "out.csv"), "--include-rejected", db=db),
            "briefing": cli("briefing", "--format", "html", "--no-images", "-o", str(tmp_path / "b.html"), db=db),
            "edit-ana": subprocess.Popen([sys.executable, "-c", edit, "summary", "ana's summary", "ana"], cwd=ROOT,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
            "edit-ben": subprocess.Popen([sys.executable, "-c", edit, "status", "confirmed", "ben"], cwd=ROOT,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
        }
        # Meanwhile the dashboard keeps serving: switch pages while the CLI runs.
        links = page.locator("[data-testid='stSidebarNav'] a")
        served = 0
        while any(p.poll() is None for p in procs.values()):
            for i in range(min(links.count(), 4)):
                links.nth(i).click()
                settle(page, 60)
                assert not page.locator("[data-testid='stException']").count()
                served += 1
        results = {k: (p.wait(), p.stdout.read(), p.stderr.read()) for k, p in procs.items()}
        for k, (rc, out, err) in results.items():
            assert rc == 0, (k, out, err[-3000:])
        reader = Store(db, read_only=True, shared=True)
        assert sorted(reader.history(eid).author) == ["ana", "ben"]   # both analysts' edits landed
        ev = reader.event(eid)
        assert (ev["summary"], ev["review_status"]) == ("ana's summary", "confirmed")
        reader.close()
        del reader
        re = cli("reextract", db=db)
        while re.poll() is None:
            links.nth(0).click()
            settle(page, 60)
            served += 1
        assert re.wait() == 0, re.stderr.read()[-3000:]
        assert served >= 2

        # The Ingest page: drop a file, watch its job report per article.
        upload = tmp_path / "dropped.jsonl"
        upload.write_text("".join(json.dumps({"id": f"u{i}", "title": f"Dropped {i}", "published": "2024-05-04",
                                              "text": f"Militants shelled a market in Kirkuk, killing {i + 2}."})
                                  + "\n" for i in range(2)) + "{not json\n", encoding="utf-8")
        page.goto(f"{base}/ingest", timeout=30000)
        settle(page, 60)
        page.set_input_files("[data-testid='stFileUploader'] input[type='file']", str(upload))
        page.get_by_role("button", name="Ingest these files").click()
        page.wait_for_selector("text=2 added", timeout=120000)
        panel = page.locator("[data-testid='stMain']").inner_text()
        assert "1 refused" in panel and "done" in panel, panel[-2000:]

        # New articles appear on every page without a restart (sidebar count), the hostile one inert.
        page.goto(f"{base}/events", timeout=30000)
        settle(page, 60)
        caption = page.locator("[data-testid='stSidebar']").inner_text()
        assert f"{before + 8:,} articles" in caption, caption
        assert page.locator("img[src='x']").count() == 0 and not dialogs and not foreign
        browser.close()

    store = Store(db, read_only=True)
    assert sorted(r[0] for r in store.cursor().execute("SELECT author FROM edits").fetchall()) == ["ana", "ben"]
    csv_text = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    assert "=HYPERLINK" not in csv_text.replace("'=HYPERLINK", "") and "<script>" not in (tmp_path / "b.html").read_text()
