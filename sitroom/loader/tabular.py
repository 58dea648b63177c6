"""Article JSONL / JSON and CSV: columns ``id, title, published, text, source, url``."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from .article import Article, LoadError, parse_published

REQUIRED = ("text",)


def record_to_article(rec: dict, *, path: Path, line: int) -> Article:
    if not isinstance(rec, dict):
        raise LoadError(path, line, "expected an object with id, title, published, text")
    text = rec.get("text") or rec.get("body") or rec.get("content")
    if not isinstance(text, str) or not text.strip():
        raise LoadError(path, line, "article has no 'text'")
    captions = rec.get("captions") or []
    if isinstance(captions, str):
        captions = [captions]
    return Article(
        id=str(rec["id"]) if rec.get("id") not in (None, "") else None,
        title=str(rec.get("title") or ""),
        text=text,
        published=parse_published(rec.get("published") or rec.get("date"), path=str(path), line=line),
        source=rec.get("source") or None,
        url=rec.get("url") or None,
        captions=[str(c) for c in captions],
        origin=f"{path}:{line}",
    )


def read_jsonl(path: Path) -> list[Article]:
    out = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise LoadError(path, n, f"not valid JSON ({exc.msg})") from exc
            out.append(record_to_article(rec, path=path, line=n))
    return out


def read_json(path: Path) -> list[Article]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise LoadError(path, exc.lineno, f"not valid JSON ({exc.msg})") from exc
    if isinstance(data, dict):
        data = data.get("articles", [data])
    return [record_to_article(rec, path=path, line=i + 1) for i, rec in enumerate(data)]


def read_csv(path: Path) -> list[Article]:
    out = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if not reader.fieldnames or "text" not in reader.fieldnames:
            raise LoadError(path, 1, "CSV header must name a 'text' column "
                                     "(id, title, published, text, source, url)")
        for rec in reader:
            # line_num is the physical line the record ended on (quoted newlines count).
            out.append(record_to_article(rec, path=path, line=reader.line_num))
    return out
