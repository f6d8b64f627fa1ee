"""The map's data: one GeoJSON file (RFC 7946) of every space with coordinates, labelled in every language.

The map page and the small map of each space read it; so does anyone who wants the directory's places.
"""
from __future__ import annotations

import json
from typing import Any

from . import hours, places
from .cards import Context, space_card
from .model import Space
from .opendata import licence
from .plan import PlannedPage
from .write import Staging

GEOJSON = "data/spaces.geojson"


def spaces_geojson(ctx: Context) -> dict[str, Any]:
    """A FeatureCollection: one Point per space with geo, [longitude, latitude] as RFC 7946 orders them."""
    located = [space for space in ctx.site.spaces if space.geo is not None]
    return {"type": "FeatureCollection", "licence": licence(ctx.site.config),  # a foreign member (RFC 7946 §6.1)
            "features": [_feature(space, ctx) for space in located]}


def _feature(space: Space, ctx: Context) -> dict[str, Any]:
    assert space.geo is not None
    langs = ctx.site.config.languages
    cards = {lang: space_card(space, lang, ctx) for lang in langs}
    localized = {key: {lang: getattr(cards[lang], key) for lang in langs} for key in ("title", "city", "kind", "href")}
    properties = {"slug": space.slug, "kind": space.kind, "access": space.access, "smart_role": space.smart_role,
                  "country": space.address.country, "name": localized["title"], "city": localized["city"],
                  "kind_label": localized["kind"],
                  "url": {lang: ctx.urls.absolute(ctx.urls.entry(space, lang)) for lang in langs},
                  "path": localized["href"], "opening_hours": space.opening_hours or None,
                  "opening_hours_schedule": hours.schedule(space.opening_hours),
                  "timezone": places.timezone(space.address.country, space.geo)}
    return {"type": "Feature", "id": space.slug, "properties": properties,
            "geometry": {"type": "Point", "coordinates": [round(space.geo.lon, 6), round(space.geo.lat, 6)]}}


def write_geojson(ctx: Context, pages: tuple[PlannedPage, ...], staging: Staging) -> None:
    text = json.dumps(spaces_geojson(ctx), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    staging.write(GEOJSON, text + "\n")
