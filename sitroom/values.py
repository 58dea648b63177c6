"""One rule for "this cell has no value", shared by the store, queries, exports and pages.

DuckDB frames hand back None, NaN, NaT or pandas.NA for a missing value, and lists
(or arrays) for list columns; ``pd.isna`` alone raises or answers element-wise on those.
"""
from __future__ import annotations

import pandas as pd


def is_missing(value) -> bool:
    """True for None, NaN, NaT and pd.NA; False for any real value, lists and arrays included."""
    if value is None:
        return True
    if isinstance(value, (list, tuple, dict, set)) or type(value).__name__ == "ndarray":
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def clean_record(rec: dict) -> dict:
    """The record with every missing value as None."""
    return {k: (None if is_missing(v) else v) for k, v in rec.items()}


def is_true(value) -> bool:
    """A BOOLEAN column's value as a Python bool: NULL (old databases) is False."""
    return False if is_missing(value) else bool(value)
