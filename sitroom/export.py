"""Event tables as downloadable bytes: CSV, GeoJSON and Parquet.

In: a DataFrame of events as returned by ``sitroom.query.events`` (any columns;
``lat``/``lon`` are needed for GeoJSON). Out: the file's bytes, ready for a
download button or ``Path.write_bytes``. The caller decides which events go in:
the query layer already hides rejected events unless the filters ask for them.
"""
from __future__ import annotations

import io
import json
import math
from datetime import date, datetime

import pandas as pd

from .values import is_missing

# OWASP "CSV injection": a spreadsheet treats a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: str) -> str:
    """Prefix a formula-looking text cell with an apostrophe so spreadsheets show it as text."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _plain(value):
    """A cell value as something CSV/JSON can hold: lists become JSON, NaN/NaT become None."""
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
        return json.dumps([_plain(v) for v in list(value)], ensure_ascii=False, default=str)
    return None if is_missing(value) else value


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with BOM, so spreadsheets pick the encoding) of ``df``.

    Text cells starting with = + - @ tab or CR get a leading apostrophe. Numeric
    columns are left alone: a longitude of -77.04 is a number, not a formula.
    """
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_numeric_dtype(out[col]) or pd.api.types.is_datetime64_any_dtype(out[col]):
            continue
        out[col] = [_text_cell(v) for v in out[col]]
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _text_cell(value):
    v = _plain(value)
    if v is None:
        return None
    if isinstance(v, (date, datetime, pd.Timestamp)):
        return v.isoformat() if not isinstance(v, pd.Timestamp) else _iso(v)
    if isinstance(v, bool) or isinstance(v, (int, float)):
        return v
    return neutralise_cell(str(v))


def _iso(ts: pd.Timestamp) -> str:
    return ts.date().isoformat() if ts == ts.normalize() else ts.isoformat()


def _json_value(value):
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
        return [_json_value(v) for v in list(value)]
    v = _plain(value)
    if isinstance(v, pd.Timestamp):
        return _iso(v)
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    if hasattr(v, "item"):   # numpy scalar -> Python scalar
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def to_geojson_bytes(df: pd.DataFrame) -> bytes:
    """A GeoJSON FeatureCollection: one Point feature per event with lat and lon.

    Events without coordinates are left out (the collection says how many in
    ``"skipped"``, a foreign member allowed by RFC 7946). Every other column
    becomes a property; dates are ISO strings.
    """
    features, skipped = [], 0
    props_cols = [c for c in df.columns if c not in ("lat", "lon")]
    for rec in df.to_dict("records"):
        lat, lon = _json_value(rec.get("lat")), _json_value(rec.get("lon"))
        if lat is None or lon is None:
            skipped += 1
            continue
        features.append({
            "type": "Feature",
            "id": _json_value(rec.get("event_id")),
            # RFC 7946 positions are [longitude, latitude].
            "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
            "properties": {c: _json_value(rec.get(c)) for c in props_cols},
        })
    doc = {"type": "FeatureCollection", "features": features, "skipped": skipped}
    return json.dumps(doc, ensure_ascii=False, default=str).encode("utf-8")


def to_parquet_bytes(df: pd.DataFrame) -> bytes:
    """Parquet (pyarrow, zstd) of ``df`` as it is, types kept."""
    buf = io.BytesIO()
    out = df.copy()
    # Empty object columns have no type pyarrow can infer; store them as strings.
    for col in out.columns:
        if out[col].dtype == object and out[col].isna().all():
            out[col] = out[col].astype("string")
    out.to_parquet(buf, index=False, engine="pyarrow", compression="zstd")
    return buf.getvalue()


FORMATS = {"csv": to_csv_bytes, "geojson": to_geojson_bytes, "parquet": to_parquet_bytes}
MIME = {"csv": "text/csv", "geojson": "application/geo+json", "parquet": "application/vnd.apache.parquet"}


def export_bytes(df: pd.DataFrame, *, fmt: str) -> bytes:
    """Dispatch on a format name: csv, geojson or parquet."""
    try:
        return FORMATS[fmt](df)
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}") from None
