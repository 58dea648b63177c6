"""Exports: CSV injection is neutralised, GeoJSON/Parquet are valid, rejected events never leave."""
from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from sitroom import query
from sitroom.cli import main
from sitroom.export import export_bytes, neutralise_cell, to_csv_bytes, to_geojson_bytes, to_parquet_bytes
from sitroom.fixtures import build_fixture_db
from sitroom.store import Store

ATTACK = "=cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = build_fixture_db(tmp_path_factory.mktemp("export") / "fx.duckdb", n_events=120, seed=3)
    store = Store(path)
    victim = query.events(store.cursor(), query.Filters(), limit=1)["event_id"].iloc[0]
    store.add_edit(victim, "status", "rejected", author="test", note="wrong event")
    store.add_edit(query.events(store.cursor(), query.Filters(), limit=2)["event_id"].iloc[1], "summary",
                   ATTACK, author="test")
    store.close()
    return path, victim


def _csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_neutralises_formula_cells():
    df = pd.DataFrame({"text": [ATTACK, "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "plain", None],
                       "lon": [-77.04, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]})
    rows = _csv_rows(to_csv_bytes(df))
    assert rows[0]["text"] == "'" + ATTACK
    assert [r["text"][:1] for r in rows[:6]] == ["'"] * 6
    assert rows[6]["text"] == "plain" and rows[7]["text"] == ""
    assert rows[0]["lon"] == "-77.04"          # numbers are not formulas
    assert neutralise_cell("ok=1") == "ok=1"


def test_geojson_and_parquet_shapes():
    df = pd.DataFrame({"event_id": ["a", "b"], "lat": [33.3, None], "lon": [44.4, None],
                       "event_date": pd.to_datetime(["2025-01-02", "2025-01-03"]),
                       "edited_fields": [["summary"], []], "fatalities": pd.array([3, None], dtype="Int32")})
    doc = json.loads(to_geojson_bytes(df))
    assert doc["type"] == "FeatureCollection" and doc["skipped"] == 1
    f = doc["features"][0]
    assert f["geometry"] == {"type": "Point", "coordinates": [44.4, 33.3]}   # lon, lat
    assert f["properties"]["event_date"] == "2025-01-02"
    assert f["properties"]["edited_fields"] == ["summary"] and f["properties"]["fatalities"] == 3
    back = pd.read_parquet(io.BytesIO(to_parquet_bytes(df)))
    assert list(back["event_id"]) == ["a", "b"]
    with pytest.raises(ValueError):
        export_bytes(df, fmt="xlsx")


def _ids(path, fmt: str) -> set[str]:
    if fmt == "csv":
        return {r["event_id"] for r in _csv_rows(path.read_bytes())}
    if fmt == "geojson":
        return {f["properties"]["event_id"] for f in json.loads(path.read_bytes())["features"]}
    return set(pd.read_parquet(path)["event_id"])


@pytest.mark.parametrize("fmt", ["csv", "geojson", "parquet"])
def test_cli_export_drops_rejected(db, tmp_path, fmt):
    path, victim = db
    out = tmp_path / f"events.{fmt}"
    res = CliRunner().invoke(main, ["export", "--format", fmt, "-o", str(out), "--db", str(path)])
    assert res.exit_code == 0, res.output
    ids = _ids(out, fmt)
    assert len(ids) == 119 and victim not in ids
    if fmt == "csv":   # the analyst's formula-looking summary is neutralised on the way out
        assert "'" + ATTACK in {r["summary"] for r in _csv_rows(out.read_bytes())}
    # Asking for rejected events brings it back: the filter, not the export, hides it.
    res = CliRunner().invoke(main, ["export", "--format", fmt, "-o", str(out), "--db", str(path),
                                    "--include-rejected"])
    assert res.exit_code == 0, res.output
    assert victim in _ids(out, fmt)


def test_cli_export_filters(db, tmp_path):
    path, _ = db
    out = tmp_path / "iraq.csv"
    res = CliRunner().invoke(main, ["export", "--format", "csv", "-o", str(out), "--db", str(path),
                                    "--country", "irq", "--type", "ASSAULT", "--from", "2025-01-01"])
    assert res.exit_code == 0, res.output
    rows = _csv_rows(out.read_bytes())
    assert rows and all(r["event_type"] == "ASSAULT" for r in rows)
    assert all("IRQ" in (r["country"], r["actor1_country"], r["actor2_country"]) for r in rows)
    bad = CliRunner().invoke(main, ["export", "--format", "csv", "-o", str(out), "--db", str(path),
                                    "--type", "NOPE"])
    assert bad.exit_code != 0 and "unknown type" in bad.output
