"""Maps drawn on the server as SVG: district outlines from our own data and markers.

They need no script, no tiles and no third party, print well, and load in a few
kilobytes on a weak connection. The interactive map (Leaflet) enhances the same data.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from directory.models import District, district_polygons

VIEW_WIDTH = 600
PADDING = 12


@dataclass
class Marker:
    lat: float
    lon: float
    label: str
    url: str = ""


def location_markers(locations) -> list[Marker]:
    """A marker for each of an offer's locations that has coordinates."""
    return [
        Marker(float(location.latitude), float(location.longitude), str(location))
        for location in locations
        if location.latitude is not None
    ]


def offer_map(offer, districts: Callable[[], list[District]]) -> "StaticMap | None":
    """The small map of one offer: its locations, their districts highlighted. No map
    (and no district query) for an offer without coordinates."""
    locations = list(offer.locations.all())
    markers = location_markers(locations)
    if not markers:
        return None
    highlight = {location.district_id for location in locations if location.district_id}
    return static_map(districts(), markers, highlight=highlight, focus_markers=True)


@dataclass
class Shape:
    path: str
    label: str
    label_x: float
    label_y: float
    highlighted: bool = False


@dataclass
class StaticMap:
    width: int
    height: int
    shapes: list[Shape] = field(default_factory=list)
    markers: list[dict] = field(default_factory=list)


def _bounds(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def static_map(
    districts: list[District],
    markers: list[Marker],
    *,
    highlight: set[int] | None = None,
    focus_markers: bool = False,
) -> StaticMap | None:
    """An SVG-ready map of the districts with markers; None when there is nothing to draw.

    `focus_markers` frames the markers and the highlighted districts (an offer page)
    instead of the whole city.
    """
    polygons = [(d, district_polygons(d.outline)) for d in districts if d.outline]
    marker_points = [(m.lon, m.lat) for m in markers]
    frame_polygons = [
        polys
        for district, polys in polygons
        if not focus_markers or (highlight and district.pk in highlight)
    ]
    frame = marker_points + [pt for polys in frame_polygons for poly in polys for pt in poly[0]]
    if not frame:
        return None
    west, south, east, north = _bounds(frame)
    margin = max(east - west, north - south) * 0.08 if focus_markers else 0
    west, south, east, north = west - margin, south - margin, east + margin, north + margin
    # Equirectangular projection, corrected for the latitude: fine at city scale.
    x_scale = math.cos(math.radians((north + south) / 2))
    span_x = max((east - west) * x_scale, 1e-6)
    span_y = max(north - south, 1e-6)
    scale = (VIEW_WIDTH - 2 * PADDING) / span_x
    height = round(span_y * scale + 2 * PADDING)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (
            round(PADDING + (lon - west) * x_scale * scale, 1),
            round(PADDING + (north - lat) * scale, 1),
        )

    result = StaticMap(width=VIEW_WIDTH, height=height)
    for district, polys in polygons:
        commands = []
        for poly in polys:
            for ring in poly:
                projected = [project(lon, lat) for lon, lat in ring]
                commands.append("M" + " L".join(f"{x},{y}" for x, y in projected) + " Z")
        centre = district.centre
        label_x, label_y = project(centre[1], centre[0]) if centre else (0, 0)
        result.shapes.append(
            Shape(
                path=" ".join(commands),
                label=district.name,
                label_x=label_x,
                label_y=label_y,
                highlighted=bool(highlight and district.pk in highlight),
            )
        )
    for number, marker in enumerate(markers, start=1):
        x, y = project(marker.lon, marker.lat)
        result.markers.append(
            {"x": x, "y": y, "label": marker.label, "url": marker.url, "number": number}
        )
    return result
