"""Readers that turn files into ``Article`` records, one reader per format.

``read_path`` picks the reader from the file's name and content and applies a
sidecar file of metadata (``<file>.meta.json``) when there is one.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from .article import Article, LoadError, content_hash, parse_published
from .markup import looks_like_feed, read_feed, read_html
from .tabular import read_csv, read_json, read_jsonl
from .textdump import looks_like_textdump, read_textdump

__all__ = ["Article", "LoadError", "content_hash", "parse_published", "read_path", "iter_files",
           "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = (".jsonl", ".json", ".csv", ".txt", ".html", ".htm", ".xml", ".rss", ".atom")
SIDECAR_SUFFIX = ".meta.json"


def iter_files(paths: list[Path]) -> Iterator[Path]:
    """Files under the given paths, in a stable order; sidecars are not articles."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES and not f.name.endswith(SIDECAR_SUFFIX):
                    yield f
        else:
            yield p


def read_path(path: Path) -> list[Article]:
    """All articles in one file. Raises LoadError naming the file and line on bad input."""
    path = Path(path)
    if not path.exists():
        raise LoadError(path, None, "no such file")
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        articles = read_jsonl(path)
    elif suffix == ".json":
        articles = read_json(path)
    elif suffix == ".csv":
        articles = read_csv(path)
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise LoadError(path, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
        if suffix in (".html", ".htm"):
            articles = read_html(path, text)
        elif suffix in (".xml", ".rss", ".atom") or looks_like_feed(text):
            articles = read_feed(path, text)
        elif looks_like_textdump(text):
            articles = read_textdump(path, text)
        elif suffix == ".txt":
            articles = read_plain_text(path, text)
        else:
            raise LoadError(path, None, f"unsupported file type {suffix or '(none)'}; "
                                        f"use one of {', '.join(SUPPORTED_SUFFIXES)}")
    return apply_sidecar(path, articles)


def read_plain_text(path: Path, text: str) -> list[Article]:
    """First non-empty line is the title, the rest is the body."""
    lines = text.strip().splitlines()
    if not lines:
        raise LoadError(path, None, "empty file")
    title, body = lines[0].strip(), "\n".join(lines[1:]).strip()
    if not body:
        body, title = title, path.stem
    return [Article(title=title, text=body, origin=f"{path}:1")]


def apply_sidecar(path: Path, articles: list[Article]) -> list[Article]:
    """Fill publication date, source, url and id from ``<file>.meta.json``.

    The sidecar is ``{"defaults": {...}, "articles": [{"title": ..., "published": ...}, ...]}``;
    entries are matched to articles by title. Values in the file itself win over defaults,
    sidecar entries win over both (they are the curator's word).
    """
    side = path.with_name(path.name + SIDECAR_SUFFIX)
    if not side.exists():
        return articles
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise LoadError(side, exc.lineno, f"sidecar is not valid JSON ({exc.msg})") from exc
    defaults = meta.get("defaults", {})
    by_title = {" ".join(e.get("title", "").split()).lower(): e for e in meta.get("articles", [])}
    for a in articles:
        entry = by_title.get(" ".join(a.title.split()).lower(), {})
        for key in ("published", "source", "url", "id"):
            value = entry.get(key) or (getattr(a, key) or defaults.get(key))
            if key == "published":
                value = parse_published(value, path=str(side))
            if value:
                setattr(a, key, value)
    return articles
