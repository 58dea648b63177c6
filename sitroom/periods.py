"""Date periods: the one rule for whether two dated reports can be the same happening.

A date is the first day of its period and a precision (day, week, month, year, unknown):
2025-03-01 with precision "month" is March 2025. Used by the extractor's date resolution, the
same-event policy (``sitroom.coref``) within and across articles, and the store.
"""
from __future__ import annotations

from datetime import date, timedelta

DAY, WEEK, MONTH, YEAR, UNKNOWN = "day", "week", "month", "year", "unknown"
PRECISION_RANK = {DAY: 4, WEEK: 3, MONTH: 2, YEAR: 1, UNKNOWN: 0}


def period_end(value: date | None, precision: str) -> date | None:
    """Last day of the period that starts at ``value``."""
    if value is None:
        return None
    if precision == WEEK:
        return value + timedelta(days=6)
    if precision == MONTH:
        nxt = date(value.year + (value.month == 12), value.month % 12 + 1, 1)
        return nxt - timedelta(days=1)
    if precision == YEAR:
        return date(value.year, 12, 31)
    return value


def compatible(a_value: date | None, a_prec: str, b_value: date | None, b_prec: str) -> bool:
    """Could two dated reports be the same happening? Their periods overlap, with a day of slack
    either way ("Thursday night" and "Friday" reports of one strike). Unknown dates fit anything."""
    if a_value is None or b_value is None:
        return True
    a_end = period_end(a_value, a_prec) or a_value
    b_end = period_end(b_value, b_prec) or b_value
    return a_value <= b_end + timedelta(days=1) and b_value <= a_end + timedelta(days=1)
