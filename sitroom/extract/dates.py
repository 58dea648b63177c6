"""Date expressions in news text, resolved against the publication date.

In:  a text (or a slice of one) and the article's publication date.
Out: ``DateMention``s with character offsets into that text, the resolved date
(the first day of the period: the day, the Monday of a week, the 1st of a
month, 1 January of a year), a precision and a kind.

Regular expressions cover the patterns news uses (weekdays, "last week",
"earlier this month", "early April", "June 27", "5 July 2021", "yesterday",
"two days ago", years); they are far cheaper than dateparser and handle the
cases where dateparser returns None (NOTES.md). Relative offsets between
events ("a day after", "the day before", "two days later") are returned as
kind ``offset`` with a signed day count: the pipeline knows which event they
are relative to.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterator

from ..periods import DAY, MONTH, PRECISION_RANK, UNKNOWN, WEEK, YEAR, compatible, period_end  # noqa: F401


@dataclass(frozen=True)
class DateMention:
    start: int                 # offsets into the text given to find_dates
    end: int
    text: str
    value: date | None         # first day of the period
    precision: str             # day, week, month, year, unknown
    kind: str = "absolute"     # absolute | relative | offset | future
    offset: int | None = 0     # kind "offset": days from the reference event (signed); None: not said

    @property
    def last_day(self) -> date | None:
        """Last day of the period the mention covers."""
        return period_end(self.value, self.precision)


_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
             "saturday": 5, "sunday": 6}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
            "several": 3, "a few": 3, "few": 3}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}

# Month names are matched case-sensitively: "may" and "march" are also verbs.
_FULL_MONTH = r"January|February|March|April|May|June|July|August|September|October|November|December"
_ABBR_MONTH = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_MONTH_DAYED = rf"(?:{_FULL_MONTH}|(?:{_ABBR_MONTH})\.?)"
_WD = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_NUM = r"(?:\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a\s+few)"
_ORD = r"(?:st|nd|rd|th)?"
_I = "(?i:{})".format  # case-insensitive sub-pattern

_PATTERNS: list[tuple[str, str]] = [
    ("iso", r"\b(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})\b"),
    # A weekday before a full date is part of it ("Wednesday, May 8", "Friday 3 May"): the date decides.
    ("mdy", rf"\b(?:(?:{_I('on')}\s+)?(?:{_WD}),?\s+)?(?P<m1>{_MONTH_DAYED})\s+(?P<d1>\d{{1,2}}){_ORD}\b"
            rf"(?:\s*(?:-|–|{_I('to|and|through')})\s*\d{{1,2}}{_ORD}\b)?(?:,?\s+(?P<y1>(?:19|20)\d\d)\b)?"),
    ("dmy", rf"\b(?:(?:{_I('on')}\s+)?(?:{_WD}),?\s+)?(?P<d2>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m2>{_MONTH_DAYED})(?:,?\s+(?P<y2>(?:19|20)\d\d)\b)?"),
    ("ago", _I(rf"\b(?P<an>{_NUM})\s+(?P<au>day|week|month|year)s?\s+ago\b")),
    ("offset", _I(rf"\b(?P<on>{_NUM})\s+(?P<ou>day|week|month|year)s?\s+(?P<od>after|before|later|earlier)\b")),
    # A count left out ("days later", "weeks earlier"): after or before the time told before, by
    # how much is not said ("days after the vote" counts from the vote, seldom dated: left out).
    ("offset3", _I(r"(?<!for )\b(?P<o3u>days|weeks)\s+(?P<o3d>later|earlier)\b")),
    ("offset2", _I(r"\b(?:the\s+)?(?P<o2>(?:previous|following|next)\s+(?:day|morning|evening|night)"
                   r"|day\s+(?:before|after)|night\s+before)\b")),
    ("wd", rf"\b(?:(?P<wm>{_I('this past|last|this|next|on|past')})\s+)?(?P<wd>{_WD})"
           rf"(?:\s+(?P<wp>{_I('morning|afternoon|evening|night')}))?\b"),
    ("rel", _I(r"\b(?P<rel>yesterday|today|tonight|last\s+night|overnight"
               r"|(?:earlier\s+|later\s+)?this\s+(?:morning|afternoon|evening)|earlier\s+today"
               r"|in\s+the\s+(?:past|last)\s+(?:24|twenty-four|48|forty-eight)\s+hours"
               r"|(?:over\s+|at\s+)?the\s+(?:past\s+)?weekend|(?:last|this\s+past)\s+weekend)\b")),
    ("per", _I(r"\b(?P<pm>early|late|earlier|later|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|mid)?"
               r"[\s-]*(?P<pw>last|this|next|past|previous|the\s+previous|the\s+same)\s+(?P<pu>week|month|year)\b")),
    ("my", rf"\b(?:(?P<mm>{_I('early|mid|late|the end of|the beginning of|the start of|the middle of|end of|beginning of')})[\s-]+)?"
           rf"(?P<m3>{_FULL_MONTH})(?:,?\s+(?P<y3>(?:19|20)\d\d)\b)?\b"),
    ("yr", rf"(?<![\d$.,])\b(?:(?P<ym>{_I('early|mid|late|the end of|the beginning of|the start of|end of')})[\s-]+)?"
           rf"(?P<yr>(?:19|20)\d\d)\b(?!s\b|[-–]\d|,\d|\.\d|%)"),
]
# Periods, not dates: a decade ("the 1990s", "the late 1920s", "the '70s") and spans reaching back
# from now ("in recent years", "the past six months", "over the last 15 months"). Events told with
# them are background or aggregates, never one dated happening.
_PATTERNS += [
    ("dec", _I(r"\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<dc>(?:19|20)\d0)s\b|\b(?:the\s+)?[\'’](?P<dc2>\d0)s\b")),
    ("span", _I(rf"\b(?:in\s+|over\s+|during\s+)?(?:the\s+)?(?P<sp>recent|past|last)\s+(?:(?P<sn>{_NUM}|\d+)\s+)?"
                r"(?P<su>days|weeks|months|years|decades)\b")),
    # A past with no count ("decades ago", "years earlier", "long ago"): background, no date.
    ("vago", _I(r"\b(?:(?P<vu>months|years|decades|centuries)\s+(?:ago|earlier|before)|long\s+ago)\b")),
]
_RX = re.compile("|".join(f"(?P<_{name}>{pat})" for name, pat in _PATTERNS))
# Words before a bare month or year that make it a date (not "April" the name, "May" the verb).
_TIME_PREP = re.compile(r"(?i)\b(?:in|on|since|until|till|by|of|during|from|through|to|between|and|before|after|"
                        r"early|late|mid|last|this|next|end|beginning|start|middle)\W*$")


def find_dates(text: str, *, published: date | None, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Date mentions in ``text[start:end]`` (offsets into ``text``), resolved against ``published``."""
    end = len(text) if end is None else end
    out: list[DateMention] = []
    for m in _RX.finditer(text, start, end):
        try:
            dm = _resolve(m, text, published)
        except (OverflowError, ValueError):
            dm = None   # "last week" of a publication dated 1 January of year 1: outside the calendar
        if dm is not None:
            if dm.kind in ("absolute", "relative") and _SINCE.search(text, max(0, dm.start - 8), dm.start):
                # "since 1995", "since March": the start of an ongoing state, not an event's date.
                dm = DateMention(dm.start, dm.end, dm.text, dm.value, dm.precision, "since", dm.offset)
            out.append(dm)
    return out


_SINCE = re.compile(r"(?i)\bsince\s+(?:early\s+|late\s+|mid-?)?$")


def _num(word: str) -> int:
    w = " ".join(word.lower().split())
    return int(w) if w.isdigit() else _NUMBERS.get(w, 1)


def _month(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _shift_month(d: date, n: int) -> date:
    k = d.year * 12 + (d.month - 1) + n
    return date(k // 12, k % 12 + 1, 1)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def infer_year(month: int, day: int | None, published: date | None) -> int | None:
    """Year of a month (and day) given without one: the latest not far after publication.

    A bare date up to ~two months ahead is read as upcoming (plans, deadlines);
    further ahead it must be last year's ("on December 15" in a February story).
    """
    if published is None:
        return None
    y = published.year
    cand = _safe_date(y, month, day or 1)
    if cand is None:
        return y
    return y - 1 if (cand - published).days > 62 else y


def _mk(m: re.Match, value, precision, kind="absolute", offset=0) -> DateMention:
    raw = m.group(0)
    lead = len(raw) - len(raw.lstrip())
    return DateMention(m.start() + lead, m.end(), raw.strip(), value, precision, kind, offset)


def _future(dm: DateMention, published: date | None) -> DateMention:
    """Mark a resolved mention as future when it lies after publication."""
    if published and dm.value and dm.value > published and dm.kind in ("absolute", "relative"):
        return DateMention(dm.start, dm.end, dm.text, dm.value, dm.precision, "future", dm.offset)
    return dm


_COUNT_BEFORE = re.compile(rf"(?i)\b(?:{_NUM}|\d+|dozen|twenty|thirty|forty|fifty|hundred)\s+$")


def _resolve(m: re.Match, text: str, pub: date | None) -> DateMention | None:
    g = m.groupdict()
    before = text[max(0, m.start() - 24):m.start()]
    if g.get("_dec"):
        if g["dc"]:
            start = int(g["dc"])
        else:
            yy = int(g["dc2"])
            start = (1900 if pub is None or 2000 + yy > pub.year else 2000) + yy
        return _mk(m, date(start, 1, 1), UNKNOWN, "decade")
    if g.get("_vago"):
        if pub is None or _COUNT_BEFORE.search(before):
            return None   # "three decades ago": a counted past, for dateparser
        back = {"months": 90, "years": 3 * 365, "decades": 20 * 365, "centuries": 200 * 365}.get(
            (g["vu"] or "").lower(), 10 * 365)
        return _mk(m, pub - timedelta(days=back), UNKNOWN, "span")
    if g.get("_span"):
        if pub is None:
            return None
        n = _num(g["sn"]) if g["sn"] else 3
        unit = g["su"].lower().rstrip("s")
        back = {"day": n, "week": 7 * n, "month": 30 * n, "year": 365 * n, "decade": 3650 * n}[unit]
        return _mk(m, pub - timedelta(days=back), UNKNOWN, "span")
    if g["_iso"]:
        return _future(_mk(m, _safe_date(int(g["iy"]), int(g["im"]), int(g["id"])), DAY), pub)
    if g["_mdy"] or g["_dmy"]:
        mon = _month(g["m1"] or g["m2"])
        day = int(g["d1"] or g["d2"])
        yr = g["y1"] or g["y2"]
        dated_by_weekday = m.start("m1" if g["m1"] else "d2") > m.start()   # "Friday, May 3"
        if (g["m1"] or g["m2"]) == "May" and not yr and not _TIME_PREP.search(before) and not dated_by_weekday:
            return None
        year = int(yr) if yr else infer_year(mon, day, pub)
        if year is None:
            return _mk(m, None, DAY)
        return _future(_mk(m, _safe_date(year, mon, day), DAY), pub)
    if g["_ago"]:
        if pub is None:
            return None
        n, unit = _num(g["an"]), g["au"].lower()
        if unit == "day":
            return _mk(m, pub - timedelta(days=n), DAY, "relative")
        if unit == "week":
            return _mk(m, _monday(pub - timedelta(days=7 * n)), WEEK, "relative")
        if unit == "month":
            return _mk(m, _shift_month(pub, -n), MONTH, "relative")
        return _mk(m, date(pub.year - n, 1, 1), YEAR, "relative")
    if g["_offset"]:
        n, unit, d = _num(g["on"]), g["ou"].lower(), g["od"].lower()
        sign = 1 if d in ("after", "later") else -1
        prec = {"day": DAY, "week": WEEK, "month": MONTH, "year": YEAR}[unit]
        return _mk(m, None, prec, "offset", sign * n * _UNIT_DAYS[unit])
    if g["_offset3"]:
        # How many days is not said: the event's own time, unknown (offset None).
        return _mk(m, None, WEEK if g["o3u"].lower() == "days" else MONTH, "offset", None)
    if g["_offset2"]:
        o = " ".join(g["o2"].lower().split())
        sign = -1 if ("previous" in o or "before" in o) else 1
        return _mk(m, None, DAY, "offset", sign)
    if g["_wd"]:
        if pub is None:
            return _mk(m, None, DAY)
        wd = _WEEKDAYS[g["wd"].lower()]
        mod = (g["wm"] or "").lower()
        delta = (pub.weekday() - wd) % 7
        if mod == "next":
            ahead = (wd - pub.weekday()) % 7 or 7
            return _mk(m, pub + timedelta(days=ahead), DAY, "future")
        if mod in ("last", "past", "this past") and delta == 0:
            delta = 7
        return _mk(m, pub - timedelta(days=delta), DAY, "relative")
    if g["_rel"]:
        if pub is None:
            return None
        r = " ".join(g["rel"].lower().split())
        if r in ("yesterday", "last night", "overnight"):
            return _mk(m, pub - timedelta(days=1), DAY, "relative")
        if "weekend" in r:
            sat = pub - timedelta(days=(pub.weekday() - 5) % 7)
            return _mk(m, sat, DAY, "relative")
        return _mk(m, pub, DAY, "relative")
    if g["_per"]:
        if pub is None:
            return None
        which, unit = " ".join(g["pw"].lower().split()), g["pu"].lower()
        if which == "the same":
            return None  # "the same day": the reference event's date, handled by context
        if which == "the previous":
            return _mk(m, None, WEEK if unit == "week" else MONTH if unit == "month" else YEAR,
                       "offset", -_UNIT_DAYS[unit])
        n = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1}[which]
        kind = "future" if n > 0 else "relative"
        if unit == "week":
            return _mk(m, _monday(pub) + timedelta(days=7 * n), WEEK, kind)
        if unit == "month":
            return _mk(m, _shift_month(pub, n), MONTH, kind)
        return _mk(m, date(pub.year + n, 1, 1), YEAR, kind)
    if g["_my"]:
        mon = _month(g["m3"])
        yr = g["y3"]
        if not yr and not g["mm"] and not _TIME_PREP.search(before):
            return None  # a bare "April" may be a name; "May" a verb
        if g["m3"] == "May" and not yr and not g["mm"] and not re.search(r"(?i)\b(?:in|since|until|by|during|of|from)\W*$", before):
            return None
        year = int(yr) if yr else infer_year(mon, None, pub)
        if year is None:
            return _mk(m, None, MONTH)
        return _future(_mk(m, date(year, mon, 1), MONTH), pub)
    if g["_yr"]:
        y = int(g["yr"])
        if pub is not None and y > pub.year + 5:
            return None
        return _future(_mk(m, date(y, 1, 1), YEAR), pub)
    return None


def iter_sentence_dates(mentions: list[DateMention], start: int, end: int) -> Iterator[DateMention]:
    """The mentions lying inside [start, end)."""
    for dm in mentions:
        if dm.start >= start and dm.end <= end:
            yield dm


# ---- dateparser, for date expressions the patterns above do not read --------------------------

_DP_CUE = re.compile(rf"(?i)\b(?:ago|{_FULL_MONTH}|{_ABBR_MONTH}|{_WD}|(?:19|20)\d\d)\b")
_DP_QUALIFIER = re.compile(r"(?i)^(?:more\s+than|less\s+than|about|around|nearly|almost|at\s+least|some|over|"
                           r"roughly|the|early|late|mid-?)\s*")
_SEASON = re.compile(r"(?i)^(?:the\s+)?(?:spring|summer|fall|autumn|winter)\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)$")
_PERIOD_PRECISION = {"day": DAY, "week": WEEK, "month": MONTH, "year": YEAR, "time": DAY}


def parse_with_dateparser(text: str, published: date | None) -> tuple[date, str] | None:
    """(first day of the period, precision) of one date expression, by dateparser (English only,
    relative to the publication date, preferring the past), or None. Only expressions with a
    calendar cue (a month, weekday, year or "ago") are tried: dateparser reads durations such as
    "two years" as dates."""
    if not _DP_CUE.search(text):
        return None
    if published is None and not re.search(r"\b(?:19|20)\d\d\b", text):
        return None     # relative to what? dateparser would read it against today's clock
    core = text.strip()
    while True:
        stripped = _DP_QUALIFIER.sub("", core)
        if stripped == core:
            break
        core = stripped
    m = _SEASON.match(core)
    if m:
        return date(int(m.group("y")), 1, 1), YEAR
    from datetime import datetime

    from dateparser.date import DateDataParser
    base = datetime.combine(published, datetime.min.time()) if published else None
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(core)
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    prec = _PERIOD_PRECISION.get(data.period or "day", DAY)
    if prec == YEAR:
        d = date(d.year, 1, 1)
    elif prec == MONTH:
        d = date(d.year, d.month, 1)
    elif prec == WEEK:
        d = _monday(d)
    return d, prec


def entity_dates(doc, found: list[DateMention], published: date | None) -> list[DateMention]:
    """Date mentions for the model's DATE entities that no pattern matched, read by dateparser."""
    out = []
    for ent in doc.ents:
        if ent.label_ != "DATE" or any(dm.start < ent.end_char and ent.start_char < dm.end for dm in found):
            continue
        got = parse_with_dateparser(ent.text, published)
        if got is None:
            continue
        kind = "relative" if "ago" in ent.text.lower() else "absolute"
        dm = DateMention(ent.start_char, ent.end_char, ent.text, got[0], got[1], kind)
        out.append(_future(dm, published))
    return out
