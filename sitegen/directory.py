"""The directory's geography: spaces grouped by country, then by city."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .i18n import slugify
from .model import Localized, Space


@dataclass(frozen=True)
class City:
    country: str
    key: str
    name: Localized
    spaces: tuple[Space, ...]


@dataclass(frozen=True)
class Country:
    code: str
    cities: tuple[City, ...]

    @property
    def spaces(self) -> tuple[Space, ...]:
        return tuple(space for city in self.cities for space in city.spaces)


def city_key(space: Space, order: tuple[str, ...]) -> str:
    """Spaces are in one city when their city's name, in the first language that has one, is the same."""
    name, _ = space.address.city.pick(order)
    return slugify(name)


def group_by_place(spaces: Iterable[Space], order: tuple[str, ...]) -> tuple[Country, ...]:
    """Countries by code, cities by key, spaces by slug: a stable order that each page re-sorts by name."""
    by_country: dict[str, dict[str, list[Space]]] = {}
    for space in spaces:
        by_country.setdefault(space.address.country, {}).setdefault(city_key(space, order), []).append(space)
    return tuple(
        Country(code, tuple(_city(code, key, members) for key, members in sorted(cities.items())))
        for code, cities in sorted(by_country.items()))


def _city(country: str, key: str, spaces: list[Space]) -> City:
    """A city's names: per language, the name most of its spaces give (ties: alphabetical)."""
    names: dict[str, dict[str, int]] = {}
    for space in spaces:
        for lang, text in space.address.city.pairs:
            names.setdefault(lang, {}).setdefault(text, 0)
            names[lang][text] += 1
    chosen = {lang: sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0] for lang, counts in names.items()}
    return City(country, key, Localized.of(chosen), tuple(sorted(spaces, key=lambda s: s.slug)))
