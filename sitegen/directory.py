"""The directory's geography: spaces grouped by country, then by city (cities.py says which spaces are one city)."""
from __future__ import annotations

from dataclasses import dataclass, replace

from .cities import Identity, identify
from .diagnostics import Diagnostics
from .model import Address, Localized, Site, Space


@dataclass(frozen=True)
class City:
    """One city: its name and URL slug in every language, its region (only for towns that share a name) and its
    spaces. `slug(lang)` is stable: it changes only when the city's name (or region) in that language does."""

    country: str
    key: str
    name: Localized
    slugs: Localized
    spaces: tuple[Space, ...]
    region: Localized = Localized()

    def slug(self, lang: str) -> str:
        """The city's slug in a language: the last part of its page's path, and the finder's `city` parameter."""
        return self.slugs.get(lang) or self.key


@dataclass(frozen=True)
class Country:
    code: str
    cities: tuple[City, ...]

    @property
    def spaces(self) -> tuple[Space, ...]:
        return tuple(space for city in self.cities for space in city.spaces)


def settle_places(site: Site, diags: Diagnostics) -> tuple[Site, tuple[Country, ...]]:
    """The site with each space's city written the way its city is named, and its countries and cities."""
    identities = identify(site.spaces, site.config.languages, diags)
    default = site.config.default_language
    settled: dict[str, Space] = {}
    cities: dict[str, list[City]] = {}
    for found in identities:
        members = tuple(_named(w.space, found) for w in found.members)
        settled.update((space.slug, space) for space in members)
        city = City(found.country, found.slugs.get(default) or "", found.names, found.slugs, members, found.region)
        cities.setdefault(found.country, []).append(city)
    site = site.replacing("space", tuple(settled[space.slug] for space in site.spaces))
    return site, tuple(Country(code, tuple(sorted(found, key=lambda city: city.key)))
                       for code, found in sorted(cities.items()))


def _named(space: Space, city: Identity) -> Space:
    """A space whose address names its city as the city page does, in every language."""
    address: Address = replace(space.address, city=city.names, region=city.region)
    return replace(space, address=address)

