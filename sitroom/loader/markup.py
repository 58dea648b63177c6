"""HTML pages and RSS/Atom feeds, parsed with the standard library only.

Markup is untrusted: we keep text, never tags, and never execute anything.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from .article import Article, LoadError, parse_published

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


def read_html(path: Path, text: str | None = None) -> list[Article]:
    raw = path.read_text(encoding="utf-8", errors="replace") if text is None else text
    p = _PageParser()
    p.feed(raw)
    p.close()
    p._flush()
    title = p.meta.get("og:title") or p.h1 or p.title
    body = [x for x in p.paragraphs if x != title]
    if not body:
        raise LoadError(path, None, "HTML page has no body text")
    published = None
    for key in ("article:published_time", "datepublished", "date", "pubdate", "dc.date"):
        if p.meta.get(key):
            try:
                published = parse_published(p.meta[key], path=str(path))
            except LoadError:
                published = None
            break
    return [Article(title=title, text="\n\n".join(body), published=published,
                    source=p.meta.get("og:site_name"), url=p.meta.get("og:url") or p.meta.get("canonical"),
                    captions=p.captions, origin=str(path))]


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment (feed descriptions), paragraphs separated by blank lines."""
    p = _PageParser()
    p.feed(fragment or "")
    p.close()
    p._flush()
    parts = [x for x in p.paragraphs if x]
    return "\n\n".join(parts) if parts else html.unescape(re.sub(r"<[^>]+>", " ", fragment or "")).strip()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(el, *names: str) -> str | None:
    for child in el:
        if _local(child.tag) in names:
            if _local(child.tag) == "link" and child.get("href"):
                return child.get("href")
            if child.text and child.text.strip():
                return child.text.strip()
    return None


def looks_like_feed(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return head.startswith("<?xml") and ("<rss" in head or "<feed" in head or "<rdf" in head)


def read_feed(path: Path, text: str | None = None) -> list[Article]:
    raw = path.read_text(encoding="utf-8", errors="replace") if text is None else text
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise LoadError(path, exc.position[0], f"feed is not well-formed XML ({exc})") from exc
    channel = None
    for el in root.iter():
        if _local(el.tag) == "channel":
            channel = el
            break
    feed_title = _child_text(channel if channel is not None else root, "title")
    items = [el for el in root.iter() if _local(el.tag) in ("item", "entry")]
    out = []
    for n, item in enumerate(items, 1):
        body_html = (_child_text(item, "encoded", "content") or _child_text(item, "description", "summary") or "")
        body = html_to_text(body_html)
        if not body:
            continue
        published = None
        stamp = _child_text(item, "pubdate", "published", "updated", "date")
        if stamp:
            published = parse_published(stamp, path=str(path), line=None)
        out.append(Article(title=html.unescape(_child_text(item, "title") or ""), text=body,
                           published=published, source=feed_title,
                           url=_child_text(item, "link", "guid"), origin=f"{path}#item{n}"))
    return out
