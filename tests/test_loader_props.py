"""Property-based tests (hypothesis) of the loaders and the published-date resolver."""
from __future__ import annotations

import csv
import io
import json
import os
from datetime import date, timedelta

from hypothesis import HealthCheck, example, given, settings, strategies as st

from sitroom.loader import LoadError, LoadResult, clean_text, parse_published
from sitroom.loader.article import EARLIEST_PUBLISHED, today_utc
from sitroom.loader.encoding import decode_bytes
from sitroom.loader.tabular import read_csv, read_jsonl
from sitroom.loader.textdump import read_textdump

# CI runs the same examples every time (main must pass); elsewhere each run tries new ones, and
# SITROOM_PROPERTY_EXAMPLES asks for more.
FAST = settings(max_examples=int(os.environ.get("SITROOM_PROPERTY_EXAMPLES", 60)), deadline=None,
                derandomize=bool(os.environ.get("CI")), suppress_health_check=[HealthCheck.too_slow])
words = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll"), max_codepoint=0x24F),
                min_size=2, max_size=9)


def sentence(min_words=4, max_words=14):
    return st.lists(words, min_size=min_words, max_size=max_words).map(lambda w: " ".join(w).capitalize() + ".")


@st.composite
def page(draw):
    """A text-dump page: kicker?, title, captions repeated a random number of times, counters, body."""
    title = " ".join(w.capitalize() for w in draw(st.lists(words, min_size=4, max_size=10)))
    captions = draw(st.lists(sentence(8, 16).map(lambda s: s[:-1] + " (Reuters)"), min_size=0, max_size=2, unique=True))
    body = draw(st.lists(sentence(), min_size=1, max_size=5))
    return {"title": title, "captions": captions, "body": body,
            "kicker": draw(st.sampled_from([None, "Middle East", "Exclusive", "Arab World"])),
            "counter": draw(st.sampled_from([None, "12", "3 comments", "Share 45", "1.2K views"])),
            "reps_before": draw(st.integers(1, 2)), "reps_after": draw(st.integers(1, 3)),
            "title_after": draw(st.integers(1, 2))}


def render(p: dict) -> str:
    lines = ([p["kicker"]] if p["kicker"] else []) + [p["title"], ""]
    for c in p["captions"]:
        lines += [c] * p["reps_before"]
    lines += ["TT"] + ([p["counter"]] if p["counter"] else []) + [""]
    lines += [p["title"], ""] * p["title_after"]
    for c in p["captions"]:
        lines += [c] * p["reps_after"]
    lines.append("")
    for para in p["body"]:
        lines += [para, ""]
    return "\n".join(lines)


def distinct_lines(pages) -> bool:
    """Real pages do not share a title, a caption or a paragraph (and a body is not a header)."""
    lines = [x for p in pages for x in [p["title"], *p["captions"], *p["body"]]]
    return len(lines) == len(set(lines))


@FAST
@given(st.lists(page(), min_size=1, max_size=4).filter(distinct_lines))
def test_textdump_finds_title_captions_and_body_by_structure(pages):
    result = LoadResult()
    read_textdump("dump.txt", "\n".join(render(p) for p in pages), result)
    assert not result.refused
    assert [a.title for a in result.articles] == [p["title"] for p in pages]
    for a, p in zip(result.articles, pages):
        assert a.captions == p["captions"]
        assert a.text == "\n\n".join(p["body"])


@FAST
@given(st.lists(st.one_of(
    st.fixed_dictionaries({"id": words, "title": words, "text": sentence()}).map(json.dumps),
    st.text(max_size=40).filter(lambda s: "\n" not in s))))
def test_jsonl_keeps_every_good_line_whatever_surrounds_it(lines):
    result = LoadResult()
    read_jsonl("x.jsonl", "\n".join(lines), result)
    good = []
    for line in lines:
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if isinstance(rec, dict) and isinstance(rec.get("text"), str) and rec["text"].strip():
            good.append(rec["text"])
    assert [a.text for a in result.articles] == good
    for problem in result.refused:
        assert problem.line is not None and problem.path == "x.jsonl"


@FAST
@given(st.lists(st.tuples(words, st.text(min_size=1, max_size=60).filter(lambda s: s.strip())), min_size=1, max_size=8))
def test_csv_round_trips_any_text_with_quotes_and_newlines(rows):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["id", "title", "text"])
    for i, (title, text) in enumerate(rows):
        w.writerow([f"r{i}", title, text])
    result = LoadResult()
    read_csv("x.csv", buf.getvalue(), result)
    assert not result.refused
    assert [a.text for a in result.articles] == [clean_text(t) for _, t in rows]
    assert [a.id for a in result.articles] == [f"r{i}" for i in range(len(rows))]


@FAST
@given(st.text(max_size=60))
def test_any_text_is_a_date_or_a_clear_refusal(s):
    try:
        d = parse_published(s, path="f", line=3)
    except LoadError as exc:
        assert str(exc).startswith("f:3: published date")
        return
    assert d is None or EARLIEST_PUBLISHED <= d <= today_utc() + timedelta(days=2)


@FAST
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 1, 1)),
       st.sampled_from(["%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%a, %d %b %Y 10:00:00 GMT", "%Y-%m-%dT08:30:00Z",
                        "%d %b %Y", "%Y/%m/%d"]))
def test_common_date_forms_read_back(d, fmt):
    assert parse_published(d.strftime(fmt)) == d


# No real text holds a NUL character, and a NUL makes plain UTF-8 bytes read as UTF-16 just as
# well ("0\x00" is the letter 0 in either): such bytes are ambiguous, so texts here have none.
@FAST
@given(st.text(alphabet=st.characters(blacklist_characters="\x00"), max_size=200),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
@example("0\x01\x80", "utf-8")
def test_any_text_in_a_marked_encoding_decodes_back(text, codec):
    try:
        raw = text.encode(codec)
    except UnicodeEncodeError:
        return   # lone surrogates cannot be encoded at all
    if not raw.strip():
        return
    try:
        assert decode_bytes(raw).text == text
    except Exception as exc:   # only control-heavy text may be called binary
        assert "binary" in str(exc)


PHRASES = ["on Monday", "last week", "yesterday", "in March", "on June 27", "last year", "two days later",
           "on 31 December 9999", "in 0001", "next month", "since 2015", "earlier this month", "on Feb. 29",
           "three weeks ago", "the day before", "in the 1990s", "this week", "on July 5, 2021", "tomorrow"]


@FAST
@given(st.lists(st.sampled_from(PHRASES), min_size=1, max_size=4),
       st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))))
@example(["last week"], date(1, 1, 1))
@example(["next week"], date(9999, 12, 31))
def test_the_date_resolver_never_fails_whatever_the_publication_date(phrases, published):
    """The extractor's resolver (sitroom.extract.dates.find_dates) with publication dates at the
    edges of the calendar, where relative arithmetic overflows: dates or nothing, never an error."""
    from sitroom.extract.dates import find_dates
    text = "Officials said troops moved " + ", then ".join(phrases) + "."
    for dm in find_dates(text, published=published):
        assert dm.value is None or isinstance(dm.value, date)
        assert text[dm.start:dm.end] == dm.text
