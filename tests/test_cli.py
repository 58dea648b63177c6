"""`sitroom ingest` end to end on the sample articles, with the real extractor."""
import json
from pathlib import Path

from click.testing import CliRunner

from sitroom.cli import main
from sitroom.store import Store

ROOT = Path(__file__).resolve().parent.parent


def test_ingest_sample_then_again_then_bad_file(tmp_path):
    db = tmp_path / "s.duckdb"
    runner = CliRunner()
    first = runner.invoke(main, ["ingest", str(ROOT / "data" / "sample"), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "articles added: 4" in first.output and "refused: 0" in first.output
    store = Store(db)
    n_events = store.counts()["events"]
    assert n_events >= 8
    store.close()

    again = runner.invoke(main, ["ingest", str(ROOT / "data" / "sample"), "--db", str(db)])
    assert again.exit_code == 0 and "skipped as duplicate: 4" in again.output

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "n1", "title": "t", "text": "Police arrested ten people on Monday."}\n{broken\n')
    third = runner.invoke(main, ["ingest", str(bad), "--db", str(db)])
    assert third.exit_code == 1
    assert f"{bad}:2" in third.output and "not valid JSON" in third.output
    store = Store(db)
    assert store.counts()["articles"] == 5  # the good line of the bad file is stored, the bad one named
    assert store.known_articles(["n1"], [])["n1"][2] == f"{bad}:1"


def test_dashboard_command_serves_without_asking_anything(tmp_path):
    """`make run` goes through `sitroom dashboard`: it must start unattended (no stdin prompt)."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from sitroom.fixtures import build_fixture_db

    db = build_fixture_db(tmp_path / "f.duckdb", n_events=20)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "sitroom.cli", "dashboard", "--headless", "--db", str(db),
                             "--port", str(port)], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        deadline, body = time.time() + 60, ""
        while time.time() < deadline and not body:
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read().decode()
            except OSError:
                time.sleep(0.5)
        assert body == "ok"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    # Stopping the command stops the server it started (no orphan left serving the port).
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
            time.sleep(0.5)
        except OSError:
            break
    else:
        raise AssertionError("the dashboard server outlived `sitroom dashboard`")


def test_extract_reports_a_bad_record_and_an_unreadable_date_and_goes_on(tmp_path, cli_resources):
    """Issue 9 item 5: a date nothing can read is reported (file and line) and the article treated
    as undated; a broken record is refused by its line; the rest of the file is extracted."""
    src = tmp_path / "a.jsonl"
    src.write_text('{"id": "d1", "title": "T", "published": "Tuesday 5th March 2024", '
                   '"text": "Police arrested ten protesters in Baghdad on Monday."}\n'
                   '{"id": "d2", "title": "T2", "published": "the other day", '
                   '"text": "Rebels attacked an army post in Mosul on Sunday."}\n{broken\n', encoding="utf-8")
    out = CliRunner().invoke(main, ["extract", str(src)])
    assert out.exit_code == 0, out.output
    assert f"{src}:2: published date 'the other day' has no year; stored undated" in out.output
    assert f"{src}:3: not valid JSON" in out.output
    rows = [json.loads(l) for l in out.output.splitlines() if l.startswith("{")]
    assert {r["article_id"] for r in rows} == {"d1", "d2"}
    assert any(r["event_date"] == "2024-03-04" for r in rows if r["article_id"] == "d1")
