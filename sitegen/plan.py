"""The site's table of contents: every page, its type (and so its template), its language, path and alternates."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from .directory import City, Country
from .entrykind import EntryKind
from .model import Entry, Site
from .urls import Urls

Item = Entry | Country | City | None  # what a page is about: an entry, a place, or nothing (a list)
LIST_PAGE = 50  # spaces per page of a list without JavaScript (the finder shows as many at a time)


@dataclass(frozen=True)
class PlannedPage:
    page_type: str
    lang: str
    path: str
    alternates: tuple[tuple[str, str], ...]
    item: Item = None
    source: Path | None = None
    number: int = 1   # the page's number in a paged list (1 for any other page)
    count: int = 1    # how many pages its list has

    @property
    def first(self) -> bool:
        return self.number == 1

    @property
    def template(self) -> str:
        return f"{self.page_type}.html"


def plan_site(site: Site, places: tuple[Country, ...], urls: Urls,
              kinds: tuple[EntryKind, ...]) -> tuple[PlannedPage, ...]:
    """Every page of the site, in a stable order: the lists, then each kind's entries."""
    langs = site.config.languages
    pages = [PlannedPage("language-choice", site.config.default_language, "", _alternates(langs, urls.home)),
             PlannedPage("not-found", site.config.default_language, "404.html", ())]
    pages += _each_language(langs, "home", urls.home)
    pages += _paged(langs, "spaces", len(site.spaces), urls.spaces)
    pages += _each_language(langs, "map", urls.map)
    for country in places:
        pages += _paged(langs, "country", len(country.spaces), partial(urls.country, country), country)
        for city in country.cities:
            pages += _paged(langs, "city", len(city.spaces), partial(urls.city, city), city)
    pages += _each_language(langs, "themes", urls.themes)
    pages += _each_language(langs, "agenda", urls.agenda)
    pages += _each_language(langs, "search", urls.search)
    pages += _each_language(langs, "add-space", urls.add_space)
    pages += _each_language(langs, "open-data", urls.open_data)
    for kind in kinds:
        for entry in site.of(kind.name):
            pages += _each_language(langs, kind.name, partial(urls.entry, entry), entry, entry.source)
    return tuple(pages)


def _paged(langs: tuple[str, ...], page_type: str, spaces: int, path_of: Callable[..., str],
           item: Item = None) -> Iterator[PlannedPage]:
    """A list of `spaces` in pages of LIST_PAGE, each page in every language: 'nl/ruimten/', 'nl/ruimten/pagina/2/'."""
    count = max(1, -(-spaces // LIST_PAGE))
    for number in range(1, count + 1):
        for page in _each_language(langs, page_type, partial(path_of, number=number), item):
            yield replace(page, number=number, count=count)


def _alternates(langs: tuple[str, ...], path_of: Callable[[str], str]) -> tuple[tuple[str, str], ...]:
    return tuple((lang, path_of(lang)) for lang in langs)


def _each_language(langs: tuple[str, ...], page_type: str, path_of: Callable[[str], str], item: Item = None,
                   source: Path | None = None) -> Iterator[PlannedPage]:
    """One page per language for one item; each knows the item's path in every language (its alternates)."""
    alternates = _alternates(langs, path_of)
    for lang, path in alternates:
        yield PlannedPage(page_type, lang, path, alternates, item, source)
