"""HTML pages (standard-library parser) and RSS/Atom feeds (feedparser).

Markup is untrusted: we keep text, never tags, and never execute anything.
"""
from __future__ import annotations

import html
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from .article import Article, LoadResult, resolve_published

_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
          "blockquote", "figcaption", "header", "footer"}
_SKIP = {"script", "style", "noscript", "template", "svg", "nav", "iframe", "form", "button"}


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.h1 = ""
        self.paragraphs: list[str] = []
        self.captions: list[str] = []
        self.meta: dict[str, str] = {}
        self._stack: list[str] = []
        self._buf: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta":
            key = a.get("property") or a.get("name") or a.get("itemprop")
            if key and a.get("content"):
                self.meta[key.lower()] = a["content"]
            return
        if tag == "link" and (a.get("rel") or "").lower() == "canonical" and a.get("href"):
            self.meta.setdefault("canonical", a["href"])
        if tag in _SKIP:
            self._skip += 1
        if tag in _BLOCK:
            self._flush()
        self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag in _SKIP and self._skip:
            self._skip -= 1
        if tag in _BLOCK or tag in ("title",):
            self._flush(tag)
        while self._stack and self._stack.pop() != tag:
            pass

    def handle_data(self, data):
        if not self._skip:
            self._buf.append(data)

    def _flush(self, closing: str | None = None):
        text = " ".join("".join(self._buf).split())
        self._buf = []
        if not text:
            return
        where = closing or (self._stack[-1] if self._stack else "")
        if where == "title" or "title" in self._stack[-1:]:
            self.title = self.title or text
        elif where == "h1" and not self.h1:
            self.h1 = text
        elif where == "figcaption" or "figcaption" in self._stack:
            self.captions.append(text)
        elif where in ("h2", "h3", "h4", "h5", "h6"):
            self.paragraphs.append(text)
        else:
            self.paragraphs.append(text)


def read_html(path: Path, text: str, result: LoadResult) -> None:
    """One article from a page: title from og:title/h1/title, body from paragraphs, captions
    from figcaption, date from article:published_time (or the other usual meta names)."""
    p = _PageParser()
    p.feed(text)
    p.close()
    p._flush()
    title = p.meta.get("og:title") or p.h1 or p.title
    body = [x for x in p.paragraphs if x != title]
    if not body:
        result.refuse(path, None, "HTML page has no body text")
        return
    stamp = next((p.meta[k] for k in DATE_META if p.meta.get(k)), None)
    result.articles.append(Article(
        title=title, text="\n\n".join(body), published=resolve_published(stamp, result, path=path, line=None),
        source=p.meta.get("og:site_name"), url=p.meta.get("og:url") or p.meta.get("canonical"),
        captions=p.captions, origin=str(path)))


DATE_META = ("article:published_time", "datepublished", "date", "pubdate", "dc.date", "dc.date.issued")


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment (feed descriptions), paragraphs separated by blank lines."""
    p = _PageParser()
    p.feed(fragment or "")
    p.close()
    p._flush()
    parts = [x for x in p.paragraphs if x]
    return "\n\n".join(parts) if parts else html.unescape(re.sub(r"<[^>]+>", " ", fragment or "")).strip()


def looks_like_feed(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:2000].lower()
    return head.startswith(("<rss", "<feed", "<rdf")) or (
        head.startswith("<?xml") and ("<rss" in head or "<feed" in head or "<rdf" in head))


def read_feed(path: Path, text: str, result: LoadResult) -> None:
    """One article per RSS/Atom item with text (feedparser: lenient, sanitises the HTML).

    A malformed feed keeps the items read before the damage and notes where it is; a
    feed with nothing readable is refused with the parser's line.
    """
    import feedparser   # imported here: ~0.2 s, and only feeds need it
    parsed = feedparser.parse(text, sanitize_html=True, resolve_relative_uris=False)
    problem = _feed_problem(parsed)
    feed_title = parsed.feed.get("title") or None
    before = len(result.articles)
    for n, entry in enumerate(parsed.entries, 1):
        add_feed_entry(entry, n, path=path, feed_title=feed_title, result=result)
    if problem and len(result.articles) == before:
        result.refuse(path, problem[0], f"feed is not well-formed XML ({problem[1]})")
    elif problem:
        result.note(path, problem[0], f"feed is malformed ({problem[1]}); kept the items read before it")
    elif not parsed.entries and not parsed.feed:
        result.refuse(path, None, "not an RSS or Atom feed")


def _feed_problem(parsed) -> tuple[int | None, str] | None:
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    if exc is None or type(exc).__name__ in ("CharacterEncodingOverride", "CharacterEncodingUnknown"):
        return None
    line = exc.getLineNumber() if hasattr(exc, "getLineNumber") else None
    message = exc.getMessage() if hasattr(exc, "getMessage") else str(exc)
    return line, message


def add_feed_entry(entry, n: int, *, path, feed_title: str | None, result: LoadResult) -> Article | None:
    """A feedparser entry -> Article in ``result``. Entries without text are skipped, not refused."""
    contents = entry.get("content") or []
    html_body = (contents[0].get("value") if contents else None) or entry.get("summary") or ""
    text = html_to_text(html_body)
    if not text.strip():
        result.note(path, None, f"item {n} has no text; skipped")
        return None
    # dict.get: FeedParserDict's own lookup maps a missing 'updated' to 'published' with a warning.
    stamp = dict.get(entry, "published") or dict.get(entry, "updated") or dict.get(entry, "created")
    parsed_stamp = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    published = None
    if parsed_stamp:
        try:
            published = resolve_published(date(*parsed_stamp[:3]), result, path=path, line=None)
        except (TypeError, ValueError):
            published = None
    if published is None and stamp:
        published = resolve_published(stamp, result, path=f"{path}#item{n}", line=None)
    article = Article(title=entry.get("title") or "", text=text, published=published, source=feed_title,
                      url=entry.get("link") or entry.get("id"), origin=f"{path}#item{n}")
    result.articles.append(article)
    return article
