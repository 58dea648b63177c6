"""Bad input, every time: a corpus of malformed and awkward files, generated here, ingested in one
call. Each file is stored or refused by name (and line); every good article is stored; nothing is
half-written; the run never dies. The extractor is a fake (tests/fakes.py): this is about input."""
from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest

from fakes import fake_extractor
from sitroom.ingest import ingest_paths
from sitroom.loader import load_path, walk
from sitroom.store import Store

BODY = "Police arrested {n} protesters in the capital on Monday, officials said."


def art(i: int, **extra) -> dict:
    return {"id": f"good-{i}", "title": f"Good article {i}", "published": "2024-05-0" + str(1 + i % 9),
            "text": BODY.format(n=i + 2), **extra}


def jl(rows) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows)


def build_corpus(d: Path) -> dict[str, int]:
    """Write the corpus into ``d``; returns {file name: good articles it holds}."""
    good: dict[str, int] = {}
    n = iter(range(10_000))

    def put(name: str, data: bytes | str, articles: int = 0, encoding: str = "utf-8") -> None:
        p = d / name
        p.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
        good[name] = articles

    put("empty.jsonl", b"")
    put("blank.csv", "   \n\n")
    put("binary.json", bytes(range(256)) * 40)
    put("nuls.txt", b"\x00" * 1000)
    put("png-named.html", b"\x89PNG\r\n\x1a\n" + b"\x00\x01" * 500)
    put("truncated.json", '[{"id": "t1", "title": "x", "text": "Rebels attacked the town."}, {"id": "t2", "te', 1)
    put("truncated-list.json", json.dumps([art(next(n)), art(next(n))])[:-1], 2)
    put("one-bad-line.jsonl", jl([art(next(n)), art(next(n)), "{oops", art(next(n)), art(next(n)), art(next(n))]), 5)
    put("bad-lines-mixed.jsonl", jl([art(next(n)), "[1, 2]", '"text"', "42", "null", art(next(n))]), 2)
    put("bom.jsonl", codecs.BOM_UTF8 + jl([art(next(n)), art(next(n))]).encode(), 2)
    put("bom.csv", codecs.BOM_UTF8 + b"id,title,published,text\nb1,BOM title,2024-01-02,Troops crossed the border.\n", 1)
    put("latin1.csv", "id,title,published,text\nl1,Caf\xe9 attack,2024-01-02,A bomb hit a caf\xe9 in Beyrouth.\n", 1,
        "latin-1")
    put("cp1252.jsonl", jl([{"id": "w1", "title": "\u201cQuotes\u201d \u20ac", "text": "Talks \u2013 held in Doha."}]), 1,
        "cp1252")
    put("utf16.jsonl", jl([art(next(n)), art(next(n))]), 2, "utf-16")
    put("utf16le-nobom.csv", "id,title,text\nw16,Wide,Envoys met in Oman.\n", 1, "utf-16-le")
    put("utf16be.json", json.dumps([art(next(n))]), 1, "utf-16")
    put("utf32.jsonl", jl([art(next(n))]), 1, "utf-32")
    put("missing-columns.csv", "id,title,published,text,source\nm1,Short row,2024-01-02,Militants shelled the port.\n"
                               "m2,Full row,2024-01-03,Rebels seized the airport.,Wire\n", 2)
    put("extra-columns.csv", "id,title,text\nx1,Extra,Soldiers fired on a crowd.,spare,more\n", 1)
    put("quoted-newlines.csv", 'id,title,text\nq1,Multi,"Line one,\nline two\nline three"\nq2,Next,Plain text here.\n', 2)
    put("unclosed-quote.csv", 'id,title,text\nu1,"Bad title,Police raided offices.\nu2,Good,Rebels attacked a convoy.\n'
                              'u3,Good too,Aid reached the city.\n', 2)
    put("no-text-column.csv", "id,title,summary\n1,a,b\n")
    put("header-only.csv", "id,title,text\n")
    put("html-script-only.html", "<html><head><script>alert(1)</script></head><body><script>x()</script></body></html>")
    put("html-ok.html", "<html><head><meta charset='windows-1252'><title>Talks</title></head><body><h1>Talks</h1>"
                        "<p>Envoys met in Doha on Friday \u201cto end the war\u201d.</p></body></html>", 1, "cp1252")
    put("feed-malformed.xml", "<?xml version='1.0'?><rss><channel><title>W</title>\n<item><title>A</title>"
                              "<description>Rebels shelled the city.</description></item>\n<item><title>B", 1)
    put("feed-garbage.rss", "<?xml version='1.0'?><rss><chan")
    put("feed-bad-date.xml", "<?xml version='1.0'?><rss version='2.0'><channel><title>W</title>"
                             "<item><title>A</title><pubDate>not a date</pubDate><description>Troops moved.</description></item>"
                             "<item><title>B</title><pubDate>Mon, 10 Mar 2025 09:00:00 GMT</pubDate>"
                             "<description>Strikes hit the port.</description></item></channel></rss>", 2)
    put("feed-empty.atom", "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>x</title></feed>")
    put("long-line.jsonl", jl([{"id": "big1", "title": "Big", "text": ("Rebels attacked. " * 1_250_000)}]), 1)
    put("million-chars.json", json.dumps([{"id": "m1m", "title": "Long", "text": "word " * 210_000}]), 1)
    put("big-field.csv", "id,title,text\nbf,Big field," + "x" * 200_000 + "\n", 1)
    rows = "".join(f'r{i},Row {i},"Para {i} line one\n' + "\n".join(f"more text {j}" for j in range(98)) + '"\n'
                   for i in range(2000))
    put("200k-lines.csv", "id,title,text\n" + rows, 2000)
    put("arabic.jsonl", jl([{"id": "ar1", "title": "\u0647\u062c\u0648\u0645", "text": "\u0634\u0646 \u0645\u0633\u0644\u062d\u0648\u0646 \u0647\u062c\u0648\u0645\u0627"}]), 1)
    put("russian.csv", "id,title,text\nru1,\u0410\u0442\u0430\u043a\u0430,\u0412\u043e\u0439\u0441\u043a\u0430 \u0432\u043e\u0448\u043b\u0438 \u0432 \u0433\u043e\u0440\u043e\u0434.\n", 1)
    put("chinese.txt", "\u8c08\u5224\u5728\u5317\u4eac\u4e3e\u884c\n\n\u53cc\u65b9\u4ee3\u8868\u5728\u5317\u4eac\u4f1a\u8c08\u3002", 1)
    put("dup-ids.jsonl", jl([{"id": "same", "title": "One", "text": "Rebels attacked a base."},
                             {"id": "same", "title": "Two", "text": "Completely different text here."}]), 1)
    put("dup-text.jsonl", jl([{"id": "d1", "title": "T", "text": "Identical text."},
                              {"id": "d2", "title": "T", "text": "Identical  text."}]), 1)
    put("no-title.jsonl", jl([{"id": "nt", "text": "Troops withdrew from the town."}]), 1)
    put("no-text.jsonl", jl([{"id": "nx", "title": "Only a title"}, {"id": "nx2", "title": "x", "text": "   "}]))
    put("dates.jsonl", jl([{"id": "f1", "text": "Far future.", "published": "9999-12-31"},
                           {"id": "f2", "text": "Year one.", "published": "0001-01-01"},
                           {"id": "f3", "text": "Impossible.", "published": "2024-02-30"},
                           {"id": "f4", "text": "Words.", "published": "March 5, 2024"},
                           {"id": "f5", "text": "Relative.", "published": "yesterday"},
                           {"id": "f6", "text": "Epoch.", "published": 1709600000},
                           {"id": "f7", "text": "Object.", "published": {"y": 2024}}]), 7)
    put("top-level-42.json", "42")
    put("articles-null.json", '{"articles": null}')
    put("articles-obj.json", '{"articles": {"id": 1}}')
    put("single-object.json", json.dumps(art(next(n))), 1)
    put("wrapped.json", json.dumps({"articles": [art(next(n)), "junk", art(next(n))]}), 2)
    put("deep.json", "[" * 100_000 + "]" * 100_000)
    put("deep-line.jsonl", jl([art(next(n)), "[" * 50_000 + "]" * 50_000, art(next(n))]), 2)
    put("surrogate.jsonl", '{"id": "s1", "title": "Lone \\ud800 surrogate", "text": "Text \\udfff here."}\n', 1)
    put("objects-in-fields.jsonl", jl([{"id": "o1", "title": {"a": 1}, "text": "x y"},
                                       {"id": "o2", "title": "ok", "text": ["Para one.", "Para two."]},
                                       {"id": "o3", "title": "ok", "text": {"nested": "no"}},
                                       {"id": "o4", "title": "ok", "text": "Fine.", "source": ["a"]}]), 1)
    put("nul-in-text.jsonl", jl([{"id": "z1", "title": "Nul", "text": "Before\u0000after the blast."}]), 1)
    put("crlf.csv", "id,title,text\r\ncr1,Win,Protesters marched.\r\n", 1)
    put("sidecar-list.txt", "Headline here\n\nThe body of a plain text article.", 1)
    put("sidecar-list.txt.meta.json", "[1, 2, 3]")
    put("sidecar-broken.jsonl", jl([art(next(n))]), 1)
    put("sidecar-broken.jsonl.meta.json", "{broken")
    put("textdump.txt", "Kicker\nA Title Here For Talks\n\nA caption. (Reuters)\nTT\n12\n\nA Title Here For Talks\n\n"
                        "A caption. (Reuters)\n\nEnvoys met on Monday in Geneva.\n", 1)
    put("odd name with spaces & ünïcode.jsonl", jl([art(next(n))]), 1)
    put("-leading-dash.csv", "id,title,text\nld,Dash,Officials said talks resume.\n", 1)
    put("UPPER.JSONL", jl([art(next(n))]), 1)
    put("notes.docx", b"PK\x03\x04 not ours")
    put("image.png", b"\x89PNG")
    put("no-suffix", "whatever")
    put(".hidden.jsonl", jl([art(next(n))]))
    put("macro.csv", "id,title,text\nmc,=HYPERLINK(\"http://evil\"),=1+2 rockets fell.\n", 1)
    put("sql.jsonl", jl([{"id": "sq", "title": "'; DROP TABLE events; --", "text": "Robert'); DROP TABLE articles;--"}]), 1)
    os.mkfifo(d / "fifo.jsonl")
    os.symlink(d / "loop-b", d / "loop-a")
    os.symlink(d / "loop-a", d / "loop-b")
    os.symlink(d / "nowhere.jsonl", d / "broken-link.jsonl")
    (d / "sub").mkdir()
    os.symlink(d, d / "sub" / "back-to-top")   # a folder loop: not followed
    unreadable = d / "unreadable.jsonl"
    unreadable.write_text(jl([art(next(n))]))
    unreadable.chmod(0)
    good["unreadable.jsonl"] = 1 if os.geteuid() == 0 else 0   # root reads it anyway
    return good


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    expected = build_corpus(d)
    store = Store(d.parent / "corpus.duckdb")
    report = ingest_paths([d], store=store, resources=None, extractor=fake_extractor, batch_size=200)
    yield d, expected, report, store
    store.close()


def test_corpus_has_at_least_sixty_files(corpus):
    d, expected, report, _ = corpus
    assert len(os.listdir(d)) >= 60


def test_every_file_is_stored_or_named(corpus):
    d, expected, report, store = corpus
    named = {Path(w.split(":")[0]).name for w, _ in report.refused + report.skipped + report.notes + report.conflicts}
    origins = {Path(r[0].rsplit(":", 1)[0].split("#")[0]).name
               for r in store.cursor().execute("SELECT origin FROM articles").fetchall()}
    for name in os.listdir(d):
        if name.endswith(".meta.json") or (d / name).is_dir() and not (d / name).is_symlink():
            continue
        assert name in origins or name in named, f"{name} was neither stored nor named"
    for name, n_good in expected.items():
        if n_good:
            assert name in origins, f"{name}: its good articles were not stored"


def test_every_good_article_is_stored_and_nothing_half_written(corpus):
    d, expected, report, store = corpus
    cur = store.cursor()
    by_file = dict(cur.execute("""SELECT regexp_extract(origin, '([^/]+?)(:\\d+|#item\\d+)?$', 1), count(*)
                                  FROM articles GROUP BY 1""").fetchall())
    for name, n_good in expected.items():
        if name.endswith(".meta.json"):
            continue
        assert by_file.get(name, 0) == n_good, (name, by_file.get(name, 0), n_good)
    assert report.articles_added == sum(v for k, v in expected.items() if not k.endswith(".meta.json"))
    # Every event has its article and evidence; every evidence row its event.
    assert cur.execute("SELECT count(*) FROM events e LEFT JOIN articles a USING (article_id) "
                       "WHERE a.article_id IS NULL").fetchone()[0] == 0
    assert cur.execute("SELECT count(*) FROM evidence v LEFT JOIN events e USING (event_id) "
                       "WHERE e.event_id IS NULL").fetchone()[0] == 0
    assert cur.execute("SELECT count(*) FROM articles WHERE text IS NULL OR trim(text) = ''").fetchone()[0] == 0


def test_refusals_say_where_and_why(corpus):
    d, expected, report, _ = corpus
    text = "\n".join(f"{w}: {m}" for w, m in report.refused + report.skipped + report.conflicts + report.notes)
    for needle in ("one-bad-line.jsonl:3: not valid JSON", "binary.json: binary data", "nuls.txt: binary data",
                   "empty.jsonl: empty file", "top-level-42.json:1: the top level must be a list",
                   "articles-null.json:1: 'articles' must be a list", "deep.json", "nested too deeply",
                   "unclosed-quote.csv:2: ", "no-text-column.csv:1: CSV header must name a 'text' column",
                   "html-script-only.html: HTML page has no body text", "feed-garbage.rss",
                   "fifo.jsonl: not a regular file", "loop-a: symlink loop", "broken-link.jsonl: broken link",
                   "notes.docx: unsupported type .docx", "no-suffix: unsupported type",
                   "dup-ids.jsonl:2: id 'same' was already stored from", "dates.jsonl:1: published date 9999-12-31 is implausible",
                   "dates.jsonl:2: published date 0001-01-01 is implausible", "dates.jsonl:3: published date '2024-02-30' is not a real date",
                   "dates.jsonl:5: published date 'yesterday' has no year", "objects-in-fields.jsonl:1: field 'title' must be text",
                   "objects-in-fields.jsonl:3: field 'text' must be text",
                   "objects-in-fields.jsonl:4: field 'source' must be text", "sidecar-list.txt.meta.json:1: sidecar must be an object",
                   "sidecar-broken.jsonl.meta.json:1: sidecar is not valid JSON", "latin1.csv: not UTF-8; read as cp1252",
                   "feed-bad-date.xml#item1: published date 'not a date' has no year"):
        assert needle in text, needle
    assert "Traceback" not in text


def test_awkward_content_is_stored_right(corpus):
    _, _, _, store = corpus
    cur = store.cursor()

    def one(aid, col="text"):
        return cur.execute(f"SELECT {col} FROM articles WHERE article_id = ?", [aid]).fetchone()[0]

    assert one("l1", "title") == "Café attack" and one("w1", "title") == "“Quotes” €"
    assert one("b1", "title") == "BOM title"                      # the BOM did not eat the id column
    assert one("w16") == "Envoys met in Oman."                     # UTF-16 without a BOM
    assert one("q1") == "Line one,\nline two\nline three"
    assert cur.execute("SELECT count(*) FROM articles WHERE article_id IN ('u2', 'u3')").fetchone()[0] == 2
    assert cur.execute("SELECT count(*) FROM articles WHERE article_id = 'u1' AND text LIKE 'Police%'").fetchone()[0] == 0
    assert one("o2") == "Para one.\n\nPara two."                  # paragraphs given as a list
    assert cur.execute("SELECT count(*) FROM articles WHERE article_id = 'o4'").fetchone()[0] == 0  # source a list
    assert "\x00" not in one("z1") and len(one("z1")) == len("Before\u0000after the blast.")
    assert "\ufffd" in one("s1", "title")                         # lone surrogate replaced, not a crash
    assert len(one("big1")) == len("Rebels attacked. " * 1_250_000)   # never truncated
    assert len(one("m1m")) == len("word " * 210_000)
    pub = dict(cur.execute("SELECT article_id, published FROM articles WHERE article_id LIKE 'f%'").fetchall())
    assert pub["f1"] is None and pub["f2"] is None and pub["f3"] is None and pub["f5"] is None
    assert str(pub["f4"]) == "2024-03-05" and str(pub["f6"]) == "2024-03-05"
    assert one("mc", "title").startswith("=HYPERLINK")           # stored as given; exports neutralise it
    assert one("sq", "title") == "'; DROP TABLE events; --"
    assert one("same", "title") == "One"


def test_same_folder_file_by_file_gives_the_same_store(corpus, tmp_path):
    d, expected, report, store = corpus
    other = Store(tmp_path / "one-by-one.duckdb")
    for f in walk([d])[0]:   # the files a folder ingest reads (a named file is read whatever its name)
        ingest_paths([f], store=other, resources=None, extractor=fake_extractor)
    ids = lambda s: {r[0] for r in s.cursor().execute("SELECT article_id FROM articles").fetchall()}
    assert ids(other) == ids(store)


def test_load_path_never_raises_on_any_corpus_file(corpus):
    d, *_ = corpus
    for f in d.iterdir():
        result = load_path(f)
        assert result.articles or result.refused or f.name.endswith(".meta.json") or f.name.startswith(".")


@pytest.mark.slow
def test_the_real_command_on_the_small_files_reports_and_never_crashes(corpus, tmp_path):
    """`sitroom ingest` itself (real extractor) on every corpus file under 50 kB: exit 1 with the
    report (some files are refused), every refusal named, no traceback."""
    import shutil
    import subprocess
    import sys
    d, *_ = corpus
    small = tmp_path / "small"
    small.mkdir()
    for f in d.iterdir():
        if f.is_file() and not f.is_symlink() and f.stat().st_size < 50_000 and os.access(f, os.R_OK):
            shutil.copy(f, small / f.name)
    out = subprocess.run([sys.executable, "-m", "sitroom.cli", "ingest", str(small), "--db", str(tmp_path / "r.duckdb")],
                         capture_output=True, text=True, timeout=300, cwd=Path(__file__).resolve().parent.parent)
    assert out.returncode == 1, out.stderr[-3000:]
    assert "Traceback" not in out.stderr and "Traceback" not in out.stdout
    assert "refused: " in out.stdout and "one-bad-line.jsonl:3: not valid JSON" in out.stdout
    assert "stored without events" not in out.stdout, out.stdout   # the extractor handled every text
    store = Store(tmp_path / "r.duckdb", read_only=True)
    assert store.counts()["articles"] >= 50 and store.counts()["events"] > 0
    store.close()
