"""`sitroom extract`: by default a story's headline events and dated events with confidence >=
SITROOM_EVENT_CONFIDENCE, as the dashboard shows them; `--all` writes every extracted event.
The command runs in-process on the session's resources (no second model load)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from sitroom.cli import main
from sitroom.schema import column_names

STORY = ("Riot police detained 14 dock workers in Valparaiso on Monday after a strike shut the port. "
         "The dockers union condemned the detentions. "
         "Port managers said cargo was piling up. "
         "One columnist called the strike an attack on common sense. "
         "Farmers blocked a highway near Osorno on Sunday.")


@pytest.fixture
def articles(tmp_path, cli_resources):
    path = tmp_path / "port.jsonl"
    path.write_text(json.dumps({"id": "port1", "title": "Port strike", "published": "2024-05-15",
                                "text": STORY}) + "\n", encoding="utf-8")
    return path


def extract(path, tmp_path, *flags) -> list[dict]:
    out = tmp_path / "events.jsonl"
    res = CliRunner().invoke(main, ["extract", str(path), "-o", str(out), *flags])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert f"{len(rows)} events from 1 articles" in res.output
    return rows


def key(rows: list[dict]) -> list[tuple]:
    return [(r["event_type"], r["trigger"], r["start_char"]) for r in rows]


def test_default_view_is_headline_or_confident_and_all_is_everything(articles, tmp_path, monkeypatch):
    monkeypatch.delenv("SITROOM_EVENT_CONFIDENCE", raising=False)
    every = extract(articles, tmp_path, "--all")
    assert every and all(list(r) == list(column_names("events")) for r in every)
    default = extract(articles, tmp_path)
    assert key(default) == key([r for r in every if r["headline"] or (r["confidence"] >= 0.5 and r["event_date"])])
    assert any(not r["headline"] for r in every)               # the story has events past its lead

    monkeypatch.setenv("SITROOM_EVENT_CONFIDENCE", "1.01")        # nothing is that confident
    headline_only = extract(articles, tmp_path)
    assert headline_only and all(r["headline"] for r in headline_only)
    assert key(headline_only) == key([r for r in every if r["headline"]]) and len(headline_only) < len(every)

    monkeypatch.setenv("SITROOM_EVENT_CONFIDENCE", "0")
    assert key(extract(articles, tmp_path)) == key([r for r in every if r["headline"] or r["event_date"]])
    # --all ignores the setting.
    monkeypatch.setenv("SITROOM_EVENT_CONFIDENCE", "1.01")
    assert key(extract(articles, tmp_path, "--all")) == key(every)


def test_an_undated_event_waits_under_all_mentions_in_python_and_in_sql():
    """One rule, two spellings: ``in_default_view`` for extracted rows and ``where_clause`` for the
    store agree; an undated event cannot be placed in time, so only a headline shows one."""
    import duckdb

    from sitroom import query
    rows = [  # (event_date, headline, confidence) -> shown by default?
        ("2024-05-01", False, 0.9, True), (None, False, 0.9, False), (None, True, 0.2, True),
        ("2024-05-01", False, 0.2, False), ("2024-05-01", True, 0.2, True), (None, False, 0.2, False),
    ]
    assert [query.in_default_view({"event_date": d, "headline": h, "confidence": c}, 0.5) for d, h, c, _ in rows] \
        == [want for *_, want in rows]
    con = duckdb.connect()
    con.execute("CREATE TABLE events_current (i INTEGER, event_date DATE, headline BOOLEAN, confidence DOUBLE, "
                "review_status VARCHAR, background BOOLEAN)")
    con.executemany("INSERT INTO events_current VALUES (?, ?, ?, ?, 'unreviewed', FALSE)",
                    [(i, d, h, c) for i, (d, h, c, _) in enumerate(rows)])
    where, args = query.where_clause(query.Filters())
    shown = {i for (i,) in con.execute(f"SELECT i FROM events_current e WHERE {where} ORDER BY i", args).fetchall()}
    assert shown == {i for i, (*_, want) in enumerate(rows) if want}
