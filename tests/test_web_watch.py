"""Links, feeds and `sitroom watch` against fixture pages and feeds served on 127.0.0.1
(nothing reaches the internet): feeds that are down, slow or malformed are reported and
survived; items are ingested once."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from fakes import fake_extractor
from sitroom.store import Store
from sitroom.watch import parse_every, poll_once, watched_sources
from sitroom.web import article_from_paste, load_url

PAGE = """<html><head><title>Wire | Troops enter town</title><meta property="og:title" content="Troops enter town">
<meta property="article:published_time" content="2025-03-10T08:00:00Z"><meta property="og:site_name" content="Wire">
</head><body><nav>Home | World | Sport</nav><article><h1>Troops enter town</h1>
<p>Troops entered the town of {town} on Monday after two days of heavy fighting, officials said.</p>
<p>Residents fled as shelling continued through the night, the mayor said in a statement on Tuesday.</p>
<script>alert(1)</script></article><footer>Copyright Wire</footer></body></html>"""

ITEMS = {"feed.xml": ["a", "b"]}


def feed(items):
    body = "".join(f"<item><title>Story {i}</title><link>{{base}}/page/{i}</link><guid>{i}</guid>"
                   f"<pubDate>Mon, 10 Mar 2025 09:00:00 GMT</pubDate><description>Short summary {i}.</description></item>"
                   for i in items)
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>Local Wire</title>{body}</channel></rss>"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path.startswith("/page/"):
            self._send(PAGE.format(town=self.path.rsplit("/", 1)[-1].capitalize() + "ville"), "text/html")
        elif self.path == "/feed.xml":
            self._send(feed(ITEMS["feed.xml"]).replace("{base}", base), "application/rss+xml")
        elif self.path == "/broken.xml":
            self._send("<?xml version='1.0'?><rss><channel><item><title>x", "application/rss+xml")
        elif self.path == "/slow.xml":
            time.sleep(3)
            self._send(feed(["s"]), "application/rss+xml")
        elif self.path == "/links.txt":
            self._send(f"# reading list\n{base}/page/one\n{base}/page/two\n", "text/plain")
        else:
            self.send_error(500, "boom")

    def _send(self, text, ctype):
        data = text.encode()
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):   # the client gave up (the slow feed)
            pass


@pytest.fixture(scope="module")
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()


def test_page_and_feed_and_link_list(server):
    kind, r = load_url(f"{server}/page/kherson")
    (a,) = r.articles
    assert kind == "page" and a.title == "Troops enter town" and "Khersonville" in a.text
    assert "alert" not in a.text and "Home" not in a.text and "Copyright" not in a.text
    assert str(a.published) == "2025-03-10" and a.source == "Wire"
    kind, r = load_url(f"{server}/feed.xml")
    assert kind == "feed" and [x.title for x in r.articles] == ["Story a", "Story b"]
    assert all("fighting" in x.text for x in r.articles)        # short summaries followed to their page
    kind, r = load_url(f"{server}/feed.xml", follow=False)
    assert [x.text for x in r.articles] == ["Short summary a.", "Short summary b."]
    kind, r = load_url(f"{server}/links.txt")
    assert kind == "links" and len(r.articles) == 2
    for bad, why in ((f"{server}/missing", "500"), (f"{server}/broken.xml", "not a feed"),
                     ("file:///etc/passwd", "not an http(s) link")):
        _, r = load_url(bad)
        assert not r.articles and why in str(r.refused[0]), (bad, r.refused)


def test_paste_checks_like_a_file():
    r = article_from_paste("T", "Police arrested ten.", published="9 Feb 2026", source="Me")
    assert str(r.articles[0].published) == "2026-02-09"
    r = article_from_paste("T", "Body.", published="soon")
    assert r.articles[0].published is None and "has no year" in str(r.notes[0])
    assert article_from_paste("T", "  ").refused


def test_watch_ingests_new_items_once_and_survives_bad_sources(server, tmp_path):
    store = Store(tmp_path / "w.duckdb", shared=True)
    sources = [f"{server}/feed.xml", f"{server}/broken.xml", f"{server}/slow.xml", f"{server}/missing"]
    runs = poll_once(store, sources, resources=None, extractor=fake_extractor, timeout=1.0, every=900)
    status = {r.source.rsplit("/", 1)[-1]: r for r in runs}
    assert status["feed.xml"].new == 2 and status["feed.xml"].status == "ok"
    assert status["broken.xml"].status.startswith("failed") and status["missing"].status.startswith("failed")
    assert "no answer within" in status["slow.xml"].status
    again = poll_once(store, sources[:1], resources=None, extractor=fake_extractor, every=900)
    assert (again[0].new, again[0].seen) == (0, 2)
    ITEMS["feed.xml"] = ["a", "b", "c"]
    third = poll_once(store, sources[:1], resources=None, extractor=fake_extractor, every=900)
    assert (third[0].new, third[0].seen) == (1, 2)
    table = watched_sources(store.cursor()).set_index("source_url")
    assert table.loc[f"{server}/feed.xml", "total_new"] == 3 and table.loc[f"{server}/feed.xml", "last_status"] == "ok"
    assert table.loc[f"{server}/missing", "last_status"].startswith("failed")
    assert store.counts()["articles"] == 3


def test_every_parses_durations():
    assert [parse_every(x) for x in ("15m", "1h30m", "90s", "2")] == [900, 5400, 90, 120]
    with pytest.raises(ValueError):
        parse_every("often")


def test_watch_command_once_then_the_ingest_page_shows_its_sources(server, tmp_path, monkeypatch):
    import sys
    from click.testing import CliRunner
    from streamlit.testing.v1 import AppTest
    from pathlib import Path

    from sitroom.cli import main
    root = Path(__file__).resolve().parent.parent
    db = tmp_path / "cli.duckdb"
    out = CliRunner().invoke(main, ["watch", f"{server}/feed.xml", f"{server}/missing", "--once", "--every", "1m",
                                    "--no-follow", "--db", str(db), "--log", str(tmp_path / "watch.log")])
    assert out.exit_code == 0, out.output
    log = (tmp_path / "watch.log").read_text()
    assert "feed.xml [feed]: ok" in log and "missing [unknown]: failed" in log and "500" in log
    sys.path.insert(0, str(root))
    monkeypatch.setenv("SITROOM_DB", str(db))
    at = AppTest.from_file(str(root / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/ingest.py").run()
    assert not at.exception
    frames = [d.value for d in at.dataframe]
    sources = next(f for f in frames if "source_url" in f.columns)
    assert set(sources.source_url) == {f"{server}/feed.xml", f"{server}/missing"}
