"""The home page's map preview: one small SVG of the directory's countries with a dot per city, sized by how many
spaces it has; the home page shows it as an image that links to the map.

Drawn from the Natural Earth outlines the build already has (places.country_rings), in an equirectangular
projection squeezed by the cosine of the middle latitude, with each ring simplified to TOLERANCE pixels
(Ramer-Douglas-Peucker), so the file stays small. No tile server, no script.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from . import places

if TYPE_CHECKING:
    from .cards import Context
    from .plan import PlannedPage
    from .write import Staging

WIDTH = 600
TOLERANCE = 1.5  # pixels
MARGIN = 1.5  # degrees around the spaces
Point = tuple[float, float]


def bounds(points: list[Point]) -> tuple[float, float, float, float]:
    """(west, south, east, north) around the points, at least 6 degrees wide and tall."""
    lons, lats = [lon for lon, _ in points] or [4.5], [lat for _, lat in points] or [50.5]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    grow_x, grow_y = max(0.0, 6 - (east - west)) / 2, max(0.0, 6 - (north - south)) / 2
    return west - MARGIN - grow_x, south - MARGIN - grow_y, east + MARGIN + grow_x, north + MARGIN + grow_y


def _centres(ctx: Context) -> list[tuple[Point, int]]:
    """Each city with located spaces: the mean of their points, and how many they are."""
    cities = [[s.geo for s in city.spaces if s.geo] for country in ctx.places for city in country.cities]
    return [((sum(g.lon for g in geos) / len(geos), sum(g.lat for g in geos) / len(geos)), len(geos))
            for geos in cities if geos]


def _frame(ctx: Context) -> tuple[float, float, float, float, float, float]:
    """(west, south, east, north, the squeeze of longitudes, pixels per degree)."""
    west, south, east, north = bounds([point for point, _ in _centres(ctx)])
    squeeze = math.cos(math.radians((south + north) / 2))
    return west, south, east, north, squeeze, WIDTH / ((east - west) * squeeze)


def preview_size(ctx: Context) -> tuple[int, int]:
    west, south, east, north, _, scale = _frame(ctx)
    return WIDTH, round((north - south) * scale)


def preview_svg(ctx: Context, title: str) -> str:
    """The SVG: countries in the frame, outlined; cities with located spaces as dots."""
    centres = _centres(ctx)
    west, south, east, north, squeeze, scale = _frame(ctx)
    height = preview_size(ctx)[1]

    def xy(lon: float, lat: float) -> tuple[int, int]:
        """A point in pixels, held to just outside the frame: what lies beyond becomes a straight edge."""
        x, y = round((lon - west) * squeeze * scale), round((north - lat) * scale)
        return min(max(x, -8), WIDTH + 8), min(max(y, -8), height + 8)
    paths = [_path(ring.points, xy) for code in _countries_near(ctx, west, south, east, north)
             for ring in places.country_rings(code) or () if _overlaps(ring.box, (west, south, east, north))]
    dots = [f'<circle cx="{x}" cy="{y}" r="{min(14, 3 + 2 * math.sqrt(count)):.1f}"/>'
            for (lon, lat), count in centres for x, y in [xy(lon, lat)]]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
            f'height="{height}" role="img"><title>{_escape(title)}</title>'
            f'<rect width="{WIDTH}" height="{height}" fill="#dbe9f2"/>'
            f'<g fill="#f4f1ea" stroke="#9fb3aa" stroke-width="1">{"".join(p for p in paths if p)}</g>'
            f'<g fill="#0b5d4b" fill-opacity="0.8" stroke="#fff" stroke-width="1.5">{"".join(dots)}</g></svg>\n')


def _countries_near(ctx: Context, west: float, south: float, east: float, north: float) -> list[str]:
    """Every country whose outline reaches into the frame (neighbours too, so the coast and borders read)."""
    return [code for code, rings in places.boundaries().items()
            if any(_overlaps(ring.box, (west, south, east, north)) for ring in rings)]


def _overlaps(box: tuple[float, float, float, float], frame: tuple[float, float, float, float]) -> bool:
    return box[0] <= frame[2] and box[2] >= frame[0] and box[1] <= frame[3] and box[3] >= frame[1]


def _path(points: tuple[Point, ...], xy: Callable[[float, float], tuple[int, int]]) -> str:
    """A ring as an SVG path, simplified (Ramer-Douglas-Peucker) to TOLERANCE pixels; '' when it is too small."""
    projected = [xy(lon, lat) for lon, lat in points]
    xs, ys = [x for x, _ in projected], [y for _, y in projected]
    if max(xs) - min(xs) < 3 and max(ys) - min(ys) < 3:
        return ""
    far = max(range(len(projected)), key=lambda i: math.dist(projected[0], projected[i]))
    kept = _simplify(projected[:far + 1]) + _simplify(projected[far:])[1:]  # a closed ring, in two open halves
    return '<path d="M' + "L".join(f"{x} {y}" for x, y in kept) + 'Z"/>' if len(kept) > 2 else ""


def _simplify(line: list[tuple[int, int]]) -> list[tuple[int, int]]:
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = line[first], line[last]
        length = math.hypot(bx - ax, by - ay) or 1.0
        far, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = line[i]
            gap = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            if gap > far:
                far, index = gap, i
        if far > TOLERANCE:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(line, keep, strict=True) if kept]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_preview(ctx: Context, pages: tuple[PlannedPage, ...], staging: Staging) -> None:
    title = ctx.strings[ctx.site.config.default_language]("map_label")
    staging.write(ctx.urls.map_preview(), preview_svg(ctx, title))
