"""What a visitor standing in the street needs from a space's page, at its top: how to get there (a `geo:` URI
for the phone's own map app, OpenStreetMap's directions), whether it is open now (the schedule, evaluated by
space.js in the visitor's browser, never at build time), how to call, write or visit it, and, for a members-only
space, whom to ask to get in.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from . import hours, places
from .cards import Context
from .model import Space
from .urls import shown


@dataclass(frozen=True)
class Practical:
    geo_uri: str | None           # geo:50.84660,4.35280?q=50.84660,4.35280(Name) (RFC 5870), opens the phone's map app
    directions: str | None        # OpenStreetMap's route planner to the point, or its search for the address
    schedule: dict[str, Any] | None
    timezone: str
    tel: str
    website_label: str
    members_contact: str          # for a members-only space: the address or number to ask, else ''
    members_contact_href: str


def practical(space: Space, title: str, ctx: Context) -> Practical:
    geo = space.geo
    point = f"{geo.lat:.5f},{geo.lon:.5f}" if geo else ""
    geo_uri = f"geo:{point}?q={point}({quote(title, safe='')})" if geo else None
    if geo:
        directions: str | None = "https://www.openstreetmap.org/directions?" + urlencode({"to": point})
    elif space.address.street:
        city = space.address.city.pick(ctx.site.config.languages)[0]
        query = ", ".join(part for part in (space.address.street, f"{space.address.postcode} {city}".strip()) if part)
        directions = "https://www.openstreetmap.org/search?" + urlencode({"query": query})
    else:
        directions = None
    tel = "".join(ch for ch in space.contact.phone if ch.isdigit() or ch == "+")
    contact, href = _members_contact(space, tel, ctx)
    website = shown(space.contact.website)
    return Practical(geo_uri, directions, hours.schedule(space.opening_hours) if space.opening_hours else None,
                     places.timezone(space.address.country, geo) or "UTC", tel, website,
                     contact if space.access == "members" else "", href if space.access == "members" else "")


def _members_contact(space: Space, tel: str, ctx: Context) -> tuple[str, str]:
    """Whom a member asks to get in: the space's e-mail, else its phone, else the directory's address."""
    if space.contact.email:
        return space.contact.email, f"mailto:{space.contact.email}"
    if space.contact.phone:
        return space.contact.phone, f"tel:{tel}"
    return ctx.site.config.contact_email, f"mailto:{ctx.site.config.contact_email}"
