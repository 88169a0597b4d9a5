"""District outlines for the report's map, from the BKG's VG250 (``bkg-vg250/DE-counties.geojson``).

Projected and simplified once, here, at import: every district gets an SVG path in one map
plane for all of Germany (equirectangular, longitudes scaled by cos 51°, 100 units per degree
of latitude, y growing southwards), its bounding box and a label point (the centre of its
largest ring's box, moved to the ring's own centroid). The map itself (``reporting/charts.py``)
only fits these paths into a view box. Licence: Datenlizenz Deutschland – Namensnennung – 2.0;
the map shows "© GeoBasis-DE / BKG".
"""

import json
import math
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from lotse.reference.importers.base import (
    ImportResult,
    Progress,
    ReferenceImportError,
    no_progress,
    reference_dir,
)
from lotse.reference.models import District

OUTLINES_FILE = "bkg-vg250/DE-counties.geojson"
SCALE = 100.0  # map units per degree of latitude (1 unit ≈ 1.1 km)
COS_LAT = math.cos(math.radians(51.0))
ORIGIN_LON, ORIGIN_LAT = 5.5, 55.5
TOLERANCE = 0.35  # simplification in map units (≈ 400 m): invisible at report size
MIN_RING_AREA = 4.0  # rings smaller than this (islets, enclaves below ≈ 5 km²) are left out


def project(lon: float, lat: float) -> tuple[float, float]:
    return ((lon - ORIGIN_LON) * COS_LAT * SCALE, (ORIGIN_LAT - lat) * SCALE)


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker on a ring (first point kept, iterative to avoid deep recursion)."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if norm == 0:
                distance = math.hypot(px - ax, py - ay)
            else:
                distance = abs(dy * px - dx * py + bx * ay - by * ax) / norm
            if distance > best:
                best, index = distance, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _area_centroid(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if abs(area) < 1e-9:
        xs, ys = zip(*ring, strict=True)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(area), cx / (6 * area), cy / (6 * area)


def outline(geometry: dict) -> tuple[str, list[float], list[float]]:
    """The SVG path, bounding box [min x, min y, max x, max y] and label point of a Polygon or
    MultiPolygon in longitude/latitude."""
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    parts, xs, ys = [], [], []
    largest = (0.0, 0.0, 0.0)
    for polygon in polygons:
        for n, ring in enumerate(polygon):
            projected = [project(lon, lat) for lon, lat, *_rest in ring]
            area, cx, cy = _area_centroid(projected)
            if area < MIN_RING_AREA and (n > 0 or len(polygons) > 1):
                continue
            points = simplify(projected, TOLERANCE)
            if len(points) < 4:
                continue
            if n == 0 and area > largest[0]:
                largest = (area, cx, cy)
            xs += [x for x, _y in points]
            ys += [y for _x, y in points]
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points[:-1])
            parts.append(f"M{path}Z")
    if not parts:
        raise ValueError("no ring left")
    box = [round(min(xs), 1), round(min(ys), 1), round(max(xs), 1), round(max(ys), 1)]
    return "".join(parts), box, [round(largest[1], 1), round(largest[2], 1)]


def import_outlines(
    *, directory: Path | str | None = None, progress: Progress = no_progress
) -> ImportResult:
    """Store the projected, simplified outline of every district in the file."""
    path = reference_dir(directory) / OUTLINES_FILE
    result = ImportResult(_("District outlines (BKG VG250)"))
    if not path.exists():
        raise ReferenceImportError(_("The file %(path)s is missing.") % {"path": path})
    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
    except (ValueError, KeyError, TypeError) as error:
        raise ReferenceImportError(
            _("%(path)s is not a GeoJSON feature collection: %(error)s")
            % {"path": path, "error": error}
        ) from error
    progress(_("Projecting and simplifying %(n)s district outlines …") % {"n": len(features)})
    existing = {d.ags: d for d in District.objects.all()}
    changed, created = [], []
    for feature in features:
        properties = feature.get("properties") or {}
        ags = str(properties.get("AGS") or "")
        if len(ags) != 5 or not ags.isdigit() or not feature.get("geometry"):
            result.details.append(_("A feature without a district key was skipped."))
            continue
        try:
            path_d, box, label = outline(feature["geometry"])
        except (ValueError, KeyError, TypeError, IndexError):
            result.details.append(
                _("District %(ags)s: outline unreadable, skipped.") % {"ags": ags}
            )
            continue
        result.total += 1
        district = existing.get(ags)
        if district is None:
            district = District(ags=ags, name=str(properties.get("GEN") or ags)[:200])
            created.append(district)
        elif district.outline == path_d and district.outline_box == box:
            continue
        else:
            changed.append(district)
        district.outline, district.outline_box, district.label_point = path_d, box, label
    with transaction.atomic():
        District.objects.bulk_create(created)
        District.objects.bulk_update(changed, ["outline", "outline_box", "label_point"])
    result.created, result.changed = len(created), len(changed)
    return result
