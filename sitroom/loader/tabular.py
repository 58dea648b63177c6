"""Article JSONL / JSON and CSV: fields ``id, title, published, text, source, url`` (+ captions).

One bad record never sinks its file: each reader adds the good articles to a ``LoadResult``
and refuses the bad records one by one, naming the line.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from .article import Article, LoadError, LoadResult, resolve_published

TEXT_KEYS = ("text", "body", "content")
DATE_KEYS = ("published", "date", "pubdate", "published_at")
MAX_NESTING_MESSAGE = "nested too deeply to be an article"

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))   # article bodies are longer than csv's 128 KiB


def _scalar_text(rec: dict, key: str, *, path: Path, line: int) -> str | None:
    """A text field: strings and numbers as text, None as None; anything else is refused."""
    value = rec.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise LoadError(path, line, f"field '{key}' must be text, found {_kind(value)}")


def _kind(value) -> str:
    return {dict: "an object", list: "a list", bool: "true/false", type(None): "null"}.get(type(value),
                                                                                          type(value).__name__)


def _body(rec: dict, *, path: Path, line: int) -> str:
    for key in TEXT_KEYS:
        value = rec.get(key)
        if isinstance(value, list) and all(isinstance(p, str) for p in value):
            value = "\n\n".join(p for p in value if p.strip())   # paragraphs given as a list
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            raise LoadError(path, line, f"field '{key}' must be text, found {_kind(value)}")
        if value.strip():
            return value
    raise LoadError(path, line, "article has no 'text'")


def record_to_article(rec, *, path: Path, line: int, result: LoadResult) -> Article:
    """One record -> Article; LoadError (with the line) when the record cannot be an article.
    An unreadable date is noted in ``result`` and the article kept undated."""
    if not isinstance(rec, dict):
        raise LoadError(path, line, f"expected an object with id, title, published, text; found {_kind(rec)}")
    text = _body(rec, path=path, line=line)
    captions = rec.get("captions") or []
    if isinstance(captions, str):
        captions = [captions]
    if not isinstance(captions, list) or not all(isinstance(c, str) for c in captions):
        result.note(path, line, "'captions' is not a list of texts; ignored")
        captions = []
    published = next((rec[k] for k in DATE_KEYS if rec.get(k) not in (None, "")), None)
    title = _scalar_text(rec, "title", path=path, line=line) or _scalar_text(rec, "headline", path=path, line=line)
    article_id = _scalar_text(rec, "id", path=path, line=line)
    return Article(
        id=article_id if article_id not in (None, "") else None,
        title=title or "",
        text=text,
        published=resolve_published(published, result, path=path, line=line),
        source=_scalar_text(rec, "source", path=path, line=line),
        url=_scalar_text(rec, "url", path=path, line=line),
        captions=captions,
        origin=f"{path}:{line}",
    )


def _add(result: LoadResult, rec, *, path: Path, line: int) -> None:
    try:
        result.articles.append(record_to_article(rec, path=path, line=line, result=result))
    except LoadError as exc:
        result.refused.append(exc)


def _loads(s: str):
    try:
        return json.loads(s)
    except RecursionError as exc:
        raise ValueError(MAX_NESTING_MESSAGE) from exc


def read_jsonl(path: Path, text: str, result: LoadResult) -> None:
    # Split on '\n' only: str.splitlines would also cut at U+2028 inside a JSON string.
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            rec = _loads(line)
        except json.JSONDecodeError as exc:
            result.refuse(path, n, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        except ValueError as exc:
            result.refuse(path, n, str(exc))
            continue
        _add(result, rec, path=path, line=n)


def read_json(path: Path, text: str, result: LoadResult) -> None:
    """A list of articles, ``{"articles": [...]}`` or one article object."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        _read_json_list(path, text, result)
        return
    try:
        data = _loads(text)
    except json.JSONDecodeError as exc:
        result.refuse(path, exc.lineno, f"not valid JSON ({exc.msg})")
        return
    except ValueError as exc:
        result.refuse(path, None, str(exc))
        return
    if isinstance(data, dict) and "articles" in data:
        items = data["articles"]
        if not isinstance(items, list):
            result.refuse(path, 1, f"'articles' must be a list of articles, found {_kind(items)}")
            return
        for i, rec in enumerate(items, 1):
            _add(result, rec, path=path, line=i)   # position in the list: the file has no per-record lines
        return
    if isinstance(data, dict):
        _add(result, data, path=path, line=1)
        return
    result.refuse(path, 1, f"the top level must be a list of articles or an object, found {_kind(data)}")


def _read_json_list(path: Path, text: str, result: LoadResult) -> None:
    """Decode a top-level list element by element, so one bad element names its own line
    and the elements before it are kept."""
    dec = json.JSONDecoder()
    i = text.index("[") + 1
    n = len(text)
    while True:
        while i < n and text[i] in " \t\r\n,":
            i += 1
        if i >= n:
            result.refuse(path, text.count("\n", 0, n) + 1, "not valid JSON (the list is not closed)")
            return
        if text[i] == "]":
            return
        line = text.count("\n", 0, i) + 1
        try:
            rec, i = dec.raw_decode(text, i)
        except json.JSONDecodeError as exc:
            result.refuse(path, exc.lineno, f"not valid JSON ({exc.msg}); the rest of the list is unreadable")
            return
        except RecursionError:
            result.refuse(path, line, MAX_NESTING_MESSAGE + "; the rest of the list is unreadable")
            return
        _add(result, rec, path=path, line=line)


def read_csv(path: Path, text: str, result: LoadResult) -> None:
    """A header naming the columns, then one article per record (quoted newlines allowed).

    A record whose quote never closes would swallow the rows after it; the reader notices
    (a multi-line record with the wrong number of fields, or a stray quote), refuses that one
    record by its line and starts again on the next line. Single-line records with missing
    or extra fields are kept (missing fields are empty) and noted.
    """
    lines = text.split("\n")
    header_line = next((i for i, l in enumerate(lines) if l.strip()), None)
    if header_line is None:
        result.refuse(path, None, "empty file")
        return
    try:
        header = next(csv.reader([lines[header_line]]))
    except csv.Error as exc:
        result.refuse(path, header_line + 1, f"CSV header is malformed ({exc})")
        return
    names = [h.strip().lower() for h in header]
    if not any(k in names for k in TEXT_KEYS):
        result.refuse(path, header_line + 1, "CSV header must name a 'text' column "
                                             "(id, title, published, text, source, url)")
        return
    pos = header_line + 1
    while pos < len(lines):
        pos = _read_csv_records(path, lines, pos, names, result)


def _read_csv_records(path: Path, lines: list[str], start: int, names: list[str], result: LoadResult) -> int:
    """Read records from line index ``start``; returns where to resume after a bad record."""
    consumed = [start]   # physical lines handed to the csv reader so far (0-based index of next)

    def feed():
        while consumed[0] < len(lines):
            consumed[0] += 1
            yield lines[consumed[0] - 1] + "\n"

    reader = csv.reader(feed(), strict=True)
    first = start
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return len(lines)
        except csv.Error as exc:
            result.refuse(path, first + 1, f"malformed CSV record ({exc}); an unclosed quote?")
            return first + 1
        last = consumed[0]          # one past the last physical line of this record
        span = last - first
        if not row or all(not c.strip() for c in row):
            first = last
            continue
        if len(row) != len(names):
            if span > 1:
                result.refuse(path, first + 1, f"record has {len(row)} fields, the header {len(names)}, "
                                               f"across {span} lines: an unclosed quote?")
                return first + 1
            result.note(path, first + 1, f"record has {len(row)} fields, the header {len(names)}")
        rec = {k: v for k, v in zip(names, row) if k}
        _add(result, {k: (v if v != "" else None) for k, v in rec.items()}, path=path, line=first + 1)
        first = last
