"""The Article record every reader produces, the id rules, the published-date rule and
what a reader reports about a file (``LoadResult``: articles, refusals and notes).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

# A publication date outside this span is a typo or a placeholder (0001-01-01, 9999-12-31):
# the article is kept, undated, and the date is reported.
EARLIEST_PUBLISHED = date(1800, 1, 1)
FUTURE_SLACK = timedelta(days=2)   # time zones and embargoed copy
MAX_ID_CHARS = 200


class LoadError(ValueError):
    """Bad input: names the file and (where there is one) the line."""

    def __init__(self, path: str, line: int | None, message: str):
        self.path, self.line, self.message = str(path), line, message
        super().__init__(f"{self.where}: {message}")

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str | None) -> str:
    """Text safe to store: lone surrogates become U+FFFD and control characters (NUL
    included, tab and line breaks excepted) become spaces. The length never changes, so
    character offsets into the input stay right (the eval contract depends on it)."""
    if not value:
        return ""
    s = str(value)
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        s = s.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return _CONTROL.sub(" ", s)


def _one_line(value: str | None) -> str:
    return " ".join(clean_text(value).split())


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
        self.title = _one_line(self.title)
        self.text = clean_text(self.text)
        self.source = _one_line(self.source) or None
        self.url = _one_line(self.url) or None
        self.captions = [c for c in (_one_line(c) for c in (self.captions or [])) if c]
        self.id = _one_line(self.id)[:MAX_ID_CHARS] or None
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
    return hashlib.sha1(f"{_norm(title)}\n{_norm(text)}".encode("utf-8", "replace")).hexdigest()


@dataclass
class LoadResult:
    """What reading one file gave: the good articles, the records refused (each a LoadError
    naming file and line) and notes about articles that were kept (an unreadable date, an
    encoding guessed)."""
    articles: list[Article] = field(default_factory=list)
    refused: list[LoadError] = field(default_factory=list)
    notes: list[LoadError] = field(default_factory=list)

    def refuse(self, path, line: int | None, message: str) -> None:
        self.refused.append(LoadError(path, line, message))

    def note(self, path, line: int | None, message: str) -> None:
        self.notes.append(LoadError(path, line, message))


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_HAS_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2}\b")


def today_utc() -> date:
    return datetime.now(timezone.utc).date()


def parse_published(value, *, path: str = "?", line: int | None = None) -> date | None:
    """A publication date -> date; empty -> None; unreadable or implausible -> LoadError.

    Tried in order: a date/datetime, epoch seconds, YYYY-MM-DD (or an ISO timestamp),
    RFC 822 (feeds), ISO 8601, then dateparser (English) for any other common form
    ("March 5, 2024", "5 Mar 2024 10:00", "2024/03/05"). A form without a year, or a
    relative one ("yesterday"), says nothing about when the article appeared and is refused.
    """
    day = _parse_date_value(value, path=path, line=line)
    if day is not None and not (EARLIEST_PUBLISHED <= day <= today_utc() + FUTURE_SLACK):
        raise LoadError(path, line, f"published date {day.isoformat()} is implausible "
                                    f"(before {EARLIEST_PUBLISHED.year} or in the future)")
    return day


def _parse_date_value(value, *, path: str, line: int | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise LoadError(path, line, f"published date must be text, found {type(value).__name__}")
    if isinstance(value, (int, float)):
        return _epoch(value, path=path, line=line)
    s = " ".join(value.split())[:200]
    if not s:
        return None
    if _DAY.match(s):
        try:
            return date.fromisoformat(s[:10])
        except ValueError as exc:
            raise LoadError(path, line, f"published date {s!r} is not a real date") from exc
    for parse in (lambda x: parsedate_to_datetime(x), lambda x: datetime.fromisoformat(x)):
        try:
            return parse(s).date()
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
    return _dateparser(s, path=path, line=line)


def _epoch(value: float, *, path: str, line: int | None) -> date:
    seconds = value / 1000 if abs(value) > 1e11 else value   # milliseconds
    try:
        return datetime.fromtimestamp(seconds, tz=timezone.utc).date()
    except (OverflowError, OSError, ValueError) as exc:
        raise LoadError(path, line, f"published date {value!r} is not a timestamp") from exc


def _dateparser(s: str, *, path: str, line: int | None) -> date:
    if not _HAS_YEAR.search(s):
        raise LoadError(path, line, f"published date {s!r} has no year")
    import dateparser   # imported here: loading its language data costs ~0.3 s
    try:
        got = dateparser.parse(s, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first",
                                                              "RETURN_AS_TIMEZONE_AWARE": False})
    except Exception:   # dateparser raises assorted errors on odd input; all mean "unreadable"
        got = None
    if got is None:
        raise LoadError(path, line, f"published date {s!r} is not a date sitroom can read")
    return got.date()


def resolve_published(value, result: LoadResult, *, path, line: int | None) -> date | None:
    """``parse_published`` for a reader: an unreadable date is noted and the article kept undated."""
    try:
        return parse_published(value, path=str(path), line=line)
    except LoadError as exc:
        result.notes.append(LoadError(exc.path, exc.line, exc.message + "; stored undated"))
        return None
