"""Each input format becomes the same Article records; bad input names file and line."""
import json
from datetime import date
from pathlib import Path

import pytest

from sitroom.loader import Article, LoadError, iter_files, load_path, read_path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample" / "000_fed92de95dc0327d.txt"


def test_textdump_splits_articles_and_keeps_captions_apart(shared):
    arts = read_path(SAMPLE)
    gold = {json.loads(l)["id"]: json.loads(l) for l in open(shared / "eval" / "seed_articles.jsonl")}
    assert [a.id for a in arts] == list(gold)  # ids and dates come from the sidecar
    for a in arts:
        assert a.text == gold[a.id]["text"]
        assert a.published == date.fromisoformat(gold[a.id]["published"])
        assert a.captions and all(c not in a.text for c in a.captions)
        assert a.title == gold[a.id]["title"]
    assert "January 13, 2020" in arts[0].captions[0]


def test_textdump_without_sidecar_gets_content_ids(tmp_path):
    copy = tmp_path / "dump.txt"
    copy.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    arts = read_path(copy)
    assert len(arts) == 4
    assert all(a.id.startswith("a") and len(a.id) == 16 for a in arts)
    assert read_path(copy)[0].id == arts[0].id  # stable
    assert arts[0].published is None
    assert arts[0].origin == f"{copy}:1"


def test_jsonl_and_csv(tmp_path):
    j = tmp_path / "a.jsonl"
    j.write_text(json.dumps({"id": "x1", "title": "T", "published": "2024-03-05T10:00:00Z",
                             "text": "Rebels attacked the town.", "url": "http://e.org/1"}) + "\n\n", encoding="utf-8")
    (a,) = read_path(j)
    assert (a.id, a.published, a.url) == ("x1", date(2024, 3, 5), "http://e.org/1")
    c = tmp_path / "a.csv"
    c.write_text('id,title,published,text,source,url\nc1,Head,2024-01-02,"Line one,\nline two",Wire,\n',
                 encoding="utf-8")
    (b,) = read_path(c)
    assert b.text == "Line one,\nline two" and b.source == "Wire" and b.url is None


def test_bad_jsonl_names_the_line(tmp_path):
    j = tmp_path / "bad.jsonl"
    j.write_text('{"id": "1", "text": "ok"}\n{"id": 2, "text": \n', encoding="utf-8")
    with pytest.raises(LoadError) as e:
        read_path(j)
    assert e.value.line == 2 and "bad.jsonl:2" in str(e.value)


def test_missing_text_and_bad_date_are_refused(tmp_path):
    j = tmp_path / "x.jsonl"
    j.write_text('{"id": "1", "title": "no body"}\n', encoding="utf-8")
    with pytest.raises(LoadError, match="x.jsonl:1: article has no 'text'"):
        read_path(j)
    c = tmp_path / "x.csv"
    c.write_text("id,title,published,text\n1,t,2024-13-45,body\n", encoding="utf-8")
    result = load_path(c)   # a bad date is reported; the article is kept, undated
    assert [a.published for a in result.articles] == [None]
    assert [str(n) for n in result.notes] == [f"{c}:2: published date '2024-13-45' is not a real date; stored undated"]
    c.write_text("title,summary\nt,b\n", encoding="utf-8")
    with pytest.raises(LoadError, match="'text' column"):
        read_path(c)


def test_html_keeps_text_not_markup(tmp_path):
    h = tmp_path / "p.html"
    h.write_text("""<html><head><title>Site | Page</title>
      <meta property="article:published_time" content="2025-03-10T08:00:00Z">
      <meta property="og:url" content="https://news.example/p"><script>alert('x')</script></head>
      <body><nav>Home | World</nav><h1>Troops &amp; tanks enter town</h1>
      <figure><img src="a.jpg"><figcaption>Tanks on Jan 1, 2020.</figcaption></figure>
      <p>Troops entered the town on <b>Monday</b>.</p><p>Residents fled.</p></body></html>""",
                 encoding="utf-8")
    (a,) = read_path(h)
    assert a.title == "Troops & tanks enter town"
    assert a.text == "Troops entered the town on Monday.\n\nResidents fled."
    assert a.captions == ["Tanks on Jan 1, 2020."]
    assert a.published == date(2025, 3, 10) and a.url == "https://news.example/p"
    assert "alert" not in a.text and "Home" not in a.text


def test_rss_and_atom(tmp_path):
    rss = tmp_path / "feed.xml"
    rss.write_text("""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
      <item><title>A &amp; B</title><link>https://w.example/1</link><pubDate>Mon, 10 Mar 2025 09:00:00 GMT</pubDate>
      <description>&lt;p&gt;Police arrested ten protesters.&lt;/p&gt;</description></item>
      <item><title>Empty</title><description></description></item></channel></rss>""", encoding="utf-8")
    (a,) = read_path(rss)
    assert (a.title, a.text, a.published, a.source, a.url) == (
        "A & B", "Police arrested ten protesters.", date(2025, 3, 10), "Wire", "https://w.example/1")
    atom = tmp_path / "feed.atom"
    atom.write_text("""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
      <title>Atom Wire</title><entry><title>Talks</title><link href="https://a.example/2"/>
      <updated>2025-03-11T12:00:00Z</updated><summary>Envoys met in Doha.</summary></entry></feed>""",
                    encoding="utf-8")
    (b,) = read_path(atom)
    assert (b.title, b.text, b.url, b.published) == ("Talks", "Envoys met in Doha.", "https://a.example/2",
                                                     date(2025, 3, 11))
    broken = tmp_path / "broken.rss"
    broken.write_text("<?xml version='1.0'?><rss><channel>\n<item>", encoding="utf-8")
    with pytest.raises(LoadError, match="broken.rss:2"):
        read_path(broken)


def test_plain_text_and_folder_walk(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "n.txt").write_text("Headline\n\nBody here.", encoding="utf-8")
    (tmp_path / "sub" / "n.txt.meta.json").write_text(json.dumps({"defaults": {"published": "2025-01-02"}}))
    (tmp_path / "ignore.bin").write_bytes(b"\0")
    files = list(iter_files([tmp_path]))
    assert files == [tmp_path / "sub" / "n.txt"]
    (a,) = read_path(files[0])
    assert (a.title, a.text, a.published) == ("Headline", "Body here.", date(2025, 1, 2))


def test_same_content_same_hash():
    a = Article(title="T", text="Some  text")
    b = Article(title="t", text="some text\n")
    assert a.content_hash == b.content_hash and a.id == b.id
