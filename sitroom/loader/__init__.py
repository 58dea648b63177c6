"""Readers that turn files into ``Article`` records, one reader per format.

- ``load_path(path) -> LoadResult``: every good article of one file, each bad record refused
  with its line, notes about what was kept (an unreadable date, a guessed encoding). Never
  raises for bad content: ingest, extract and geoparse all read through it.
- ``read_path(path) -> list[Article]``: the strict form: raises the first refusal.
- ``walk(paths) -> (files, skipped)``: the files under folders, and those skipped with why
  (unsupported type, not a regular file, a symlink loop, hidden).

The reader is picked from the file's name and content; a sidecar ``<file>.meta.json``
adds what the file lacks.
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Iterator

from .article import (Article, LoadError, LoadResult, clean_text, content_hash, parse_published,
                      resolve_published)
from .encoding import NotText, decode_bytes
from .markup import looks_like_feed, read_feed, read_html
from .tabular import read_csv, read_json, read_jsonl
from .textdump import looks_like_textdump, read_textdump

__all__ = ["Article", "LoadError", "LoadResult", "clean_text", "content_hash", "parse_published",
           "load_path", "load_text", "read_path", "iter_files", "walk", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = (".jsonl", ".json", ".csv", ".txt", ".html", ".htm", ".xml", ".rss", ".atom")
SIDECAR_SUFFIX = ".meta.json"


def walk(paths: list[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """(files to read, [(path, why skipped)]) under the given files and folders, in a stable order.

    A path named explicitly is read whatever its suffix (the reader decides); inside a folder
    only supported suffixes are read and the rest are named as skipped. Symlinked folders are
    not followed (no loops); broken links, FIFOs, sockets and devices are skipped, never opened.
    """
    files, skipped = [], []
    for p in map(Path, paths):
        kind = _kind(p)
        if kind == "dir":
            for root, dirs, names in os.walk(p, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                skipped += [(str(Path(root) / d), "symlinked folder not followed")
                            for d in dirs if (Path(root) / d).is_symlink()]
                dirs[:] = [d for d in dirs if not (Path(root) / d).is_symlink()]
                for name in sorted(names):
                    if name.endswith(SIDECAR_SUFFIX):
                        continue   # read with the file it describes
                    f = Path(root) / name
                    why = _skip_reason(f)
                    if why:
                        skipped.append((str(f), why))
                    else:
                        files.append(f)
        elif kind == "file":
            files.append(p)
        else:
            skipped.append((str(p), kind))
    return files, skipped


def iter_files(paths: list[Path]) -> Iterator[Path]:
    """The files ``walk`` would read (compatibility helper)."""
    yield from walk(paths)[0]


def _kind(p: Path) -> str:
    """'dir', 'file', or why the path cannot be read."""
    try:
        st = p.stat()
    except OSError as exc:
        if exc.errno == 40:   # ELOOP
            return "symlink loop"
        return "broken link" if p.is_symlink() else f"cannot open ({exc.strerror})"
    if stat.S_ISDIR(st.st_mode):
        return "dir"
    if stat.S_ISREG(st.st_mode):
        return "file"
    return "not a regular file (FIFO, socket or device): never opened"


def _skip_reason(f: Path) -> str | None:
    if f.name.startswith("."):
        return "hidden file"
    kind = _kind(f)
    if kind != "file":
        return kind
    if f.suffix.lower() not in SUPPORTED_SUFFIXES:
        return f"unsupported type {f.suffix or '(no suffix)'}"
    return None


def load_path(path: Path) -> LoadResult:
    """Every article of one file (see module docstring). Never raises for bad content."""
    path = Path(path)
    result = LoadResult()
    kind = _kind(path)
    if kind != "file":
        result.refuse(path, None, "no such file" if kind.startswith("cannot open (No such") else kind)
        return result
    try:
        raw = path.read_bytes()
    except OSError as exc:
        result.refuse(path, None, f"cannot read ({exc.strerror or exc})")
        return result
    load_bytes(path, raw, result)
    if result.articles:
        apply_sidecar(path, result)
    elif not result.refused:
        result.refuse(path, None, "no article in this file")
    return result


def load_bytes(path: Path, raw: bytes, result: LoadResult) -> None:
    """Decode ``raw`` (named ``path``) and read it with the reader its name and content call for."""
    if not raw.strip():
        result.refuse(path, None, "empty file")
        return
    try:
        decoded = decode_bytes(raw)
    except NotText as exc:
        result.refuse(path, None, str(exc))
        return
    if decoded.how == "fallback":
        result.note(path, None, f"not UTF-8; read as {decoded.encoding}")
    load_text(path, decoded.text, result)


def load_text(path: Path, text: str, result: LoadResult) -> None:
    """Read decoded text with the reader for ``path``'s suffix (or its content)."""
    suffix = Path(path).suffix.lower()
    try:
        _dispatch(Path(path), suffix, text, result)
    except (LoadError, ValueError, TypeError, KeyError, IndexError, RecursionError, MemoryError) as exc:
        # A reader bug or an input nobody foresaw: refuse the file, never crash the run.
        msg = exc.message if isinstance(exc, LoadError) else f"could not be read ({type(exc).__name__}: {exc})"
        result.refuse(path, getattr(exc, "line", None), msg[:500])


def _dispatch(path: Path, suffix: str, text: str, result: LoadResult) -> None:
    if suffix == ".jsonl":
        read_jsonl(path, text, result)
    elif suffix == ".json":
        read_json(path, text, result)
    elif suffix == ".csv":
        read_csv(path, text, result)
    elif suffix in (".html", ".htm"):
        read_html(path, text, result)
    elif suffix in (".xml", ".rss", ".atom") or looks_like_feed(text):
        read_feed(path, text, result)
    elif looks_like_textdump(text):
        read_textdump(path, text, result)
    elif suffix in (".txt", ".text", ".md", ""):
        read_plain_text(path, text, result)
    else:
        result.refuse(path, None, f"unsupported file type {suffix}; use one of {', '.join(SUPPORTED_SUFFIXES)}")


def read_path(path: Path) -> list[Article]:
    """All articles in one file; raises the first refusal (LoadError naming file and line)."""
    result = load_path(path)
    if result.refused:
        raise result.refused[0]
    return result.articles


def read_plain_text(path: Path, text: str, result: LoadResult) -> None:
    """First non-empty line is the title, the rest is the body."""
    lines = text.strip().splitlines()
    if not lines:
        result.refuse(path, None, "empty file")
        return
    title, body = lines[0].strip(), "\n".join(lines[1:]).strip()
    if not body:
        body, title = title, Path(path).stem
    result.articles.append(Article(title=title, text=body, origin=f"{path}:1"))


def apply_sidecar(path: Path, result: LoadResult) -> None:
    """Fill publication date, source, url and id from ``<file>.meta.json``.

    The sidecar is ``{"defaults": {...}, "articles": [{"title": ..., "published": ...}, ...]}``;
    entries are matched to articles by title. Values in the file itself win over defaults,
    sidecar entries win over both (they are the curator's word). A broken sidecar is noted
    and ignored: the articles are still read.
    """
    side = path.with_name(path.name + SIDECAR_SUFFIX)
    if not side.is_file():
        return
    try:
        meta = json.loads(decode_bytes(side.read_bytes()).text)
    except json.JSONDecodeError as exc:
        result.note(side, exc.lineno, f"sidecar is not valid JSON ({exc.msg}); ignored")
        return
    except (OSError, NotText, RecursionError) as exc:
        result.note(side, None, f"sidecar unreadable ({exc}); ignored")
        return
    if not isinstance(meta, dict):
        result.note(side, 1, "sidecar must be an object with 'defaults' and 'articles'; ignored")
        return
    defaults = meta.get("defaults") if isinstance(meta.get("defaults"), dict) else {}
    entries = meta.get("articles") if isinstance(meta.get("articles"), list) else []
    by_title = {" ".join(str(e.get("title", "")).split()).lower(): e for e in entries if isinstance(e, dict)}
    for a in result.articles:
        entry = by_title.get(" ".join(a.title.split()).lower(), {})
        for key in ("published", "source", "url", "id"):
            value = entry.get(key) or (getattr(a, key) or defaults.get(key))
            if key == "published":
                value = resolve_published(value, result, path=side, line=None)
            elif value is not None and not isinstance(value, str):
                result.note(side, None, f"'{key}' must be text; ignored")
                continue
            if value:
                setattr(a, key, clean_text(value) if isinstance(value, str) else value)
