"""Plane geometry for fault reports: point in polygon, bounding boxes, distances.

GeoJSON polygons are small (a municipality's outline, a few districts), so a ray-casting
test in pure Python answers in microseconds; ADR 0020 says why this is not shapely.
Coordinates are GeoJSON's (longitude, latitude) order inside this module; the functions
take latitude first, as people write them.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8

Ring = tuple[tuple[float, float], ...]  # (lng, lat) points, closed or not


class GeoError(ValueError):
    pass


@dataclass(frozen=True)
class Area:
    """One polygon or multipolygon: each polygon an outer ring and its holes."""

    polygons: tuple[tuple[Ring, ...], ...]
    id: str = ""
    name: dict[str, str] | None = None

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """(south, west, north, east)."""
        lngs = [p[0] for poly in self.polygons for p in poly[0]]
        lats = [p[1] for poly in self.polygons for p in poly[0]]
        return (min(lats), min(lngs), max(lats), max(lngs))

    def contains(self, lat: float, lng: float) -> bool:
        south, west, north, east = self.bbox
        if not (south <= lat <= north and west <= lng <= east):
            return False
        for poly in self.polygons:
            if _in_ring(poly[0], lng, lat) and not any(_in_ring(h, lng, lat) for h in poly[1:]):
                return True
        return False

    def outline(self) -> list[list[list[float]]]:
        """The outer rings as [[lat, lng], …] lists, for drawing on a map."""
        return [[[p[1], p[0]] for p in poly[0]] for poly in self.polygons]


def _in_ring(ring: Ring, x: float, y: float) -> bool:
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _ring(raw) -> Ring:
    if not isinstance(raw, list) or len(raw) < 4:
        raise GeoError("a ring needs at least four positions")
    points = []
    for pos in raw:
        if (
            not isinstance(pos, list)
            or len(pos) < 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in pos[:2])
        ):
            raise GeoError("a position is [longitude, latitude]")
        lng, lat = float(pos[0]), float(pos[1])
        if not (-180 <= lng <= 180 and -90 <= lat <= 90):
            raise GeoError("a position is [longitude, latitude] in degrees")
        points.append((lng, lat))
    return tuple(points)


def _geometry(geom) -> tuple[tuple[Ring, ...], ...]:
    if not isinstance(geom, dict):
        raise GeoError("a geometry must be an object")
    kind, coords = geom.get("type"), geom.get("coordinates")
    if kind == "Polygon":
        return (tuple(_ring(r) for r in coords or []),)
    if kind == "MultiPolygon":
        return tuple(tuple(_ring(r) for r in poly) for poly in coords or [])
    raise GeoError(f"expected a Polygon or MultiPolygon, not {kind!r}")


def areas_from_geojson(text: str) -> list[Area]:
    """Every polygon feature of a GeoJSON text (a FeatureCollection, a Feature or a geometry)."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GeoError(f"not valid JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise GeoError("GeoJSON must be an object")
    features = (
        doc.get("features")
        if doc.get("type") == "FeatureCollection"
        else [doc]
        if doc.get("type") == "Feature"
        else [{"type": "Feature", "geometry": doc, "properties": {}}]
    )
    if not isinstance(features, list) or not features:
        raise GeoError("no features")
    areas = []
    for feature in features:
        props = (feature or {}).get("properties") or {}
        name = props.get("name")
        if isinstance(name, str):
            name = {"sv": name, "en": name}
        areas.append(
            Area(
                polygons=_geometry((feature or {}).get("geometry")),
                id=str(props.get("id", "")),
                name=name if isinstance(name, dict) else None,
            )
        )
    return areas


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance (haversine), in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def box_around(lat: float, lng: float, metres: float) -> tuple[float, float, float, float]:
    """(south, west, north, east) of a square that holds the circle of `metres` around a point."""
    dlat = math.degrees(metres / EARTH_RADIUS_M)
    dlng = dlat / max(math.cos(math.radians(lat)), 1e-6)
    return (lat - dlat, lng - dlng, lat + dlat, lng + dlng)
