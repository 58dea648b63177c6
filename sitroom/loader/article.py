"""The Article record every reader produces, and the id rules."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime


class LoadError(ValueError):
    """Bad input: names the file and (where there is one) the line."""

    def __init__(self, path: str, line: int | None, message: str):
        self.path, self.line, self.message = str(path), line, message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


@dataclass
class Article:
    title: str
    text: str
    published: date | None = None
    source: str | None = None
    url: str | None = None
    id: str | None = None
    captions: list[str] = field(default_factory=list)
    origin: str | None = None  # "path:line" it was read from

    def __post_init__(self) -> None:
        self.title = (self.title or "").strip()
        self.text = self.text or ""
        if not self.id:
            self.id = "a" + self.content_hash[:15]

    @property
    def content_hash(self) -> str:
        return content_hash(self.title, self.text)

    def to_record(self) -> dict:
        """Article JSONL record (the contract of ../shared/eval/README.md, plus captions)."""
        return {"id": self.id, "title": self.title,
                "published": self.published.isoformat() if self.published else None,
                "source": self.source, "url": self.url, "text": self.text,
                "captions": self.captions}


def _norm(s: str) -> str:
    return " ".join((s or "").split()).lower()


def content_hash(title: str, text: str) -> str:
    """Same article, same hash: whitespace and case do not count."""
    return hashlib.sha1(f"{_norm(title)}\n{_norm(text)}".encode("utf-8")).hexdigest()


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def parse_published(value, *, path: str = "?", line: int | None = None) -> date | None:
    """YYYY-MM-DD, an ISO timestamp or an RFC 822 date (feeds) -> date; empty -> None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = str(value).strip()
    if not s:
        return None
    if _DAY.match(s):
        try:
            return date.fromisoformat(s[:10])
        except ValueError as exc:
            raise LoadError(path, line, f"published date {s!r} is not a real date") from exc
    try:
        return parsedate_to_datetime(s).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(s).date()
    except ValueError as exc:
        raise LoadError(path, line, f"published date {s!r} is not YYYY-MM-DD, ISO or RFC 822") from exc
