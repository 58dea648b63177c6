"""Articles from links and feeds: fetch a URL the analyst gave, read it as a feed or a page.

- Feeds (RSS/Atom) are read by feedparser through the same reader as feed files; an item
  whose feed text is only a short summary is followed to its page when ``follow`` is on.
- Article pages are read by trafilatura (main text without menus, comments or ads; title,
  date and site from the page's metadata), falling back to sitroom's own HTML reader.
- A link list (a text file or page of one URL per line) gives its URLs.

Only http(s) URLs are fetched, with a timeout and a size cap; every failure becomes a
refusal naming the URL (``LoadResult``), never an exception. Nothing is fetched unless a
user asked for that URL.
"""
from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .loader import Article, LoadResult, load_bytes
from .loader.article import resolve_published
from .loader.encoding import NotText, decode_bytes
from .loader.markup import add_feed_entry, looks_like_feed, read_html

TIMEOUT = 20.0
MAX_BYTES = 20 * 1024 * 1024
SHORT_SUMMARY = 600   # characters: a feed item shorter than this is followed to its page
USER_AGENT = "sitroom/0.1 (+offline situation room; fetches only what its user asks for)"
_URL = re.compile(r"^https?://\S+$", re.I)


class FetchError(RuntimeError):
    pass


@dataclass
class Fetched:
    url: str            # after redirects
    body: bytes
    content_type: str


def is_url(text: str) -> bool:
    return bool(_URL.match((text or "").strip()))


def fetch(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> Fetched:
    """GET an http(s) URL; FetchError says what went wrong (status, timeout, too large)."""
    if not is_url(url):
        raise FetchError(f"{url!r} is not an http(s) link")
    req = urllib.request.Request(url.strip(), headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:   # noqa: S310 - scheme checked above
            body = resp.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise FetchError(f"{url}: larger than {max_bytes // (1024 * 1024)} MB; not read")
            return Fetched(resp.geturl(), body, resp.headers.get("Content-Type", "") or "")
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: the server answered {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise FetchError(f"{url}: cannot reach it ({exc.reason})") from exc
    except (TimeoutError, OSError) as exc:
        raise FetchError(f"{url}: no answer within {timeout:.0f} s ({exc})") from exc
    except ValueError as exc:
        raise FetchError(f"{url}: {exc}") from exc


def kind_of(fetched: Fetched, text: str) -> str:
    """'feed', 'links' or 'page'."""
    ctype = fetched.content_type.lower()
    if looks_like_feed(text) or any(k in ctype for k in ("rss", "atom")):
        return "feed"
    if "text/plain" in ctype or (not text.lstrip().startswith("<") and link_lines(text)):
        return "links"
    return "page"


def link_lines(text: str) -> list[str]:
    """The links of a link list (one http(s) URL per line, '#' comments), or [] if it is not one."""
    lines = [l.strip() for l in text.splitlines() if l.strip() and not l.strip().startswith("#")]
    return lines if lines and all(is_url(l) for l in lines) else []


def read_links(links: list[str], result: LoadResult, *, timeout: float = TIMEOUT) -> None:
    """Each linked page's article into ``result``."""
    for link in links:
        result_page(link, result, timeout=timeout)


def load_url(url: str, *, follow: bool = True, timeout: float = TIMEOUT) -> tuple[str, LoadResult]:
    """(kind, articles) of one URL: a feed's items, a page's article, or a link list's pages."""
    result = LoadResult()
    try:
        fetched = fetch(url, timeout=timeout)
        text = decode_bytes(fetched.body).text
    except (FetchError, NotText) as exc:
        result.refuse(url, None, str(exc))
        return "unknown", result
    kind = kind_of(fetched, text)
    if kind == "feed":
        read_feed_url(url, text, result, follow=follow, timeout=timeout)
    elif kind == "links":
        read_links(link_lines(text), result, timeout=timeout)
    else:
        read_page(fetched.url, fetched.body, result)
    return kind, result


def read_feed_url(url: str, text: str, result: LoadResult, *, follow: bool, timeout: float) -> None:
    """A feed's items; short summaries are replaced by their page's text when it can be had."""
    import feedparser
    parsed = feedparser.parse(text, sanitize_html=True, resolve_relative_uris=False)
    source = parsed.feed.get("title") or None
    before = len(result.articles)
    for n, entry in enumerate(parsed.entries, 1):
        article = add_feed_entry(entry, n, path=url, feed_title=source, result=result)
        link = entry.get("link")
        if article is None or not follow or not link or len(article.text) >= SHORT_SUMMARY:
            continue
        page = LoadResult()
        result_page(link, page, timeout=timeout)
        if page.articles and len(page.articles[0].text) > len(article.text):
            full = page.articles[0]
            result.articles[result.articles.index(article)] = Article(
                title=article.title or full.title, text=full.text, published=article.published or full.published,
                source=source or full.source, url=link, captions=full.captions, origin=f"{url}#item{n}")
        else:
            result.notes += [n_ for n_ in page.refused]   # kept the summary; say why
    if len(result.articles) == before:
        result.refuse(url, None, "not a feed with readable items" + (f" ({parsed.bozo_exception})" if parsed.bozo else ""))


def result_page(url: str, result: LoadResult, *, timeout: float = TIMEOUT) -> None:
    """Fetch one article page into ``result``."""
    try:
        fetched = fetch(url, timeout=timeout)
    except FetchError as exc:
        result.refuse(url, None, str(exc))
        return
    read_page(fetched.url, fetched.body, result)


def read_page(url: str, body: bytes, result: LoadResult) -> None:
    """An article page: trafilatura's main text and metadata; sitroom's HTML reader if that fails."""
    try:
        text = decode_bytes(body).text
    except NotText as exc:
        result.refuse(url, None, str(exc))
        return
    doc = None
    try:
        import trafilatura
        doc = trafilatura.bare_extraction(text, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False)
    except Exception:  # noqa: BLE001 - a parser failure falls back to the plain reader
        doc = None
    data = doc.as_dict() if hasattr(doc, "as_dict") else (doc or {})
    body_text = (data.get("text") or "").strip()
    title = (data.get("title") or "").strip()
    if not body_text:
        read_html(Path(url), text, result)
        if result.articles:
            result.articles[-1].url = result.articles[-1].url or url
            result.articles[-1].origin = url
        return
    paragraphs = [p.strip() for p in body_text.split("\n") if p.strip()]
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]   # trafilatura repeats the headline as the first line
    if not paragraphs:
        result.refuse(url, None, "page has no article text")
        return
    result.articles.append(Article(
        title=title, text="\n\n".join(paragraphs),
        published=resolve_published(data.get("date"), result, path=url, line=None),
        source=data.get("sitename") or data.get("hostname"), url=data.get("url") or url, origin=url))


def article_from_paste(title: str, text: str, *, published=None, source: str | None = None,
                       url: str | None = None) -> LoadResult:
    """An article typed or pasted into the Ingest page (same checks as a file's record)."""
    result = LoadResult()
    if not (text or "").strip():
        result.refuse("pasted article", None, "article has no text")
        return result
    result.articles.append(Article(title=title or "", text=text, source=source or None, url=url or None,
                                   published=resolve_published(published, result, path="pasted article", line=None),
                                   origin="pasted article"))
    return result


def load_upload(name: str, data: bytes) -> LoadResult:
    """A file dropped on the Ingest page, read exactly as the same file on disk would be."""
    result = LoadResult()
    load_bytes(Path(Path(name).name), data, result)
    return result


__all__ = ["fetch", "FetchError", "load_url", "read_page", "article_from_paste", "load_upload", "is_url"]
